"""主动公开目录: publishing and withdrawing a proactively disclosed document."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.selectors import current_calendar
from fazhi.disclosure.models import ProactiveDocument
from fazhi.disclosure.services.common import (
    PROACTIVE_RULE,
    check_department,
    rule_item,
)
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError


def document_publish(
    *,
    department: Any,
    title: str,
    category: str,
    formed_on: Any,
    published_on: Any,
    document_number: str = "",
    summary: str = "",
    actor: Any,
) -> ProactiveDocument:
    """登记主动公开的政府信息 (条例 Art. 19–20, 26): the due date is 20 working days after the information arose or
    changed; a later publication is recorded as late (the record states what happened)."""
    require(actor, "disclosure.publish")
    check_department(actor, department)
    today = legal_today()
    title = validation.text(title, field="title", max_chars=200, required=True, what="标题")
    document_number = validation.text(document_number, field="document_number", max_chars=60)
    summary = validation.text(summary, field="summary", max_chars=2000)
    formed = validation.step_date(formed_on, today=today, field="formed_on", what="信息形成（变更）日期")
    published = validation.step_date(
        published_on, today=today, not_before=formed, previous="信息形成", field="published_on", what="公开日期"
    )
    kind = rule_item("disclosure.proactive_categories", category, published, "category")
    try:
        due = compute_deadline(PROACTIVE_RULE, formed, calendar=current_calendar(), provisional=True)
    except RulebookError as exc:
        raise from_rulebook(exc, field="formed_on") from exc
    with transaction.atomic():
        sequence = numbering.next_number("disclosure.proactive", published.year)
        document = ProactiveDocument(
            number=f"DL-SJ-{published.year}-{sequence:05d}",
            department_id=getattr(department, "pk", department),
            title=title,
            category=kind.id,
            category_label=kind.label,
            document_number=document_number,
            summary=summary,
            formed_on=formed,
            published_on=published,
            due_on=due.due,
            published_late=bool(due.due and published > due.due),
            due_rule=str(due.citation)[:200],
            created_by=actor,
        )
        document.full_clean()
        document.save(force_insert=True)
        audit_record(
            action="disclosure.publish",
            target=document,
            actor=actor,
            changes={"number": document.number, "category": kind.id, "published": published, "due": due.due},
        )
    return document


def document_withdraw(
    *, document: ProactiveDocument, on: Any, reason: str, expected_revision: int | None = None, actor: Any
) -> ProactiveDocument:
    """撤回主动公开的信息 (e.g. a repealed document): the entry stays in the records with the reason."""
    require(actor, "disclosure.publish")
    check_department(actor, document.department_id)
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="撤回理由")
    day = validation.step_date(
        on, today=legal_today(), not_before=document.published_on, previous="公开", field="on", what="撤回日期"
    )
    if document.withdrawn_on is not None:
        raise DomainError("disclosure.already_withdrawn", f"该信息已于 {document.withdrawn_on} 撤回")
    with transaction.atomic():
        locked = revision.lock(document, revision=expected_revision, what="主动公开信息")
        if locked.withdrawn_on is not None:
            raise DomainError("disclosure.already_withdrawn", f"该信息已于 {locked.withdrawn_on} 撤回")
        locked.withdrawn_on, locked.withdraw_reason = day, reason
        revision.save_bumped(locked, ["withdrawn_on", "withdraw_reason"], original=document)
        audit_record(action="disclosure.withdraw", target=document, actor=actor, changes={"on": day, "reason": reason})
    return document
