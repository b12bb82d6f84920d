"""整改 tracked to closure: the handling department reports, the legal section verifies or returns it."""

from __future__ import annotations

from typing import Any

from fazhi.core import validation
from fazhi.core.access import require, scope
from fazhi.core.clock import legal_today
from fazhi.core.errors import NotFound
from fazhi.core.steps import record_step
from fazhi.file_reviews import workflow
from fazhi.file_reviews.models import Rectification

RE = workflow.RectificationEvent


def _step(rect: Rectification, event: workflow.RectificationEvent, *, fields: dict[str, Any], actor: Any, expected_revision: int | None, facts: dict[str, Any] | None = None) -> Rectification:  # fmt: skip
    return record_step(
        rect,
        to=lambda status: workflow.rectification_target(status, event),
        action=f"file_reviews.rectification_{event.value}",
        what="整改",
        actor=actor,
        fields=fields,
        facts=facts,
        expected_revision=expected_revision,
    )


def rectification_report(
    *, rectification: Rectification, report: str, on: Any, expected_revision: int | None = None, actor: Any
) -> Rectification:
    """The handling department reports what it corrected (its own department only)."""
    require(actor, "file_reviews.rectify")
    if not scope(actor, Rectification.objects.filter(pk=rectification.pk), "department").exists():
        raise NotFound("整改")
    report = validation.text(report, field="report", max_chars=validation.LONG_TEXT_MAX, required=True, what="整改情况")
    day = validation.step_date(
        on, today=legal_today(), not_before=rectification.sent_on, previous="反馈", what="报告日期"
    )
    return _step(
        rectification,
        RE.REPORT,
        fields={"report": report, "reported_on": day, "reported_by": actor},
        actor=actor,
        expected_revision=expected_revision,
        facts={"late": day > rectification.due_on},
    )


def rectification_verify(
    *,
    rectification: Rectification,
    accepted: bool,
    note: str,
    on: Any,
    expected_revision: int | None = None,
    actor: Any,
) -> Rectification:
    """核验: accepted → 销号; otherwise returned to the department with the reason."""
    require(actor, "file_reviews.verify")
    day = validation.step_date(
        on, today=legal_today(), not_before=rectification.reported_on, previous="整改报告", what="核验日期"
    )
    note = validation.text(note, field="note", max_chars=2000, required=not accepted, what="退回理由")
    if accepted:
        fields: dict[str, Any] = {"verified_on": day, "verified_by": actor, "verify_note": note}
        return _step(rectification, RE.VERIFY, fields=fields, actor=actor, expected_revision=expected_revision)
    fields = {"verify_note": note, "returns": rectification.returns + 1}
    return _step(rectification, RE.RETURN, fields=fields, actor=actor, expected_revision=expected_revision)
