"""Services of 规范性文件 and 公平竞争审查 (the only write door), one per step: draft, legality review, fair-competition
review, collective discussion, issue (the gate), filing, repeal; clean-up rounds; mechanism records.

Lists and numbers from ``tables/oversight/normative_documents.yaml``; the filing period from
``tables/deadlines/normative_documents.yaml`` through a tracked deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.core.steps import record_step
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.normative_docs import workflow
from fazhi.normative_docs.models import (
    CleanupEntry,
    CleanupRound,
    FairCompetitionReview,
    MechanismRecord,
    NormativeDocument,
)
from fazhi.rulebook import oversight as rules
from fazhi.rulebook.errors import RulebookError

FILING_RULE = "normative_docs.filing"
OWNER_TYPE = "normative_docs.normativedocument"


def _check_department(actor: Any, department: Any) -> None:
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("起草部门")


def _rule(list_id: str, item_id: str, on: dt.date, field: str) -> rules.Item:
    try:
        return rules.item(list_id, item_id, on, field=field)
    except RulebookError as exc:
        raise from_rulebook(exc, field=field) from exc


def _transition(
    document: NormativeDocument,
    event: workflow.Event,
    *,
    actor: Any,
    fields: dict[str, Any],
    facts: dict[str, Any] | None = None,
    expected_revision: int | None = None,
) -> NormativeDocument:
    return record_step(
        document,
        to=lambda status: workflow.target(status, event),
        action=f"normative_docs.{event.value}",
        what="规范性文件",
        actor=actor,
        fields=fields,
        facts=facts,
        expected_revision=expected_revision,
    )


def document_draft(
    *,
    department: Any,
    title: str,
    drafted_on: Any,
    summary: str = "",
    affects_business: bool = True,
    interim: bool = False,
    actor: Any,
) -> NormativeDocument:
    """登记起草的规范性文件（送审稿）."""
    require(actor, "normative_docs.draft")
    _check_department(actor, department)
    title = validation.text(title, field="title", max_chars=200, required=True, what="文件名称")
    summary = validation.text(summary, field="summary", max_chars=4000)
    drafted = validation.step_date(drafted_on, today=legal_today(), field="drafted_on", what="起草（送审）日期")
    with transaction.atomic():
        sequence = numbering.next_number("normative_docs.document", drafted.year)
        document = NormativeDocument(
            number=numbering.bureau_number("规范性文件送审", drafted.year, sequence),
            department_id=getattr(department, "pk", department),
            title=title,
            summary=summary,
            affects_business=bool(affects_business),
            interim=bool(interim),
            drafted_on=drafted,
            created_by=actor,
        )
        document.full_clean()
        document.save(force_insert=True)
        audit_record(
            action="normative_docs.draft",
            target=document,
            actor=actor,
            changes={"number": document.number, "title": title, "affects_business": document.affects_business},
        )
    return document


def legality_review(
    *,
    document: NormativeDocument,
    on: Any,
    passed: bool,
    opinion: str,
    expected_revision: int | None = None,
    actor: Any,
) -> NormativeDocument:
    """合法性审核 by the legal section before the collective discussion: passed, or returned with the opinion."""
    require(actor, "normative_docs.legality_review")
    opinion = validation.text(opinion, field="opinion", max_chars=4000, required=True, what="审核意见")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.drafted_on, previous="起草", field="on", what="审核日期"
    )
    with transaction.atomic():
        if passed:
            fields = {"legality_reviewed_on": day, "legality_opinion": opinion, "legality_reviewer": actor}
            _transition(
                document, workflow.Event.PASS_REVIEW, actor=actor, fields=fields, expected_revision=expected_revision
            )
        else:
            fields = {
                "legality_opinion": opinion,
                "legality_reviewer": actor,
                "legality_returns": document.legality_returns + 1,
            }
            _transition(document, workflow.Event.RETURN, actor=actor, fields=fields, facts={"on": day},
                        expected_revision=expected_revision)  # fmt: skip
    return document


def fair_competition_review(
    *,
    document: NormativeDocument,
    on: Any,
    findings: list[str],
    conclusion: str,
    conclusion_text: str,
    exception_reason: str = "",
    exception_until: Any = None,
    stakeholders_heard: str = "",
    actor: Any,
) -> FairCompetitionReview:
    """公平竞争审查: the checklist items found (the prohibited content in force on the review date), and a written
    conclusion. An exception (Art. 12) needs its reason and its term; a clean conclusion cannot list findings."""
    require(actor, "normative_docs.fair_competition")
    if workflow.State(document.status) not in workflow.REVIEWABLE:
        raise DomainError("normative_docs.review_closed", "文件已公布或废止，不能再作公平竞争审查")
    if not document.affects_business:
        raise DomainError(
            "normative_docs.no_business_effect",
            "该文件登记为不涉及经营者经济活动，无需公平竞争审查",
            field="conclusion",
        )
    today = legal_today()
    day = validation.step_date(
        on, today=today, not_before=document.drafted_on, previous="起草", field="on", what="审查日期"
    )
    text = validation.text(conclusion_text, field="conclusion_text", max_chars=4000, required=True, what="书面审查结论")
    heard = validation.text(stakeholders_heard, field="stakeholders_heard", max_chars=300)
    reason = validation.text(exception_reason, field="exception_reason", max_chars=500)
    verdict = _rule("normative_docs.fair_competition_conclusions", conclusion, day, "conclusion")
    found = [_rule("normative_docs.fair_competition_checklist", f, day, "findings") for f in dict.fromkeys(findings)]
    if verdict.id == "compliant" and found:
        raise DomainError(
            "normative_docs.findings_contradict", "勾选了存在的限制竞争情形，结论不能为“不含排除、限制竞争内容”",
            field="conclusion",
        )  # fmt: skip
    if verdict.id != "compliant" and not found:
        raise DomainError("normative_docs.findings_required", "请勾选存在的限制竞争情形", field="findings")
    until = None
    if verdict.has("needs_exception"):
        if not reason:
            raise DomainError("normative_docs.exception_reason", "适用例外规定的，应说明理由", field="exception_reason")
        until = validation.parse_date(exception_until, field="exception_until")
        if until is None or until <= day:
            raise DomainError(
                "normative_docs.exception_term", "适用例外规定的，应明确晚于审查日的实施期限", field="exception_until"
            )
    with transaction.atomic():
        review = FairCompetitionReview(
            document=document, reviewed_on=day, findings=[f.id for f in found], findings_labels=[f.label for f in found],
            conclusion=verdict.id, conclusion_label=verdict.label, blocks_issue=verdict.has("blocks_issue"),
            conclusion_text=text, exception_reason=reason, exception_until=until, stakeholders_heard=heard,
            citation=str(verdict.citation)[:200], citation_status=verdict.status.value, reviewer=actor,
        )  # fmt: skip
        review.full_clean()
        review.save()
        audit_record(
            action="normative_docs.fair_competition_review", target=document, actor=actor,
            changes={"on": day, "conclusion": verdict.id, "findings": review.findings, "citation": review.citation},
        )  # fmt: skip
    return review


def latest_review(document: NormativeDocument) -> FairCompetitionReview | None:
    return document.fair_reviews.order_by("-reviewed_on", "-id").first()


def collective_discussion(
    *,
    document: NormativeDocument,
    on: Any,
    meeting: str,
    minutes: str,
    expected_revision: int | None = None,
    actor: Any,
) -> NormativeDocument:
    """集体讨论决定 (局长办公会): only after the legality review passed; the minutes record dissent."""
    require(actor, "normative_docs.decide")
    meeting = validation.text(meeting, field="meeting", max_chars=100, required=True, what="会议名称")
    minutes = validation.text(minutes, field="minutes", max_chars=4000, required=True, what="会议纪要")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.legality_reviewed_on or document.drafted_on,
        previous="合法性审核", field="on", what="讨论日期",
    )  # fmt: skip
    with transaction.atomic():
        _transition(
            document, workflow.Event.DISCUSS, actor=actor,
            fields={"discussed_on": day, "meeting": meeting, "minutes": minutes}, expected_revision=expected_revision,
        )  # fmt: skip
    return document


def _add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def document_issue(
    *,
    document: NormativeDocument,
    on: Any,
    document_number: str,
    valid_years: Any = None,
    expected_revision: int | None = None,
    actor: Any,
) -> NormativeDocument:
    """公布施行. A measure affecting business activity needs a written fair-competition conclusion that allows it
    (公平竞争审查条例 Arts. 17–18): none, or "violates", refuses the step. The validity runs from the issue date for
    the years the rulebook proposes (interim documents shorter) unless the decision fixed fewer or more; the filing
    clock opens."""
    require(actor, "normative_docs.decide")
    number = validation.text(document_number, field="document_number", max_chars=60, required=True, what="文号")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.discussed_on or document.drafted_on, previous="集体讨论",
        field="on", what="公布日期",
    )  # fmt: skip
    if document.affects_business:
        review = latest_review(document)
        if review is None:
            raise DomainError(
                "normative_docs.fair_competition_missing",
                "该文件涉及经营者经济活动，未作公平竞争审查、没有书面审查结论的，不得出台（公平竞争审查条例第十七条、第十八条）",
            )
        if review.blocks_issue:
            raise DomainError(
                "normative_docs.fair_competition_blocks",
                f"公平竞争审查结论为“{review.conclusion_label}”，不得出台；调整后重新审查",
            )
    period = _rule(
        "normative_docs.periods", "interim_validity_years" if document.interim else "validity_years", day, "valid_years"
    )
    years = (
        validation.bounded_int(valid_years, field="valid_years", minimum=1, maximum=10, required=False) or period.number
    )
    assert years is not None
    until = _add_years(day, years) - dt.timedelta(days=1)
    note = f"{years}年（规则建议 {period.number} 年，{period.citation}，{period.status.label}）"
    with transaction.atomic():
        _transition(
            document, workflow.Event.ISSUE, actor=actor,
            fields={"issued_on": day, "document_number": number, "valid_until": until, "validity_rule": note[:300]},
            expected_revision=expected_revision,
        )  # fmt: skip
        try:
            deadline = deadline_services.deadline_open(
                owner=document, rule_id=FILING_RULE, start=day, label="报送备案期限", actor=actor
            )
        except DomainError as exc:
            raise exc.on_field("on") from exc
        document.filing_due_on = deadline.due_on
        document.save(update_fields=["filing_due_on"])
    return document


def document_file(*, document: NormativeDocument, on: Any, body: str, actor: Any) -> NormativeDocument:
    """报送备案: meets the filing clock (late if after its due date)."""
    require(actor, "normative_docs.manage")
    body = validation.text(body, field="body", max_chars=100, required=True, what="备案机关")
    if document.status != workflow.State.ISSUED:
        raise DomainError("normative_docs.not_issued", "文件尚未公布施行，不能报送备案")
    if document.filed_on is not None:
        raise DomainError("normative_docs.already_filed", f"该文件已于 {document.filed_on} 报送备案")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.issued_on, previous="公布", field="on", what="报送日期"
    )
    with transaction.atomic():
        locked = revision.lock(document, what="规范性文件")
        deadline = (
            TrackedDeadline.objects.filter(owner_type=OWNER_TYPE, owner_id=str(document.pk), rule_id=FILING_RULE)
            .order_by("-id")
            .first()
        )
        late = bool(deadline and deadline.due_on and day > deadline.due_on)
        locked.filed_on, locked.filing_body, locked.filed_late = day, body, late
        revision.save_bumped(locked, ["filed_on", "filing_body", "filed_late"], original=document)
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=day, actor=actor)
        audit_record(
            action="normative_docs.file", target=document, actor=actor, changes={"on": day, "body": body, "late": late}
        )
    return document


def document_repeal(
    *, document: NormativeDocument, on: Any, reason: str, expected_revision: int | None = None, actor: Any
) -> NormativeDocument:
    """废止或宣布失效 (by decision or through a clean-up round)."""
    require(actor, "normative_docs.manage")
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="废止理由")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.issued_on, previous="公布", field="on", what="废止日期"
    )
    with transaction.atomic():
        _transition(
            document, workflow.Event.REPEAL, actor=actor, fields={"repealed_on": day, "repeal_reason": reason},
            expected_revision=expected_revision,
        )  # fmt: skip
    return document


# ---------------------------------------------------------------------------------------------------------------
# 清理


def cleanup_open(*, title: str, started_on: Any, actor: Any) -> CleanupRound:
    require(actor, "normative_docs.manage")
    title = validation.text(title, field="title", max_chars=200, required=True, what="清理名称")
    day = validation.step_date(started_on, today=legal_today(), field="started_on", what="开始日期")
    with transaction.atomic():
        sequence = numbering.next_number("normative_docs.cleanup", day.year)
        cleanup = CleanupRound(number=f"QL-{day.year}-{sequence:02d}", title=title, started_on=day, created_by=actor)
        cleanup.full_clean()
        cleanup.save(force_insert=True)
        audit_record(
            action="normative_docs.cleanup_open", target=cleanup, actor=actor, changes={"title": title, "on": day}
        )
    return cleanup


def cleanup_record(
    *, cleanup: CleanupRound, document: NormativeDocument, outcome: str, reason: str = "", actor: Any
) -> CleanupEntry:
    """Record the clean-up result of one issued document (继续有效, 需要修改, 废止, 宣布失效)."""
    require(actor, "normative_docs.manage")
    if cleanup.published_on is not None:
        raise DomainError("normative_docs.cleanup_published", "清理结果已公布，不能再修改")
    if document.status != workflow.State.ISSUED:
        raise DomainError("normative_docs.cleanup_not_issued", "只清理已公布施行、尚未废止的文件", field="document")
    reason = validation.text(reason, field="reason", max_chars=300)
    kind = _rule("normative_docs.cleanup_outcomes", outcome, cleanup.started_on, "outcome")
    if kind.has("ends") and not reason:
        raise DomainError("normative_docs.reason_required", "废止或宣布失效的，请填写理由", field="reason")
    with transaction.atomic():
        entry, _ = CleanupEntry.objects.update_or_create(
            cleanup=cleanup, document=document,
            defaults={"outcome": kind.id, "outcome_label": kind.label, "reason": reason, "recorded_by": actor},
        )  # fmt: skip
        audit_record(
            action="normative_docs.cleanup_record", target=cleanup, actor=actor,
            changes={"document": document.pk, "outcome": kind.id, "reason": reason},
        )  # fmt: skip
    return entry


def cleanup_publish(*, cleanup: CleanupRound, on: Any, actor: Any) -> CleanupRound:
    """公布清理结果: the documents to repeal or declare invalid end on the publication day; the valid and repealed
    lists become public."""
    require(actor, "normative_docs.manage")
    day = validation.step_date(
        on, today=legal_today(), not_before=cleanup.started_on, previous="开始清理", field="on", what="公布日期"
    )
    entries = list(cleanup.entries.select_related("document"))
    if not entries:
        raise DomainError("normative_docs.cleanup_empty", "尚未登记任何文件的清理结果")
    with transaction.atomic():
        locked = revision.lock(cleanup, what="规范性文件清理")
        if locked.published_on is not None:
            raise DomainError("normative_docs.cleanup_published", "清理结果已公布")
        for entry in entries:
            kind = _rule("normative_docs.cleanup_outcomes", entry.outcome, cleanup.started_on, "outcome")
            if kind.has("ends"):
                document_repeal(
                    document=entry.document,
                    on=day,
                    reason=f"{cleanup.title}：{entry.outcome_label}（{entry.reason}）"[:300],
                    actor=actor,
                )
        locked.published_on = day
        revision.save_bumped(locked, ["published_on"], original=cleanup)
        audit_record(
            action="normative_docs.cleanup_publish",
            target=cleanup,
            actor=actor,
            changes={"on": day, "documents": len(entries)},
        )
    return cleanup


# ---------------------------------------------------------------------------------------------------------------
# 五项机制


def mechanism_record(
    *, kind: str, department: Any, held_on: Any, title: str, summary: str, document: Any = None, actor: Any
) -> MechanismRecord:
    """Record one activity of a fair-competition mechanism."""
    require(actor, "normative_docs.manage")
    _check_department(actor, department)
    title = validation.text(title, field="title", max_chars=200, required=True, what="事项")
    summary = validation.text(summary, field="summary", max_chars=4000, required=True, what="情况")
    day = validation.step_date(held_on, today=legal_today(), field="held_on", what="日期")
    mechanism = _rule("normative_docs.mechanisms", kind, day, "kind")
    with transaction.atomic():
        record = MechanismRecord(
            kind=mechanism.id, kind_label=mechanism.label, department_id=getattr(department, "pk", department),
            held_on=day, title=title, summary=summary, document=document, recorded_by=actor,
        )  # fmt: skip
        record.full_clean()
        record.save()
        audit_record(
            action="normative_docs.mechanism", target=record, actor=actor, changes={"kind": mechanism.id, "on": day}
        )
    return record
