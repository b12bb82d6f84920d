"""Registry: 市场主体, annual-report filings, departments and officers."""

from __future__ import annotations

from django.db import models

from fazhi.registry.choices import (
    DepartmentKind,
    EntityKind,
    FilingChannel,
    IndustrySection,
    ReformMode,
    RegistrationStatus,
    RiskClass,
)


class Department(models.Model):
    """An internal section, a 市场监管所 office, or an external member unit of joint inspections."""

    code = models.CharField("部门编码", max_length=32, unique=True)
    name = models.CharField("部门名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=16, choices=DepartmentKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级部门", null=True, blank=True, on_delete=models.PROTECT)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:department_list") + f"#department-{self.pk}"


class Officer(models.Model):
    """执法人员: the enforcement certificate holder. Name is personal data (not published unmasked)."""

    name = models.CharField("姓名", max_length=64)
    certificate_number = models.CharField("执法证号", max_length=32, unique=True)
    certificate_expires_on = models.DateField("执法证有效期至")
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="officers"
    )
    domains = models.JSONField("执法领域", default=list, blank=True)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["department_id", "certificate_number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"

    def certificate_valid_on(self, day) -> bool:
        return self.active and self.certificate_expires_on >= day


class MarketEntity(models.Model):
    """市场主体. Keyed by USCC; old individual businesses may carry only the 15-digit 注册号."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    registration_number = models.CharField("注册号", max_length=15, unique=True, null=True, blank=True)
    # Exact-name look-ups use ``entity_name`` (no pattern-ops twin on PostgreSQL: fragments go through the trigram
    # index of migration 0002); on PostgreSQL it is a hash index (migration 0006: only equality reads it).
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("主体类型", max_length=16, choices=EntityKind.choices)
    status = models.CharField(
        "登记状态", max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE
    )
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    established_on = models.DateField("成立日期")
    registration_authority = models.CharField("登记机关", max_length=100, blank=True)
    domicile = models.CharField("住所", max_length=300, blank=True)
    street = models.CharField("所在街道", max_length=50, blank=True)
    legal_representative = models.CharField("法定代表人/经营者", max_length=64, blank=True)
    industry = models.CharField("行业门类", max_length=1, choices=IndustrySection.choices, blank=True)
    business_scope = models.TextField("经营范围", blank=True)
    office = models.ForeignKey(  # indexed by entity_office_status_kind, which starts with it
        Department,
        verbose_name="管辖单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entities",
        db_index=False,
    )
    risk_class = models.CharField("信用风险分类", max_length=1, choices=RiskClass.choices, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The one stale-edit check (fazhi.core.revision), bumped by every write: the service's and the import's.
    # db_default: bulk loads that do not name the column start at 0 too.
    revision = models.PositiveIntegerField("修订号", default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uscc__isnull=False) | models.Q(registration_number__isnull=False),
                name="entity_has_identifier",
            )
        ]
        indexes = [
            models.Index(fields=["office", "status", "kind"], name="entity_office_status_kind"),
            models.Index(fields=["established_on"], name="entity_established"),
            models.Index(fields=["status", "status_changed_on"], name="entity_status_changed"),
            models.Index(fields=["name"], name="entity_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.identifier}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:entity_detail", args=[self.pk])

    @property
    def identifier(self) -> str:
        return self.uscc or self.registration_number or ""


class MarketEntityChange(models.Model):
    """History of an entity: each import or edit that changed it, with before/after per field."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField("变更时间")
    source = models.CharField("来源", max_length=100)
    changes = models.JSONField("变更内容")

    class Meta:
        verbose_name = "市场主体变更记录"
        verbose_name_plural = "市场主体变更记录"
        ordering = ["entity_id", "changed_at", "id"]


class AnnualReportFiling(models.Model):
    """年度报告: one per entity and report year (filed 1 Jan–30 Jun of the following year)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    filed_on = models.DateField("报送日期")
    channel = models.CharField("报送方式", max_length=8, choices=FilingChannel.choices, default=FilingChannel.ONLINE)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        constraints = [models.UniqueConstraint(fields=["entity", "year"], name="one_annual_report_per_year")]
        indexes = [models.Index(fields=["year", "filed_on"], name="annual_report_year_filed")]


class PermitMatter(models.Model):
    """One 涉企经营许可 matter handled under 证照分离, with its reform mode (docs/formats/permits.md).

    Imported from the approval system's export (``fazhi import permits FILE``); the ``permits.*`` metrics count
    these records by mode and decision date.
    """

    number = models.CharField("办件编号", max_length=60, unique=True)
    matter = models.CharField("许可事项", max_length=200)
    reform_mode = models.CharField("改革方式", max_length=16, choices=ReformMode.choices)
    applicant_name = models.CharField("申请人", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    entity = models.ForeignKey(
        MarketEntity, verbose_name="市场主体", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("办结日期", db_index=True)
    department = models.ForeignKey(Department, verbose_name="办理部门", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "证照分离办件"
        verbose_name_plural = "证照分离办件"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["reform_mode", "decided_on"], name="permit_mode_decided")]

    def __str__(self) -> str:
        return f"{self.number} {self.matter}（{self.get_reform_mode_display()}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("sampling:permit_list") + f"?number={self.number}"
