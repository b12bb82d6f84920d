"""What a document says, built only from the records (one structure for the PDF and the Word file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from fazhi.cases.choices import (
    ApprovalKind,
    ApprovalStatus,
    DecisionKind,
    DocumentKind,
    PartyKind,
    ReviewOpinion,
)
from fazhi.cases.models import Approval, Case, CaseDocument
from fazhi.cases.services.documents.issuing import chinese_date, cn, recorded_approval
from fazhi.rulebook.discretion import default_benchmarks
from fazhi.rulebook.errors import RulebookError


@dataclass
class Content:
    title: str
    number: str
    date_text: str
    party: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)
    signature: str = ""


def _money(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


def _person(user: Any) -> str:
    return (getattr(user, "display_name", "") or str(user)) if user is not None else ""


def party_rows(case: Case) -> list[tuple[str, str]]:
    """The party as recorded, completed from the registry (法定代表人/经营者, domicile) where the case has none."""
    entity = case.entity
    rows = [("当事人", case.party_name)]
    if case.party_kind == PartyKind.ORGANISATION:
        rows.append(("统一社会信用代码", case.party_id_number or (entity.identifier if entity else "") or "（未登记）"))
        representative = case.party_representative or (entity.legal_representative if entity else "")
        rows.append(("法定代表人（负责人、经营者）", representative or "（未登记）"))
    else:
        rows.append(("身份证件号码", case.party_id_number or "（未登记）"))
    address = case.party_address or (entity.domicile if entity else "")
    rows.append(("住所（地址）", address or "（未登记）"))
    return rows


MISSING_BASIS = "【未记录法律依据】"


def legal_basis(case: Case) -> tuple[str, str]:
    """The violated provision and the penalty provision: from the frozen discretion, else from the case's
    violation in the benchmark tables in force on the decision (or filing) date; empty strings when missing —
    callers refuse the step (``workflow.check_legal_basis``)."""
    d = case.discretion or {}
    violated = d.get("violated") or {}
    provision = d.get("penalty_provision") or {}
    if violated and provision:
        return (
            f"《{violated.get('instrument')}》{violated.get('article')}",
            f"《{provision.get('instrument')}》{provision.get('article')}",
        )
    if case.violation_id:
        try:
            version = default_benchmarks().select(case.violation_id, on=case.decided_on or case.filed_on)
        except RulebookError:
            return "", ""
        return str(version.violated), str(version.penalty_provision)
    return "", ""


def penalty_text(*, fine: Any, confiscation: Any, warning: bool, other: str = "") -> str:
    parts = []
    if warning:
        parts.append("警告")
    if confiscation and Decimal(str(confiscation)):
        parts.append(f"没收违法所得（非法财物）人民币{_money(confiscation)}元")
    if fine and Decimal(str(fine)):
        parts.append(f"罚款人民币{_money(fine)}元")
    if other:
        parts.append(other)
    return "；".join(parts) or "（无）"


def review_body() -> str:
    """The reconsideration body of a district bureau: the district government (行政复议法 Art. 24)."""
    return getattr(settings, "FAZHI_REVIEW_BODY", "") or settings.FAZHI_BUREAU_NAME.replace(
        "市场监督管理局", "人民政府"
    )


def remedies(*, summary: bool = False) -> str:
    if summary:
        # 行政复议法 (2023) Art. 23 para 1 (1): on-the-spot penalties go to reconsideration before a court.
        return (
            f"当事人对本决定不服的，可以在收到本决定书之日起六十日内依法向{review_body()}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    return (
        f"当事人如不服本决定，可以在收到本决定书之日起六十日内依法向{review_body()}申请行政复议，"
        "也可以在六个月内依法向人民法院提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。"
    )


def evidence_sentence(case: Case) -> str:
    items = list(case.evidence.order_by("obtained_on", "id"))
    if not items:
        return "（本案证据清单中未登记证据）"
    listed = "；".join(
        f"{i}. {e.get_kind_display()}：{e.title}" + (f"（{cn(e.obtained_on)}取得）" if e.obtained_on else "")
        for i, e in enumerate(items, start=1)
    )
    return f"上述事实有以下证据证明：{listed}。"


def _approval_rows(approval: Approval, *, who: str) -> list[tuple[str, str]]:
    return [
        ("承办人意见", f"{approval.proposal}\n承办人：{_person(approval.requested_by)}　{cn(approval.requested_on)}"),
        (f"{who}审批意见", f"{approval.opinion}\n审批人：{_person(approval.decided_by)}　{cn(approval.decided_on)}"),
    ]


def _proposal_approval(case: Case, snap: dict[str, Any]) -> list[str]:
    """The 负责人's approval of the proposal this 告知书 carries (程序规定 Art. 56) as the record shows it: who, when,
    with what opinion; nothing when no approval is recorded for it (a notice issued before the step existed)."""
    pk = snap.get("proposal_approval_id")
    approval = (
        Approval.objects.filter(pk=pk, case=case, kind=ApprovalKind.PROPOSAL, status=ApprovalStatus.APPROVED)
        .select_related("decided_by")
        .first()
        if pk
        else None
    )
    if approval is None:
        return []
    return [
        f"上述拟作出的行政处罚已于{cn(approval.decided_on)}经本局负责人{_person(approval.decided_by)}批准"
        f"（{approval.citation}），审批意见：{approval.opinion.rstrip('。')}。"
    ]


def document_content(case: Case, doc: CaseDocument) -> Content:
    """What the document says, from the records only."""
    kind = doc.kind
    c = Content(
        title=DocumentKind(kind).label,
        number=doc.number,
        date_text=chinese_date(doc.issued_on),
        signature=settings.FAZHI_BUREAU_NAME,
    )
    snap = doc.snapshot or {}
    if kind == DocumentKind.FILING_APPROVAL:
        approval = recorded_approval(case, ApprovalKind.FILING)
        assert approval is not None  # renderable() checked it
        clue = case.clue
        officers = "、".join(f"{o.name}（执法证号 {o.certificate_number}）" for o in case.officers.all())
        c.table = [
            ("案件编号", case.number),
            ("案由", approval.payload.get("title", case.title)),
            *party_rows(case),
            ("案件来源", f"{clue.get_source_kind_display()} {clue.source_ref}".strip() if clue else ""),
            ("线索收到日期", cn(clue.received_on) if clue else ""),
            ("简要案情", approval.payload.get("facts_text", case.facts_text)),
            *_approval_rows(approval, who="负责人"),
            ("立案日期", cn(case.filed_on)),
            (
                "办案人员",
                f"{officers}\n（办案机构负责人 {_person(case.officers_assigned_by)} 于 {cn(case.officers_assigned_on)} 指定）"
                if officers and case.officers_assigned_on
                else "尚未指定（由办案机构负责人指定两名以上办案人员）",
            ),
        ]
        c.table.append(("依据", approval.citation))
    elif kind == DocumentKind.PRIOR_NOTICE:
        c.party = party_rows(case)
        told = penalty_text(
            fine=snap.get("fine") or 0,
            confiscation=snap.get("confiscation") or 0,
            warning=bool(snap.get("warning")),
            other=snap.get("other") or "",
        )
        c.paragraphs = [
            f"经调查，{snap.get('facts_text') or case.facts_text}",
            f"上述行为违反了{snap.get('violated')}的规定。依据{snap.get('provision')}，本局拟对你（单位）作出如下行政处罚：{told}。"
            + (f"（裁量阶次：{snap['tier_label']}）" if snap.get("tier_label") else ""),
            *_proposal_approval(case, snap),
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
            + (
                f"请于{cn(snap['statement_due'])}前（收到本告知书之日起五个工作日内）向本局提出，逾期视为放弃陈述和申辩的权利。"
                if snap.get("statement_due") and not snap.get("statement_due_provisional")
                else "请于收到本告知书之日起五个工作日内向本局提出，逾期视为放弃陈述和申辩的权利。"
            ),
        ]
        if snap.get("hearing_right"):
            c.paragraphs.append(
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
                + (
                    f"请于{cn(snap['hearing_due'])}前"
                    if snap.get("hearing_due") and not snap.get("hearing_due_provisional")
                    else "请于收到本告知书之日起五个工作日内"
                )
                + "提出，逾期视为放弃听证的权利。"
            )
        for key, what in (("statement_due", "陈述申辩"), ("hearing_due", "听证申请")):
            if snap.get(key) and snap.get(f"{key}_provisional"):
                c.paragraphs.append(
                    f"（{what}期限按现行工作日安排暂计至{cn(snap[key])}，该日期为临时结果："
                    f"{str(snap[f'{key}_provisional']).rstrip('。')}；以收到本告知书之日起五个工作日为准。）"
                )
    elif kind == DocumentKind.HEARING_NOTICE:
        c.party = party_rows(case)
        c.paragraphs = [
            f"根据你（单位）于{cn(case.hearing_requested_on)}提出的申请，本局决定于{cn(snap.get('hearing_on'))}"
            f"在{snap.get('place')}就{case.title}一案举行听证会，由{snap.get('host')}主持。",
            "你（单位）可以亲自参加听证，也可以委托一至二人代理。委托代理人参加的，应当提交授权委托书。"
            "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，"
            "视为放弃听证权利。",
        ]
    elif kind in (DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION):
        c.party = party_rows(case)
        c.paragraphs = _decision_paragraphs(case, doc)
    elif kind == DocumentKind.SERVICE_RECEIPT:
        decision = (
            case.documents.filter(kind__in=[DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION])
            .order_by("-id")
            .first()
        )
        c.table = [
            (
                "送达文书名称及文号",
                f"{DocumentKind(decision.kind).label} {decision.number}" if decision else case.decision_number,
            ),
            ("受送达人", case.party_name),
            ("送达地点", case.service_place),
            ("送达方式", case.get_service_method_display()),
            ("送达日期", cn(case.served_on)),
            ("受送达人签名或盖章", ""),
            ("送达人", "、".join(o.name for o in case.officers.all()) or _person(doc.issued_by)),
        ]
    elif kind == DocumentKind.CLOSING_APPROVAL:
        approval = recorded_approval(case, ApprovalKind.CLOSING)
        assert approval is not None
        c.table = [
            ("案件编号", case.number),
            ("案由", case.title),
            ("当事人", case.party_name),
            ("立案日期", cn(case.filed_on)),
            ("处理结果", _outcome(case)),
            ("结案事由", approval.payload.get("ground", "")),
            *_approval_rows(approval, who="负责人"),
            ("结案日期", cn(case.closed_on)),
            ("依据", approval.citation),
        ]
    elif kind == DocumentKind.SUMMARY_DECISION:
        c.party = party_rows(case)
        c.paragraphs = _summary_paragraphs(case, doc)
    return c


def _outcome(case: Case) -> str:
    if case.decision_kind == DecisionKind.PENALTY:
        return f"{case.decision_number}：{penalty_text(fine=case.fine, confiscation=case.confiscation, warning=case.warning)}"
    if case.decision_kind == DecisionKind.NO_PENALTY:
        return f"{case.decision_number}：不予行政处罚"
    if case.decision_kind == DecisionKind.TRANSFER:
        return f"移送{case.transferred_to}"
    if case.terminated_reason:
        return "终止调查"
    return ""


def _decision_paragraphs(case: Case, doc: CaseDocument) -> list[str]:
    snap = doc.snapshot or {}
    violated = snap.get("violated") or legal_basis(case)[0]
    provision = snap.get("provision") or legal_basis(case)[1]
    out = [
        f"{case.title}一案，本局于{cn(case.filed_on)}立案调查，现已调查终结。",
        f"经查，{case.facts_text}",
        evidence_sentence(case),
    ]
    notice = case.documents.filter(kind=DocumentKind.PRIOR_NOTICE).order_by("-id").first()
    if notice is not None:
        rights = "陈述、申辩和要求听证" if case.hearing_right else "陈述、申辩"
        sentence = (
            f"本局于{cn(notice.issued_on)}向当事人送达了《行政处罚告知书》（{notice.number}），"
            f"告知其拟作出行政处罚的事实、理由、依据及依法享有的{rights}的权利。"
        )
        if case.hearing_held and case.hearing_on:
            sentence += f"应当事人申请，本局于{cn(case.hearing_on)}举行了听证。"
        if case.statement_summary:
            sentence += case.statement_summary.rstrip("。") + "。"
        out.append(sentence)
    reviews = list(case.legal_reviews.filter(opinion=ReviewOpinion.AGREE).order_by("reviewed_on"))
    if reviews:
        out.append(f"本案经法制审核，审核意见为同意（{cn(reviews[-1].reviewed_on)}）。")
    discussions = list(case.discussions.order_by("held_on"))
    if discussions:
        out.append(f"本案经本局负责人集体讨论（{cn(discussions[-1].held_on)}）。")
    if doc.kind == DocumentKind.PENALTY_DECISION:
        out += [
            f"本局认为，当事人的上述行为违反了{violated}的规定。{case.decision_reasoning}",
            f"依据{provision}，本局决定对当事人作出如下行政处罚："
            f"{penalty_text(fine=case.fine, confiscation=case.confiscation, warning=case.warning, other=case.proposed_other)}。",
        ]
        if case.money_owed:
            out.append(
                "当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚没款。"
                "逾期不缴纳罚款的，本局将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，"
                "每日按罚款数额的百分之三加处罚款。"
            )
    else:
        ex = case.exemption or {}
        text = f"本局认为，当事人的上述行为违反了{violated}的规定。{case.decision_reasoning}"
        if ex:
            text += f"当事人的情形符合{ex.get('list_label', '')}第{ex.get('item_id', '')}项（{ex.get('name', '')}）。"
        out.append(text)
        out.append("依据《中华人民共和国行政处罚法》第三十三条的规定，本局决定对当事人不予行政处罚。")
        if case.education_record:
            out.append(f"本局已对当事人进行教育：{case.education_record}")
    out.append(remedies())
    return out


def _summary_paragraphs(case: Case, doc: CaseDocument) -> list[str]:
    snap = doc.snapshot or {}
    record = getattr(case, "summary", None)
    officers = "、".join(f"{o.name}（执法证号 {o.certificate_number}）" for o in case.officers.all())
    out = [
        f"执法人员{officers}于{cn(case.decided_on)}在{record.place if record else ''}向当事人出示执法证件，"
        "依法进行检查。",
        f"经查，{case.facts_text}",
        f"当事人的上述行为违反了{snap.get('violated')}的规定。执法人员已当场告知当事人拟作出行政处罚的事实、理由和依据，"
        f"并告知其依法享有陈述、申辩的权利。{case.statement_summary.rstrip('。')}。",
        f"依据{snap.get('provision')}，依照《中华人民共和国行政处罚法》第五十一条、第五十二条的规定，"
        f"当场作出如下行政处罚：{penalty_text(fine=case.fine, confiscation=0, warning=case.warning)}。",
    ]
    if case.money_owed:
        if record is not None and record.collected_on_spot:
            out.append(f"罚款已当场收缴，出具罚款收据（编号 {record.receipt_number}）。")
        else:
            out.append("当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。")
    if record is not None and not record.party_signed:
        out.append(f"当事人拒绝签收本决定书：{record.refusal_note}")
    out.append(remedies(summary=True))
    out.append(f"执法人员签名：{'、'.join(o.name for o in case.officers.all())}")
    return out
