"""Writes of the annual reports: open a draft, write paragraphs, submit, return, approve (freeze), reopen, publish.

The state table (``workflow.py``) says which step may follow which; each service checks the role, locks the draft
(revision check), validates the text (placeholders must name real figures) and writes one audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from fazhi.core import numbering, revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import now
from fazhi.core.errors import DomainError
from fazhi.reports import workflow
from fazhi.reports.annual import (
    Figures,
    WrittenParagraph,
    build_report,
    starting_paragraphs,
    unknown_placeholders,
    unwritten_parts,
)
from fazhi.reports.choices import DraftStatus, ParagraphSource, report_kinds
from fazhi.reports.models import ReportApproval, ReportDraft, ReportParagraph, ReportParagraphVersion
from fazhi.reports.spec import SpecError, check_text, load_spec

MAX_PARAGRAPH_CHARS = 5000
MAX_LEAD_CHARS = 60


def _check_kind_year(kind: str, year: int, today_year: int) -> None:
    if kind not in report_kinds():
        raise DomainError("reports.kind_unknown", "没有这种年度报告", field="kind")
    if not 2000 <= year < today_year + 1:
        raise DomainError("reports.year_invalid", f"年度应在 2000 至 {today_year} 之间", field="year")


def _transition(draft: ReportDraft, event: workflow.Event, *, expected_revision: int | None) -> ReportDraft:
    locked = revision.lock(draft, revision=expected_revision, what="年度报告稿")
    target = workflow.target(workflow.State(locked.status), event)
    locked.status = target.value
    return locked


def draft_open(*, kind: str, year: int, actor: Any) -> ReportDraft:
    """Start the bureau's draft of a year's report: the template's starting text and the findings the records show."""
    from fazhi.core.clock import legal_today

    require(actor, "reports.edit")
    _check_kind_year(kind, year, legal_today().year)
    spec = load_spec(kind)
    with transaction.atomic():
        if ReportDraft.objects.filter(kind=kind, year=year).exists():
            raise DomainError(
                "reports.draft_exists", f"{year}年的{report_kinds()[kind]}已在撰写，请直接打开", field="year"
            )
        draft = ReportDraft.objects.create(kind=kind, year=year, created_by=actor)
        written = starting_paragraphs(spec, Figures.compute(year))
        positions: dict[str, int] = {}
        for w in written:
            positions[w.section] = positions.get(w.section, 0) + 1
            paragraph = ReportParagraph.objects.create(
                draft=draft, key=w.key, section=w.section, position=positions[w.section] * 10, lead=w.lead,
                text=w.text, source=w.source, updated_by=actor,
            )  # fmt: skip
            ReportParagraphVersion.objects.create(paragraph=paragraph, number=1, lead=w.lead, text=w.text, author=actor)
        audit_record(
            action="reports.draft_open",
            target=draft,
            actor=actor,
            changes={"kind": kind, "year": year, "paragraphs": len(written)},
        )
    return draft


def _clean_text(text: Any, lead: Any) -> tuple[str, str]:
    body = validation.text(text, field="text", max_chars=MAX_PARAGRAPH_CHARS, what="正文")
    head = validation.text(lead, field="lead", max_chars=MAX_LEAD_CHARS, what="段首标题")
    try:
        check_text(body, where="正文")
    except SpecError as exc:
        raise DomainError("reports.placeholder_invalid", str(exc), field="text") from exc
    unknown = unknown_placeholders(body)
    if unknown:
        raise DomainError(
            "reports.placeholder_unknown",
            f"正文中的 {{{unknown[0]}}} 不是已登记的统计指标；请从“可用的数字”中选择，或删去花括号",
            field="text",
        )
    return body, head


def _editable(draft: ReportDraft) -> None:
    if draft.status != DraftStatus.DRAFT:
        raise DomainError(
            "reports.not_editable",
            f"报告当前为“{DraftStatus(draft.status).label}”，不能修改；如需修改请领导退回或重新打开",
        )


def _next_in_series(scope: str, written: int) -> int:
    """The next number of a per-record series from the one numbering service (``fazhi.core.numbering``, a locked
    counter in the caller's transaction); ``written`` is the highest number already stored, so series begun before
    the counter existed continue without a gap or a duplicate."""
    numbering.set_floor(scope, 0, written)
    return numbering.next_number(scope, 0)


