"""Documents of 重大行政决策 the bureau prints: the hearing report (听证会报告) of a held hearing and the
post-decision evaluation report (决策后评估报告) of a concluded evaluation, as Word (python-docx) and PDF (WeasyPrint,
the project's one conversion path, as for case documents) rendered from one :class:`Report`, so both say the same.
Each says only what the records show and exists from the step that produces it (the view refuses a report whose step
is not recorded)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from fazhi.major_decisions.models import DecisionEvaluation, DecisionHearing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, lines)
    footer: tuple[str, ...]


def _lines(text: str) -> tuple[str, ...]:
    return tuple((text or "无").splitlines()) or ("无",)


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


def render_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _font(document.styles["Normal"], BODY_FONT, 14)
    for text, size in ((report.title, 20), (report.subtitle, 14)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), TITLE_FONT if size == 20 else BODY_FONT, size)
    for heading, lines in report.sections:
        document.add_paragraph().add_run(heading).bold = True
        for line in lines:
            document.add_paragraph(line)
    for line in report.footer:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(report: Report) -> bytes:
    """PDF via WeasyPrint (Noto Serif CJK SC; lang zh-CN)."""
    from weasyprint import HTML

    return HTML(string=render_to_string("major_decisions/report.html", {"r": report})).write_pdf()


def render(report: Report, fmt: str) -> bytes:
    return render_pdf(report) if fmt == "pdf" else render_docx(report)


def hearing_content(hearing: DecisionHearing) -> Report:
    d = hearing.decision
    return Report(
        title="重大行政决策听证会报告",
        subtitle=f"{d.number}　{d.title}",
        sections=(
            (
                "一、听证会基本情况",
                (
                    f"承办部门：{d.department}",
                    f"举行日期：{hearing.held_on:%Y年%m月%d日}",
                    f"地点：{hearing.venue}",
                    f"主持人：{hearing.presider}",
                    f"公布听证事项：{hearing.announced_on:%Y年%m月%d日}",
                    f"听证材料送达听证参加人：{hearing.materials_served_on:%Y年%m月%d日}",
                ),
            ),
            (f"二、听证参加人（{hearing.participant_count}人）", _lines(hearing.participants)),
            ("三、听证参加人的主要意见", _lines(hearing.opinions)),
            ("四、意见采纳情况", _lines(hearing.adoption)),
            (
                "五、听证会记录",
                (
                    "听证会记录已经听证参加人确认并签字。"
                    if hearing.record_signed
                    else "听证会记录未经听证参加人签字确认。",
                ),
            ),
        ),
        footer=(f"依据：{hearing.citation}", f"登记人：{hearing.recorded_by}"),
    )


def evaluation_content(evaluation: DecisionEvaluation) -> Report:
    d = evaluation.decision
    decided = f"{d.decided_on:%Y年%m月%d日}" if d.decided_on else "—"
    published = f"{d.published_on:%Y年%m月%d日}（{d.publication_channel}）" if d.published_on else "—"
    footer = (
        (f"评估结论日期：{evaluation.concluded_on:%Y年%m月%d日}　登记人：{evaluation.concluded_by}",)
        if evaluation.concluded_on
        else ()
    )
    return Report(
        title="重大行政决策后评估报告",
        subtitle=f"{d.number}　{d.title}",
        sections=(
            ("一、决策情况", (f"承办部门：{d.department}", f"决策日期：{decided}", f"公布：{published}",
                          f"决策内容：{d.decision_text}")),
            (
                "二、评估的组织",
                (
                    f"评估情形：{evaluation.ground_label}（{evaluation.citation}）",
                    f"承担评估具体工作的单位：{evaluation.evaluator}{'（受托第三方）' if evaluation.third_party else ''}",
                    f"启动日期：{evaluation.started_on:%Y年%m月%d日}，组织人：{evaluation.started_by}",
                ),
            ),
            ("三、听取社会公众意见情况", _lines(evaluation.public_views)),
            ("四、人大代表、政协委员等参与评估情况", _lines(evaluation.participation)),
            ("五、评估结论", _lines(evaluation.findings)),
            ("六、处理建议", (evaluation.get_recommendation_display(),)),
        ),
        footer=footer,
    )  # fmt: skip


def hearing_report(hearing: DecisionHearing, fmt: str = "docx") -> bytes:
    return render(hearing_content(hearing), fmt)


def evaluation_report(evaluation: DecisionEvaluation, fmt: str = "docx") -> bytes:
    return render(evaluation_content(evaluation), fmt)
