"""Forms of the disclosure screens; values are checked once, by the services (choices come from the rulebook)."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.roles import Role
from fazhi.core.validation import BoundedTextField, StepDateField
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import oversight as rules


def _choices(list_id: str) -> list[tuple[str, str]]:
    return [(i.id, i.label) for i in rules.items(list_id, legal_today())]


class Revisioned(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class RequestForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    applicant_name = BoundedTextField(label="申请人", max_length=200)
    applicant_kind = forms.ChoiceField(label="申请人类型")
    contact = forms.CharField(label="联系方式（不公开）", required=False, max_length=100)
    channel = forms.ChoiceField(label="提交渠道")
    submitted_on = StepDateField(label="申请人提交（寄出）日期")
    received_on = StepDateField(label="收到申请之日（当面：提交日；挂号邮寄：签收日；平信、网络、传真：确认日）")
    content = BoundedTextField(label="申请公开的政府信息", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    purpose = forms.CharField(label="用途说明", required=False, max_length=300)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = _choices("disclosure.applicant_kinds")  # type: ignore[attr-defined]
        self.fields["channel"].choices = _choices("disclosure.channels")  # type: ignore[attr-defined]
        if (
            user is not None
            and getattr(user, "department_id", None)
            and user.role in (Role.SECTION_CHIEF, Role.OFFICER)
        ):
            self.fields["department"].initial = user.department_id


class CorrectionForm(Revisioned):
    on = StepDateField(label="告知补正日期")
    text = BoundedTextField(label="需补正的事项（一次性告知）", max_length=500)


class CorrectedForm(Revisioned):
    on = StepDateField(label="收到补正申请之日")


class ConsultForm(Revisioned):
    party = BoundedTextField(label="征求意见的第三方（机关）", max_length=200)
    on = StepDateField(label="征求意见日期")


class ConsultedForm(Revisioned):
    on = StepDateField(label="收到意见（期满）日期")
    opinion = BoundedTextField(label="第三方意见", max_length=300)


class ExtendForm(Revisioned):
    on = StepDateField(label="延长日期")
    reason = BoundedTextField(label="延长理由（告知申请人）", max_length=300)


class ReplyForm(Revisioned):
    reply_type = forms.ChoiceField(label="答复类型")
    on = StepDateField(label="答复日期")
    text = BoundedTextField(
        label="答复内容（理由、获取方式）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply_type"].choices = _choices("disclosure.reply_types")  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    on = StepDateField(label="撤回日期")
    reason = BoundedTextField(label="撤回理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    department = forms.ModelChoiceField(
        label="发布部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    title = BoundedTextField(label="标题", max_length=200)
    category = forms.ChoiceField(label="类别")
    document_number = forms.CharField(label="文号", required=False, max_length=60)
    formed_on = StepDateField(label="信息形成（变更）日期")
    published_on = StepDateField(label="公开日期")
    summary = forms.CharField(
        label="内容概要", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _choices("disclosure.proactive_categories")  # type: ignore[attr-defined]
        if user is not None and getattr(user, "department_id", None) and user.role == Role.SECTION_CHIEF:
            self.fields["department"].initial = user.department_id


class AnnualReportPublishForm(Revisioned):
    submitted_on = StepDateField(label="提交主管部门日期")
    submitted_to = BoundedTextField(label="提交对象（本级政府信息公开工作主管部门）", max_length=100)
    published_on = StepDateField(label="向社会公布日期")
    published_where = BoundedTextField(label="公布渠道（网站栏目或网址）", max_length=300)
