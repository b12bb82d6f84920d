"""Word files the bureau prints: the 谁执法谁普法 responsibility list (印发 with its 文号) and a session's record with
its sign-in sheet (会议（学习）记录及签到表) for the archive.

A document says only what the records show: a list not yet adopted prints as 草稿（未印发） with no number or date;
a session prints the attendance as recorded (出席 / 请假 / 缺席), the matters decided and their completion as
recorded, and nothing else. Fonts follow the bureau's documents (方正小标宋 for titles, 仿宋 for text; Word falls
back to installed fonts).
"""

from __future__ import annotations

import io
from typing import Any

from fazhi.activities.choices import AttendanceStatus, ListStatus
from fazhi.activities.models import ResponsibilityList, Session
from fazhi.activities.selectors import attendance_counts, attendance_sheet

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"


def _font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold


def _title(doc: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), TITLE_FONT, 18)


def _para(doc: Any, text: str, *, size: float = 12, bold: bool = False, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), BODY_FONT, size, bold)


def _table(doc: Any, header: list[str], rows: list[list[str]], *, size: float = 10.5) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, size, True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, size)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def responsibility_list_docx(rlist: ResponsibilityList) -> bytes:
    """The list as printed and issued: landscape, one row per item, the 文号 and 印发日期 only once adopted."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    if rlist.status == ListStatus.DRAFT:
        _para(doc, "草稿（未印发）", size=12, bold=True)
    elif rlist.document_number:
        _para(doc, rlist.document_number, center=True)
    _title(doc, rlist.title)
    items = list(rlist.items.select_related("department").order_by("department__name", "id"))
    _table(
        doc,
        ["序号", "责任部门", "普法的法律法规", "普法对象", "普法内容", "普法方式", "时间安排"],
        [
            [str(n), i.department.name, f"《{i.law_title.strip('《》')}》", i.audience, i.content, i.methods,
             i.timing or "—"]
            for n, i in enumerate(items, start=1)
        ],
    )  # fmt: skip
    if rlist.status != ListStatus.DRAFT and rlist.adopted_on:
        _para(doc, "")
        _para(doc, f"{rlist.adopted_on.year}年{rlist.adopted_on.month}月{rlist.adopted_on.day}日印发")
    if rlist.status == ListStatus.SUPERSEDED and rlist.superseded_on:
        _para(doc, f"（本清单已于{rlist.superseded_on:%Y-%m-%d}被新的清单替代）")
    return _save(doc)


STATUS_TEXT: dict[str, str] = {
    AttendanceStatus.PRESENT: "出席",
    AttendanceStatus.LEAVE: "请假",
    AttendanceStatus.ABSENT: "缺席",
}


def session_docx(session: Session) -> bytes:
    """会议（学习）记录及签到表: what was recorded about the session, its attendance by department (with a column
    for the handwritten signature) and the rule-of-law matters decided with their completion."""
    from docx import Document

    doc = Document()
    _title(doc, f"{session.get_kind_display()}记录及签到表")
    facts = [
        ("日期", f"{session.held_on:%Y年%m月%d日}"),
        ("主题/议题", session.title),
        ("组织部门", session.department.name),
        ("地点", session.location or "—"),
    ]
    if session.chair is not None:
        facts.append(("主持人", session.chair.name + ("（主要负责人）" if session.chair_is_principal else "")))
    if session.speaker:
        facts.append(("主讲人", session.speaker))
    if session.series_id:
        facts.append(("所属系列", str(session.series)))
    if session.meeting is not None:
        facts.append(("会前学法所在会议", f"{session.meeting.held_on:%Y-%m-%d} {session.meeting.title}"))
    if session.rule_of_law:
        facts.append(("法治专题", "是"))
    if session.laws_studied:
        facts.append(("学习的法律法规和文件", "；".join(f"《{x.strip('《》')}》" for x in session.laws_studied)))
    counts = attendance_counts(session)
    facts.append(
        ("出勤", f"出席 {counts['present']} 人，请假 {counts['leave']} 人，缺席 {counts['absent']} 人"
                 + (f"；其他参加 {session.other_attendees} 人次" if session.other_attendees else ""))
    )  # fmt: skip
    _table(doc, ["项目", "内容"], [[k, v] for k, v in facts], size=11)
    if session.summary:
        _para(doc, "")
        _para(doc, "内容摘要", bold=True)
        _para(doc, session.summary)
    matters = list(session.matters.select_related("responsible_department").order_by("id"))
    if matters:
        _para(doc, "")
        _para(doc, "研究的法治事项", bold=True)
        _table(
            doc,
            ["序号", "事项", "研究决定", "责任部门", "办结时限", "办结情况"],
            [
                [str(n), m.title, m.decision, m.responsible_department.name if m.responsible_department else "—",
                 f"{m.due_on:%Y-%m-%d}" if m.due_on else "—",
                 f"{m.done_on:%Y-%m-%d} 办结{('：' + m.done_note) if m.done_note else ''}" if m.done_on else "未办结"]
                for n, m in enumerate(matters, start=1)
            ],
        )  # fmt: skip
    rows = [
        [group.department, r.name, STATUS_TEXT.get(r.status, r.status), ""]
        for group in attendance_sheet(session)
        for r in group.rows
        if r.status
    ]
    _para(doc, "")
    _para(doc, "签到表", bold=True)
    if rows:
        _table(doc, ["部门", "姓名", "出勤", "本人签名"], rows, size=11)
    else:
        _para(doc, "（未登记出勤）")
    return _save(doc)
