"""One form per step (Chinese labels; large widgets for tablets)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from fazhi.cases.choices import ClueSource, DecisionKind, Domain, PartyKind, Procedure, ReviewOpinion
from fazhi.core.validation import AmountField
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import discretion as engine

if TYPE_CHECKING:
    from fazhi.cases.models import Case

DATE = forms.DateInput(attrs={"type": "date"})


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class ReasonForm(DateForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class SuspendForm(ReasonForm):
    kind = forms.ChoiceField(
        label="不计入期限的类型",
        choices=[("suspension", "中止"), ("testing", "检测检验检疫鉴定"), ("public_notice", "公告")],
    )


class ClueForm(forms.Form):
    source_kind = forms.ChoiceField(label="来源", choices=ClueSource.choices)
    source_ref = forms.CharField(label="来源编号", required=False, max_length=64)
    description = forms.CharField(label="线索内容", widget=forms.Textarea(attrs={"rows": 4}))
    received_on = forms.DateField(label="收到日期", widget=DATE)
    reporter_name = forms.CharField(label="投诉举报人（实名时填写）", required=False, max_length=64)
    reporter_contact = forms.CharField(label="联系方式", required=False, max_length=64)


class FileCaseForm(DateForm):
    title = forms.CharField(label="案由", max_length=200)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="当事人", max_length=200)
    party_id_number = forms.CharField(label="证件号码/统一社会信用代码", required=False, max_length=32)
    party_address = forms.CharField(label="住所（地址）", required=False, max_length=300)
    domain = forms.ChoiceField(label="领域", choices=Domain.choices)
    procedure = forms.ChoiceField(label="程序", choices=[c for c in Procedure.choices if c[0] != Procedure.SUMMARY])


class DeclineForm(ReasonForm):
    pass


class NotifyReporterForm(DateForm):
    text = forms.CharField(label="告知内容", widget=forms.Textarea(attrs={"rows": 3}))


class OfficersForm(DateForm):
    officers: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="办案人员（至少两名）", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = self.fields["officers"]
        assert isinstance(officers, forms.ModelMultipleChoiceField)
        officers.queryset = (
            registry_selectors.active_officers(department=case.department) if case else registry_selectors.no_officers()
        )


def _violation_choices():
    bench = engine.default_benchmarks()
    return [(vid, f"{vid} {versions[-1].name}") for vid, versions in sorted(bench.violations.items())]


def _factor_choices():
    bench = engine.default_benchmarks()
    return [(fid, f.text if hasattr(f, "text") else fid) for fid, f in sorted(bench.factors.items())]


class FactsForm(DateForm):
    violation_id = forms.ChoiceField(label="违法行为（裁量基准）")
    goods_value = AmountField(label="货值金额（元）", required=False)
    illegal_gains = AmountField(label="违法所得（元）", required=False)
    turnover = AmountField(label="违法经营额（元）", required=False)
    advertising_fees = AmountField(label="广告费用（元）", required=False)
    factors = forms.MultipleChoiceField(label="裁量情节", required=False, widget=forms.CheckboxSelectMultiple)
    first_violation_within_2_years = forms.BooleanField(label="二年内首次违法", required=False)
    harm = forms.ChoiceField(
        label="危害后果",
        choices=[("none", "无"), ("minor", "轻微"), ("ordinary", "一般"), ("serious", "严重")],
        initial="ordinary",
    )
    corrected_promptly = forms.BooleanField(label="及时改正", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.pop("case", None)
        super().__init__(*args, **kwargs)
        self.fields["violation_id"].choices = _violation_choices()
        self.fields["factors"].choices = _factor_choices()


class ProposeForm(forms.Form):
    warning = forms.BooleanField(label="警告", required=False)
    fine = AmountField(label="罚款（元）", required=False)
    confiscation = AmountField(label="没收违法所得、非法财物（元）", required=False)
    other = forms.CharField(label="其他处罚", required=False)
    deviation_reason = forms.CharField(
        label="超出裁量幅度的书面理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    major_public_interest = forms.BooleanField(label="涉及重大公共利益", required=False)
    complex_case = forms.BooleanField(label="案情复杂", required=False)
    licence_or_business_penalty = forms.BooleanField(label="吊销许可证件、责令停产停业等", required=False)


class SummaryForm(forms.Form):
    text = forms.CharField(
        label="陈述申辩（听证）意见及采纳情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label="日期", widget=DATE)


class HearingScheduleForm(forms.Form):
    hearing_on = forms.DateField(label="听证日期", widget=DATE)
    notified_on = forms.DateField(label="听证通知书送达日期", widget=DATE)


class ReviewForm(DateForm):
    opinion = forms.ChoiceField(label="审核意见", choices=ReviewOpinion.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DiscussionForm(forms.Form):
    held_on = forms.DateField(label="讨论日期", widget=DATE)
    attendees = forms.CharField(label="参加人员")
    opinions = forms.CharField(label="讨论意见", widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label="结论", widget=forms.Textarea(attrs={"rows": 2}))
    extension_days = forms.IntegerField(label="决定延长办案期限（日，可不填）", required=False, min_value=1)


class ExtendForm(forms.Form):
    extension_id = forms.ChoiceField(
        label="延长方式",
        choices=[("head_approval", "负责人批准延长30日"), ("collective_discussion", "集体讨论决定延长")],
    )
    days = forms.IntegerField(label="延长天数（集体讨论时填写）", required=False, min_value=1)


class DecideForm(DateForm):
    kind = forms.ChoiceField(label="决定", choices=[c for c in DecisionKind.choices if c[0] != DecisionKind.TRANSFER])
    reasoning = forms.CharField(label="处罚理由及依据", widget=forms.Textarea(attrs={"rows": 4}))


class TransferForm(ReasonForm):
    to = forms.CharField(label="移送机关", initial="天津市公安局东丽分局", max_length=100)


class PaymentForm(DateForm):
    amount = AmountField(label="实缴金额（元）")


class ExemptionForm(DateForm):
    education = forms.CharField(label="教育情况", widget=forms.Textarea(attrs={"rows": 3}))
    item_id = forms.CharField(label="清单事项编号（可不填，按违法行为匹配）", required=False)


class CoercionForm(DateForm):
    item_id = forms.CharField(label="不予实施行政强制措施清单事项编号")


class EvidenceForm(forms.Form):
    title = forms.CharField(label="证据名称", max_length=200)
    file = forms.FileField(label="文件")


class WithdrawForm(ReasonForm):
    pass


class ArrangementForm(forms.Form):
    """暂缓或者分期缴纳罚款: the party's application and the approved plan (行政处罚法 Art. 66 para 2)."""

    applied_on = forms.DateField(label="当事人申请日期", widget=DATE)
    kind = forms.ChoiceField(
        label="批准方式", choices=[("deferral", "暂缓缴纳"), ("instalments", "分期缴纳")], widget=forms.RadioSelect
    )
    until = forms.DateField(label="暂缓缴纳至（暂缓时填写）", required=False, widget=DATE)
    instalments = forms.CharField(
        label="分期计划（分期时填写，每行一期：日期 金额，如 2023-05-10 20000）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_instalments(self) -> list[dict[str, Any]]:
        import datetime as dt
        from decimal import Decimal, InvalidOperation

        rows: list[dict[str, Any]] = []
        for number, line in enumerate((self.cleaned_data.get("instalments") or "").splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            try:
                if len(parts) != 2:
                    raise ValueError
                rows.append({"due_on": dt.date.fromisoformat(parts[0]), "amount": Decimal(parts[1])})
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    f"第 {number} 行应为“日期 金额”，如 2023-05-10 20000", code="bad_instalment"
                ) from None
        return rows
