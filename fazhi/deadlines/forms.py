"""Forms: the public deadline calculator and the administrator's calendar-year entry."""

from __future__ import annotations

import datetime as dt

from django import forms

from fazhi.core.validation import BoundedTextField, StepDateField
from fazhi.deadlines.calendar_data import parse_day_lines
from fazhi.deadlines.models import ExclusionKind
from fazhi.rulebook.deadlines import list_rules

SUSPENSION_ROWS = 3


def rule_choices(today: dt.date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules grouped by the instrument of their newest version, by their Chinese names (the id stays the value: a
    name is unique within its instrument, tested)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for rule in list_rules():
        instrument = rule.versions[-1].citation.instrument
        groups.setdefault(instrument, []).append((rule.id, rule.name))
    return [(name, sorted(items, key=lambda i: i[1])) for name, items in sorted(groups.items())]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CalculatorForm(forms.Form):
    rule = forms.ChoiceField(label="期限规则", choices=())
    start = forms.DateField(label="起算事件日（当日不计入）", widget=DateInput())
    extend = forms.BooleanField(label="已批准延长（按该规则的第一种延长方式）", required=False)
    extension_length = forms.IntegerField(
        label="批准延长的天数（仅当延长长度由审批人确定时填写）", required=False, min_value=1, max_value=3650
    )
    as_of = forms.DateField(label="查看进度的日期（默认今天）", required=False, widget=DateInput())
    provisional = forms.BooleanField(label="节假日安排未公布的年份按法定节日临时计算", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "请选择…"), *rule_choices()]
        for i in range(1, SUSPENSION_ROWS + 1):
            self.fields[f"suspend_start_{i}"] = forms.DateField(
                label=f"扣除期间 {i} 开始（中止、听证、检测等，含当日）", required=False, widget=DateInput()
            )
            self.fields[f"suspend_end_{i}"] = forms.DateField(
                label=f"扣除期间 {i} 结束（含当日）", required=False, widget=DateInput()
            )
            self.fields[f"suspend_kind_{i}"] = forms.ChoiceField(
                label=f"扣除期间 {i} 类型", required=False, choices=[("", "请选择…"), *ExclusionKind.choices]
            )

    def suspension_rows(self):
        return [
            (self[f"suspend_start_{i}"], self[f"suspend_end_{i}"], self[f"suspend_kind_{i}"])
            for i in range(1, SUSPENSION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        intervals = []
        for i in range(1, SUSPENSION_ROWS + 1):
            start, end = data.get(f"suspend_start_{i}"), data.get(f"suspend_end_{i}")
            kind = data.get(f"suspend_kind_{i}")
            if start and end:
                if end < start:
                    self.add_error(f"suspend_end_{i}", "结束日不能早于开始日")
                if not kind:
                    self.add_error(f"suspend_kind_{i}", "请选择扣除期间的类型（法律只扣除列明的期间）")
                intervals.append((start, end, kind))
            elif start or end:
                self.add_error(f"suspend_end_{i}" if start else f"suspend_start_{i}", "请同时填写开始日和结束日")
        data["intervals"] = intervals
        return data


class CalendarYearForm(forms.Form):
    instrument = forms.CharField(label="通知名称", max_length=200)
    notice_number = forms.CharField(label="文号", max_length=100, required=False)
    url = forms.URLField(label="链接", max_length=300, required=False, assume_scheme="https")
    status = forms.ChoiceField(
        label="核对状态",
        choices=[("TEXT", "已核对原文"), ("SECONDARY", "二手来源"), ("UNCONFIRMED", "未经确认")],
        initial="TEXT",
    )
    last_verified_on = forms.DateField(label="核对日期", widget=DateInput())
    days = forms.CharField(
        label="节假日与调休上班日（每行一天：日期 节日名称 休/班）",
        widget=forms.Textarea(attrs={"rows": 16, "placeholder": "2027-01-01 元旦 休\n2027-02-07 春节 班"}),
    )
    complete = forms.BooleanField(
        label="本年安排已完整录入（勾选后参与期限计算，并重算所有进行中的期限）", required=False
    )

    def __init__(self, *args, year: int, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def clean_days(self):
        days, errors = parse_day_lines(self.cleaned_data["days"], self.year)
        if errors:
            raise forms.ValidationError(errors)
        return days


class RuleConfirmForm(forms.Form):
    """法制审核人员确认一个未经确认的规则值：核对的原文出处、确认日期、说明。"""

    ref = forms.CharField(widget=forms.HiddenInput, max_length=300)
    source = BoundedTextField(
        label="核对的原文出处（文件名称、文号、条款，或官方网址）",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed_on = StepDateField(label="确认日期")
    note = BoundedTextField(label="说明（可选）", max_length=500, required=False)


class RuleRevokeForm(forms.Form):
    reason = BoundedTextField(label="撤销理由", max_length=500)
    revoked_on = StepDateField(label="撤销日期")
