"""Registers of 行政复议 (the bureau as respondent) and 行政诉讼 (the bureau as defendant): the contested act,
the clock for the answer (a tracked deadline from the rulebook, with a copy of its due date here for lists), the
materials submitted, the hearings with the head's appearance, and the outcome with its legal consequence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.revision import RevisionedModel
from fazhi.remedies.choices import (
    ActKind,
    HearingKind,
    Instance,
    PartyKind,
    Proceeding,
    ReconsiderationProcedure,
    Status,
    SubmissionKind,
)

USER = settings.AUTH_USER_MODEL


class Matter(RevisionedModel):
    """What a reconsideration and a lawsuit have in common (abstract)."""

    number = models.CharField("登记编号", max_length=40, unique=True)
    department = models.ForeignKey(
        "registry.Department", verbose_name="承办部门", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="被诉（被申请）的处罚案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    act_kind = models.CharField("行政行为类别", max_length=16, choices=ActKind.choices)
    act_description = models.CharField("被申请复议（被诉）的行政行为", max_length=300)
    act_reference = models.CharField("文书编号或来件编号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED)
    answer_rule = models.CharField("答复期限规则", max_length=80)
    answer_due_on = models.DateField("答复（答辩）期限", null=True, blank=True, db_index=True)
    answered_on = models.DateField("答复（答辩）日期", null=True, blank=True)
    filing_note = models.CharField("申请（起诉）期限提示", max_length=300, blank=True)
    outcome = models.CharField("结果", max_length=32, blank=True)
    outcome_label = models.CharField("结果（中文）", max_length=60, blank=True)
    outcome_citation = models.CharField("结果依据", max_length=200, blank=True)
    outcome_status = models.CharField("依据核实状态", max_length=16, blank=True)
    corrects = models.BooleanField("纠错", default=False)
    decided_on = models.DateField("决定（裁判）日期", null=True, blank=True, db_index=True)
    known_on = models.DateField("收到决定书（裁判文书）日期", null=True, blank=True)
    outcome_document = models.CharField("决定书（裁判文书）文号", max_length=100, blank=True)
    outcome_note = models.TextField("结果说明", blank=True)
    publicity_withdrawn_on = models.DateField("撤回处罚公示日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Reconsideration(Matter):
    """行政复议: the bureau is the respondent (被申请人)."""

    applicant_name = models.CharField("申请人", max_length=200)
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=PartyKind.choices)
    reviewing_body = models.CharField("复议机关", max_length=100)
    reviewing_number = models.CharField("复议机关案号", max_length=100, blank=True)
    procedure = models.CharField(
        "审理程序", max_length=16, choices=ReconsiderationProcedure.choices, default=ReconsiderationProcedure.ORDINARY
    )
    applied_on = models.DateField("申请日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    copy_received_on = models.DateField("收到申请书副本日期", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议案件"
        ordering = ["-copy_received_on", "-id"]
        indexes = [models.Index(fields=["department", "status", "answer_due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    def get_absolute_url(self) -> str:
        return reverse("remedies:reconsideration_detail", kwargs={"pk": self.pk})


class Lawsuit(Matter):
    """行政诉讼: the bureau is the defendant (被告)."""

    plaintiff_name = models.CharField("原告", max_length=200)
    plaintiff_kind = models.CharField("原告类型", max_length=16, choices=PartyKind.choices)
    court = models.CharField("受理法院", max_length=100)
    court_case_number = models.CharField("案号", max_length=100, blank=True)
    instance = models.CharField("审级", max_length=16, choices=Instance.choices, default=Instance.FIRST)
    reconsideration = models.ForeignKey(
        Reconsideration,
        verbose_name="经复议的复议案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lawsuits",
    )
    co_defendant = models.CharField("共同被告", max_length=100, blank=True)
    filed_on = models.DateField("立案日期", null=True, blank=True)
    complaint_received_on = models.DateField("收到起诉状副本日期", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政诉讼案件"
        ordering = ["-complaint_received_on", "-id"]
        indexes = [models.Index(fields=["department", "status", "answer_due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.plaintiff_name}"

    def get_absolute_url(self) -> str:
        return reverse("remedies:lawsuit_detail", kwargs={"pk": self.pk})


class Submission(models.Model):
    """Materials submitted to the reviewing body or the court (answer, evidence, basis …)."""

    reconsideration = models.ForeignKey(
        Reconsideration, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    lawsuit = models.ForeignKey(Lawsuit, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField("材料类别", max_length=16, choices=SubmissionKind.choices)
    title = models.CharField("材料名称", max_length=200)
    items = models.PositiveIntegerField("件数", default=1)
    submitted_on = models.DateField("提交日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "提交材料"
        ordering = ["submitted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reconsideration__isnull=False, lawsuit__isnull=True)
                | models.Q(reconsideration__isnull=True, lawsuit__isnull=False),
                name="remedies_submission_one_owner",
            )
        ]


class Hearing(models.Model):
    """A reconsideration hearing or a court session, with the head's appearance (who, or why not and who instead)."""

    reconsideration = models.ForeignKey(
        Reconsideration, null=True, blank=True, on_delete=models.CASCADE, related_name="hearings"
    )
    lawsuit = models.ForeignKey(Lawsuit, null=True, blank=True, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField("类别", max_length=16, choices=HearingKind.choices)
    held_on = models.DateField("日期", db_index=True)
    place = models.CharField("地点", max_length=200, blank=True)
    head_duty = models.CharField("负责人出庭（参加听证）义务的依据", max_length=200, blank=True)
    court_notified_head = models.BooleanField("人民法院通知负责人出庭", default=False)
    head_appeared = models.BooleanField("负责人出庭", default=False)
    head_user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    head_name = models.CharField("出庭负责人", max_length=64, blank=True)
    head_position = models.CharField("负责人职务类别", max_length=32, blank=True)
    absence_reason = models.CharField("不能出庭的理由", max_length=32, blank=True)
    absence_explanation = models.CharField("理由说明", max_length=300, blank=True)
    delegate_name = models.CharField("委托出庭的工作人员", max_length=100, blank=True)
    staff_observers = models.PositiveIntegerField("组织旁听庭审的国家工作人员（人）", default=0)
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "听证、开庭"
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reconsideration__isnull=False, lawsuit__isnull=True)
                | models.Q(reconsideration__isnull=True, lawsuit__isnull=False),
                name="remedies_hearing_one_owner",
            )
        ]

    @property
    def proceeding(self) -> str:
        return Proceeding.RECONSIDERATION if self.reconsideration_id else Proceeding.LITIGATION

    def __str__(self) -> str:
        matter = self.reconsideration or self.lawsuit
        number = matter.number if matter is not None else ""
        if self.head_appeared:
            who = f"负责人{self.head_name}出庭" if self.lawsuit_id else f"负责人{self.head_name}参加"
        else:
            who = f"负责人未出庭，委托{self.delegate_name}" if self.delegate_name else "负责人未出庭"
        return f"{number} {self.held_on:%Y年%m月%d日}{self.get_kind_display()}（{who}）"

    def get_absolute_url(self) -> str:
        if self.reconsideration_id:
            return reverse("remedies:reconsideration_detail", kwargs={"pk": self.reconsideration_id})
        return reverse("remedies:lawsuit_detail", kwargs={"pk": self.lawsuit_id})
