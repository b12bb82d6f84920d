"""Renders a report (:mod:`fazhi.reports.annual`) as .docx (python-docx), .pdf (WeasyPrint), .html or JSON.

The layout follows GB/T 9704 (党政机关公文格式) as far as the fonts on a Linux server allow: 方正小标宋 and
仿宋_GB2312 are licensed and not installed, so the PDF uses Noto Serif CJK SC (bold for the title) and Noto Sans
CJK SC for first-level headings (黑体); the .docx names the official fonts, which Word on the bureau's
computers has. Sentences about missing records are highlighted in both so nobody issues the report with a gap
in it. The .html version is the staff's reading copy: every figure links to the records it counts.
"""

from __future__ import annotations

import base64
import io
import json

from django.template.loader import render_to_string

from fazhi.reports.annual import AnnualReport, Paragraph, ReportTable, Section
from fazhi.reports.charts import Chart, report_charts
from fazhi.reports.spec import HeadCell

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}

# The official-document fonts named in the Word file (GB/T 9704-2012 §7.3: 标题 2号小标宋, 正文 3号仿宋,
# 一级标题 黑体, 二级标题 楷体).
DOCX_TITLE_FONT = "方正小标宋简体"
DOCX_BODY_FONT = "仿宋_GB2312"
DOCX_H1_FONT = "黑体"
DOCX_H2_FONT = "楷体_GB2312"


def render_json(report: AnnualReport) -> bytes:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2, sort_keys=False).encode()


def appendix_groups(report: AnnualReport) -> list[dict]:
    """The appendix table: every figure, grouped by module in the dashboard's order; unregistered ones last."""
    from fazhi.reports.selectors import MODULE_LABELS, module_label

    if report.appendix == "none":
        return []
    wanted = set(report.referenced_ids()) if report.appendix == "referenced" else set(report.figures)
    order = list(MODULE_LABELS)
    groups: dict[str, list] = {}
    for f in sorted(report.figures.values(), key=lambda f: f.metric_id):
        if f.module and f.metric_id in wanted:
            groups.setdefault(f.module, []).append(f)
    keys = sorted(groups, key=lambda m: (order.index(m) if m in order else 98, m))
    return [{"label": module_label(m), "rows": groups[m]} for m in keys]


def linkable_metrics() -> set[str]:
    from fazhi.core.metrics import METRICS

    return {k for k, m in METRICS.items() if m.records is not None}


def render_html(report: AnnualReport, charts: list[Chart] | None = None, *, links: bool = False) -> str:
    """The report as one HTML page (also the source of the PDF). ``links``: figures open their records (staff)."""
    charts = report_charts(report) if charts is None else charts
    return render_to_string(
        "reports/annual.html",
        {
            "links": links,
            "linkable": linkable_metrics() if links else set(),
            "report": report,
            "charts": [
                {
                    "caption": c.caption,
                    "section": c.section,
                    "src": "data:image/png;base64," + base64.b64encode(c.png).decode(),
                }
                for c in charts
            ],
            "appendix": appendix_groups(report),
        },
    )


def head_grid(table: ReportTable) -> list[list[tuple[int, HeadCell]]]:
    """Each head row as (column index, cell) pairs, the columns taken by cells merged down from above skipped —
    the positions a Word table needs to merge the official form's head."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.head):
        col, placed = 0, []
        for cell in row:
            while (r, col) in taken:
                col += 1
            placed.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        out.append(placed)
    return out


def _docx_table(document, table: ReportTable) -> None:
    """A table block in Word: caption, the head with its merged cells, the body (heading rows across the width)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Pt

    if table.caption:
        cap = document.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cap.add_run(table.caption)
        run.bold, run.font.size = True, Pt(12)
    if table.missing is not None:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        r = p.add_run(table.missing.text)
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return
    width = table.width
    grid = document.add_table(rows=len(table.head), cols=width)
    grid.style = "Table Grid"
    for r, placed in enumerate(head_grid(table)):
        for col, cell in placed:
            target = grid.cell(r, col)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
            target.text = cell.text
            for run in target.paragraphs[0].runs:
                run.bold = True
            target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    offset = 1 if table.label_column else 0
    for line in table.lines:
        cells = grid.add_row().cells
        if line.cells is None:
            merged = cells[0].merge(cells[width - 1])
            merged.text = ("　" * line.level) + line.label
            continue
        if table.label_column:
            cells[0].text = ("　" * line.level) + line.label
        for i, runs in enumerate(line.cells):
            paragraph = cells[i + offset].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for piece in runs:
                run = paragraph.add_run(piece.text)
                if piece.kind == "missing":
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for row in grid.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.line_spacing = Pt(16)
                for r in p.runs:
                    r.font.size = Pt(10.5)
    if table.note:
        p = document.add_paragraph()
        for piece in table.note:
            run = p.add_run(piece.text)
            run.font.size = Pt(10.5)
            if piece.kind == "missing":
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def render_pdf(report: AnnualReport, charts: list[Chart] | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report, charts)).write_pdf()


