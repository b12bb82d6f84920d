from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from fazhi.complaints.choices import Category, Channel, MediationMethod, Outcome, TipDecision
from fazhi.rulebook import complaints as grounds

DATE = forms.DateInput(attrs={"type": "date"})

KIND_CHOICES = [
    ("complaint", "投诉（请求调解消费纠纷）"),
    ("tip", "举报（反映涉嫌违法行为）"),
    ("both", "既投诉又举报（拆分为两件分别办理）"),
    ("not_covered", "不属于投诉举报（告知其他途径）"),
]


def ground_choices(kind: str, received_on: dt.date) -> list[tuple[str, str]]:
    try:
        version = grounds.grounds_on(kind, received_on)
    except Exception:
        return []
    return [(g.id, f"{g.text}（{g.article}）") for g in version.grounds]


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES, widget=forms.RadioSelect, initial="complaint")
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices, initial=Channel.PLATFORM_12315)
    received_on = forms.DateField(label="收到日期", widget=DATE)
    consumer_name = forms.CharField(label="投诉人/举报人姓名", max_length=64, required=False)
    consumer_phone = forms.CharField(label="联系电话", max_length=32, required=False)
    consumer_id_number = forms.CharField(label="身份证件号码", max_length=32, required=False)
    real_name = forms.BooleanField(label="实名（举报人同意留名）", required=False, initial=True)
    respondent_name = forms.CharField(label="被投诉（举报）方名称", max_length=200, required=False)
    respondent_uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    category = forms.ChoiceField(label="问题类别", choices=Category.choices)
    amount_in_dispute = forms.DecimalField(label="涉及金额（元）", required=False, min_value=0, decimal_places=2)
    description = forms.CharField(label="诉求/描述", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    redirect_reason = forms.ChoiceField(
        label="不属于投诉举报的事由",
        required=False,
        choices=[("", "—")] + ground_choices("not_covered", dt.date(2023, 1, 1)),
    )
    attachment = forms.FileField(label="附件", required=False)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class RefuseForm(DateForm):
    ground = forms.ChoiceField(label="不予受理事由", choices=())
    note = forms.CharField(label="说明", required=False, max_length=500)

    def __init__(self, *args: Any, received_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["ground"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = ground_choices("refusal", received_on)


class MediationStartForm(forms.Form):
    method = forms.ChoiceField(label="调解方式", choices=MediationMethod.choices, widget=forms.RadioSelect)


class CloseForm(DateForm):
    outcome = forms.ChoiceField(label="处理结果", choices=Outcome.choices, widget=forms.RadioSelect)
    recovered_amount = forms.DecimalField(label="挽回经济损失（元）", required=False, min_value=0, decimal_places=2)
    termination_ground = forms.ChoiceField(label="终止调解事由", required=False, choices=())
    note = forms.CharField(label="调解记录", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, received_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["termination_ground"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [("", "—")] + ground_choices("termination", received_on)


class DecideForm(DateForm):
    decision = forms.ChoiceField(label="决定", choices=TipDecision.choices, widget=forms.RadioSelect)


class MergeForm(forms.Form):
    into = forms.CharField(label="合并至（登记编号）", max_length=64)
    ground = forms.ChoiceField(label="合并事由", choices=())
    note = forms.CharField(label="理由", max_length=250)

    def __init__(self, *args: Any, received_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["ground"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = ground_choices("merge", received_on)
