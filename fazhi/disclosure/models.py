"""政府信息公开: requests (依申请公开) with their receipt date, clocks and reply, and the proactive disclosure
catalogue (主动公开目录). The reply clock is a tracked deadline (rule ``disclosure.reply``); a copy of its due date is
kept here for lists and queues, updated by the services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.crypto import EncryptedTextField
from fazhi.core.revision import RevisionedModel
from fazhi.disclosure.workflow import STATE_LABELS, State

USER = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    RECEIVED = State.RECEIVED.value, STATE_LABELS[State.RECEIVED]
    AWAITING_CORRECTION = State.AWAITING_CORRECTION.value, STATE_LABELS[State.AWAITING_CORRECTION]
    CONSULTING = State.CONSULTING.value, STATE_LABELS[State.CONSULTING]
    REPLIED = State.REPLIED.value, STATE_LABELS[State.REPLIED]


class DisclosureRequest(RevisionedModel):
    """One application for government information (依申请公开)."""

    number = models.CharField("申请编号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField("申请人", max_length=200)
    applicant_kind = models.CharField("申请人类型", max_length=32)
    applicant_kind_label = models.CharField("申请人类型（中文）", max_length=40)
    # Personal data (PIPL): encrypted at rest (issue 14 §10), masked on the page until the audited reveal.
    contact = EncryptedTextField("联系方式", max_chars=100, blank=True)
    channel = models.CharField("提交渠道", max_length=32)
    channel_label = models.CharField("提交渠道（中文）", max_length=60)
    submitted_on = models.DateField("申请人提交（寄出）日期")
    received_on = models.DateField("收到申请之日", db_index=True)
    receipt_rule = models.CharField("收到日的依据", max_length=300)
    content = models.TextField("申请公开的政府信息")
    purpose = models.CharField("用途说明", max_length=300, blank=True)
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.RECEIVED)
    reply_due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    correction_requested_on = models.DateField("告知补正日期", null=True, blank=True)
    correction_text = models.CharField("需补正的事项", max_length=500, blank=True)
    corrected_on = models.DateField("收到补正申请之日", null=True, blank=True)
    consulted_party = models.CharField("征求意见的第三方（机关）", max_length=200, blank=True)
    consultation_started_on = models.DateField("征求意见日期", null=True, blank=True)
    consultation_ended_on = models.DateField("收到意见（期满）日期", null=True, blank=True)
    consultation_opinion = models.CharField("第三方意见", max_length=300, blank=True)
    extended_on = models.DateField("延长答复期限日期", null=True, blank=True)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    extension_approved_by = models.ForeignKey(
        USER, verbose_name="同意延长的负责人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_type = models.CharField("答复类型", max_length=40, blank=True)
    reply_type_label = models.CharField("答复类型（中文）", max_length=100, blank=True)
    reply_group = models.CharField("答复类别", max_length=20, blank=True, db_index=True)
    reply_citation = models.CharField("答复依据", max_length=200, blank=True)
    reply_text = models.TextField("答复内容（理由、获取方式）", blank=True)
    reply_number = models.CharField("答复书文号", max_length=60, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    replied_late = models.BooleanField("逾期答复", default=False)
    replied_by = models.ForeignKey(
        USER, verbose_name="答复经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["department", "status", "reply_due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:request_detail", kwargs={"pk": self.pk})


class ProactiveDocument(RevisionedModel):
    """An entry of the proactive disclosure catalogue (主动公开目录): what was published, when, under which
    category; the 20-working-day publication period (Art. 26) is checked against the date the information arose."""

    number = models.CharField("索引号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="发布部门", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    category = models.CharField("类别", max_length=32, db_index=True)
    category_label = models.CharField("类别（中文）", max_length=60)
    document_number = models.CharField("文号", max_length=60, blank=True)
    summary = models.TextField("内容概要", blank=True)
    formed_on = models.DateField("信息形成（变更）日期")
    published_on = models.DateField("公开日期", db_index=True)
    due_on = models.DateField("应公开期限", null=True, blank=True)
    published_late = models.BooleanField("逾期公开", default=False)
    due_rule = models.CharField("期限依据", max_length=200, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回理由", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "主动公开目录"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:document_detail", kwargs={"pk": self.pk})


class AnnualReport(RevisionedModel):
    """The bureau's 政府信息公开工作年度报告 of one year (条例 Art. 49–50). Art. 49: submitted to the competent
    department of the same level and published 每年1月31日前 for the previous year — a tracked deadline (rule
    ``disclosure.annual_report``) opened per report year; recording the submission and publication closes it.
    ``due_on`` copies the deadline's due date for lists (``deadline_copies``)."""

    year = models.PositiveIntegerField("报告年度", unique=True)
    due_on = models.DateField("提交并公布期限", null=True, blank=True, db_index=True)
    submitted_on = models.DateField("提交主管部门日期", null=True, blank=True)
    submitted_to = models.CharField("提交对象（政府信息公开工作主管部门）", max_length=100, blank=True)
    published_on = models.DateField("向社会公布日期", null=True, blank=True)
    published_where = models.CharField("公布渠道（网站栏目或网址）", max_length=300, blank=True)
    published_late = models.BooleanField("逾期", default=False)
    published_by = models.ForeignKey(
        USER, verbose_name="登记公布的人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(USER, verbose_name="登记期限的人员", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:report") + f"?year={self.year}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None
