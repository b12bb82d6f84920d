"""Tracked deadlines (期限) owned by any record, and calendar years entered by an administrator.

A ``TrackedDeadline`` stores the due date with its provenance (rule id, version, citation, status, rulebook
version); the rulebook computes it (``fazhi.rulebook.deadlines.compute_deadline``), never Django code.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "进行中"
    MET = "met", "已完成"
    CANCELLED = "cancelled", "已撤销"


class ExclusionKind(models.TextChoices):
    # The same values as fazhi.rulebook.deadlines.ExclusionKind (the engine checks them against the rule).
    SUSPENSION = "suspension", "中止"
    HEARING = "hearing", "听证"
    TESTING = "testing", "检测检验检疫鉴定"
    PUBLIC_NOTICE = "public_notice", "公告"
    THIRD_PARTY_CONSULTATION = "third_party_consultation", "征求第三方意见"
    REFUND_ORDER = "refund_order", "责令退还多收价款"


class TrackedDeadline(models.Model):
    """One statutory period of one record (a complaint's acceptance period, a case's handling period …).

    ``due_on`` is NULL while a suspension is running (``suspended_since`` set): the clock is stopped and
    ``remaining_frozen`` holds what was left; resuming recomputes the due date (docs/domain/deadlines.md).
    """

    owner_type = models.CharField("所属记录类型", max_length=80)
    owner_id = models.CharField("所属记录编号", max_length=64)
    label = models.CharField("名称", max_length=100, blank=True)
    rule_id = models.CharField("期限规则", max_length=80)
    version = models.CharField("规则版本（施行日）", max_length=10)
    start_on = models.DateField("起算事件日")
    selecting_date = models.DateField("选择规则版本的日期", null=True, blank=True)
    due_on = models.DateField("届满日", null=True, blank=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN)
    met_on = models.DateField("完成日", null=True, blank=True)
    citation = models.CharField("依据", max_length=300)
    citation_url = models.CharField("依据链接", max_length=300, blank=True)
    rule_status = models.CharField("规则核对状态", max_length=16)
    rulebook_version = models.CharField("规则库版本", max_length=40)
    unit = models.CharField("单位", max_length=16)
    length = models.PositiveIntegerField("期限长度")
    trace = models.JSONField("计算过程", default=list)
    extensions = models.JSONField("已批准的延长", default=list, blank=True)
    provisional = models.BooleanField("临时结果（节假日安排未载入）", default=False)
    provisional_reason = models.TextField("临时结果的原因与取值方向", blank=True, default="")
    suspended_since = models.DateField("中止开始日", null=True, blank=True)
    remaining_frozen = models.IntegerField("中止时剩余", null=True, blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        indexes = [
            models.Index(fields=["owner_type", "owner_id"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner_type", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.rule_id} {self.due_on or '中止中'}"

    @property
    def is_suspended(self) -> bool:
        return self.suspended_since is not None

    def is_overdue(self, today: dt.date) -> bool:
        """Open, running (not suspended) and past its due date."""
        return self.status == DeadlineStatus.OPEN and self.due_on is not None and today > self.due_on

    @property
    def unit_label(self) -> str:
        return {"working_days": "个工作日", "natural_days": "日", "months": "个月", "years": "年"}.get(self.unit, "")

    @property
    def rule_status_warning(self) -> bool:
        return self.rule_status != "TEXT"


class DeadlineExclusion(models.Model):
    """An interval left out of the count (both ends inclusive); ``end_on`` is NULL while it runs."""

    deadline = models.ForeignKey(TrackedDeadline, on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField("类型", max_length=32, choices=ExclusionKind.choices)
    start_on = models.DateField("开始日")
    end_on = models.DateField("结束日", null=True, blank=True)
    reason = models.CharField("事由", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "扣除期间"
        verbose_name_plural = "扣除期间"
        ordering = ["deadline_id", "start_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_on}~{self.end_on or '…'}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休（法定节假日）"
    MAKEUP_WORKING = "makeup_working", "班（调休上班日）"


class CalendarYear(models.Model):
    """A year's holiday schedule entered by an administrator; replaces the repository table of that year.

    Only ``complete`` years reach the engine: a half-entered year must not silently count as known.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    instrument = models.CharField("通知名称", max_length=200)
    notice_number = models.CharField("文号", max_length=100, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    status = models.CharField(
        "核对状态",
        max_length=16,
        choices=[("TEXT", "已核对原文"), ("SECONDARY", "二手来源"), ("UNCONFIRMED", "未经确认")],
        default="TEXT",
    )
    last_verified_on = models.DateField("核对日期")
    complete = models.BooleanField("已完整录入", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日安排（数据库录入）"
        verbose_name_plural = "节假日安排（数据库录入）"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"


class CalendarDay(models.Model):
    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=40)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"


class RuleConfirmation(models.Model):
    """The bureau's legal staff confirm one UNCONFIRMED rule value for the bureau (issue 13 §3).

    ``ref`` names the value (``fazhi.rulebook.confirmation``), ``fingerprint`` the content confirmed: when the table
    changes, the fingerprint no longer matches and the value is unconfirmed again. A confirmation is never edited;
    it can be revoked (with reason), and a new one recorded.
    """

    ref = models.CharField("规则值", max_length=300, db_index=True)
    fingerprint = models.CharField("内容指纹", max_length=32)
    label = models.CharField("名称", max_length=300)
    value_text = models.CharField("确认的值", max_length=300)
    citation = models.CharField("依据", max_length=300, blank=True)
    bureau = models.CharField("本局", max_length=100)
    confirmed_on = models.DateField("确认日期")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("核对的原文出处", max_length=500)
    note = models.CharField("说明", max_length=500, blank=True)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revocation_reason = models.CharField("撤销理由", max_length=500, blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "规则确认"
        verbose_name_plural = "规则确认"
        ordering = ["-confirmed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref", "fingerprint"],
                condition=models.Q(revoked_on__isnull=True),
                name="one_active_confirmation_per_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.confirmed_on} 确认）"

    @property
    def active(self) -> bool:
        return self.revoked_on is None
