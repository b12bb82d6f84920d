"""The two formats of a document, rendered from one :class:`~.content.Content`: HTML/PDF (WeasyPrint) and Word."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string

from fazhi.cases.models import Case, CaseDocument
from fazhi.cases.services.documents.content import document_content


def render_html(case: Case, doc: CaseDocument) -> str:
    return render_to_string("cases/documents/document.html", {"c": document_content(case, doc), "case": case})


def render_pdf(case: Case, doc: CaseDocument) -> bytes:
    """PDF via WeasyPrint (Noto Serif CJK SC; lang zh-CN)."""
    from weasyprint import HTML

    return HTML(string=render_html(case, doc)).write_pdf()


def render_docx(case: Case, doc: CaseDocument) -> bytes:
    """Word document (python-docx) with the same content; East Asian font set to 宋体."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    c = document_content(case, doc)
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
    p = document.add_paragraph(c.number or f"案件编号：{case.number}")
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
