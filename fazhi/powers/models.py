"""权责清单: power items with dated versions, created only by approved adjustment batches (调整函).

A ``PowerItem`` is the identity (its code). Every attribute lives on ``PowerItemVersion`` rows with
``effective_from`` and ``effective_to`` (inclusive last day in force; null = still in force), so the
list can be read as of any date. Versions are written only by ``services.batch_approve``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.powers.choices import BatchStatus, LineAction, PowerCategory

ATTRIBUTE_FIELDS = ("name", "category", "legal_basis", "department", "accountability", "duty_items", "remarks")


class PowerItem(models.Model):
    """The identity of one power: its code never changes; its attributes are versioned."""

    code = models.CharField("事项编码", max_length=64, unique=True)
    created_at = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = "权责事项"
        verbose_name_plural = "权责事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("powers:item", args=[self.code])


class AdjustmentBatch(models.Model):
    """调整函: a numbered, dated set of additions, changes and removals effective from one date."""

    number = models.CharField("调整函文号", max_length=100, unique=True)
    title = models.CharField("标题", max_length=200)
    issued_on = models.DateField("发文日期")
    effective_from = models.DateField("生效日期")
    status = models.CharField("状态", max_length=16, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    source = models.CharField("来源", max_length=200, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "权责清单调整函"
        verbose_name_plural = "权责清单调整函"
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["status", "effective_from"], name="powers_batch_status_from")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == BatchStatus.DRAFT


class AdjustmentLine(models.Model):
    """One line of a batch: add a power, change one (the full new attributes), or remove one."""

    batch = models.ForeignKey(AdjustmentBatch, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("序号")
    action = models.CharField("调整类型", max_length=8, choices=LineAction.choices)
    code = models.CharField("事项编码", max_length=64)
    name = models.CharField("事项名称", max_length=300, blank=True)
    category = models.CharField("职权类别", max_length=16, choices=PowerCategory.choices, blank=True)
    legal_basis = models.JSONField("设定/实施依据", default=list, blank=True)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name="责任科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accountability = models.TextField("追责情形", blank=True)
    duty_items = models.TextField("责任事项", blank=True)
    remarks = models.TextField("备注", blank=True)
    reason = models.TextField("调整理由", blank=True)

    class Meta:
        verbose_name = "调整事项"
        verbose_name_plural = "调整事项"
        ordering = ["batch_id", "position"]
        indexes = [models.Index(fields=["code"], name="powers_line_code")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.code}"


class PowerItemVersion(models.Model):
    """The attributes of one power for a period. ``effective_to`` is the last day in force (inclusive)."""

    item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, related_name="versions")
    batch = models.ForeignKey(AdjustmentBatch, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField("事项名称", max_length=300)
    category = models.CharField("职权类别", max_length=16, choices=PowerCategory.choices)
    legal_basis = models.JSONField("设定/实施依据", default=list)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name="责任科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accountability = models.TextField("追责情形", blank=True)
    duty_items = models.TextField("责任事项", blank=True)
    remarks = models.TextField("备注", blank=True)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效前最后一日", null=True, blank=True)
    ended_by = models.ForeignKey(
        AdjustmentBatch, verbose_name="终止于调整函", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "权责事项版本"
        verbose_name_plural = "权责事项版本"
        ordering = ["item_id", "effective_from"]
        indexes = [
            models.Index(fields=["effective_from", "effective_to"], name="powers_version_period"),
            models.Index(fields=["item", "effective_from"], name="powers_version_item_from"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "effective_from"], name="powers_version_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="powers_version_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.name}（{self.effective_from}起）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("powers:item", args=[self.item.code])

    @property
    def code(self) -> str:
        return self.item.code

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def legal_basis_text(self) -> str:
        return format_legal_basis(self.legal_basis)


def format_legal_basis(entries: list[dict]) -> str:
    """``[{instrument, articles}]`` → "《…》第…条；《…》第…条"."""
    parts = []
    for e in entries or []:
        instrument = e.get("instrument", "")
        if instrument and not instrument.startswith("《"):
            instrument = f"《{instrument}》"
        parts.append(f"{instrument}{e.get('articles', '')}")
    return "；".join(parts)
