"""Forms of the complaints screens. Every field uses ``fazhi.core.validation`` (the same rule as the API and the
importer), so a bad USCC, ``1e400`` or an overlong name is a Chinese field error, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from fazhi.complaints.choices import Category, Channel, MediationMethod, RespondentKind
from fazhi.core import validation
from fazhi.core.errors import DomainError
from fazhi.core.revision import parse_revision
from fazhi.rulebook import complaints as grounds
from fazhi.rulebook.errors import RulebookError

KIND_CHOICES = [
    ("complaint", "投诉（请求调解消费纠纷）"),
    ("tip", "举报（反映涉嫌违法行为）"),
    ("both", "既投诉又举报（拆分为两件分别办理）"),
    ("not_covered", "不属于投诉举报（告知其他途径）"),
]


def ground_choices(kind: str, received_on: dt.date) -> list[tuple[str, str]]:
    """The legal grounds of ``kind`` in force on the day of receipt, each with its article and certainty."""
    try:
        version = grounds.grounds_on(kind, received_on)
    except RulebookError:
        return []  # e.g. no merge ground before Order No. 121: the form offers none, the service refuses
    return [
        (
            g.id,
            f"{g.text}（{g.article}）" + ("【条文未经确认，须经法制审核】" if g.status.value == "UNCONFIRMED" else ""),
        )
        for g in version.grounds
    ]


class ChineseForm(forms.Form):
    """The base of this app's forms. Labels end in "：" project-wide (fazhi/core/locale overrides Django's ":"),
    so nothing is set here."""


class StepForm(ChineseForm):
    """A step on one record: carries the revision the page showed (stale edits are refused by the service)."""

    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_revision(self) -> int | None:
        try:
            return parse_revision(self.cleaned_data.get("revision"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class IntakeForm(ChineseForm):
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES, widget=forms.RadioSelect, initial="complaint")
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices, initial=Channel.PLATFORM_12315)
    received_on = validation.StepDateField(label="收到日期")
    consumer_name = validation.BoundedTextField(label="投诉人/举报人姓名", max_length=64, required=False)
    consumer_phone = validation.BoundedTextField(label="联系电话", max_length=32, required=False)
    consumer_id_number = validation.BoundedTextField(label="身份证件号码", max_length=32, required=False)
    real_name = forms.BooleanField(label="实名（举报人同意留名）", required=False, initial=True)
    respondent_name = validation.BoundedTextField(label="被投诉（举报）方名称", max_length=200, required=False)
    respondent_uscc = validation.UsccField(label="统一社会信用代码", required=False)
    respondent_kind = forms.ChoiceField(
        label="被投诉（举报）方类型",
        required=False,
        choices=[("", "（按统一社会信用代码或主体库判断）"), *RespondentKind.choices],
    )
    respondent_address = validation.BoundedTextField(label="被投诉（举报）方地址", max_length=300, required=False)
    category = forms.ChoiceField(label="问题类别", choices=Category.choices)
    amount_in_dispute = validation.AmountField(label="涉及金额（元）", required=False)
    description = validation.BoundedTextField(
        label="诉求/描述", max_length=validation.LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    redirect_reason = forms.ChoiceField(label="不属于投诉举报的事由", required=False, choices=())
    attachment = forms.FileField(label="附件（不超过 20 MB）", required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["redirect_reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *ground_choices("not_covered", today)]


class DateStepForm(StepForm):
    on = validation.StepDateField(label="日期")

    def __init__(self, *args: Any, label: str = "日期", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


class GroundStepForm(DateStepForm):
    ground = forms.ChoiceField(label="事由", choices=())
    note = validation.BoundedTextField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kind: str, received_on: dt.date, ground_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ground"]
        assert isinstance(field, forms.ChoiceField)
        field.label = ground_label
        field.choices = ground_choices(kind, received_on)


class ViolationForm(DateStepForm):
    facts = validation.BoundedTextField(
        label="发现的违法线索（事实、证据）",
        max_length=validation.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MediationStartForm(StepForm):
    method = forms.ChoiceField(label="调解方式", choices=MediationMethod.choices, widget=forms.RadioSelect)


class SucceedForm(DateStepForm):
    recovered_amount = validation.AmountField(label="挽回经济损失（元）", required=False)
    note = validation.BoundedTextField(
        label="调解记录", max_length=validation.LONG_TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MergeForm(StepForm):
    into = validation.BoundedTextField(label="合并至（登记编号）", max_length=64)
    ground = forms.ChoiceField(label="合并事由", choices=())
    note = validation.BoundedTextField(label="理由", max_length=250)

    def __init__(self, *args: Any, received_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ground"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ground_choices("merge", received_on)


class ReclassifyForm(StepForm):
    kind = forms.ChoiceField(label="改按", choices=[("complaint", "投诉"), ("tip", "举报")], widget=forms.RadioSelect)


class ReviewForm(StepForm):
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("confirm", "同意拟办理的决定"), ("reject", "不同意，退回承办人")],
        widget=forms.RadioSelect,
    )
    opinion = validation.BoundedTextField(
        label="审核意见说明（退回时必填）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(ChineseForm):
    file = forms.FileField(label="12315 导出文件（.xlsx 或 .csv）")