def _new_version(paragraph: ReportParagraph, actor: Any) -> None:
    number = _next_in_series(
        f"reports.paragraph_version:{paragraph.pk}", paragraph.versions.aggregate(n=Max("number"))["n"] or 0
    )
    ReportParagraphVersion.objects.create(
        paragraph=paragraph, number=number, lead=paragraph.lead, text=paragraph.text, removed=paragraph.removed,
        author=actor,
    )  # fmt: skip


def paragraph_edit(
    *, paragraph: ReportParagraph, text: str, lead: str | None = None, actor: Any, revision_seen: int | None = None
) -> ReportParagraph:
    """Save a paragraph's new text (a new version); placeholders must name registered figures. ``lead=None``
    keeps the paragraph's lead-in heading."""
    require(actor, "reports.edit")
    body, head = _clean_text(text, paragraph.lead if lead is None else lead)
    with transaction.atomic():
        _editable(ReportDraft.objects.select_for_update().get(pk=paragraph.draft_id))
        locked = revision.lock(paragraph, revision=revision_seen, what="报告段落")
        before = {"lead": locked.lead, "text": locked.text}
        if (locked.lead, locked.text, locked.removed) == (head, body, False):
            return paragraph
        locked.lead, locked.text, locked.removed, locked.updated_by = head, body, False, actor
        locked.source = ParagraphSource.BUREAU
        revision.save_bumped(locked, ["lead", "text", "removed", "source", "updated_by"], original=paragraph)
        _new_version(locked, actor)
        audit_record(
            action="reports.paragraph_edit", target=paragraph, actor=actor,
            changes={"key": paragraph.key, "before": before, "after": {"lead": head, "text": body}},
        )  # fmt: skip
    return paragraph


def paragraph_add(*, draft: ReportDraft, section: str, text: str, lead: str = "", actor: Any) -> ReportParagraph:
    """Add a paragraph at the end of a part (e.g. one more item of 存在的不足 or 下一步工作安排)."""
    require(actor, "reports.edit")
    body, head = _clean_text(text, lead)
    if not body:
        raise DomainError("cell.required", "请填写正文", field="text")
    try:
        load_spec(draft.kind).section(section)
    except KeyError as exc:
        raise DomainError("reports.section_unknown", "报告中没有这一部分", field="section") from exc
    with transaction.atomic():
        locked = ReportDraft.objects.select_for_update().get(pk=draft.pk)
        _editable(locked)
        siblings = ReportParagraph.objects.filter(draft=locked, section=section)
        last = siblings.aggregate(p=Max("position"))["p"] or 0
        n = ReportParagraph.objects.filter(draft=locked, key__startswith=f"{section}.added.").count() + 1
        paragraph = ReportParagraph.objects.create(
            draft=locked, key=f"{section}.added.{n}", section=section, position=last + 10, lead=head, text=body,
            source=ParagraphSource.BUREAU, updated_by=actor,
        )  # fmt: skip
        _new_version(paragraph, actor)
        audit_record(
            action="reports.paragraph_add", target=paragraph, actor=actor, changes={"section": section, "text": body}
        )
    return paragraph


def paragraph_remove(*, paragraph: ReportParagraph, actor: Any, revision_seen: int | None = None) -> ReportParagraph:
    """Take a paragraph out of the report (kept in its history; it can be written again)."""
    require(actor, "reports.edit")
    with transaction.atomic():
        _editable(ReportDraft.objects.select_for_update().get(pk=paragraph.draft_id))
        locked = revision.lock(paragraph, revision=revision_seen, what="报告段落")
        locked.removed, locked.updated_by = True, actor
        revision.save_bumped(locked, ["removed", "updated_by"], original=paragraph)
        _new_version(locked, actor)
        audit_record(action="reports.paragraph_remove", target=paragraph, actor=actor, changes={"key": paragraph.key})
    return paragraph


def written_paragraphs(draft: ReportDraft) -> list[WrittenParagraph]:
    return [
        WrittenParagraph(p.key, p.section, p.lead, p.text, p.source)
        for p in draft.paragraphs.filter(removed=False).order_by("section", "position")
    ]


def draft_submit(*, draft: ReportDraft, actor: Any, revision_seen: int | None = None) -> ReportDraft:
    require(actor, "reports.edit")
    with transaction.atomic():
        locked = _transition(draft, workflow.Event.SUBMIT, expected_revision=revision_seen)
        locked.submitted_at, locked.submitted_by, locked.return_opinion = now(), actor, ""
        revision.save_bumped(locked, ["status", "submitted_at", "submitted_by", "return_opinion"], original=draft)
        audit_record(action="reports.draft_submit", target=draft, actor=actor, changes={"status": draft.status})
    return draft


