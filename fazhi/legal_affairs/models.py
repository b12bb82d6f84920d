"""法律事务: the register of the matters the bureau's public-sector lawyers (公职律师) and legal counsel (法律顾问)
handle; CPPCC proposals (政协提案) and NPC deputies' suggestions (人大代表建议) with their reply clocks and replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel

USER = settings.AUTH_USER_MODEL


class LegalMatter(models.Model):
    number = models.CharField("登记编号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="委托部门", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=24, db_index=True)
    kind_label = models.CharField("类别（中文）", max_length=60)
    handler_kind = models.CharField("承办人类别", max_length=16)
    handler_kind_label = models.CharField("承办人类别（中文）", max_length=20)
    handler_name = models.CharField("承办人", max_length=64)
    title = models.CharField("事项", max_length=200)
    received_on = models.DateField("收到日期")
    completed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    opinion = models.TextField("法律意见（办理结果）", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "法律事务"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.kind_label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("legal_affairs:matter_detail", kwargs={"pk": self.pk})


class Proposal(RevisionedModel):
    """A CPPCC proposal or NPC suggestion assigned to the bureau, its reply clock and the proposer's feedback."""

    CPPCC, NPC = "cppcc", "npc"
    KINDS = [(CPPCC, "政协提案"), (NPC, "人大代表建议")]

    kind = models.CharField("类别", max_length=8, choices=KINDS)
    reference = models.CharField("提案（建议）号", max_length=40)
    title = models.CharField("案由", max_length=200)
    proposer = models.CharField("提出人", max_length=100)
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField("交办日期", db_index=True)
    reply_rule = models.CharField("答复期限规则", max_length=60)
    reply_due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_late = models.BooleanField("逾期答复", default=False)
    feedback = models.CharField("提出人反馈", max_length=24, blank=True)
    feedback_label = models.CharField("提出人反馈（中文）", max_length=20, blank=True)
    satisfied = models.BooleanField("满意或基本满意", default=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "建议提案"
        ordering = ["-assigned_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference", "assigned_on"], name="legal_affairs_proposal_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("legal_affairs:proposal_detail", kwargs={"pk": self.pk})
