"""双随机、一公开: inspection items, plans, tasks, frozen pools, seeds, draws, assignments, results.

The order is commit-then-reveal (issue 12, docs/domain/inspections.md): a plan is published, then a task's pools
are frozen and their hashes published together with the seed's commitment (a named future lottery draw, or the
SHA-256 of a system secret), then the seed is fixed, then the draw runs. The frozen pool is stored once; a draw
keeps only its record head, and the record file (``fazhi draw verify``) is assembled from both. One live seed
per task: a replacement needs a reason and a 局领导's approval, and supersedes (never deletes) the old seed
and its draw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.inspections.choices import (
    ConflictReason,
    FollowUp,
    InspectionMethod,
    ItemLevel,
    PlanKind,
    PlanStatus,
    RecheckOutcome,
    ReplacementStatus,
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
    # 检查对象 as data (issue 12): empty = any. A task draws only entities that are objects of all its items.
    object_kinds = models.JSONField("检查对象：主体类型", default=list, blank=True)
    object_industries = models.JSONField("检查对象：行业门类（GB/T 4754）", default=list, blank=True)
    object_risk_classes = models.JSONField("检查对象：信用风险分类", default=list, blank=True)
    object_permit_matters = models.JSONField(
        "检查对象：持有的许可事项（证照分离办件）", default=list, blank=True
    )  # 许可事项 names as the registry's approval records name them; an entity holds one when such a record of
    # any reform mode but 直接取消审批 is linked to it
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项清单"
        ordering = ["code", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="inspection_item_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:item_list") + f"#item-{self.pk}"

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
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        # Plan names usually begin with their year ("2023 年度…"); print the year only when the name lacks it.
        return self.name if self.name.startswith(str(self.year)) else f"{self.year} {self.name}"


class InspectionTask(RevisionedModel):
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
    """The pools fixed before the seed exists, published with their hashes (docs/draw-algorithm.md §1).

    Stored once and compactly: the candidates as three zlib blobs in canonical order (USCCs joined by LF, their
    risk classes joined by LF, their entity ids as little-endian int64) plus the salt that turns each class into
    its public commitment; ``storage_hash`` (SHA-256 of the three blobs) is checked whenever the pool is loaded.
    Every draw of the task — a re-draw after an approved seed replacement too — reads this one pool.
    """

    task = models.OneToOneField(InspectionTask, on_delete=models.PROTECT, related_name="frozen_pool")
    algorithm = models.CharField("算法版本", max_length=32)
    salt = models.CharField("盐值（内部）", max_length=64)
    candidates_hash = models.CharField("对象库 SHA-256（公开）", max_length=64)
    candidate_count = models.PositiveIntegerField("对象数")
    strata = models.JSONField("各风险等级对象数（内部）", default=dict)
    criteria = models.JSONField("筛选步骤及各步对象数", default=list)
    candidate_usccs = models.BinaryField("对象库：统一社会信用代码")
    candidate_classes = models.BinaryField("对象库：风险等级（内部）")
    candidate_ids = models.BinaryField("对象库：主体编号")
    storage_hash = models.CharField("存储校验值", max_length=64)
    inspectors_tsv = models.TextField("检查人员库（执法证号\\t部门）")
    inspectors_hash = models.CharField("检查人员库 SHA-256", max_length=64)
    inspector_count = models.PositiveIntegerField("检查人员数")
    conflicts_tsv = models.TextField("回避清单（执法证号\\t统一社会信用代码\\t事由，内部）", blank=True)
    conflict_pairs_hash = models.CharField("回避配对 SHA-256（公开）", max_length=64)
    reasons_commitment = models.CharField("回避事由加盐哈希（公开）", max_length=64)
    conflict_count = models.PositiveIntegerField("回避条目数")
    parameters = models.JSONField("抽取参数")
    frozen_at = models.DateTimeField("固定并公布时间")
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "固定名录库"
        verbose_name_plural = "固定名录库"


class DrawSeed(models.Model):
    """The one seed of a task (a replaced seed stays, marked ``superseded_at``; docs/domain/inspections.md).

    - 彩票开奖号码 (``lottery``): ``source`` names a future draw, ``draw_at`` its scheduled time (after the pool was
      published); after it, two different people enter the winning numbers and they must agree (RFC 3797).
    - 系统密钥 (``secret``): 32 random bytes generated when the pool is frozen; only the SHA-256 ``commitment`` is
      shown until the draw reveals ``value``.
    """

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="seeds")
    kind = models.CharField("种子类型", max_length=16, choices=SeedKind.choices)
    source = models.CharField("种子来源", max_length=300)
    announced_at = models.DateTimeField("来源（或承诺值）公布时间")
    draw_at = models.DateTimeField("开奖时间", null=True, blank=True)
    commitment = models.CharField("承诺值（SHA-256）", max_length=64, blank=True)
    value = models.CharField("种子值", max_length=200, blank=True)
    fixed_at = models.DateTimeField("种子确定时间", null=True, blank=True)
    first_entry = models.CharField("第一人录入的开奖号码", max_length=200, blank=True)
    first_entry_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_entry_at = models.DateTimeField("第一人录入时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("两人录入一致时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField("被更换时间", null=True, blank=True)

    class Meta:
        verbose_name = "随机种子"
        verbose_name_plural = "随机种子"
        ordering = ["task_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(superseded_at__isnull=True), name="one_live_seed_per_task"
            )
        ]

    @property
    def is_fixed(self) -> bool:
        return bool(self.value) and self.fixed_at is not None


class SeedReplacement(models.Model):
    """更换随机种子: requested with a reason, decided by a 局领导; approval supersedes the seed (and its draw)."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="seed_replacements")
    seed = models.ForeignKey(DrawSeed, on_delete=models.PROTECT, related_name="replacements")
    reason = models.TextField("更换理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField(
        "状态", max_length=16, choices=ReplacementStatus.choices, default=ReplacementStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_note = models.TextField("领导意见", blank=True)
    new_seed = models.OneToOneField(DrawSeed, null=True, blank=True, on_delete=models.PROTECT, related_name="replacing")

    class Meta:
        verbose_name = "随机种子更换"
        verbose_name_plural = "随机种子更换"
        ordering = ["task_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seed"], condition=models.Q(status="requested"), name="one_open_replacement_per_seed"
            )
        ]


