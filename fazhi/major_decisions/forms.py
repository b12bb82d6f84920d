"""Forms of the major-decision screens; values are checked once, by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import oversight as rules


class CatalogueForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    year = forms.CharField(label="目录年度", max_length=12)
    title = BoundedTextField(label="决策事项", max_length=200)
    description = forms.CharField(
        label="说明", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    catalogued_on = StepDateField(label="列入目录日期")


class StepForm(forms.Form):
    step = forms.ChoiceField(label="程序")
    started_on = forms.DateField(label="开始日期（公开征求意见、合法性审查必填）", required=False, widget=DateInput)
    ended_on = StepDateField(label="完成日期")
    summary = forms.CharField(
        label="情况（意见采纳、论证结论、风险等级、审查意见、会议纪要）",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dissent = forms.CharField(label="不同意见（集体讨论）", required=False, max_length=2000)
    passed = forms.ChoiceField(
        label="合法性审查结论", choices=[("yes", "合法（通过）"), ("no", "不合法")], initial="yes"
    )
    skip_reason = forms.CharField(label="依法不适用的理由（不履行该程序时填写）", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(i.id, i.label) for i in rules.items("major_decisions.steps", legal_today())]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    on = StepDateField(label="决策日期")
    text = BoundedTextField(label="决策内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    on = StepDateField(label="公布日期")
    channel = BoundedTextField(label="公布途径", max_length=100, initial="东丽区人民政府网站")
