"""投诉举报: one row per complaint (投诉), tip (举报) or redirected matter, with its recorded dates.

A tip is handed over to the cases module as a clue (``clue``): from then on its verification and the 立案 decision
are the clue's (one clock, 市场监督管理行政处罚程序规定 Art. 18), and the tip shows them by reading cases' selectors.

Due dates are stored on the record (``decision_due_on``, ``mediation_due_on`` …) as computed by the pure
deadline engine from the recorded dates, with the rulebook version; ``due_on`` is the next due date of the
open step (NULL when nothing is due) and drives the queues. The explanation (trace) is recomputed from the
recorded dates on the complaint page. Why not TrackedDeadline rows: a 200,000-row import and 1,000,000-row
queues stay single-table (docs/domain/complaints.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.complaints.choices import (
    Category,
    Channel,
    Kind,
    MediationMethod,
    Outcome,
    RespondentKind,
    ReviewAction,
    ReviewOutcome,
    Status,
)
from fazhi.core.crypto import EncryptedTextField
from fazhi.core.revision import RevisionedModel


class Complaint(RevisionedModel):
    number = models.CharField("登记编号", max_length=64, unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField("收到日期")
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # covered by the queue indexes (assignee first)
    )
    officer = models.ForeignKey(
        "registry.Officer",
        verbose_name="承办执法人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # Consumer / reporter: personal data (never on public or respondent-facing output; masked in lists).
    consumer_name = models.CharField("投诉人/举报人姓名", max_length=64, blank=True)
    # Encrypted at rest (issue 14 §10); searched through consumer_key, a keyed blind index.
    consumer_phone = EncryptedTextField("联系电话", max_chars=32, blank=True)
    consumer_id_number = EncryptedTextField("身份证件号码", max_chars=32, blank=True)
    consumer_key = models.CharField("投诉人识别码", max_length=32, blank=True, db_index=False)
    real_name = models.BooleanField("实名", default=True)
    respondent = models.ForeignKey(
        "registry.MarketEntity",
        verbose_name="被投诉（举报）市场主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # covered by complaint_respondent
    )
    respondent_name = models.CharField("被投诉（举报）方名称", max_length=200, blank=True)
    respondent_uscc = models.CharField("被投诉方统一社会信用代码", max_length=18, blank=True)
    respondent_kind = models.CharField(
        "被投诉（举报）方类型", max_length=16, choices=RespondentKind.choices, blank=True
    )
    respondent_address = models.CharField("被投诉（举报）方地址", max_length=300, blank=True)
    category = models.CharField("问题类别", max_length=20, choices=Category.choices, default=Category.OTHER)
    amount_in_dispute = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.TextField("诉求/描述", blank=True)
    # Decision step: acceptance (complaint) or filing decision (tip).
    decision_due_on = models.DateField("决定期限", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    refusal_ground = models.CharField("不予受理事由", max_length=40, blank=True)
    # Mediation.
    mediation_method = models.CharField("调解方式", max_length=16, choices=MediationMethod.choices, blank=True)
    mediation_due_on = models.DateField("调解期限", null=True, blank=True)
    testing_periods = models.JSONField("检测鉴定期间（不计入调解期限）", default=list, blank=True)
    testing_since = models.DateField("检测开始日（进行中）", null=True, blank=True)
    # Closing.
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices, blank=True)
    termination_ground = models.CharField("终止调解事由", max_length=40, blank=True)
    recovered_amount = models.DecimalField("挽回经济损失（元）", max_digits=14, decimal_places=2, default=0)
    result_note = models.TextField("处理情况", blank=True)
    closing_due_on = models.DateField("办结期限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    notice_due_on = models.DateField("告知期限", null=True, blank=True)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    due_on = models.DateField("当前期限", null=True, blank=True)
    rulebook_version = models.CharField("规则库版本", max_length=40, blank=True)
    # Tips: hand-over to the cases module as a clue (移交线索核查); the clue links back by source "tip" + number.
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name="移交的案件线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # looked up from the tip only
    )
    handover_reference = models.CharField("线索编号", max_length=64, blank=True)
    handed_over_on = models.DateField("移交日期", null=True, blank=True)
    # Links.
    linked = models.ForeignKey(
        "self",
        verbose_name="同一来件拆分的另一部分",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复（前次来件）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    merge_reason = models.CharField("合并事由", max_length=300, blank=True)
    redirect_reason = models.CharField("告知其他途径的事由", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Few indexes on purpose: each one slows the 200,000-row import (single-column FK indexes are dropped
        # where a composite index starts with the column; self links are never searched).
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="complaint_assignee_queue"),
            models.Index(fields=["department", "status", "due_on"], name="complaint_department_queue"),
            models.Index(fields=["assignee", "due_on"], name="complaint_assignee_due"),
            models.Index(fields=["department", "due_on"], name="complaint_department_due"),
            models.Index(fields=["received_on"], name="complaint_received"),
            models.Index(fields=["consumer_key", "received_on"], name="complaint_consumer"),
            models.Index(fields=["respondent", "received_on"], name="complaint_respondent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", kwargs={"pk": self.pk})


class LegalReview(models.Model):
    """法制审核 of a step that would refuse a party's request on a rule whose value is UNCONFIRMED (issue 13 §3: a
    guess may propose, never decide alone). The proposed step (``action`` with its ``payload``) takes effect only
    when a legal reviewer confirms it; a rejection sends the record back to ``return_state`` with the opinion."""

    complaint = models.ForeignKey(Complaint, verbose_name="投诉举报", on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField("拟办理步骤", max_length=24, choices=ReviewAction.choices)
    payload = models.JSONField("拟办理内容", default=dict)
    uncertainty = models.JSONField("存疑依据", default=list)
    return_state = models.CharField("退回后的状态", max_length=16, choices=Status.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("提请日期")
    outcome = models.CharField("审核意见", max_length=16, choices=ReviewOutcome.choices, blank=True)
    opinion = models.TextField("审核意见说明", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField("审核日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "投诉举报法制审核"
        indexes = [models.Index(fields=["outcome", "requested_on"], name="complaint_review_open")]

    def __str__(self) -> str:
        return f"{self.complaint.number} {self.action}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="complaints/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name
