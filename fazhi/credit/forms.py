"""Forms of the credit screens that run a service through ``fazhi.core.views.run_form`` (the revocation flow)."""

from __future__ import annotations

from django import forms

from fazhi.core.validation import BoundedTextField, StepDateField
from fazhi.credit.revocation import EVIDENCE_MAX, OPINION_MAX


class RevocationProposeForm(forms.Form):
    evidence = BoundedTextField(
        label="调查核实情况与证据", max_length=EVIDENCE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    on = StepDateField(label="提出日期")


class RevocationStepForm(forms.Form):
    """One step on an existing revocation: the revision the page showed (two people never both succeed)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LegalReviewForm(RevocationStepForm):
    opinion = BoundedTextField(label="法制审核意见", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    on = StepDateField(label="审核日期")


class ResubmitForm(RevocationStepForm):
    evidence = BoundedTextField(
        label="补充后的调查核实情况与证据", max_length=EVIDENCE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    on = StepDateField(label="重新提交日期")


class WithdrawForm(RevocationStepForm):
    reason = BoundedTextField(label="撤回理由", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(RevocationStepForm):
    note = BoundedTextField(
        label="局领导意见（不予批准时必填）",
        max_length=OPINION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = StepDateField(label="批准日期")
