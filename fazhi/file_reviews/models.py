"""案卷评查: review rounds, the files reviewed with their score sheets, rectifications, files sent to higher
authorities' reviews, and the stored live score of every case (recomputed nightly, read by the case page).

The rubric itself is data in the rulebook (``tables/file_reviews/``); a round stores the id of the rubric version it
uses, each score row the checkpoint id it scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.file_reviews.choices import (
    Distinction,
    FileState,
    Grade,
    RectificationStatus,
    RoundStatus,
    SeedKind,
    SelectionMethod,
)
from fazhi.rulebook.file_review import CheckStatus

USER = settings.AUTH_USER_MODEL


class ReviewRound(RevisionedModel):
    """One 案卷评查 round: which files, by which draw or criteria, under which rubric, with what result."""

    number = models.CharField("编号", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("名称", max_length=200)
    status = models.CharField("状态", max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    method = models.CharField("选取方式", max_length=16, choices=SelectionMethod.choices)
    rubric_id = models.CharField("评查标准版本", max_length=40)
    started_on = models.DateField("开始日期", db_index=True)
    due_on = models.DateField("评查完成期限")
    decided_from = models.DateField("案卷范围：决定日期自")
    decided_to = models.DateField("案卷范围：决定日期至")
    departments = models.ManyToManyField(
        "registry.Department", verbose_name="案卷范围：承办部门", blank=True, related_name="+"
    )
    domains = models.JSONField("案卷范围：领域", default=list, blank=True)
    min_amount = models.DecimalField(
        "案卷范围：罚没金额不低于（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_live_score = models.PositiveSmallIntegerField("案卷范围：实时评分不高于", null=True, blank=True)
    sample_size = models.PositiveIntegerField("抽取案卷数", null=True, blank=True)
    team_size = models.PositiveSmallIntegerField("每卷评查人员数", default=2)
    panel = models.ManyToManyField("core.User", verbose_name="评查人员名单", blank=True, related_name="+")
    seed_kind = models.CharField("随机数类型", max_length=20, choices=SeedKind.choices, blank=True)
    seed_value = models.CharField("随机数", max_length=200, blank=True)
    seed_source = models.CharField("随机数来源", max_length=300, blank=True)
    # Commit, then reveal (fazhi-draw/2, issue 12): the file pool, the panel and the 回避 list are frozen and their
    # hashes fixed with the seed's commitment (a system secret) or the named future lottery draw, before the draw.
    committed_at = models.DateTimeField("案卷库和随机数承诺公布时间", null=True, blank=True)
    pool_codes = models.JSONField("固定的案卷库（案卷编号）", null=True, blank=True)
    pool_salt = models.CharField("案卷库盐值", max_length=64, blank=True)
    pool_hash = models.CharField("案卷库哈希", max_length=64, blank=True)
    panel_codes = models.JSONField("固定的评查人员库（编号、部门）", null=True, blank=True)
    conflict_rows = models.JSONField("固定的回避清单（评查人员、案卷、事由）", null=True, blank=True)
    seed_commitment = models.CharField("系统密钥承诺值", max_length=64, blank=True)
    seed_secret = models.CharField("系统密钥（抽取时公开）", max_length=64, blank=True)
    seed_fixed_at = models.DateTimeField("随机数产生时间（开奖时间）", null=True, blank=True)
    # Lottery numbers are entered by two different people after the draw; the second matching entry fixes
    # ``seed_value`` (RFC 3797 §4; the same two-person rule as the inspections' draw seed). The first entry is
    # never shown (its hash is audited), so the second person cannot copy it.
    seed_first_entry = models.CharField("第一人录入的开奖号码", max_length=200, blank=True)
    seed_first_entry_by = models.ForeignKey(
        USER, verbose_name="第一人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seed_first_entry_at = models.DateTimeField("第一人录入时间", null=True, blank=True)
    seed_confirmed_by = models.ForeignKey(
        USER, verbose_name="第二人（录入一致）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seed_confirmed_at = models.DateTimeField("两人录入一致时间", null=True, blank=True)
    draw_record = models.JSONField("抽取记录（可复核）", null=True, blank=True)
    draw_hash = models.CharField("抽取记录哈希", max_length=64, blank=True)
    selected_on = models.DateField("抽取日期", null=True, blank=True)
    graded_on = models.DateField("评定日期", null=True, blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    rectification_due_on = models.DateField("整改期限", null=True, blank=True)
    closed_on = models.DateField("完成日期", null=True, blank=True)
    summary = models.TextField("评查总结", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "案卷评查活动"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("file_reviews:round_detail", kwargs={"pk": self.pk})


class ReviewFile(RevisionedModel):
    """One case file in a round: its reviewers, the score sheet's result, the grade and any distinction."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="files")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    draw_rank = models.PositiveIntegerField("抽取序号", null=True, blank=True)
    reviewers = models.ManyToManyField("core.User", verbose_name="评查人员", related_name="file_reviews_assigned")
    status = models.CharField("状态", max_length=16, choices=FileState.choices, default=FileState.ASSIGNED)
    scored_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scored_on = models.DateField("评分日期", null=True, blank=True)
    total = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    grade = models.CharField("等次", max_length=16, choices=Grade.choices, blank=True)
    veto_failed = models.JSONField("不符合的否决项", default=list, blank=True)
    machine_snapshot = models.JSONField("评分时的机器核查结果", null=True, blank=True)
    opinion = models.TextField("评查意见", blank=True)
    distinction = models.CharField("评选", max_length=16, choices=Distinction.choices, blank=True, default="")
    distinction_reason = models.TextField("评选理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查案卷"
        ordering = ["round_id", "draw_rank", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "case"], name="file_reviews_file_once_per_round")]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.round.number} / {self.case.number}"

    def get_absolute_url(self) -> str:
        return reverse("file_reviews:file_detail", kwargs={"pk": self.pk})


