"""抽检 (sampling) and 专项整治 (special campaigns).

Sampling: a plan (who ordered it, which product area, how many batches) is split into tasks (one lab, one
department, for industrial products one product category); each sampled batch is a ``Sample`` with the entity
sampled (and the producer when different), the lab's report and the result. An unqualified batch is notified to
the sampled entity and the producer, opens the re-test window (a tracked deadline from the rulebook; its due date
is copied here for lists), gets its risk-control measures (``Disposal``) and a clue in the cases module.

Campaigns: a campaign with its period and the kind of entity it targets; the entities checked (chosen by
criteria or by the draw engine) with findings, rectifications and re-checks, and clues to the cases module.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.sampling.choices import (
    CampaignArea,
    CampaignKind,
    CampaignStatus,
    DisposalMeasure,
    Finding,
    LateDecision,
    PlanLevel,
    ProductArea,
    RecheckResult,
    Result,
    RetestOutcome,
    SampleStatus,
    Selection,
    TargetKind,
)

USER = settings.AUTH_USER_MODEL


class Lab(models.Model):
    """承检机构: the testing laboratory named in the task and on the report."""

    name = models.CharField("承检机构", max_length=200, unique=True)
    accreditation_number = models.CharField("资质认定证书编号", max_length=64, blank=True)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "承检机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SamplingPlan(RevisionedModel):
    number = models.CharField("计划编号", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    area = models.CharField("产品领域", max_length=16, choices=ProductArea.choices)
    level = models.CharField("任务来源", max_length=16, choices=PlanLevel.choices)
    title = models.CharField("计划名称", max_length=200)
    department = models.ForeignKey(
        "registry.Department", verbose_name="组织实施部门", on_delete=models.PROTECT, related_name="+"
    )
    planned_batches = models.PositiveIntegerField("计划批次")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽检计划"
        ordering = ["-year", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:plan_detail", args=[self.pk])


class SamplingTask(models.Model):
    plan = models.ForeignKey(SamplingPlan, verbose_name="抽检计划", on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField("任务编号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="抽样部门", on_delete=models.PROTECT, related_name="+"
    )
    lab = models.ForeignKey(Lab, verbose_name="承检机构", on_delete=models.PROTECT, related_name="tasks")
    product_category = models.CharField("产品类别", max_length=60, blank=True)
    planned_batches = models.PositiveIntegerField("计划批次")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽样任务"
        ordering = ["-starts_on", "number"]

    def __str__(self) -> str:
        return f"{self.number}（{self.product_category or self.plan.get_area_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("sampling:task_detail", args=[self.pk])


class Sample(RevisionedModel):
    """One sampled batch (批次), from the 抽样单 to the end of its handling."""

    number = models.CharField("抽样单编号", max_length=40, unique=True)
    task = models.ForeignKey(SamplingTask, verbose_name="抽样任务", on_delete=models.PROTECT, related_name="samples")
    area = models.CharField("产品领域", max_length=16, choices=ProductArea.choices)
    product_category = models.CharField("产品类别", max_length=60, blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="抽样部门", on_delete=models.PROTECT, related_name="+"
    )
    product_name = models.CharField("样品名称", max_length=200)
    brand = models.CharField("商标", max_length=100, blank=True)
    specification = models.CharField("规格型号", max_length=100, blank=True)
    batch_number = models.CharField("生产日期/批号", max_length=60, blank=True)
    sampled_on = models.DateField("抽样日期", db_index=True)
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="被抽样单位", on_delete=models.PROTECT, related_name="+"
    )
    producer = models.ForeignKey(
        "registry.MarketEntity",
        verbose_name="标称生产者",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer_name = models.CharField("标称生产者名称", max_length=200, blank=True)
    report_number = models.CharField("检验报告编号", max_length=60, blank=True)
    report_on = models.DateField("检验报告日期", null=True, blank=True)
    result = models.CharField("检验结论", max_length=16, choices=Result.choices, blank=True)
    failed_items = models.JSONField("不合格项目", default=list, blank=True)
    status = models.CharField("状态", max_length=16, choices=SampleStatus.choices, default=SampleStatus.SAMPLED)
    notice_served_on = models.DateField("不合格通知送达被抽样单位日期", null=True, blank=True)
    producer_notified_on = models.DateField("通知标称生产者日期", null=True, blank=True)
    retest_rule = models.CharField("复检申请期限规则", max_length=80, blank=True)
    retest_due_on = models.DateField("复检申请期限", null=True, blank=True, db_index=True)
    retest_requested_on = models.DateField("复检申请日期", null=True, blank=True)
    retest_in_window = models.BooleanField("在复检申请期限内", null=True, blank=True)
    retest_lab = models.CharField("复检机构", max_length=200, blank=True)
    retest_outcome = models.CharField("复检结论", max_length=16, choices=RetestOutcome.choices, blank=True)
    retest_concluded_on = models.DateField("复检结论日期", null=True, blank=True)
    clue = models.ForeignKey(
        "cases.Clue", verbose_name="移交线索", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽检样品"
        ordering = ["-sampled_on", "-id"]
        indexes = [
            models.Index(fields=["area", "sampled_on"]),
            models.Index(fields=["department", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.product_name}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:sample_detail", args=[self.pk])


class Disposal(models.Model):
    """A risk-control measure ordered after an unqualified result (下架, 召回, 停止销售 …) and when it was done."""

    sample = models.ForeignKey(Sample, verbose_name="样品", on_delete=models.CASCADE, related_name="disposals")
    measure = models.CharField("处置措施", max_length=16, choices=DisposalMeasure.choices)
    ordered_on = models.DateField("责令日期")
    completed_on = models.DateField("完成日期", null=True, blank=True)
    quantity = models.CharField("涉及数量", max_length=100, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "核查处置措施"
        ordering = ["ordered_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}（{self.ordered_on}）"


class ResultCorrection(models.Model):
    """An audited correction of a recorded lab result (检验结论更正): what it was, what it became, why, by whom.

    Only before the conclusion is served on the party (after that a conclusion changes only by re-test)."""

    sample = models.ForeignKey(Sample, verbose_name="样品", on_delete=models.PROTECT, related_name="corrections")
    before = models.JSONField("更正前")
    after = models.JSONField("更正后")
    reason = models.CharField("更正理由", max_length=500)
    corrected_on = models.DateField("更正日期")
    corrected_by = models.ForeignKey(USER, verbose_name="更正人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检验结论更正记录"
        ordering = ["sample", "id"]

    def __str__(self) -> str:
        return f"{self.sample.number} 检验结论更正（{self.corrected_on}）"

    def get_absolute_url(self) -> str:
        return reverse("sampling:sample_detail", args=[self.sample_id])


class LateRetestReview(models.Model):
    """逾期复检申请的法制审核: a re-test request after the window is not registered at the counter; when the party
    gives a reason (e.g. the notice was served late or defectively) the officer submits it to 法制审核, whose
    opinion decides whether it is accepted (then the request is registered as late) or refused."""

    sample = models.ForeignKey(Sample, verbose_name="样品", on_delete=models.PROTECT, related_name="late_reviews")
    requested_on = models.DateField("复检申请日期")
    retest_lab = models.CharField("复检机构", max_length=200, blank=True)
    due_on = models.DateField("复检申请期限")
    reason = models.TextField("逾期理由及所附材料")
    submitted_on = models.DateField("提交法制审核日期")
    submitted_by = models.ForeignKey(USER, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("审核结论", max_length=16, choices=LateDecision.choices, blank=True)
    opinion = models.TextField("法制审核意见", blank=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="法制审核人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "逾期复检申请法制审核"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.sample.number} 逾期复检申请（{self.requested_on}）"

    def get_absolute_url(self) -> str:
        return reverse("sampling:sample_detail", args=[self.sample_id])


class Campaign(RevisionedModel):
    """专项整治 / 专项执法检查: a period, a target kind of entity, the entities checked."""

    number = models.CharField("编号", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=CampaignKind.choices)
    area = models.CharField("领域", max_length=24, choices=CampaignArea.choices)
    target_kind = models.CharField("检查对象", max_length=24, choices=TargetKind.choices)
    basis = models.CharField("依据文件", max_length=300, blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("开始日期", db_index=True)
    ends_on = models.DateField("结束日期")
    selection = models.CharField("对象选定方式", max_length=16, choices=Selection.choices, blank=True)
    criteria = models.JSONField("选定条件", default=dict, blank=True)
    draw = models.JSONField("随机抽取记录", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    summary = models.TextField("工作总结", blank=True)
    closed_on = models.DateField("结束日期（实际）", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专项整治"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:campaign_detail", args=[self.pk])


class CampaignCheck(RevisionedModel):
    """One entity in a campaign: the check, its finding, the rectification and its re-check, the clue."""

    campaign = models.ForeignKey(Campaign, verbose_name="专项整治", on_delete=models.CASCADE, related_name="checks")
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name="检查部门", on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField("检查日期", null=True, blank=True, db_index=True)
    officers = models.CharField("检查人员", max_length=200, blank=True)
    finding = models.CharField("检查结果", max_length=16, choices=Finding.choices, blank=True)
    description = models.TextField("发现的问题", blank=True)
    rectification_due_on = models.DateField("整改期限", null=True, blank=True)
    rechecked_on = models.DateField("复查日期", null=True, blank=True)
    recheck_result = models.CharField("复查结果", max_length=16, choices=RecheckResult.choices, blank=True)
    clue = models.ForeignKey(
        "cases.Clue", verbose_name="移交线索", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专项检查对象"
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "entity"], name="sampling_check_once")]

    def __str__(self) -> str:
        # a person reads the unit checked by its name (never the registry's row id)
        return f"{self.campaign.number} · {self.entity.name}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:campaign_detail", args=[self.campaign_id])
