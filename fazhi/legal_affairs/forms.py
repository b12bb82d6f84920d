"""Forms of the legal-affairs screens; values are checked once, by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.legal_affairs.models import Proposal
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import oversight as rules


def _choices(list_id: str) -> list[tuple[str, str]]:
    return [(i.id, i.label) for i in rules.items(list_id, legal_today())]


class MatterForm(forms.Form):
    department = forms.ModelChoiceField(
        label="委托部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    kind = forms.ChoiceField(label="类别")
    handler_kind = forms.ChoiceField(label="承办人类别")
    handler_name = BoundedTextField(label="承办人", max_length=64)
    title = BoundedTextField(label="事项", max_length=200)
    received_on = StepDateField(label="收到日期")
    completed_on = forms.DateField(label="办结日期（未办结留空）", required=False, widget=DateInput)
    opinion = forms.CharField(
        label="法律意见（办理结果）", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices("legal_affairs.kinds")  # type: ignore[attr-defined]
        self.fields["handler_kind"].choices = _choices("legal_affairs.handlers")  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    on = StepDateField(label="办结日期")
    opinion = BoundedTextField(label="法律意见（办理结果）", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Proposal.KINDS)
    reference = BoundedTextField(label="提案（建议）号", max_length=40)
    title = BoundedTextField(label="案由", max_length=200)
    proposer = BoundedTextField(label="提出人", max_length=100)
    department = forms.ModelChoiceField(
        label="承办部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    assigned_on = StepDateField(label="交办日期")


class ReplyForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    on = StepDateField(label="答复日期")
    text = BoundedTextField(label="答复内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    feedback = forms.ChoiceField(label="提出人反馈", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feedback"].choices = [("", "尚未反馈"), *_choices("proposals.feedback")]  # type: ignore[attr-defined]
