"""One form per step (Chinese labels; large widgets for tablets).

Every field uses the one rule of ``fazhi.core.validation`` (step dates, amounts, bounded text, USCC), the same the
importer and the API use: a bad value is a Chinese field error, never a 500. Each form carries the revision of the
case the page showed (hidden), so two people acting at once never both succeed. The API binds the same forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from fazhi.cases.choices import (
    ClueSource,
    DecisionKind,
    Domain,
    EvidenceKind,
    PartyKind,
    Procedure,
    ReviewOpinion,
    ServiceMethod,
    StatementAdoption,
    StatementForm,
    WaiverScope,
)
from fazhi.core.clock import legal_today
from fazhi.core.validation import (
    LONG_TEXT_MAX,
    AmountField,
    BoundedTextField,
    DateInput,
    StepDateField,
)
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import discretion as engine

if TYPE_CHECKING:
    from fazhi.cases.models import Case

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def long_text(label: str, *, required: bool = True, rows: int = 3) -> BoundedTextField:
    return BoundedTextField(
        label=label, required=required, max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": rows})
    )


def text(label: str, max_length: int, *, required: bool = True, **kwargs: Any) -> BoundedTextField:
    return BoundedTextField(label=label, required=required, max_length=max_length, **kwargs)


YES_NO = [("yes", "同意"), ("no", "不同意")]


class StepForm(forms.Form):
    """A step on a record: carries the revision the page showed (``concurrency.stale`` if it changed)."""

    revision = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        if case is not None and not self.is_bound:
            self.fields["revision"].initial = case.revision


class DateForm(StepForm):
    on = StepDateField(label="办理日期")


class ReasonForm(DateForm):
    reason = long_text("理由")


class SuspendForm(ReasonForm):
    kind = forms.ChoiceField(
        label="不计入办案期限的类型",
        choices=[("suspension", "中止调查"), ("testing", "检测、检验、检疫、鉴定"), ("public_notice", "公告")],
    )


class ClueForm(forms.Form):
    source_kind = forms.ChoiceField(label="来源", choices=ClueSource.choices)
    source_ref = text("来源编号", 64, required=False)
    description = long_text("线索内容", rows=4)
    received_on = StepDateField(label="收到日期")
    reporter_name = text("投诉举报人（实名时填写）", 64, required=False)
    reporter_contact = text("联系方式", 64, required=False)


FILING_DECISIONS = [("file", "立案（填写立案审批表）"), ("decline", "不予立案（填写不予立案审批表）")]


class FilingProposalForm(StepForm):
    """立案 / 不予立案审批表: the handler's part (程序规定 Arts. 18–20)."""

    decision = forms.ChoiceField(label="核查结论", choices=FILING_DECISIONS, widget=forms.RadioSelect)
    on = StepDateField(label="提请日期")
    proposal = long_text("承办人意见（核查情况及立案或不予立案的理由）")
    title = text("案由（立案时填写）", 200, required=False)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = text("当事人名称（姓名）", 200, required=False)
    party_id_number = text("统一社会信用代码 / 公民身份号码", 32, required=False)
    party_address = text("住所（地址）", 300, required=False)
    party_representative = text("法定代表人（负责人、经营者）", 64, required=False)
    domain = forms.ChoiceField(label="执法领域", choices=Domain.choices, initial=Domain.FOOD)
    procedure = forms.ChoiceField(
        label="程序", choices=[c for c in Procedure.choices if c[0] != Procedure.SUMMARY], initial=Procedure.ORDINARY
    )
    facts_text = long_text("简要案情（立案时填写）", required=False)


class ApprovalDecisionForm(StepForm):
    """The 负责人's part of an 审批表: 同意 / 不同意, the date and the opinion as it will be printed."""

    approve = forms.ChoiceField(label="审批结论", choices=YES_NO, widget=forms.RadioSelect)
    on = StepDateField(label="审批日期")
    opinion = long_text("审批意见")


class ProposalApprovalForm(StepForm):
    """The 负责人 approves the 行政处罚建议 and the review opinion before 告知 (程序规定 Art. 56)."""

    on = StepDateField(label="批准日期")
    opinion = long_text("审批意见")


class ProposalRefusalForm(StepForm):
    """The 负责人 does not approve the 行政处罚建议 (程序规定 Art. 56): the case returns to the 办案机构."""

    on = StepDateField(label="审批日期")
    opinion = long_text("不批准的理由（审批意见，将退回办案机构）")


class ClueExtendForm(StepForm):
    on = StepDateField(label="批准日期")
    reason = long_text("延长理由（特殊情况）")


class NotifyReporterForm(StepForm):
    on = StepDateField(label="告知日期")
    text = long_text("告知内容")


class OfficersForm(DateForm):
    officers: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="办案人员（至少两名持有效执法证）", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        officers = self.fields["officers"]
        assert isinstance(officers, forms.ModelMultipleChoiceField)
        officers.queryset = (
            registry_selectors.active_officers(department=case.department) if case else registry_selectors.no_officers()
        )
        officers.error_messages["invalid_choice"] = "所选执法人员不在本部门在岗人员中"
        officers.error_messages["invalid_pk_value"] = "所选执法人员无效"


