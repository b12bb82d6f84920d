"""规范性文件 from draft to repeal with their legality review, collective discussion, filing and validity; the
公平竞争审查 conclusions; the clean-up rounds (清理) with their published lists; and the records of the five
fair-competition mechanisms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.normative_docs.workflow import STATE_LABELS, State

USER = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    DRAFT = State.DRAFT.value, STATE_LABELS[State.DRAFT]
    REVIEWED = State.REVIEWED.value, STATE_LABELS[State.REVIEWED]
    DISCUSSED = State.DISCUSSED.value, STATE_LABELS[State.DISCUSSED]
    ISSUED = State.ISSUED.value, STATE_LABELS[State.ISSUED]
    REPEALED = State.REPEALED.value, STATE_LABELS[State.REPEALED]


class NormativeDocument(RevisionedModel):
    number = models.CharField("登记编号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="起草部门", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("文件名称", max_length=200)
    summary = models.TextField("主要内容", blank=True)
    affects_business = models.BooleanField("涉及经营者经济活动（须公平竞争审查）", default=True)
    interim = models.BooleanField("暂行、试行", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    drafted_on = models.DateField("起草（送审）日期")
    legality_reviewed_on = models.DateField("合法性审核日期", null=True, blank=True)
    legality_opinion = models.TextField("合法性审核意见", blank=True)
    legality_reviewer = models.ForeignKey(
        USER, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legality_returns = models.PositiveIntegerField("退回修改次数", default=0)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    meeting = models.CharField("会议", max_length=100, blank=True)
    minutes = models.TextField("会议纪要（含不同意见）", blank=True)
    issued_on = models.DateField("公布日期", null=True, blank=True, db_index=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, db_index=True)
    validity_rule = models.CharField("有效期依据", max_length=300, blank=True)
    filing_due_on = models.DateField("报送备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    filing_body = models.CharField("备案机关", max_length=100, blank=True)
    filed_late = models.BooleanField("逾期备案", default=False)
    repealed_on = models.DateField("废止（失效）日期", null=True, blank=True, db_index=True)
    repeal_reason = models.CharField("废止（失效）理由", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政规范性文件"
        ordering = ["-drafted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number or self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("normative_docs:document_detail", kwargs={"pk": self.pk})


class FairCompetitionReview(models.Model):
    """A written fair-competition review conclusion (公平竞争审查条例 Art. 17): the checklist items found, the
    conclusion, the exception's reason and term (Art. 12), the businesses heard (Art. 16)."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="fair_reviews")
    reviewed_on = models.DateField("审查日期", db_index=True)
    findings = models.JSONField("存在的情形（审查标准条目）", default=list, blank=True)
    findings_labels = models.JSONField("存在的情形（中文）", default=list, blank=True)
    conclusion = models.CharField("审查结论", max_length=20)
    conclusion_label = models.CharField("审查结论（中文）", max_length=100)
    blocks_issue = models.BooleanField("不得出台", default=False)
    conclusion_text = models.TextField("书面审查结论")
    exception_reason = models.CharField("适用例外的理由", max_length=500, blank=True)
    exception_until = models.DateField("例外的实施期限", null=True, blank=True)
    stakeholders_heard = models.CharField("听取意见的经营者、行业协会", max_length=300, blank=True)
    citation = models.CharField("依据", max_length=200)
    citation_status = models.CharField("依据核实状态", max_length=16)
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "公平竞争审查"
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.document} 公平竞争审查（{self.reviewed_on:%Y年%m月%d日}，{self.conclusion_label}）"

    def get_absolute_url(self) -> str:
        return reverse("normative_docs:document_detail", kwargs={"pk": self.document_id})


class CleanupRound(RevisionedModel):
    """A clean-up of the bureau's normative documents (清理), publishing the valid and the repealed lists."""

    number = models.CharField("编号", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    started_on = models.DateField("开始日期")
    published_on = models.DateField("公布清理结果日期", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("normative_docs:cleanup_detail", kwargs={"pk": self.pk})


class CleanupEntry(models.Model):
    cleanup = models.ForeignKey(CleanupRound, on_delete=models.CASCADE, related_name="entries")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_entries")
    outcome = models.CharField("清理结果", max_length=16)
    outcome_label = models.CharField("清理结果（中文）", max_length=40)
    reason = models.CharField("理由", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "清理结果"
        constraints = [models.UniqueConstraint(fields=["cleanup", "document"], name="normative_cleanup_once")]

    def __str__(self) -> str:
        return f"{self.document} — {self.outcome_label}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()


class MechanismRecord(models.Model):
    """A record of one of the five fair-competition mechanisms (联席会议, 会商会审, 投诉举报受理回应, 抽查检查,
    第三方评估)."""

    kind = models.CharField("机制", max_length=20, db_index=True)
    kind_label = models.CharField("机制（中文）", max_length=40)
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("日期", db_index=True)
    title = models.CharField("事项", max_length=200)
    summary = models.TextField("情况（结论、处理结果）")
    document = models.ForeignKey(
        NormativeDocument, verbose_name="涉及的文件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "公平竞争审查机制记录"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("normative_docs:mechanism_list")
