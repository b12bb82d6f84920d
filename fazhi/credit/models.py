"""信用监管: abnormal listings and marks, removal applications and objections, the serious list,
revocations of registrations made with misused identities, credit repairs and the public change feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.credit.choices import (
    ApplicationKind,
    ApplicationStatus,
    ChangeKind,
    Consequence,
    Cure,
    ListingGround,
    ListingStatus,
    RemovalReason,
    RepairStatus,
    RevocationStatus,
    SeriousGround,
    SeriousStatus,
)
from fazhi.rulebook.sources import Status

USER = settings.AUTH_USER_MODEL
# Where a listing's facts came from (``source_ref`` is ``<kind>:<id>`` when a module hands the listing over).
SOURCE_KINDS = {"inspections.result": "双随机抽查检查结果", "credit.order": "责令限期履行公示义务的决定"}


def status_label(status: str) -> str:
    """How sure the rulebook is of a basis, in Chinese (``basis_status`` holds a ``Status`` code or nothing)."""
    return Status(status).label if status in Status._value2member_map_ else status


class AbnormalListing(models.Model):
    """列入经营异常名录 (enterprises, branches, cooperatives) or 标记为经营异常状态 (individual businesses).

    ``year`` is the sweep year for the annual-report ground (2023 = the 2022 report missing on 30 June 2023)
    and the decision year for the other grounds; (entity, ground, year) is unique so a re-run lists no one twice.
    """

    number = models.CharField("决定书文号", max_length=60, unique=True)
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="市场主体", on_delete=models.PROTECT, related_name="abnormal_listings"
    )
    consequence = models.CharField("措施", max_length=16, choices=Consequence.choices)
    ground = models.CharField("列入事由", max_length=24, choices=ListingGround.choices)
    year = models.PositiveSmallIntegerField("年度")
    decided_on = models.DateField("列入日期")
    basis_ref = models.CharField("法律依据", max_length=300)
    basis_status = models.CharField("依据核对状态", max_length=16, blank=True)
    rulebook_version = models.CharField("规则库版本", max_length=40, blank=True)
    source_ref = models.CharField("来源", max_length=100, blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="作出决定的单位", null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField("状态", max_length=16, choices=ListingStatus.choices, default=ListingStatus.LISTED)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出原因", max_length=24, choices=RemovalReason.choices, blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "经营异常名录记录"
        verbose_name_plural = "经营异常名录记录"
        constraints = [
            models.UniqueConstraint(fields=["entity", "ground", "year"], name="one_abnormal_listing_per_ground_year")
        ]
        indexes = [
            # the list pages walk these backwards (ORDER BY decided_on DESC, id DESC LIMIT 51): no sort, no count.
            # ``id`` is spelled out: SQLite appends the rowid to every index, PostgreSQL does not, and without it
            # PostgreSQL sorts each day's listings (321 ms p95 at 1M, worse after every sweep adds a day).
            models.Index(fields=["status", "consequence", "decided_on", "id"], name="abnormal_status_kind_date_id"),
            models.Index(fields=["status", "decided_on", "id"], name="abnormal_status_date_id"),
            models.Index(fields=["department", "status", "decided_on", "id"], name="abnormal_dept_status_date_id"),
            models.Index(fields=["decided_on"], name="abnormal_decided"),
            models.Index(fields=["removed_on"], name="abnormal_removed"),
        ]
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("credit:listing", args=[self.pk])

    @property
    def basis_status_label(self) -> str:
        return status_label(self.basis_status)

    @property
    def source_label(self) -> str:
        """The source as a person reads it: ``inspections.result:12`` is 双随机抽查检查结果（第 12 号记录）."""
        kind, sep, ref = self.source_ref.partition(":")
        if sep and kind in SOURCE_KINDS:
            return f"{SOURCE_KINDS[kind]}（第 {ref} 号记录）" if ref.isascii() and ref.isdigit() else SOURCE_KINDS[kind]
        return self.source_ref


class ListingApplication(models.Model):
    """A removal application (申请移出/恢复正常状态) or an objection (异议) against one listing."""

    listing = models.ForeignKey(AbnormalListing, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField("类型", max_length=16, choices=ApplicationKind.choices)
    cure = models.CharField("消除事由的情况", max_length=16, choices=Cure.choices, blank=True)
    statement = models.TextField("申请事实和理由", blank=True)
    received_on = models.DateField("收到日期")
    status = models.CharField(
        "状态", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    due_on = models.DateField("当前办理期限", null=True, blank=True, db_index=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定理由", blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT
    )
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "移出申请/异议"
        verbose_name_plural = "移出申请/异议"
        indexes = [
            models.Index(fields=["status", "due_on"], name="credit_application_queue"),
            models.Index(fields=["department", "status", "due_on"], name="credit_application_dept_queue"),
        ]
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.listing.number}"


class SeriousListing(models.Model):
    """严重违法失信名单: proposed (notice, right to be heard) → decided (listed / not listed) → removed."""

    number = models.CharField("决定书文号", max_length=60, unique=True, null=True, blank=True)
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="市场主体", on_delete=models.PROTECT, related_name="serious_listings"
    )
    ground = models.CharField("列入事由", max_length=32, choices=SeriousGround.choices)
    source_ref = models.CharField("来源（案件编号、异常名录文号）", max_length=100)
    status = models.CharField("状态", max_length=16, choices=SeriousStatus.choices, default=SeriousStatus.PROPOSED)
    proposed_on = models.DateField("拟列入告知日期")
    statement = models.TextField("陈述、申辩或听证意见", blank=True)
    decided_on = models.DateField("列入决定日期", null=True, blank=True)
    ends_on = models.DateField("列入期满日", null=True, blank=True)
    early_removal_from = models.DateField("可申请提前移出日", null=True, blank=True)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    basis_ref = models.CharField("法律依据", max_length=300, blank=True)
    basis_status = models.CharField("依据核对状态", max_length=16, blank=True)
    rulebook_version = models.CharField("规则库版本", max_length=40, blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="作出决定的单位", null=True, blank=True, on_delete=models.PROTECT
    )
    # Who decided (issue 13 §2; serious_list.yaml deciding_authority): the bureau, the bureau with the next level's
    # consent, or the upper authority on the bureau's submission — with the upper body's document as recorded.
    decides = models.CharField("决定方式", max_length=32, blank=True)
    deciding_authority = models.CharField("决定机关", max_length=200, blank=True)
    authority_basis = models.CharField("决定机关依据", max_length=300, blank=True)
    upper_authority = models.CharField("上级机关", max_length=100, blank=True)
    upper_ref = models.CharField("上级机关决定（同意）文号", max_length=60, blank=True)
    upper_on = models.DateField("上级机关决定（同意）日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="签发人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_upper_ref = models.CharField("上级机关移出决定（同意）文号", max_length=60, blank=True)
    removal_upper_on = models.DateField("上级机关移出决定（同意）日期", null=True, blank=True)
    # The 3-year bar on the listed enterprise's legal representative (条例第十七条第二款, 2014 text), recorded at listing.
    barred_person = models.CharField("受任职限制的法定代表人（负责人）", max_length=64, blank=True)
    bar_ends_on = models.DateField("任职限制届满日", null=True, blank=True)
    bar_basis = models.CharField("任职限制依据", max_length=300, blank=True)
    bar_status = models.CharField("任职限制依据核对状态", max_length=16, blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "严重违法失信名单记录"
        verbose_name_plural = "严重违法失信名单记录"
        constraints = [
            models.UniqueConstraint(fields=["entity", "ground", "source_ref"], name="one_serious_listing_per_source")
        ]
        indexes = [
            models.Index(fields=["status", "decided_on"], name="serious_status_date"),
            models.Index(fields=["barred_person", "bar_ends_on"], name="serious_barred_person"),
        ]
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return self.number or f"拟列入 {self.source_ref}"

    def get_absolute_url(self) -> str:
        return reverse("credit:serious", args=[self.pk])

    @property
    def basis_status_label(self) -> str:
        return status_label(self.basis_status)


class IdentityMisuseRevocation(models.Model):
    """撤销冒用身份信息取得的登记 (条例第四十条): a proposal with the investigation's evidence, the legal review
    (法制审核) and the leader's approval, each by a different person; the registry status is set to 撤销 and the
    public change feed shows it only when the approval makes the revocation effective (docs/domain/credit.md)."""

    number = models.CharField("决定书文号", max_length=60, blank=True, default="")  # given at approval
    status = models.CharField(
        "状态", max_length=16, choices=RevocationStatus.choices, default=RevocationStatus.PROPOSED
    )
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="市场主体", on_delete=models.PROTECT, related_name="identity_revocations"
    )
    evidence = models.TextField("调查核实情况与证据")
    proposed_on = models.DateField("提出日期", null=True, blank=True)
    proposed_by = models.ForeignKey(
        USER, verbose_name="提出人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_opinion = models.TextField("法制审核意见", blank=True)
    legal_reviewed_on = models.DateField("法制审核日期", null=True, blank=True)
    legal_reviewed_by = models.ForeignKey(
        USER, verbose_name="法制审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField("局领导意见", blank=True)
    decided_on = models.DateField("批准（撤销决定）日期", null=True, blank=True)
    basis_ref = models.CharField("法律依据", max_length=300)
    decided_by = models.ForeignKey(
        USER, verbose_name="批准人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT
    )
    revision = models.PositiveIntegerField("修订号", default=0, editable=False)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "撤销冒用身份信息登记"
        verbose_name_plural = "撤销冒用身份信息登记"
        indexes = [
            models.Index(fields=["decided_on"], name="revocation_decided"),
            models.Index(fields=["status", "proposed_on"], name="revocation_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="revocation_number_unique"),
            # one revocation in progress or in force per entity
            models.UniqueConstraint(
                fields=["entity"],
                condition=models.Q(status__in=["proposed", "returned", "reviewed", "effective"]),
                name="revocation_one_open_per_entity",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"撤销登记（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("credit:revocation", args=[self.pk])


class CreditRepair(models.Model):
    """信用修复 of one published penalty decision. The case is referenced loosely (number + owner type/id) so the
    credit module does not depend on the cases module's tables."""

    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="市场主体", on_delete=models.PROTECT, related_name="credit_repairs"
    )
    case_number = models.CharField("处罚决定书文号/案件编号", max_length=60)
    owner_type = models.CharField("来源记录类型", max_length=80, blank=True)
    owner_id = models.CharField("来源记录编号", max_length=64, blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list)
    domain = models.CharField("领域", max_length=32, default="general")
    published_on = models.DateField("公示日期")
    applied_on = models.DateField("申请日期")
    performed = models.BooleanField("已履行处罚决定", default=False)
    harm_removed = models.BooleanField("已消除危害后果和不良影响", default=False)
    repeated = models.BooleanField("再受同类处罚", default=False)
    listed = models.BooleanField("在经营异常名录或严重违法失信名单", default=False)
    eligibility = models.JSONField("资格审查（规则计算）", default=dict)
    status = models.CharField("状态", max_length=16, choices=RepairStatus.choices, default=RepairStatus.APPLIED)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    publicity_ended_on = models.DateField("停止公示日期", null=True, blank=True)
    decision_note = models.TextField("决定理由", blank=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT
    )
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用修复"
        verbose_name_plural = "信用修复"
        indexes = [models.Index(fields=["status", "decided_on"], name="repair_status_date")]
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"信用修复 {self.case_number}"

    def get_absolute_url(self) -> str:
        return reverse("credit:repair", args=[self.pk])


class CreditChange(models.Model):
    """Public change feed (公示变更): what other sites must stop showing or update. Append-only."""

    kind = models.CharField("变更类型", max_length=32, choices=ChangeKind.choices)
    entity = models.ForeignKey("registry.MarketEntity", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("相关文号", max_length=60)
    occurred_on = models.DateField("生效日期")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用信息变更"
        verbose_name_plural = "信用信息变更"
        indexes = [models.Index(fields=["occurred_on", "id"], name="credit_change_feed")]
        ordering = ["-occurred_on", "-id"]
