"""Clues (线索), cases (案件) and their records: reviews, discussions, evidence, documents, publicity.

A case's clock copy ``handling_due_on`` mirrors its tracked ``case.handling`` deadline (fazhi.deadlines) so that
the list and overdue queries stay one indexed query; the services keep it in step (docs/domain/cases.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.cases.choices import (
    ApprovalKind,
    ApprovalStatus,
    CaseState,
    ClueSource,
    ClueStatus,
    DecisionKind,
    DocumentKind,
    Domain,
    EvidenceKind,
    Handover,
    PartyKind,
    Procedure,
    PublicationStatus,
    ReviewOpinion,
    ReviewStage,
    ServiceMethod,
    StatementAdoption,
    StatementBasis,
    StatementForm,
    WaiverScope,
)
from fazhi.core.crypto import EncryptedTextField
from fazhi.core.revision import RevisionedModel

ZERO = Decimal("0")
QUEUE_END = dt.date(9999, 12, 31)
USER = settings.AUTH_USER_MODEL


class Clue(models.Model):
    number = models.CharField("线索编号", max_length=32, unique=True)
    source_kind = models.CharField("来源", max_length=16, choices=ClueSource.choices)
    source_ref = models.CharField("来源编号", max_length=64, blank=True)
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="涉及主体", null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField("线索内容")
    received_on = models.DateField("收到日期")
    department = models.ForeignKey("registry.Department", verbose_name="承办部门", on_delete=models.PROTECT)
    reporter_name = models.CharField("投诉举报人", max_length=64, blank=True)
    reporter_contact = EncryptedTextField("联系方式", max_chars=64, blank=True)  # encrypted at rest (issue 14 §10)
    # The party as the source module knew it (a tip hands these over, so that 立案 starts from the tip's respondent
    # and never from an empty form; docs/domain/complaints.md § Tips → clues).
    party_kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices, blank=True)
    party_name = models.CharField("当事人名称（姓名）", max_length=200, blank=True)
    # A natural person's ID number when the party is one: encrypted at rest like Case.party_id_number (issue 14 §10).
    party_identifier = EncryptedTextField("统一社会信用代码/证件号码", max_chars=32, blank=True)
    party_address = models.CharField("住所（地址）", max_length=300, blank=True)
    # Evidence handed over with the clue: [{"name", "size", "sha256", "url"}] — the files stay where they were
    # received (e.g. the tip's attachments); the hash proves the clue refers to the same bytes.
    materials = models.JSONField("证据材料", default=list, blank=True)
    status = models.CharField("状态", max_length=16, choices=ClueStatus.choices, default=ClueStatus.VERIFYING)
    verification_due_on = models.DateField("核查届满日", null=True, blank=True, db_index=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    reporter_notified_on = models.DateField("告知举报人日期", null=True, blank=True)
    reporter_notice = models.TextField("告知内容", blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "案件线索"
        indexes = [models.Index(fields=["department", "status", "verification_due_on"])]

    def __str__(self) -> str:
        return self.number


class Case(RevisionedModel):
    number = models.CharField("案件编号", max_length=40, unique=True)
    clue = models.OneToOneField(Clue, null=True, blank=True, on_delete=models.PROTECT, related_name="case")
    department = models.ForeignKey("registry.Department", verbose_name="承办部门", on_delete=models.PROTECT)
    procedure = models.CharField("程序", max_length=16, choices=Procedure.choices, default=Procedure.ORDINARY)
    domain = models.CharField("领域", max_length=32, choices=Domain.choices, default=Domain.OTHER)
    title = models.CharField("案由", max_length=200)
    entity = models.ForeignKey(
        "registry.MarketEntity", verbose_name="当事人（主体库）", null=True, blank=True, on_delete=models.PROTECT
    )
    party_kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    party_name = models.CharField("当事人", max_length=200)
    party_id_number = EncryptedTextField("证件号码/统一社会信用代码", max_chars=32, blank=True)  # encrypted at rest
    party_address = models.CharField("住所（地址）", max_length=300, blank=True)
    party_representative = models.CharField("法定代表人/负责人", max_length=64, blank=True)
    officers = models.ManyToManyField("registry.Officer", verbose_name="办案人员", related_name="cases", blank=True)
    officers_assigned_by = models.ForeignKey(
        USER, verbose_name="指定办案人员的负责人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officers_assigned_on = models.DateField("指定办案人员日期", null=True, blank=True)
    facts_text = models.TextField("违法事实", blank=True)
    state = models.CharField("状态", max_length=24, choices=CaseState.choices, default=CaseState.INVESTIGATING)
    filed_on = models.DateField("立案日期")
    handling_due_on = models.DateField("办案期限届满日", null=True, blank=True)
    # The date of the latest recorded step (the next step may not be dated earlier) and who acts next, by when.
    last_step_on = models.DateField("最近一步办理日期", null=True, blank=True)
    next_role = models.CharField("下一步由谁办理", max_length=16, blank=True)
    next_action = models.CharField("下一步事项", max_length=100, blank=True)
    next_due_on = models.DateField("下一步期限", null=True, blank=True)
    # The queues' sort key: ``next_due_on``, or QUEUE_END when nothing is due (indexed, never NULL, so that
    # "due first, then the newest" is an index scan on SQLite and PostgreSQL alike).
    queue_due = models.DateField("排序期限", default=QUEUE_END)
    # Discretion (裁量): the violation, its facts, and the frozen computation (inputs, table version, result).
    violation_id = models.CharField("违法行为（裁量基准）", max_length=80, blank=True)
    facts = models.JSONField("裁量事实", default=dict, blank=True)
    discretion = models.JSONField("裁量计算（冻结）", null=True, blank=True)
    discretion_frozen_at = models.DateTimeField("裁量冻结时间", null=True, blank=True)
    # The proposal (拟处罚) that legal review covers.
    proposed_fine = models.DecimalField("拟罚款（元）", max_digits=14, decimal_places=2, default=ZERO)
    proposed_confiscation = models.DecimalField("拟没收（元）", max_digits=14, decimal_places=2, default=ZERO)
    proposed_warning = models.BooleanField("拟警告", default=False)
    proposed_other = models.CharField("其他处罚", max_length=300, blank=True)
    deviation_reason = models.TextField("超出裁量幅度的书面理由", blank=True)
    outside_computed_range = models.BooleanField("超出计算幅度", default=False)
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    complex_case = models.BooleanField("案情复杂", default=False)
    licence_or_business_penalty = models.BooleanField("吊销许可证件、责令停产停业等", default=False)
    discussion_required = models.BooleanField("须集体讨论", default=False)
    # Notice, hearing.
    notified_on = models.DateField("告知书送达日期", null=True, blank=True)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_notified_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_held = models.BooleanField("已举行听证", default=False)
    hearing_place = models.CharField("听证地点", max_length=200, blank=True)
    hearing_host = models.CharField("听证主持人", max_length=64, blank=True)
    statement_summary = models.TextField("陈述申辩意见及采纳情况", blank=True)
    statement_closed_on = models.DateField("陈述申辩结束日期", null=True, blank=True)
    statement_basis = models.CharField("陈述申辩结束依据", max_length=16, choices=StatementBasis.choices, blank=True)
    # Decision and execution.
    decision_kind = models.CharField("决定类型", max_length=16, choices=DecisionKind.choices, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    fine = models.DecimalField("罚款（元）", max_digits=14, decimal_places=2, default=ZERO)
    confiscation = models.DecimalField("没收违法所得、非法财物（元）", max_digits=14, decimal_places=2, default=ZERO)
    warning = models.BooleanField("警告", default=False)
    decision_reasoning = models.TextField("处罚理由及依据", blank=True)
    transferred_to = models.CharField("移送机关", max_length=100, blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices, blank=True)
    service_place = models.CharField("送达地点", max_length=200, blank=True)
    payment_due_on = models.DateField("缴款期限", null=True, blank=True)
    payment_arrangement = models.JSONField("暂缓/分期缴纳", default=dict, blank=True)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    paid_amount = models.DecimalField("已缴罚没款（元）", max_digits=14, decimal_places=2, default=ZERO)
    surcharge = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2, default=ZERO)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    terminated_reason = models.TextField("终止调查理由", blank=True)
    # No-penalty / no-coercion lists.
    exemption = models.JSONField("免罚清单匹配", null=True, blank=True)
    education_record = models.TextField("教育情况", blank=True)
    coercion_waived = models.BooleanField("依清单不予实施行政强制措施", default=False)
    coercion_waived_on = models.DateField("不予实施行政强制措施日期", null=True, blank=True, db_index=True)
    coercion_waiver = models.JSONField("免强制清单匹配", null=True, blank=True)
    ip_mediated = models.BooleanField("知识产权纠纷调解", default=False)
    ip_mediated_on = models.DateField("调解日期", null=True, blank=True, db_index=True)
    ip_mediation_result = models.TextField("调解结果", blank=True)
    serious_list_handover = models.CharField(
        "严重失信名单移交", max_length=16, choices=Handover.choices, blank=True, default=Handover.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚案件"
        indexes = [
            models.Index(fields=["department", "queue_due", "-filed_on", "-id"], name="cases_case_dept_queue"),
            models.Index(fields=["queue_due", "-filed_on", "-id"], name="cases_case_queue"),
            models.Index(fields=["next_role", "queue_due"], name="cases_case_role_queue"),
            models.Index(fields=["department", "state", "handling_due_on"]),
            models.Index(fields=["state", "handling_due_on"]),
            models.Index(fields=["department", "-filed_on"]),
            models.Index(fields=["-filed_on"]),
            models.Index(fields=["decision_kind", "decided_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", kwargs={"pk": self.pk})

    @property
    def state_label(self) -> str:
        return CaseState(self.state).label

    @property
    def amount_total(self) -> Decimal:
        return self.fine + self.confiscation

    @property
    def money_owed(self) -> bool:
        """Something to collect (a fine or a confiscation in money) under the decision."""
        return self.fine + self.confiscation > 0


class Approval(models.Model):
    """One 审批 by the person the rules name: 立案/不予立案 (审批表), extensions, termination, closing …

    ``proposal`` is the handler's opinion (承办人意见) with who/when; ``opinion`` the approver's (审批意见) with
    who/when. A document such as the 立案审批表 prints exactly these records.
    """

    kind = models.CharField("审批事项", max_length=24, choices=ApprovalKind.choices)
    clue = models.ForeignKey(
        Clue, verbose_name="线索", null=True, blank=True, on_delete=models.CASCADE, related_name="approvals"
    )
    case = models.ForeignKey(
        Case, verbose_name="案件", null=True, blank=True, on_delete=models.CASCADE, related_name="approvals"
    )
    status = models.CharField("状态", max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    requested_on = models.DateField("提请日期")
    requested_by = models.ForeignKey(USER, verbose_name="提请人", on_delete=models.PROTECT, related_name="+")
    proposal = models.TextField("承办人意见")
    payload = models.JSONField("审批内容", default=dict, blank=True)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField("审批意见", blank=True)
    citation = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审批记录"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["case", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"


class PartyStatement(models.Model):
    """One 陈述、申辩 of the party after the notice, and the bureau's review of it (行政处罚法 Art. 45)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    received_on = models.DateField("收到日期")
    form = models.CharField("形式", max_length=16, choices=StatementForm.choices)
    content = models.TextField("陈述申辩的事实、理由和证据")
    adoption = models.CharField("复核结论", max_length=16, choices=StatementAdoption.choices)
    review = models.TextField("复核意见及理由")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "陈述申辩记录"
        ordering = ["received_on", "id"]


