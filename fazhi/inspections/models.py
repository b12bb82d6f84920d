"""双随机、一公开: inspection items, plans, tasks, frozen pools, draws, assignments, results.

Frozen pools are stored as the exact TSV text whose SHA-256 the draw engine publishes
(docs/draw-algorithm.md §2), so anyone can re-hash what is stored. A draw keeps its full record (canonical
JSON, downloadable and verifiable with ``fazhi draw verify``); a re-draw supersedes it, never deletes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.inspections.choices import (
    ConflictReason,
    FollowUp,
    HandoverStatus,
    InspectionMethod,
    ItemLevel,
    PlanKind,
    PlanStatus,
    ResultCategory,
    SeedKind,
    TaskStatus,
)


class InspectionItem(models.Model):
    """抽查事项清单 entry, versioned by date: a new version has the same code and a later effective_from."""

    code = models.CharField("事项编码", max_length=32)
    name = models.CharField("事项名称", max_length=200)
    domain = models.CharField("执法领域", max_length=32)
    legal_basis = models.TextField("法律依据")
    power_code = models.CharField("权责清单事项编码", max_length=64, blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="责任部门", on_delete=models.PROTECT, related_name="inspection_items"
    )
    method = models.CharField("检查方式", max_length=16, choices=InspectionMethod.choices)
    level = models.CharField("事项类别", max_length=16, choices=ItemLevel.choices, default=ItemLevel.GENERAL)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项清单"
        ordering = ["code", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="inspection_item_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class InspectionPlan(models.Model):
    """年度抽查计划: single-department or joint (跨部门联合) with a lead department and member units."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("计划名称", max_length=200)
    kind = models.CharField("计划类型", max_length=16, choices=PlanKind.choices)
    lead_department = models.ForeignKey(
        "registry.Department", verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_plans"
    )
    member_units = models.ManyToManyField(
        "registry.Department", verbose_name="成员单位", blank=True, related_name="member_plans"
    )
    status = models.CharField("状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        # Plan names usually begin with their year ("2023 年度…"); print the year only when the name lacks it.
        return self.name if self.name.startswith(str(self.year)) else f"{self.year} {self.name}"


class InspectionTask(models.Model):
    """抽查任务: items, pool criterion, sample size, team rules, window; the state machine of workflow.py."""

    plan = models.ForeignKey(InspectionPlan, verbose_name="抽查计划", on_delete=models.PROTECT, related_name="tasks")
    name = models.CharField("任务名称", max_length=200)
    department = models.ForeignKey(
        "registry.Department", verbose_name="实施部门", on_delete=models.PROTECT, related_name="inspection_tasks"
    )
    participating_departments = models.ManyToManyField(
        "registry.Department", verbose_name="参与部门", related_name="participating_tasks"
    )
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="tasks")
    pool_criterion = models.JSONField("对象库筛选条件", default=dict, blank=True)
    sample_size = models.PositiveIntegerField("抽取数量", null=True, blank=True)
    sample_ratio = models.DecimalField("抽取比例", max_digits=7, decimal_places=6, null=True, blank=True)
    strata_ratios = models.JSONField("分风险等级抽取比例", null=True, blank=True)
    team_size = models.PositiveSmallIntegerField("每组人数", default=2)
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    finished_on = models.DateField("检查结束于", null=True, blank=True)
    publicity_due_on = models.DateField("结果公示期限", null=True, blank=True)
    published_on = models.DateField("结果公示日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["-window_start", "id"]
        indexes = [models.Index(fields=["status", "publicity_due_on"], name="task_status_publicity_due")]

    def __str__(self) -> str:
        return self.name

    def is_publicity_overdue(self, today) -> bool:
        return self.published_on is None and self.publicity_due_on is not None and self.publicity_due_on < today


class FrozenPool(models.Model):
    """The pools fixed before the draw, published with their SHA-256 (TSV layout of docs/draw-algorithm.md)."""

    task = models.OneToOneField(InspectionTask, on_delete=models.PROTECT, related_name="frozen_pool")
    candidates_tsv = models.TextField("对象库（统一社会信用代码\\t风险等级）")
    candidates_hash = models.CharField("对象库 SHA-256", max_length=64)
    candidate_count = models.PositiveIntegerField("对象数")
    inspectors_tsv = models.TextField("检查人员库（执法证号\\t部门）")
    inspectors_hash = models.CharField("检查人员库 SHA-256", max_length=64)
    inspector_count = models.PositiveIntegerField("检查人员数")
    conflicts_tsv = models.TextField("回避清单（执法证号\\t统一社会信用代码\\t事由）", blank=True)
    conflicts_hash = models.CharField("回避清单 SHA-256", max_length=64)
    conflict_count = models.PositiveIntegerField("回避条目数")
    parameters = models.JSONField("抽取参数")
    frozen_at = models.DateTimeField("固定时间")
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "固定名录库"
        verbose_name_plural = "固定名录库"


class DrawSeed(models.Model):
    """The seed of one draw. Public: the announcement (which draw, which date) first, the value after it is
    published (RFC 3797 style). CSPRNG: ``secrets.token_hex(32)`` written to the audit chain before the draw."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="seeds")
    kind = models.CharField("种子类型", max_length=16, choices=SeedKind.choices)
    source = models.CharField("种子来源", max_length=300)
    announced_at = models.DateTimeField("公告时间")
    value = models.CharField("种子值", max_length=200, blank=True)
    value_entered_at = models.DateTimeField("种子值录入时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "随机种子"
        verbose_name_plural = "随机种子"
        ordering = ["task_id", "id"]


class Draw(models.Model):
    """One execution of the draw: the full record (canonical JSON) and its provenance. Never deleted."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="draws")
    seed = models.OneToOneField(DrawSeed, on_delete=models.PROTECT, related_name="draw")
    record_json = models.TextField("抽取记录（JSON）")
    record_hash = models.CharField("记录哈希", max_length=64)
    algorithm = models.CharField("算法版本", max_length=32)
    seed_kind = models.CharField("种子类型", max_length=16, choices=SeedKind.choices)
    seed_value = models.CharField("种子值", max_length=200)
    seed_source = models.CharField("种子来源", max_length=300)
    selected_count = models.PositiveIntegerField("抽中数")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    redraw_reason = models.TextField("重新抽取原因", blank=True)

    class Meta:
        verbose_name = "抽取记录"
        verbose_name_plural = "抽取记录"
        ordering = ["task_id", "id"]

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class OfficerConflict(models.Model):
    """回避申报: this officer must not inspect this entity."""

    officer = models.ForeignKey("registry.Officer", on_delete=models.CASCADE, related_name="conflicts")
    entity = models.ForeignKey("registry.MarketEntity", on_delete=models.CASCADE, related_name="officer_conflicts")
    reason = models.CharField("回避事由", max_length=16, choices=ConflictReason.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    declared_on = models.DateField("申报日期")
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["officer", "entity", "reason"], name="one_conflict_per_reason")]


