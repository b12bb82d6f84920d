"""执法文书: numbering (no gaps, no duplicates) and rendering as .pdf (WeasyPrint) and .docx (python-docx).

Both formats render from one structure (:func:`document_content`) so they say the same thing. The numbering
counter row is locked with select_for_update inside the caller's transaction (the decision's), and a unique
constraint on (kind, year, sequence) backs it up.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from fazhi.cases.choices import DOCUMENT_NUMBER_WORD, DocumentKind, PartyKind
from fazhi.cases.models import Case, CaseDocument
from fazhi.cases.services.common import bureau_number, next_number
from fazhi.core.audit import audit_record
from fazhi.rulebook.discretion import default_benchmarks
from fazhi.rulebook.errors import RulebookError

CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: dt.date) -> str:
    """二〇二三年六月一日 — the form used on signed documents."""
    year = "".join(CN_DIGITS[int(d)] for d in str(day.year))

    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])

    return f"{year}年{small(day.month)}月{small(day.day)}日"


def document_issue(*, case: Case, kind: str, on: dt.date, actor: Any) -> CaseDocument:
    """Record one document of ``case``; numbered kinds get the bureau's next number for the year."""
    word = DOCUMENT_NUMBER_WORD.get(kind)
    with transaction.atomic():
        sequence = next_number(kind, on.year) if word else None
        doc = CaseDocument.objects.create(
            case=case,
            kind=kind,
            year=on.year,
            sequence=sequence,
            number=bureau_number(word, on.year, sequence) if word and sequence else "",
            issued_on=on,
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            action="cases.document_issue", target=case, actor=actor, changes={"kind": kind, "number": doc.number}
        )
    return doc


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
    return f"{value:,.2f}"


def _party(case: Case) -> list[tuple[str, str]]:
    rows = [("当事人", case.party_name)]
    if case.party_kind == PartyKind.ORGANISATION:
        rows.append(("统一社会信用代码", case.party_id_number or "—"))
        rows.append(("法定代表人（负责人）", case.party_representative or "—"))
    else:
        rows.append(("身份证件号码", case.party_id_number or "—"))
    rows.append(("住所（地址）", case.party_address or "—"))
    return rows


MISSING_BASIS = "【未记录法律依据，请补充后再出具】"


def _basis(case: Case) -> tuple[str, str]:
    """The violated provision and the penalty provision: from the frozen discretion, else from the case's
    violation in the benchmark tables in force on the decision (or filing) date. A document never papers over
    a missing basis with a vague phrase (行政处罚法 Arts. 38, 59): it says that the basis is missing."""
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
            pass
        else:
            return str(version.violated), str(version.penalty_provision)
    return MISSING_BASIS, MISSING_BASIS


def _penalty_text(case: Case, *, proposed: bool) -> str:
    fine = case.proposed_fine if proposed else case.fine
    confiscation = case.proposed_confiscation if proposed else case.confiscation
    warning = case.proposed_warning if proposed else case.warning
    parts = []
    if warning:
        parts.append("警告")
    if confiscation:
        parts.append(f"没收违法所得（非法财物）人民币{_money(confiscation)}元")
    if fine:
        parts.append(f"罚款人民币{_money(fine)}元")
    if case.proposed_other:
        parts.append(case.proposed_other)
    return "；".join(parts) or "—"


REMEDIES = (
    "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法向天津市东丽区人民政府申请行政复议，"
    "也可以在六个月内依法向人民法院提起行政诉讼。行政复议和行政诉讼期间，本处罚决定不停止执行，法律另有规定的除外。"
)


