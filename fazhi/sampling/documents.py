"""Sampling documents the bureau prints: 抽样单 (from the recorded sample) and 检验结论通知书 (from the recorded
unqualified conclusion), as .docx (python-docx) and .pdf (WeasyPrint) rendered from one structure so both say
the same thing. A document exists from the step that produces it: the notice only once the conclusion is
unqualified; it states only what the record shows (and the re-test period with its citation and status)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from fazhi.core.errors import DomainError
from fazhi.sampling.choices import Result

KINDS = {"sampling_form": "抽样单", "result_notice": "检验结论通知书"}
CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: dt.date) -> str:
    year = "".join(CN_DIGITS[int(d)] for d in str(day.year))

    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])

    return f"{year}年{small(day.month)}月{small(day.day)}日"


@dataclass
class Content:
    title: str
    number: str
    date_text: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)
    signature: str = ""


def available(sample: Any) -> list[str]:
    """The documents this sample's record can produce now."""
    kinds = ["sampling_form"]
    if sample.result == Result.UNQUALIFIED:
        kinds.append("result_notice")
    return kinds


def retest_rule(sample: Any) -> Any:
    """The rule version behind the sample's re-test window: the one the service opened, or — for a notice printed
    before it is served — the product area's rule in force today (the notice must tell the party of the right to a
    re-test and its period; only the due date waits for the service)."""
    from fazhi.core.clock import legal_today
    from fazhi.rulebook.deadlines import get_rule
    from fazhi.sampling.choices import ProductArea
    from fazhi.sampling.services.unqualified import RETEST_RULES

    if sample.retest_rule and sample.notice_served_on is not None:
        return get_rule(sample.retest_rule).version_on(sample.notice_served_on)
    return get_rule(RETEST_RULES[ProductArea(sample.area)]).version_on(legal_today())


def document_content(sample: Any, kind: str) -> Content:
    if kind not in available(sample):
        raise DomainError("sampling.no_document", "该样品的记录尚不能生成这份文书")
    entity = sample.entity
    producer = sample.producer.name if sample.producer else (sample.producer_name or "同被抽样单位")
    common = [
        ("被抽样单位", f"{entity.name}（{entity.uscc or entity.registration_number or '—'}）"),
        ("地址", entity.domicile or "—"),
        ("样品名称", sample.product_name),
        ("商标 / 规格型号", f"{sample.brand or '—'} / {sample.specification or '—'}"),
        ("生产日期/批号", sample.batch_number or "—"),
        ("标称生产者", producer),
        ("抽样日期", f"{sample.sampled_on:%Y-%m-%d}"),
        ("抽样任务", f"{sample.task.number}（{sample.task.plan.get_level_display()}，{sample.get_area_display()}）"),
        ("承检机构", sample.task.lab.name),
    ]
    signature = settings.FAZHI_BUREAU_NAME
    if kind == "sampling_form":
        return Content(
            title="抽样单",
            number=f"抽样单编号：{sample.number}",
            date_text=chinese_date(sample.sampled_on),
            paragraphs=["本单位依法对下列产品实施监督抽检。被抽样单位应当如实提供样品信息，在本单上签字或者盖章确认。"],
            table=[*common, ("抽样部门", sample.department.name)],
            signature=signature,
        )
    items = "；".join(
        f"{i['item']}（检验结果 {i['value'] or '—'}，标准要求 {i['standard'] or '—'}）" for i in sample.failed_items
    )
    paragraphs = [
        f"经{sample.task.lab.name}检验（检验报告编号 {sample.report_number}，{sample.report_on:%Y年%m月%d日}），"
        f"你单位被抽样的{sample.product_name}（{sample.batch_number or '批号未标注'}）检验结论为不合格，"
        f"不合格项目：{items}。",
        "你单位应当立即采取封存库存、暂停销售、下架、召回等风险控制措施，查明不合格原因并整改，"
        "并将处置情况报告本局；复检和异议期间不停止履行上述义务。",
    ]
    rule = retest_rule(sample)
    if rule is not None:
        paragraphs.append(
            f"对检验结论有异议的，可以自收到本通知书之日起{rule.length}{rule.unit.label}内"
            f"向本局或者上一级市场监督管理部门提出书面复检申请（依据：{rule.citation}"
            + ("；该期限值尚待法制机构确认" if str(rule.status) == "UNCONFIRMED" else "")
            + "）。逾期未申请的，视为认可检验结论。"
        )
    return Content(
        title="检验结论通知书",
        number=f"抽样单编号：{sample.number}",
        date_text=chinese_date(sample.notice_served_on or sample.report_on),
        paragraphs=paragraphs,
        table=common,
        signature=signature,
    )


def render_html(content: Content) -> str:
    return render_to_string("sampling/document.html", {"c": content})


def render_pdf(content: Content) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(content)).write_pdf()


def render_docx(content: Content) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(content.signature).bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(content.title)
    run.bold, run.font.size = True, Pt(18)
    document.add_paragraph(content.number).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in content.paragraphs:
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in content.table:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for text in ("", f"{content.signature}（印章）", content.date_text):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