class ItemScore(models.Model):
    """The deduction on one checkpoint of one file, with the reviewer's note (required when points are lost)."""

    file = models.ForeignKey(ReviewFile, on_delete=models.CASCADE, related_name="scores")
    checkpoint_id = models.CharField("评查要点", max_length=60)
    item_id = models.CharField("评查项目", max_length=60)
    deduction = models.PositiveSmallIntegerField("扣分", default=0)
    veto_failed = models.BooleanField("否决项不符合", default=False)
    note = models.TextField("扣分理由", blank=True)
    machine_status = models.CharField("机器核查结果", max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查要点得分"
        constraints = [
            models.UniqueConstraint(fields=["file", "checkpoint_id"], name="file_reviews_score_once_per_checkpoint")
        ]

    @property
    def machine_status_label(self) -> str:
        """The machine check's finding in Chinese (通过 / 未通过 / 尚未到期 / 不适用), empty when none ran."""
        return CheckStatus(self.machine_status).label if self.machine_status else ""


class Rectification(RevisionedModel):
    """整改: the review's findings sent to the handling department and tracked to closure."""

    file = models.OneToOneField(ReviewFile, on_delete=models.CASCADE, related_name="rectification")
    department = models.ForeignKey(
        "registry.Department", verbose_name="整改部门", on_delete=models.PROTECT, related_name="+"
    )
    issues = models.TextField("存在问题")
    sent_on = models.DateField("反馈日期")
    due_on = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=16, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    report = models.TextField("整改情况", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    reported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verified_on = models.DateField("核验日期", null=True, blank=True)
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verify_note = models.TextField("核验意见", blank=True)
    returns = models.PositiveSmallIntegerField("退回次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评查整改"
        indexes = [models.Index(fields=["department", "status", "due_on"])]


class HigherReview(RevisionedModel):
    """A case file sent to a higher authority's review (参加上级评查), with the result when it comes back."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    authority = models.CharField("组织评查的上级机关", max_length=100)
    review_name = models.CharField("评查活动", max_length=200)
    sent_on = models.DateField("报送日期", db_index=True)
    result = models.CharField("评查结果", max_length=100, blank=True)
    result_note = models.TextField("反馈意见", blank=True)
    result_on = models.DateField("结果日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "报送上级评查案卷"
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "authority", "review_name"], name="file_reviews_sent_up_once")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} 报送{self.authority}“{self.review_name}”（{self.sent_on:%Y年%m月%d日}）"

    def get_absolute_url(self) -> str:
        return reverse("file_reviews:higher_detail", kwargs={"pk": self.pk})


class LiveScore(models.Model):
    """The stored live review of one case (the nightly recompute writes every row set-based)."""

    case = models.OneToOneField("cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField("实时评分", db_index=True)
    max_score = models.PositiveSmallIntegerField("满分")
    failed = models.JSONField("未通过的要点", default=list)
    blocking = models.JSONField("阻断归档的要点", default=list)
    blocking_count = models.PositiveSmallIntegerField("阻断归档项数", default=0, db_index=True)
    veto_failed = models.BooleanField("否决项未通过", default=False)
    rubric_id = models.CharField("评查标准版本", max_length=40)
    rulebook_version = models.CharField("规则库版本", max_length=40)
    computed_on = models.DateField("计算日期（法定今日）")

    class Meta:
        verbose_name = verbose_name_plural = "实时评查结果"
