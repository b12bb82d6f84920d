"""Forms of the reconsideration and litigation screens; values are checked once, by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.models import User
from fazhi.core.roles import Role
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.registry import selectors as registry_selectors
from fazhi.remedies.choices import ActKind, Instance, PartyKind, ReconsiderationProcedure, SubmissionKind
from fazhi.remedies.services import RECONSIDERATION_BODY
from fazhi.rulebook import remedies as rules


class Revisioned(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class MatterForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    act_kind = forms.ChoiceField(label="行政行为类别", choices=ActKind.choices)
    case_number = forms.CharField(label="处罚案件编号或决定书文号（行政处罚决定时填写）", required=False, max_length=60)
    act_description = BoundedTextField(label="被申请复议（被诉）的行政行为", max_length=300)
    act_reference = forms.CharField(label="文书编号或来件编号", required=False, max_length=100)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and getattr(user, "department_id", None) and user.role == Role.SECTION_CHIEF:
            self.fields["department"].initial = user.department_id


class ReconsiderationForm(MatterForm):
    applicant_name = BoundedTextField(label="申请人", max_length=200)
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=PartyKind.choices)
    reviewing_body = BoundedTextField(label="复议机关", max_length=100, initial=RECONSIDERATION_BODY)
    reviewing_number = forms.CharField(label="复议机关案号", required=False, max_length=100)
    procedure = forms.ChoiceField(label="审理程序", choices=ReconsiderationProcedure.choices)
    applied_on = forms.DateField(label="申请日期", widget=DateInput)
    accepted_on = forms.DateField(label="受理日期", widget=DateInput, required=False)
    copy_received_on = StepDateField(label="收到申请书副本日期")


class LawsuitForm(MatterForm):
    plaintiff_name = BoundedTextField(label="原告", max_length=200)
    plaintiff_kind = forms.ChoiceField(label="原告类型", choices=PartyKind.choices)
    court = BoundedTextField(label="受理法院", max_length=100, initial="天津市东丽区人民法院")
    court_case_number = forms.CharField(label="案号", required=False, max_length=100)
    instance = forms.ChoiceField(label="审级", choices=Instance.choices)
    reconsideration_number = forms.CharField(label="经复议的，复议案件登记编号", required=False, max_length=40)
    co_defendant = forms.CharField(label="共同被告（复议维持的，复议机关）", required=False, max_length=100)
    filed_on = forms.DateField(label="法院立案日期", widget=DateInput, required=False)
    complaint_received_on = StepDateField(label="收到起诉状副本日期")


class SubmitForm(Revisioned):
    kind = forms.ChoiceField(label="材料类别", choices=SubmissionKind.choices)
    title = BoundedTextField(label="材料名称", max_length=200)
    items = forms.CharField(label="件数", initial="1", max_length=12)
    submitted_on = StepDateField(label="提交日期")
    note = forms.CharField(label="说明", required=False, max_length=300)


class HearingForm(forms.Form):
    held_on = StepDateField(label="开庭（听证）日期")
    place = forms.CharField(label="地点", required=False, max_length=200)
    court_notified_head = forms.BooleanField(label="人民法院通知负责人出庭", required=False)
    head_appeared = forms.BooleanField(label="负责人出庭（参加听证）", required=False)
    head_user = forms.ModelChoiceField(label="出庭的局领导", queryset=User.objects.none(), required=False)
    head_name = forms.CharField(label="出庭负责人姓名（非系统用户时填写）", required=False, max_length=64)
    head_position = forms.ChoiceField(label="负责人职务类别", required=False)
    absence_reason = forms.ChoiceField(label="负责人不能出庭的理由", required=False)
    absence_explanation = forms.CharField(label="理由说明", required=False, max_length=300)
    delegate_name = forms.CharField(label="委托出庭的工作人员", required=False, max_length=100)
    staff_observers = forms.CharField(label="组织旁听庭审的国家工作人员（人）", initial="0", max_length=12)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = legal_today()
        self.fields["head_user"].queryset = User.objects.filter(role=Role.LEADER, is_active=True)  # type: ignore[attr-defined]
        self.fields["head_position"].choices = [("", "—"), *[(p.id, p.label) for p in rules.head_positions(today)]]  # type: ignore[attr-defined]
        self.fields["absence_reason"].choices = [("", "—"), *[(r.id, r.label) for r in rules.absence_reasons(today)]]  # type: ignore[attr-defined]


class ConcludeForm(Revisioned):
    outcome = forms.ChoiceField(label="结果")
    decided_on = StepDateField(label="决定（裁判）日期")
    known_on = StepDateField(label="收到决定书（裁判文书）日期")
    withdraw_on = StepDateField(
        label="撤回处罚公示日期（被撤销、变更、确认违法或无效时；默认收到之日）", required=False
    )
    outcome_document = forms.CharField(label="决定书（裁判文书）文号", required=False, max_length=100)
    note = forms.CharField(label="结果说明", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args: Any, proceeding: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seen: dict[str, str] = {}
        for version in rules.default_tables().outcomes:
            if version.proceeding == proceeding:
                seen.setdefault(version.id, version.label)
        self.fields["outcome"].choices = list(seen.items())  # type: ignore[attr-defined]
