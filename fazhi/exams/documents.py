"""考试成绩统计表 (Word): what the bureau files after an exam — the exam's facts, participation and pass rates per
department over the exam family (the original and its make-ups) and every sitting of this exam with its score.

It says only what the records show: a paper still being answered is listed as 答题中 without a score, and an exam
that is not closed is printed as a snapshot ("统计截至 …"). Section chiefs get their own department only (the same
scoping as the results page).
"""

from __future__ import annotations

import io
from typing import Any

from fazhi.core import clock
from fazhi.exams import selectors
from fazhi.exams.choices import ExamStatus, SittingStatus
from fazhi.exams.models import Exam

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold


def _para(doc: Any, text: str, *, size: float = 12, bold: bool = False, font: str = BODY_FONT) -> Any:
    p = doc.add_paragraph()
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5, True)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def _local(moment: Any) -> str:
    return moment.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else "—"


def results_docx(exam: Exam, *, user: Any) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    title = _para(doc, f"{exam.title}成绩统计表", size=18, font=TITLE_FONT)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if exam.status != ExamStatus.CLOSED:
        _para(doc, f"考试尚未结束，统计截至 {_local(clock.now())}", bold=True)
    facts = [
        ("考试时间", f"{_local(exam.opens_at)} 至 {_local(exam.closes_at)}，答题时长 {exam.duration_minutes} 分钟"),
        ("满分 / 合格分数", f"{exam.total_points} 分 / {exam.pass_mark} 分"),
        ("组织部门", exam.department.name),
    ]
    if exam.makeup_of is not None:
        facts.append(("补考对应的考试", exam.makeup_of.title))
    if exam.closed_at:
        facts.append(("结束时间", _local(exam.closed_at)))
    _table(doc, ["项目", "内容"], [[k, v] for k, v in facts])
    rows = selectors.department_rates(exam, user=user)
    _para(doc, "")
    _para(doc, "各部门参考率与合格率（含补考）", bold=True)
    total = selectors.totals(rows)
    _table(
        doc,
        ["部门", "应考", "免考", "参考", "合格", "参考率", "合格率", "平均分（最好成绩）"],
        [
            [r.department, str(r.required), str(r.exempt), str(r.takers), str(r.passed), _pct(r.participation),
             _pct(r.pass_rate), "—" if r.average is None else str(r.average)]
            for r in [*rows, total]
        ],
    )  # fmt: skip
    _para(doc, "")
    _para(doc, "本场答卷", bold=True)
    sittings = list(selectors.sitting_list(exam, user=user))
    lines = []
    for s in sittings:
        done = s.status == SittingStatus.SUBMITTED
        lines.append(
            [s.department.name, s.officer.name, _local(s.started_at), _local(s.submitted_at) if done else "—",
             f"{s.score} / {s.max_score}" if done else "答题中", ("合格" if s.passed else "不合格") if done else "—"]
        )  # fmt: skip
    if lines:
        _table(doc, ["部门", "姓名", "开始", "交卷", "得分", "结果"], lines)
    else:
        _para(doc, "（尚无答卷）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