def _set_font(run_or_style, name: str) -> None:
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    r_pr = run_or_style.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def _page_number_footer(section) -> None:
    """Footer "— N —" with a PAGE field (GB/T 9704 §7.5: page numbers centred, in 4号 Arabic numerals)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    p.add_run(" —")


def render_docx(report: AnnualReport, charts: list[Chart] | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Mm, Pt, RGBColor

    charts = report_charts(report) if charts is None else charts
    document = Document()
    for page_setup in document.sections:
        page_setup.page_width, page_setup.page_height = Mm(210), Mm(297)
        page_setup.top_margin, page_setup.bottom_margin, page_setup.left_margin, page_setup.right_margin = (
            Mm(37),
            Mm(35),
            Mm(28),
            Mm(26),
        )
        _page_number_footer(page_setup)
    normal = document.styles["Normal"]
    _set_font(normal, DOCX_BODY_FONT)
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)

    def centred(text: str, *, size: int, font: str, bold: bool = False) -> None:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        _set_font(run, font)

    note = document.add_paragraph()
    if report.approved_at is not None:
        text = (
            f"【审定稿】{report.approved_by}于{report.approved_at:%Y年%m月%d日}审定；"
            f"文中数字为审定时计算的值（{report.computed_at:%Y年%m月%d日 %H:%M}）。"
        )
    else:
        text = (
            f"【工作稿，{report.generated_on:%Y年%m月%d日}，尚未经领导审定】数字均由业务记录自动计算；"
            "黄色标注处为系统中暂无记录的数字。"
        )
    run = note.add_run(text)
    run.font.size, run.font.color.rgb = Pt(10), RGBColor(0xB3, 0x26, 0x1E)
    centred(report.bureau, size=22, font=DOCX_TITLE_FONT)
    centred(report.title, size=22, font=DOCX_TITLE_FONT)
    document.add_paragraph()

    def body(paragraph: Paragraph | None, runs=None, lead: str = "") -> None:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if paragraph is not None:
            runs, lead = paragraph.runs, paragraph.lead
        if lead:
            r = p.add_run(lead)
            r.bold = True
        for piece in runs or []:
            r = p.add_run(piece.text)
            if piece.kind == "missing":
                r.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def section(s: Section) -> None:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        r = p.add_run(s.title)
        _set_font(r, DOCX_H1_FONT if s.level == 1 else DOCX_H2_FONT)
        for para in s.paragraphs:
            body(para)
        for chart in charts:
            if chart.section == s.key:
                pic = document.add_paragraph()
                pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
                pic.add_run().add_picture(io.BytesIO(chart.png), width=Mm(150))
                cap = document.add_paragraph()
                cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                cr = cap.add_run(chart.caption)
                cr.font.size = Pt(12)
        for table in report.tables:
            if table.section == s.key:
                _docx_table(document, table)
        for child in s.children:
            section(child)

    body(None, report.intro)
    for s in report.sections:
        section(s)
    document.add_paragraph()
    for text in report.signature:
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    groups = appendix_groups(report)
    if not groups:
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    document.add_page_break()
    centred(f"附：{report.year}年度统计数字及口径", size=16, font=DOCX_H1_FONT)
    computed = document.add_paragraph(f"下列数字计算于{report.computed_at:%Y年%m月%d日 %H:%M}。")
    computed.runs[0].font.size = Pt(10)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("数字", "统计口径", f"{report.year}年", f"{report.year - 1}年", "同比"), strict=True
    ):
        cell.text = text
    for group in groups:
        head = table.add_row().cells
        merged = head[0].merge(head[4])
        merged.text = group["label"]
        for f in group["rows"]:
            _appendix_row(table, f)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing = Pt(14)
                for r in p.runs:
                    r.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _appendix_row(table, f) -> None:
    cells = table.add_row().cells
    cells[0].text = f.label
    cells[1].text = f.definition or "—"
    cells[2].text = f.text
    cells[3].text = f.previous_text
    cells[4].text = f.change_text


def render(report: AnnualReport, fmt: str) -> bytes:
    if fmt == "json":
        return render_json(report)
    if fmt == "docx":
        return render_docx(report)
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "html":
        return render_html(report, links=True).encode()
    raise ValueError(f"unknown format {fmt}")