def document_content(case: Case, kind: str, doc: CaseDocument | None = None) -> Content:
    """What the document says, filled from the case."""
    on = doc.issued_on if doc else (case.decided_on or case.filed_on)
    number = doc.number if doc else ""
    c = Content(
        title=DocumentKind(kind).label, number=number, date_text=chinese_date(on), signature=settings.FAZHI_BUREAU_NAME
    )
    violated, provision = _basis(case)
    tier = (case.discretion or {}).get("tier_label")
    if kind == DocumentKind.FILING_APPROVAL:
        c.table = [
            ("案件编号", case.number),
            ("案由", case.title),
            *_party(case),
            ("案件来源", case.clue.get_source_kind_display() if case.clue else "—"),
            ("线索收到日期", str(case.clue.received_on) if case.clue else "—"),
            ("立案日期", str(case.filed_on)),
            ("办案人员", "、".join(f"{o.name}（执法证号 {o.certificate_number}）" for o in case.officers.all()) or "—"),
            ("简要案情", case.facts_text),
            ("承办机构意见", "经核查，有证据初步证明当事人涉嫌违法，依法应当给予行政处罚，建议立案调查。"),
            ("负责人审批意见", "同意立案。"),
        ]
        c.party = []
    elif kind == DocumentKind.PRIOR_NOTICE:
        c.party = _party(case)
        c.paragraphs = [
            f"经调查，你（单位）{case.facts_text}",
            f"上述行为违反了{violated}的规定。依据{provision}，本局拟对你（单位）作出如下行政处罚：{_penalty_text(case, proposed=True)}。"
            + (f"（裁量档次：{tier}）" if tier else ""),
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
            "请于收到本告知书之日起五个工作日内向本局提出，逾期视为放弃陈述和申辩的权利。",
        ]
        if case.hearing_right:
            c.paragraphs.append(
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
                "请于收到本告知书之日起五个工作日内提出，逾期视为放弃听证的权利。"
            )
    elif kind == DocumentKind.HEARING_NOTICE:
        c.party = _party(case)
        c.paragraphs = [
            f"根据你（单位）的申请，本局决定于{chinese_date(case.hearing_on) if case.hearing_on else '　　年　月　日'}"
            f"就{case.title}一案举行听证会，地点：本局听证室。",
            "你（单位）可以亲自参加听证，也可以委托一至二人代理。委托代理人参加的，应当提交授权委托书。"
            "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证的，视为放弃听证权利。",
        ]
    elif kind == DocumentKind.PENALTY_DECISION:
        c.party = _party(case)
        c.paragraphs = [
            f"{case.title}一案，本局于{chinese_date(case.filed_on)}立案调查。现已调查终结。",
            f"经查，{case.facts_text}",
            f"上述事实有现场检查笔录、询问笔录、相关票据等证据证明。本局于{chinese_date(case.notified_on) if case.notified_on else '　　年　月　日'}"
            f"向当事人送达了行政处罚告知书，告知其拟作出行政处罚的事实、理由、依据及依法享有的权利。"
            + (f"当事人陈述申辩（听证）意见及采纳情况：{case.statement_summary}。" if case.statement_summary else ""),
            f"本局认为，当事人的上述行为违反了{violated}的规定。{case.decision_reasoning}",
            f"依据{provision}，本局决定对当事人作出如下行政处罚：{_penalty_text(case, proposed=False)}。",
            "当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚没款。"
            "逾期不缴纳罚款的，本局将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，每日按罚款数额的百分之三加处罚款。",
            REMEDIES,
        ]
    elif kind == DocumentKind.NO_PENALTY_DECISION:
        c.party = _party(case)
        ex = case.exemption or {}
        c.paragraphs = [
            f"{case.title}一案，本局于{chinese_date(case.filed_on)}立案调查。现已调查终结。",
            f"经查，{case.facts_text}",
            f"本局认为，当事人的上述行为违反了{violated}的规定。{case.decision_reasoning}"
            + (
                f"当事人的情形符合{ex.get('list_label', '')}第{ex.get('item_id', '')}项（{ex.get('name', '')}）。"
                if ex
                else ""
            ),
            "依据《中华人民共和国行政处罚法》第三十三条的规定，本局决定对当事人不予行政处罚。",
            f"本局已对当事人进行教育：{case.education_record or '—'}",
            REMEDIES,
        ]
    elif kind == DocumentKind.SERVICE_RECEIPT:
        decision = case.documents.filter(
            kind__in=[DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION]
        ).first()
        c.table = [
            (
                "送达文书名称及文号",
                f"{'行政处罚决定书' if case.decision_kind == 'penalty' else '不予行政处罚决定书'} {decision.number if decision else ''}",
            ),
            ("受送达人", case.party_name),
            ("送达地点", "本局"),
            ("送达方式", "直接送达"),
            ("送达日期", str(case.served_on or "　　年　月　日")),
            ("受送达人签名或盖章", ""),
            ("送达人", "、".join(o.name for o in case.officers.all()) or ""),
        ]
    elif kind == DocumentKind.CLOSING_APPROVAL:
        c.table = [
            ("案件编号", case.number),
            ("案由", case.title),
            ("当事人", case.party_name),
            ("决定书文号", case.decision_number or "—"),
            ("处理结果", case.get_decision_kind_display() or "—"),
            ("处罚内容", _penalty_text(case, proposed=False)),
            (
                "执行情况",
                f"已于 {case.paid_on} 缴纳 {case.paid_amount} 元（含加处罚款 {case.surcharge} 元）"
                if case.paid_on
                else "无需执行或已执行完毕",
            ),
            ("结案日期", str(case.closed_on or "")),
            ("承办机构意见", "本案已执行完毕，建议结案。"),
            ("负责人审批意见", "同意结案。"),
        ]
    return c


def render_html(case: Case, kind: str, doc: CaseDocument | None = None) -> str:
    return render_to_string("cases/documents/document.html", {"c": document_content(case, kind, doc), "case": case})


def render_pdf(case: Case, kind: str, doc: CaseDocument | None = None) -> bytes:
    """PDF via WeasyPrint (Noto Serif CJK SC; lang zh-CN)."""
    from weasyprint import HTML

    return HTML(string=render_html(case, kind, doc)).write_pdf()


def render_docx(case: Case, kind: str, doc: CaseDocument | None = None) -> bytes:
    """Word document (python-docx) with the same content; East Asian font set to 宋体."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    c = document_content(case, kind, doc)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(settings.FAZHI_BUREAU_NAME).bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(c.title)
    run.bold, run.font.size = True, Pt(18)
    if c.number:
        p = document.add_paragraph(c.number)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for label, value in c.party:
        document.add_paragraph(f"{label}：{value}")
    for text in c.paragraphs:
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    if c.table:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in c.table:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    for text in ("", f"{c.signature}（印章）", c.date_text):
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
