"""Word documents of 重大行政决策 the bureau prints: the hearing report (听证会报告) of a held hearing and the
post-decision evaluation report (决策后评估报告) of a concluded evaluation. Each says only what the records show and
exists from the step that produces it (the view refuses a report whose step is not recorded)."""

from __future__ import annotations

import io
from typing import Any

from fazhi.major_decisions.models import DecisionEvaluation, DecisionHearing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


def _document(title: str, subtitle: str) -> Any:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _font(document.styles["Normal"], BODY_FONT, 14)
    for text, size in ((title, 20), (subtitle, 14)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), TITLE_FONT if size == 20 else BODY_FONT, size)
    return document


def _section(document: Any, heading: str, text: str) -> None:
    p = document.add_paragraph()
    run = p.add_run(heading)
    run.bold = True
    for line in (text or "无").splitlines() or ["无"]:
        document.add_paragraph(line)


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def hearing_report(hearing: DecisionHearing) -> bytes:
    d = hearing.decision
    document = _document("重大行政决策听证会报告", f"{d.number}　{d.title}")
    _section(
        document,
        "一、听证会基本情况",
        f"承办部门：{d.department}\n举行日期：{hearing.held_on:%Y年%m月%d日}\n地点：{hearing.venue}\n"
        f"主持人：{hearing.presider}\n公布听证事项：{hearing.announced_on:%Y年%m月%d日}\n"
        f"听证材料送达听证参加人：{hearing.materials_served_on:%Y年%m月%d日}",
    )
    _section(document, f"二、听证参加人（{hearing.participant_count}人）", hearing.participants)
    _section(document, "三、听证参加人的主要意见", hearing.opinions)
    _section(document, "四、意见采纳情况", hearing.adoption)
    _section(
        document,
        "五、听证会记录",
        "听证会记录已经听证参加人确认并签字。" if hearing.record_signed else "听证会记录未经听证参加人签字确认。",
    )
    document.add_paragraph(f"依据：{hearing.citation}")
    document.add_paragraph(f"登记人：{hearing.recorded_by}")
    return _bytes(document)


def evaluation_report(evaluation: DecisionEvaluation) -> bytes:
    d = evaluation.decision
    document = _document("重大行政决策后评估报告", f"{d.number}　{d.title}")
    decided = f"{d.decided_on:%Y年%m月%d日}" if d.decided_on else "—"
    published = f"{d.published_on:%Y年%m月%d日}（{d.publication_channel}）" if d.published_on else "—"
    _section(
        document,
        "一、决策情况",
        f"承办部门：{d.department}\n决策日期：{decided}\n公布：{published}\n决策内容：{d.decision_text}",
    )
    _section(
        document,
        "二、评估的组织",
        f"评估情形：{evaluation.ground_label}（{evaluation.citation}）\n"
        f"承担评估具体工作的单位：{evaluation.evaluator}{'（受托第三方）' if evaluation.third_party else ''}\n"
        f"启动日期：{evaluation.started_on:%Y年%m月%d日}，组织人：{evaluation.started_by}",
    )
    _section(document, "三、听取社会公众意见情况", evaluation.public_views)
    _section(document, "四、人大代表、政协委员等参与评估情况", evaluation.participation)
    _section(document, "五、评估结论", evaluation.findings)
    _section(document, "六、处理建议", evaluation.get_recommendation_display())
    if evaluation.concluded_on:
        document.add_paragraph(
            f"评估结论日期：{evaluation.concluded_on:%Y年%m月%d日}　登记人：{evaluation.concluded_by}"
        )
    return _bytes(document)
