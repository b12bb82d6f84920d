"""Word and PDF of 政府信息公开: the reply letter (政府信息公开申请答复书) of a replied request, and the annual
disclosure report (政府信息公开工作年度报告) in the table structure of the State Council office's format
(国办公开办函〔2021〕30号). Both say only what the records show: the letter exists from the reply step; the
report's tables are counted from the registers."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from fazhi.disclosure.models import DisclosureRequest

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _font(run: Any, name: str, size: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    r_pr = run.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)


def _doc() -> Any:
    from docx import Document

    document = Document()
    _font(document.styles["Normal"], BODY_FONT, 14)
    return document


def _title(document: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), TITLE_FONT, 18)


def _para(document: Any, text: str, *, right: bool = False, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = document.add_paragraph()
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.bold = bold
    _font(run, BODY_FONT)


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def reply_context(request: DisclosureRequest) -> dict[str, Any]:
    return {"r": request, "bureau": settings.FAZHI_BUREAU_NAME}


def reply_letter(request: DisclosureRequest, fmt: str) -> bytes:
    """政府信息公开申请答复书 of a replied request (refused before the reply: ``disclosure.not_replied``)."""
    from fazhi.core.errors import DomainError

    if request.replied_on is None:
        raise DomainError("disclosure.not_replied", "该申请尚未答复，答复书在答复后生成")
    ctx = reply_context(request)
    if fmt == "pdf":
        return _pdf(render_to_string("disclosure/reply_letter.html", ctx))
    if fmt == "html":
        return render_to_string("disclosure/reply_letter.html", ctx).encode()
    document = _doc()
    _title(document, f"{ctx['bureau']}")
    _title(document, "政府信息公开申请答复书")
    _para(document, request.reply_number, right=True)
    _para(document, f"{request.applicant_name}：")
    _para(
        document,
        f"本机关于{request.received_on:%Y年%m月%d日}收到您（单位）通过{request.channel_label}提出的政府信息公开申请"
        f"（申请编号 {request.number}），申请公开“{request.content}”。",
    )
    if request.correction_requested_on:
        _para(document, f"本机关于{request.correction_requested_on:%Y年%m月%d日}告知补正：{request.correction_text}。")
    if request.corrected_on:
        _para(document, f"本机关于{request.corrected_on:%Y年%m月%d日}收到补正后的申请。")
    if request.extended_on:
        _para(document, f"经政府信息公开工作机构负责人同意，答复期限已延长（{request.extension_reason}）。")
    if request.consultation_started_on:
        _para(
            document,
            f"本机关于{request.consultation_started_on:%Y年%m月%d日}就申请事项征求{request.consulted_party}的意见，"
            f"征求意见所需时间不计算在答复期限内。",
        )
    _para(document, f"经审查，本机关答复如下：{request.reply_type_label}。")
    _para(document, request.reply_text)
    _para(document, f"依据：{request.reply_citation}。")
    _para(
        document,
        "如对本答复不服，可以依法申请行政复议或者提起行政诉讼。",
    )
    _para(document, ctx["bureau"], right=True)
    _para(document, f"{request.replied_on:%Y年%m月%d日}", right=True)
    return _bytes(document)


def annual_report(data: dict[str, Any], fmt: str) -> bytes:
    """政府信息公开工作年度报告: the format's sections 一 to 六 with tables 二, 三 and 四 counted from the records.
    The narrative sections (一 总体情况, 五 存在的主要问题及改进情况, 六 其他需要报告的事项) start from the figures and
    are marked for the bureau to complete."""
    ctx = {**data, "bureau": settings.FAZHI_BUREAU_NAME}
    if fmt in ("pdf", "html"):
        html = render_to_string("disclosure/annual_report.html", ctx)
        return _pdf(html) if fmt == "pdf" else html.encode()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = _doc()
    year, figures = data["year"], data["figures"]
    _title(document, f"{ctx['bureau']}{year}年政府信息公开工作年度报告")
    _para(document, "一、总体情况", bold=True)
    _para(
        document,
        f"{year}年，本机关主动公开政府信息{figures['proactive_documents']}件；新收政府信息公开申请{figures['received']}件，"
        f"上年结转{figures['carried_in']}件，办结{figures['closed']}件（其中逾期答复{figures['late']}件），"
        f"结转下年度继续办理{figures['carried_forward']}件。（其余总体情况由本机关补充。）",
    )
    _para(document, "二、主动公开政府信息情况", bold=True)
    docs = [r for r in data["proactive"] if r["kind"] == "documents"]
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), strict=True
    ):
        cell.text = text
    for r in docs:
        cells = table.add_row().cells
        for cell, value in zip(cells, (r["label"], r["issued"], r["repealed"], r["in_force"]), strict=True):
            cell.text = str(value)
    decisions = [r for r in data["proactive"] if r["kind"] != "documents"]
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "信息内容", "本年处理决定数量"
    for r in decisions:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = r["label"], str(r["count"])
    _para(document, "三、收到和处理政府信息公开申请情况", bold=True)
    requests = data["requests"]
    columns = requests["columns"]
    table = document.add_table(rows=2, cols=len(columns) + 3)
    table.style = "Table Grid"
    head, sub = table.rows[0].cells, table.rows[1].cells
    head[0].merge(sub[1]).text = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    head[2].merge(sub[2]).text = columns[0]["label"]
    organisation = head[3].merge(head[len(columns) + 1])
    organisation.text = "法人或其他组织"
    for i, c in enumerate(columns[1:], start=3):
        sub[i].text = c["label"]
    head[-1].merge(sub[-1]).text = "总计"
    for row in requests["rows"]:
        cells = table.add_row().cells
        cells[0].merge(cells[1]).text = ("　" * row["level"]) + row["label"]
        if row["cells"] is None:
            continue
        for i, value in enumerate(row["cells"], start=2):
            cells[i].text = str(value)
        cells[-1].text = str(row["total"])
    _para(document, "四、政府信息公开行政复议、行政诉讼情况", bold=True)
    remedies = data["remedies"]
    table = document.add_table(rows=2, cols=15)
    table.style = "Table Grid"
    head, sub = table.rows[0].cells, table.rows[1].cells
    head[0].merge(head[4]).text = "行政复议"
    head[5].merge(head[9]).text = "行政诉讼（未经复议直接起诉）"
    head[10].merge(head[14]).text = "行政诉讼（复议后起诉）"
    for block in range(3):
        for j, text in enumerate(remedies["headers"]):
            sub[block * 5 + j].text = text
    cells = table.add_row().cells
    for i, value in enumerate([*remedies["reconsideration"], *remedies["direct"], *remedies["after"]]):
        cells[i].text = str(value)
    _para(document, "五、存在的主要问题及改进情况", bold=True)
    _para(document, "（由本机关根据工作情况填写。）")
    _para(document, "六、其他需要报告的事项", bold=True)
    _para(document, "（收取信息处理费等其他需要报告的事项，由本机关填写。）")
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(f"{ctx['bureau']}\n{year + 1}年　月　日"), BODY_FONT)
    _para(document, f"表格结构依据：{requests['citation']}。")
    return _bytes(document)
