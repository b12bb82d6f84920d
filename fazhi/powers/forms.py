from __future__ import annotations

from django import forms

from fazhi.powers.choices import LineAction, PowerCategory


class DateInput(forms.DateInput):
    input_type = "date"


class ListFilterForm(forms.Form):
    q = forms.CharField(label="编码或名称", required=False)
    category = forms.ChoiceField(label="职权类别", required=False, choices=[("", "全部"), *PowerCategory.choices])
    department = forms.TypedChoiceField(label="责任科室", required=False, coerce=int, empty_value=None)
    on = forms.DateField(label="有效日期", required=False, widget=DateInput)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "全部"), *departments]


class DiffForm(forms.Form):
    from_date = forms.DateField(label="起始日期", widget=DateInput)
    to_date = forms.DateField(label="截止日期", widget=DateInput)


class BatchForm(forms.Form):
    number = forms.CharField(label="调整函文号", max_length=100)
    title = forms.CharField(label="标题", max_length=200)
    issued_on = forms.DateField(label="发文日期", widget=DateInput)
    effective_from = forms.DateField(label="生效日期", widget=DateInput)


class LineForm(forms.Form):
    action = forms.ChoiceField(label="调整类型", choices=LineAction.choices)
    code = forms.CharField(label="事项编码", max_length=64)
    name = forms.CharField(label="事项名称", max_length=300, required=False)
    category = forms.ChoiceField(label="职权类别", required=False, choices=[("", "—"), *PowerCategory.choices])
    legal_basis = forms.CharField(
        label="设定依据", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：《中华人民共和国食品安全法》第一百二十四条；多项用“；”分隔",
    )  # fmt: skip
    department = forms.TypedChoiceField(label="责任科室", required=False, coerce=int, empty_value=None)
    accountability = forms.CharField(label="追责情形", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    duty_items = forms.CharField(label="责任事项", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    remarks = forms.CharField(label="备注", required=False)
    reason = forms.CharField(label="调整理由", required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *departments]


class DecisionForm(forms.Form):
    note = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(widget=forms.HiddenInput)