def draft_return(*, draft: ReportDraft, opinion: str, actor: Any, revision_seen: int | None = None) -> ReportDraft:
    """The leader sends the draft back with an opinion (what to change)."""
    require(actor, "reports.approve")
    opinion = validation.text(opinion, field="opinion", max_chars=2000, required=True, what="退回意见")
    with transaction.atomic():
        locked = _transition(draft, workflow.Event.RETURN, expected_revision=revision_seen)
        locked.return_opinion = opinion
        revision.save_bumped(locked, ["status", "return_opinion"], original=draft)
        audit_record(action="reports.draft_return", target=draft, actor=actor, changes={"opinion": opinion})
    return draft


def draft_approve(
    *,
    draft: ReportDraft,
    opinion: str,
    actor: Any,
    acknowledge_missing: bool = False,
    revision_seen: int | None = None,
) -> ReportApproval:
    """The leader approves: the text and every figure's value are frozen as approved (审定稿)."""
    require(actor, "reports.approve")
    opinion = validation.text(opinion, field="opinion", max_chars=2000, required=True, what="审定意见")
    with transaction.atomic():
        locked = _transition(draft, workflow.Event.APPROVE, expected_revision=revision_seen)
        written = written_paragraphs(locked)
        unwritten = unwritten_parts(locked.kind, written)
        if unwritten:  # not acknowledgeable: the bureau's own assessment cannot be approved unwritten
            titles = "、".join(f"“{title}”" for _, title in unwritten)
            raise DomainError(
                "reports.parts_unwritten",
                f"报告的{titles}还没有本局撰写的内容（系统起草的开头语和系统提示的问题不算），"
                "不能审定；请退回，由撰写人员写明后再提交",
            )
        figures = Figures.compute(locked.year)
        report = build_report(locked.kind, locked.year, figures=figures, written=written)
        missing = report.missing
        if missing and not acknowledge_missing:
            labels = "、".join(label for _, label in report.missing_labels()[:5])
            raise DomainError(
                "reports.missing_unacknowledged",
                f"报告中有 {len(missing)} 项数字暂无记录（{labels}…），请确认知悉后再审定，或退回补充",
                field="acknowledge_missing",
            )
        revision.save_bumped(locked, ["status"], original=draft)
        ReportApproval.objects.filter(draft=locked, superseded=False).update(superseded=True)
        number = _next_in_series(f"reports.approval:{locked.pk}", locked.approvals.aggregate(n=Max("number"))["n"] or 0)
        approval = ReportApproval.objects.create(
            draft=locked, number=number, approved_by=actor, approved_at=now(), opinion=opinion,
            missing_acknowledged=missing, figures=figures.as_json(),
            paragraphs=[w.__dict__ for w in written],
        )  # fmt: skip
        audit_record(
            action="reports.draft_approve", target=draft, actor=actor,
            changes={"approval": number, "opinion": opinion, "missing": missing},
        )  # fmt: skip
    return approval


def draft_reopen(*, draft: ReportDraft, reason: str, actor: Any, revision_seen: int | None = None) -> ReportDraft:
    """The leader reopens an approved (or published) report for changes; the approved copy stays in the history
    and, if it was published, on the public portal until a new approval is published."""
    require(actor, "reports.approve")
    reason = validation.text(reason, field="reason", max_chars=2000, required=True, what="重新打开的理由")
    with transaction.atomic():
        locked = _transition(draft, workflow.Event.REOPEN, expected_revision=revision_seen)
        revision.save_bumped(locked, ["status"], original=draft)
        audit_record(action="reports.draft_reopen", target=draft, actor=actor, changes={"reason": reason})
    return draft


def draft_publish(*, draft: ReportDraft, actor: Any, revision_seen: int | None = None) -> ReportApproval:
    """Publish the approved copy on the public portal (the 规定 wants it public by 1 April)."""
    require(actor, "reports.approve")
    with transaction.atomic():
        locked = _transition(draft, workflow.Event.PUBLISH, expected_revision=revision_seen)
        approval = locked.approvals.filter(superseded=False).order_by("-number").first()
        if approval is None:  # the state table allows publishing only after an approval
            raise DomainError("reports.not_approved", "报告尚未经领导审定，不能公开")
        revision.save_bumped(locked, ["status"], original=draft)
        approval.published_at, approval.published_by = now(), actor
        approval.save(update_fields=["published_at", "published_by"])
        audit_record(action="reports.draft_publish", target=draft, actor=actor, changes={"approval": approval.number})
    return approval