class InspectionAssignment(models.Model):
    """One drawn entity of the task's current draw and its team."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="assignments")
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="assignments")
    entity = models.ForeignKey("registry.MarketEntity", on_delete=models.PROTECT, related_name="inspections")
    rank = models.PositiveIntegerField("抽取名次")
    stratum = models.CharField("风险等级层", max_length=1, blank=True)
    officers = models.ManyToManyField("registry.Officer", related_name="inspection_assignments")

    class Meta:
        verbose_name = "检查分配"
        verbose_name_plural = "检查分配"
        ordering = ["task_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["draw", "entity"], name="one_assignment_per_draw_entity")]


class InspectionResult(models.Model):
    """检查结果 of one entity: national result category, findings, follow-up hand-over."""

    assignment = models.OneToOneField(InspectionAssignment, on_delete=models.PROTECT, related_name="result")
    category = models.CharField("检查结果", max_length=32, choices=ResultCategory.choices)
    findings = models.TextField("检查情况", blank=True)
    officers_present = models.ManyToManyField("registry.Officer", related_name="+")
    inspected_on = models.DateField("检查日期")
    follow_up = models.CharField("后续处理", max_length=16, choices=FollowUp.choices, default=FollowUp.NONE)
    handover_status = models.CharField(
        "移交状态", max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.NONE
    )
    handover_reference = models.CharField("移交编号", max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        indexes = [models.Index(fields=["inspected_on", "category"], name="result_date_category")]


class EvidenceAttachment(models.Model):
    """An evidence file of a result, stored with its SHA-256 so later tampering shows."""

    result = models.ForeignKey(InspectionResult, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("文件", upload_to="inspections/evidence/%Y/")
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "证据附件"
        verbose_name_plural = "证据附件"