class Draw(models.Model):
    """One execution of the draw: the record head (what is hashed; the pool is the task's FrozenPool).

    Never deleted: when a seed replacement is approved the draw made with the old seed is superseded.
    """

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="draws")
    seed = models.OneToOneField(DrawSeed, on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField("算法版本", max_length=32)
    head = models.BinaryField("抽取记录头（zlib 压缩的规范 JSON）")
    record_hash = models.CharField("记录哈希", max_length=64)
    result_hash = models.CharField("结果哈希", max_length=64)
    selected_count = models.PositiveIntegerField("抽中数")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staging = models.BooleanField(
        "写入中（尚未生效）",
        default=False,
        help_text="抽取结果分批写入期间为真，最后一步才生效；写入中的抽取不出现在任何页面、统计和清单中。",
    )
    abandoned = models.BooleanField(
        "写入已放弃（待清除）", default=False, help_text="写入中途失败或遗留的抽取：不会再生效，其数据正被清除。"
    )
    superseded_by = models.ForeignKey(
        SeedReplacement,
        verbose_name="因更换种子而作废",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_draws",
    )

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
    """检查结果 of one entity: the national result category, what was found, and where it leads.

    ``follow_up`` follows the category (``fazhi/inspections/consequences.py``): 责令整改 with its due date and
    re-check date, a clue handed to the cases module, a listing by the credit module, or a transfer to another
    authority; ``handover_reference`` is the receiving record's number.
    """

    assignment = models.OneToOneField(InspectionAssignment, on_delete=models.PROTECT, related_name="result")
    category = models.CharField("检查结果", max_length=32, choices=ResultCategory.choices)
    findings = models.TextField("检查发现的问题", blank=True)
    officers_present = models.ManyToManyField("registry.Officer", related_name="+")
    inspected_on = models.DateField("检查日期")
    follow_up = models.CharField("后续处理", max_length=16, choices=FollowUp.choices, default=FollowUp.NONE)
    rectification_due_on = models.DateField("整改期限", null=True, blank=True)
    recheck_on = models.DateField("复查日期", null=True, blank=True)
    transfer_to = models.CharField("移送单位", max_length=100, blank=True)
    handover_reference = models.CharField("移交编号", max_length=100, blank=True)
    rechecked_on = models.DateField("实际复查日期", null=True, blank=True)
    recheck_outcome = models.CharField("复查结论", max_length=16, choices=RecheckOutcome.choices, blank=True)
    recheck_findings = models.TextField("复查情况", blank=True)
    recheck_reference = models.CharField("复查后移交编号", max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        indexes = [
            models.Index(fields=["inspected_on", "category"], name="result_date_category"),
            models.Index(fields=["follow_up", "rechecked_on", "recheck_on"], name="result_recheck_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.entity.name} {self.inspected_on:%Y年%m月%d日}检查：{self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:task_detail", kwargs={"pk": self.assignment.task_id})


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