class Waiver(models.Model):
    """The party's written waiver of the statement and/or hearing rights (dated, with the signed page scanned)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="waivers")
    scope = models.CharField("放弃的权利", max_length=16, choices=WaiverScope.choices)
    signed_on = models.DateField("当事人签署日期")
    signatory = models.CharField("签署人（当事人或其授权代表）", max_length=64)
    file = models.FileField("签名页扫描件", upload_to="cases/waivers/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "放弃陈述申辩、听证权利声明"
        ordering = ["signed_on", "id"]

    @property
    def covers_statement(self) -> bool:
        return self.scope in (WaiverScope.STATEMENT, WaiverScope.ALL)

    @property
    def covers_hearing(self) -> bool:
        return self.scope in (WaiverScope.HEARING, WaiverScope.ALL)


class SummaryRecord(models.Model):
    """简易程序 (当场处罚) facts the 当场行政处罚决定书 states (行政处罚法 Arts. 44, 51–53, 68–71)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="summary")
    place = models.CharField("处罚地点", max_length=200)
    violation_facts = models.TextField("违法事实")
    credentials_shown = models.BooleanField("已出示执法证件", default=False)
    rights_told = models.BooleanField("已告知拟处罚的事实、理由、依据及陈述申辩权", default=False)
    party_stated = models.BooleanField("当事人提出了陈述申辩", default=False)
    party_statement = models.TextField("当事人陈述申辩及采纳情况", blank=True)
    party_signed = models.BooleanField("当事人签收", default=True)
    refusal_note = models.CharField("拒绝签收情况", max_length=300, blank=True)
    collected_on_spot = models.BooleanField("当场收缴罚款", default=False)
    receipt_number = models.CharField("罚款收据编号", max_length=64, blank=True)
    recorded_on = models.DateField("备案日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name="备案接收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "当场处罚记录"


class DateCorrection(models.Model):
    """An audited correction of a recorded step date (a case stuck by a future or out-of-order date)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="date_corrections")
    field = models.CharField("更正的日期", max_length=32)
    old_value = models.DateField("原日期", null=True, blank=True)
    new_value = models.DateField("更正后日期")
    reason = models.TextField("更正理由")
    corrected_on = models.DateField("更正日期")
    corrected_by = models.ForeignKey(USER, verbose_name="批准更正的负责人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "办案日期更正"
        ordering = ["id"]


class LegalReview(models.Model):
    """One 法制审核 of one proposal; the register of reviews feeds ``legal_review.major_decisions``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_reviews")
    stage = models.CharField("阶段", max_length=16, choices=ReviewStage.choices)
    criteria = models.JSONField("适用情形", default=list)
    # True when a criterion of the bureau's 重大执法决定 catalogue applied (not only an uncertainty to confirm).
    major_decision = models.BooleanField("重大执法决定", default=False)
    proposal = models.JSONField("审核的处罚建议", default=dict)
    requested_on = models.DateField("提交日期")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("审核日期", null=True, blank=True, db_index=True)
    opinion = models.CharField("审核意见", max_length=32, choices=ReviewOpinion.choices, blank=True)
    opinion_text = models.TextField("审核意见说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核"
        ordering = ["-id"]


class CollectiveDiscussion(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    held_on = models.DateField("讨论日期")
    attendees = models.TextField("参加人员")
    opinions = models.TextField("讨论意见")
    conclusion = models.TextField("结论")
    extension_days = models.PositiveIntegerField("决定延长办案期限（日）", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "集体讨论"


class Evidence(models.Model):
    """One item of the evidence list (证据清单); the file is optional (paper evidence stays in the case file)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("证据种类", max_length=24, choices=EvidenceKind.choices, default=EvidenceKind.DOCUMENT)
    obtained_on = models.DateField("取得日期", null=True, blank=True)
    description = models.TextField("证明对象", blank=True)
    file = models.FileField("文件", upload_to="cases/evidence/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    audit_sequence = models.BigIntegerField("审计链序号", null=True, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据材料"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文书", max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("日期")
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What the document said when it was issued (e.g. the notified penalty and periods), so that a later change of
    # the proposal never rewrites a document already served.
    snapshot = models.JSONField("出具时内容", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法文书"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"],
                name="cases_document_number_unique",
                condition=models.Q(sequence__isnull=False),
            )
        ]


class Publication(models.Model):
    """行政处罚信息公示 of one decision (masked); due 20 WD after the decision, withdrawn within 3 WD."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="publication")
    status = models.CharField(
        "状态", max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    due_on = models.DateField("公示期限", db_index=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    display_until = models.DateField("公示截止日", null=True, blank=True)
    display_rule = models.JSONField("公示期依据", default=dict, blank=True)
    party_display = models.CharField("当事人（公示）", max_length=200, blank=True)
    summary = models.TextField("公示内容（已脱敏）", blank=True)
    withdrawal_due_on = models.DateField("撤下期限", null=True, blank=True)
    withdrawn_on = models.DateField("撤下日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤下原因", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "处罚信息公示"
        indexes = [models.Index(fields=["status", "published_on"])]