# The catalogue's id prefix → the domain heading of the choice list (screen text only; ids stay in the data).
DOMAIN_BY_PREFIX = {
    "advertising": "广告",
    "cosmetics": "化妆品",
    "device": "医疗器械",
    "drug": "药品",
    "food": "食品",
    "measurement": "计量",
    "other": "其他",
    "patent": "专利",
    "price": "价格",
    "product": "产品质量",
    "registration": "登记注册与无照经营",
    "special_equipment": "特种设备",
    "trademark": "商标",
}


def _violation_choices() -> list[tuple[str, Any]]:
    """The violation catalogue in force on the legal today (``violation_catalogue(on=)``), grouped by domain: each
    entry with its violated provision; the entries without a legal basis (其他违法行为) are listed last, marked,
    and refused by the service with ``discretion.no_legal_basis`` (行政处罚法 Arts. 4, 38)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    unbased: list[tuple[str, str]] = []
    for entry in engine.violation_catalogue(on=legal_today()):
        if not entry.decidable:
            unbased.append((entry.id, f"{entry.name}（未写明违反条款和处罚依据，不能作出处罚决定）"))
            continue
        domain = DOMAIN_BY_PREFIX.get(entry.id.split(".", 1)[0], "其他领域")
        groups.setdefault(domain, []).append((entry.id, f"{entry.name}（违反{entry.violated}）"))
    choices: list[tuple[str, Any]] = [("", "请选择违法行为")]
    choices += [(domain, sorted(items, key=lambda i: i[1])) for domain, items in sorted(groups.items())]
    if unbased:
        choices.append(("无法定依据", unbased))
    return choices


def _factor_choices() -> list[tuple[str, str]]:
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        violation = self.fields["violation_id"]
        factors = self.fields["factors"]
        assert isinstance(violation, forms.ChoiceField) and isinstance(factors, forms.MultipleChoiceField)
        violation.choices = _violation_choices()
        factors.choices = _factor_choices()


class ProposeForm(StepForm):
    warning = forms.BooleanField(label="警告", required=False)
    fine = AmountField(label="罚款（元）", required=False)
    confiscation = AmountField(label="没收违法所得、非法财物（元）", required=False)
    other = text("其他处罚", 300, required=False)
    deviation_reason = long_text("超出裁量幅度的书面理由", required=False)
    major_public_interest = forms.BooleanField(label="涉及重大公共利益", required=False)
    complex_case = forms.BooleanField(label="案情复杂", required=False)
    licence_or_business_penalty = forms.BooleanField(label="吊销许可证件、责令停产停业等", required=False)


class EvidenceForm(StepForm):
    title = text("证据名称", 200)
    kind = forms.ChoiceField(label="证据种类", choices=EvidenceKind.choices)
    obtained_on = StepDateField(label="取得日期", required=False)
    description = long_text("证明对象", required=False)
    file = forms.FileField(label="文件（纸质证据可不上传）", required=False)


class StatementRecordForm(StepForm):
    received_on = StepDateField(label="收到陈述申辩日期")
    form = forms.ChoiceField(label="形式", choices=StatementForm.choices, widget=forms.RadioSelect)
    content = long_text("当事人陈述申辩的事实、理由和证据", rows=4)
    adoption = forms.ChoiceField(label="复核结论", choices=StatementAdoption.choices, widget=forms.RadioSelect)
    review = long_text("复核意见及理由")


class WaiverForm(StepForm):
    scope = forms.ChoiceField(label="放弃的权利", choices=WaiverScope.choices, widget=forms.RadioSelect)
    signed_on = StepDateField(label="当事人签署日期")
    signatory = text("签署人（当事人或其授权代表）", 64)
    file = forms.FileField(label="签名页扫描件（PDF、JPG 或 PNG）")


class ConcludeHearingForm(DateForm):
    text = long_text("听证意见及采纳情况", rows=4)


class HearingScheduleForm(StepForm):
    hearing_on = forms.DateField(label="听证日期", widget=DateInput)
    notified_on = StepDateField(label="听证通知书送达日期")
    place = text("听证地点", 200, initial="本局听证室")
    host = text("听证主持人（非本案调查人员）", 64)


class ReviewForm(DateForm):
    opinion = forms.ChoiceField(label="审核意见", choices=ReviewOpinion.choices, widget=forms.RadioSelect)
    text = long_text("意见说明", required=False)


class DiscussionForm(StepForm):
    held_on = StepDateField(label="讨论日期")
    attendees = text("参加人员", 1000)
    opinions = long_text("讨论意见")
    conclusion = long_text("结论", rows=2)
    extension_days = forms.IntegerField(
        label="决定继续延长办案期限（日，可不填）", required=False, min_value=1, max_value=365
    )


class ExtendForm(DateForm):
    extension_id = forms.ChoiceField(
        label="延长方式",
        choices=[("head_approval", "局负责人批准延长三十日"), ("collective_discussion", "按集体讨论决定继续延长")],
    )
    reason = long_text("延长理由")
    days = forms.IntegerField(
        label="延长天数（集体讨论时，须与讨论决定一致）", required=False, min_value=1, max_value=365
    )


class DecideForm(DateForm):
    kind = forms.ChoiceField(label="决定", choices=[c for c in DecisionKind.choices if c[0] != DecisionKind.TRANSFER])
    reasoning = long_text("处理理由（违法事实认定、裁量理由）", rows=4)


class TransferForm(ReasonForm):
    to = text("移送机关", 100, initial="天津市公安局东丽分局")


class ServeForm(DateForm):
    method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    place = text("送达地点", 200)


class PaymentForm(DateForm):
    amount = AmountField(label="实缴金额（元，含加处罚款）", required=False)


class ExemptionForm(DateForm):
    education = long_text("教育情况（批评教育、指导纠正）")
    item_id = text("清单事项编号（可不填，按违法行为匹配）", 80, required=False)


class CoercionForm(DateForm):
    item_id = text("不予实施行政强制措施清单事项编号", 80)


class IpMediationForm(DateForm):
    result = long_text("调解结果（达成协议的内容或调解不成的情况）")


class CloseRequestForm(DateForm):
    proposal = long_text("承办人意见")


class WithdrawForm(ReasonForm):
    pass


class CorrectionForm(StepForm):
    field = forms.ChoiceField(label="更正的日期")
    new_value = forms.DateField(label="更正后的日期", widget=DateInput)
    reason = long_text("更正理由（原日期错误的情况）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fazhi.cases.services.corrections import STEP_FIELDS

        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        case = self.case
        field.choices = [
            (name, f"{label}（现为 {getattr(case, name):%Y-%m-%d}）")
            for name, label in STEP_FIELDS.items()
            if case is not None and getattr(case, name) is not None
        ]


class ArrangementForm(DateForm):
    """暂缓或者分期缴纳罚款: the party's application and the approved plan (行政处罚法 Art. 66 para 2)."""

    applied_on = StepDateField(label="当事人申请日期")
    kind = forms.ChoiceField(
        label="批准方式", choices=[("deferral", "暂缓缴纳"), ("instalments", "分期缴纳")], widget=forms.RadioSelect
    )
    until = forms.DateField(label="暂缓缴纳至（暂缓时填写）", required=False, widget=DateInput)
    instalments = BoundedTextField(
        label="分期计划（分期时填写，每行一期：日期 金额，如 2023-05-10 20000）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_instalments(self) -> list[dict[str, Any]]:
        from fazhi.core import validation
        from fazhi.core.errors import DomainError

        rows: list[dict[str, Any]] = []
        for number, line in enumerate((self.cleaned_data.get("instalments") or "").splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            try:
                if len(parts) != 2:
                    raise DomainError("cases.bad_instalment", "")
                rows.append(
                    {
                        "due_on": validation.parse_date(parts[0], field="instalments"),
                        "amount": validation.amount(parts[1], field="instalments"),
                    }
                )
            except DomainError:
                raise forms.ValidationError(
                    f"第 {number} 行应为“日期 金额”，如 2023-05-10 20000", code="bad_instalment"
                ) from None
        return rows


class SummaryDecisionForm(forms.Form):
    """简易程序 (当场处罚): what the officers record on the spot (行政处罚法 Arts. 44, 51, 52)."""

    on = StepDateField(label="处罚日期")
    place = text("处罚地点", 200)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = text("当事人名称（姓名）", 200)
    party_id_number = text("统一社会信用代码 / 公民身份号码", 32, required=False)
    party_address = text("住所（地址）", 300, required=False)
    party_representative = text("法定代表人（负责人、经营者）", 64, required=False)
    domain = forms.ChoiceField(label="执法领域", choices=Domain.choices)
    violation_id = forms.ChoiceField(label="违法行为（裁量基准）")
    violation_facts = long_text("违法事实")
    warning = forms.BooleanField(label="警告", required=False)
    fine = AmountField(label="罚款（元）", required=False)
    officers: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="当场执法人员（至少两名）", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    credentials_shown = forms.BooleanField(label="已向当事人出示执法证件", required=False)
    rights_told = forms.BooleanField(label="已告知拟处罚的事实、理由、依据及陈述、申辩的权利", required=False)
    party_stated = forms.BooleanField(label="当事人提出了陈述、申辩", required=False)
    party_statement = long_text("当事人陈述申辩的内容及采纳情况（提出时填写）", required=False)
    party_signed = forms.BooleanField(label="当事人已签收决定书", required=False, initial=True)
    refusal_note = text("拒绝签收情况（拒绝签收时填写）", 300, required=False)
    collected_on_spot = forms.BooleanField(label="当场收缴罚款", required=False)
    receipt_number = text("罚款收据编号（当场收缴时填写）", 64, required=False)

    def __init__(self, *args: Any, department: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = self.fields["officers"]
        violation = self.fields["violation_id"]
        assert isinstance(officers, forms.ModelMultipleChoiceField) and isinstance(violation, forms.ChoiceField)
        officers.queryset = (
            registry_selectors.active_officers(department=department)
            if department
            else registry_selectors.no_officers()
        )
        violation.choices = _violation_choices()
