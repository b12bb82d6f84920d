"""重大行政决策: the year's catalogue, each decision's mandatory steps (records), public hearings, the decision, its
publication and the post-decision evaluation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.major_decisions.workflow import STATE_LABELS, State

USER = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    CATALOGUED = State.CATALOGUED.value, STATE_LABELS[State.CATALOGUED]
    DECIDED = State.DECIDED.value, STATE_LABELS[State.DECIDED]
    PUBLISHED = State.PUBLISHED.value, STATE_LABELS[State.PUBLISHED]
    EVALUATING = State.EVALUATING.value, STATE_LABELS[State.EVALUATING]
    EVALUATED = State.EVALUATED.value, STATE_LABELS[State.EVALUATED]


class MajorDecision(RevisionedModel):
    number = models.CharField("目录编号", max_length=40, unique=True)
    catalogue_year = models.PositiveIntegerField("目录年度", db_index=True)
    catalogued_on = models.DateField("列入目录日期")
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("决策事项", max_length=200)
    description = models.TextField("决策事项说明", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.CATALOGUED)
    decided_on = models.DateField("决策日期", null=True, blank=True, db_index=True)
    decision_text = models.TextField("决策内容", blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publication_channel = models.CharField("公布途径", max_length=100, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策"
        ordering = ["-catalogue_year", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("major_decisions:decision_detail", kwargs={"pk": self.pk})


class DecisionStep(models.Model):
    """One mandatory step, done (with its dates and result) or skipped (with the recorded reason)."""

    DONE, SKIPPED = "done", "skipped"

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("程序", max_length=32)
    label = models.CharField("程序（中文）", max_length=60)
    outcome = models.CharField("办理情况", max_length=8, choices=[(DONE, "已履行"), (SKIPPED, "依法不适用")])
    started_on = models.DateField("开始日期", null=True, blank=True)
    ended_on = models.DateField("完成日期")
    summary = models.TextField("情况（意见采纳、论证结论、风险等级、审查意见、会议纪要）", blank=True)
    dissent = models.TextField("不同意见", blank=True)
    passed = models.BooleanField("通过（合法性审查）", default=True)
    skip_reason = models.CharField("不适用的理由", max_length=500, blank=True)
    citation = models.CharField("依据", max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "决策程序"
        ordering = ["ended_on", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "step"], name="major_decision_step_once")]


class DecisionHearing(models.Model):
    """A public hearing on the draft decision (听证会, 条例 Arts. 16–17), recorded once it has been held."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="hearings")
    announced_on = models.DateField("公布听证事项日期")
    materials_served_on = models.DateField("听证材料送达日期")
    held_on = models.DateField("举行日期")
    venue = models.CharField("地点", max_length=200)
    presider = models.CharField("主持人", max_length=60)
    participants = models.TextField("听证参加人")
    participant_count = models.PositiveIntegerField("听证参加人数")
    opinions = models.TextField("听证参加人的主要意见")
    adoption = models.TextField("意见采纳情况（未采纳的说明理由）")
    record_signed = models.BooleanField("听证参加人已确认听证会记录并签字", default=False)
    citation = models.CharField("依据", max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "决策听证会"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision.number} 听证会（{self.held_on}）"


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "继续执行"
    ADJUST = "adjust", "调整决策（依法履行相关程序）"
    SUSPEND = "suspend", "中止执行"
    STOP = "stop", "停止执行"


class DecisionEvaluation(models.Model):
    """The post-decision evaluation (决策后评估): organised by the deciding body on a ground of the regulation, with
    the unit doing the work, the public's views heard, and a conclusion that is the basis for adjusting the
    decision."""

    decision = models.OneToOneField(MajorDecision, on_delete=models.CASCADE, related_name="evaluation")
    ground = models.CharField("评估情形", max_length=32)
    ground_label = models.CharField("评估情形（中文）", max_length=100)
    citation = models.CharField("依据", max_length=200)
    evaluator = models.CharField("承担评估具体工作的单位", max_length=200)
    third_party = models.BooleanField("委托第三方评估", default=False)
    started_on = models.DateField("启动日期")
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    concluded_on = models.DateField("评估结论日期", null=True, blank=True)
    public_views = models.TextField("听取社会公众意见情况", blank=True)
    participation = models.TextField("人大代表、政协委员等参与评估情况", blank=True)
    findings = models.TextField("评估结论", blank=True)
    recommendation = models.CharField("处理建议", max_length=16, choices=Recommendation.choices, blank=True)
    concluded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "决策后评估"

    def __str__(self) -> str:
        return f"{self.decision.number} 决策后评估"
