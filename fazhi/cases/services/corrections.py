"""更正办案日期: the audited way out for a case stuck by a date recorded before the one date rule existed (a step
dated in the future, or before the step it follows), approved by the 局负责人.

The corrected date obeys the rule itself (not after the legal today; not before the step before it, not after the
step after it). Documents issued on the old date move with it; a numbered document whose year changes gets the
next number of the right year (the old number is kept in the correction record, never reused). Open deadlines
that started on the old date restart from the new one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.cases.choices import DOCUMENT_NUMBER_WORD, ApprovalKind, ApprovalStatus
from fazhi.cases.models import Approval, Case, CaseDocument, DateCorrection
from fazhi.cases.services import progress
from fazhi.cases.services.common import (
    bureau_number,
    locked_case,
    next_number,
    require_case_actor,
    require_reason,
    save_case,
    step,
)
from fazhi.core import validation
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline

# The recorded step dates in procedural order, with their labels.
STEP_FIELDS: dict[str, str] = {
    "filed_on": "立案日期",
    "officers_assigned_on": "指定办案人员日期",
    "notified_on": "告知书送达日期",
    "hearing_requested_on": "申请听证日期",
    "hearing_notified_on": "听证通知送达日期",
    "statement_closed_on": "陈述申辩结束日期",
    "decided_on": "决定日期",
    "served_on": "送达日期",
    "paid_on": "缴款日期",
    "closed_on": "结案日期",
    "archived_on": "归档日期",
}
# Deadlines that start on a step date (restarted when it is corrected and still open).
DEADLINES_BY_FIELD: dict[str, tuple[str, ...]] = {
    "filed_on": ("case.handling", "case.fast_track"),
    "notified_on": ("case.statement_defence", "case.hearing_request"),
    "decided_on": ("case.service_absent_party", "case.closing"),
    "served_on": ("case.payment", "case.closing"),
    "paid_on": ("case.closing",),
}


def _neighbours(case: Case, field: str) -> tuple[dt.date | None, dt.date | None]:
    names = list(STEP_FIELDS)
    index = names.index(field)
    before = [getattr(case, n) for n in names[:index] if getattr(case, n) is not None]
    after = [getattr(case, n) for n in names[index + 1 :] if getattr(case, n) is not None]
    floor = max(before) if before else (case.clue.received_on if field == "filed_on" and case.clue else None)
    return floor, (min(after) if after else None)


def recorded_last_step(case: Case) -> dt.date | None:
    dates = [getattr(case, n) for n in STEP_FIELDS if getattr(case, n) is not None]
    dates += list(case.statements.values_list("received_on", flat=True))
    dates += list(case.waivers.values_list("signed_on", flat=True))
    dates += list(case.discussions.values_list("held_on", flat=True))
    return max(dates) if dates else None


@step
def case_correct_date(
    *, case: Case, field: str, new_value: Any, reason: Any, actor: Any, revision: Any = None
) -> DateCorrection:
    """Correct one recorded step date of ``case`` (局负责人; audited, with its reason)."""
    require_case_actor(actor, "cases.decide", case)
    if field not in STEP_FIELDS:
        raise DomainError("cases.bad_correction_field", "请选择要更正的办案日期", field="field")
    old = getattr(case, field)
    if old is None:
        raise DomainError("cases.nothing_to_correct", f"本案尚未记录{STEP_FIELDS[field]}", field="field")
    reason = require_reason(reason, "reason", "更正理由（原日期错误的情况）")
    floor, ceiling = _neighbours(case, field)
    today = legal_today()
    new = validation.step_date(
        new_value, today=today, not_before=floor, field="new_value", what=f"更正后的{STEP_FIELDS[field]}"
    )
    if ceiling is not None and new > ceiling:
        raise DomainError(
            "cases.correction_after_next_step",
            f"更正后的{STEP_FIELDS[field]}（{new:%Y-%m-%d}）晚于本案其后一步骤的日期（{ceiling:%Y-%m-%d}）",
            field="new_value",
        )
    if new == old:
        raise DomainError("cases.nothing_to_correct", "更正后的日期与原日期相同", field="new_value")
    renumbered: list[dict[str, str]] = []
    with locked_case(case, revision_value=revision) as locked:
        setattr(locked, field, new)
        for doc in CaseDocument.objects.select_for_update().filter(case=locked, issued_on=old):
            doc.issued_on = new
            word = DOCUMENT_NUMBER_WORD.get(doc.kind)
            if doc.year != new.year:
                doc.year = new.year
                if word:
                    old_number = doc.number
                    doc.sequence = next_number(doc.kind, new.year)
                    doc.number = bureau_number(word, new.year, doc.sequence)
                    renumbered.append({"kind": doc.kind, "old": old_number, "new": doc.number})
                    if locked.decision_number == old_number:
                        locked.decision_number = doc.number
            doc.save(update_fields=["issued_on", "year", "sequence", "number"])
        if field == "filed_on" and locked.number and f"〔{old.year}〕" in locked.number and old.year != new.year:
            old_number = locked.number
            scope = "summary_case" if locked.procedure == "summary" else "case"
            locked.number = bureau_number(
                "简" if scope == "summary_case" else "立", new.year, next_number(scope, new.year)
            )
            renumbered.append({"kind": "case", "old": old_number, "new": locked.number})
        _restart_deadlines(locked, field, old, new)
        locked.last_step_on = recorded_last_step(locked)
        save_case(locked, case, [field, "last_step_on", "decision_number", "number"])
        correction = DateCorrection.objects.create(
            case=locked,
            field=field,
            old_value=old,
            new_value=new,
            reason=reason,
            corrected_on=today,
            corrected_by=actor,
        )
        Approval.objects.create(
            kind=ApprovalKind.DATE_CORRECTION,
            case=locked,
            status=ApprovalStatus.APPROVED,
            requested_on=today,
            requested_by=actor,
            proposal=reason,
            decided_on=today,
            decided_by=actor,
            opinion=f"同意将{STEP_FIELDS[field]}由 {old:%Y-%m-%d} 更正为 {new:%Y-%m-%d}",
            payload={"field": field, "old": old.isoformat(), "new": new.isoformat(), "renumbered": renumbered},
        )
        audit_record(
            action="cases.correct_date",
            target=case,
            actor=actor,
            changes={"field": field, field: [old, new], "reason": reason, "renumbered": renumbered},
        )
        progress.refresh_next(case)
    return correction


def _restart_deadlines(case: Case, field: str, old: dt.date, new: dt.date) -> None:
    for rule_id in DEADLINES_BY_FIELD.get(field, ()):
        for deadline in TrackedDeadline.objects.filter(
            owner_type="cases.case", owner_id=str(case.pk), rule_id=rule_id, start_on=old, status=DeadlineStatus.OPEN
        ):
            if deadline.extensions or deadline.exclusions.exists():
                raise DomainError(
                    "cases.correction_with_adjusted_deadline",
                    f"“{deadline.label}”已有延长或中止记录，不能自动重算；请联系法制审核人员人工处理",
                )
            deadline_services.deadline_cancel(deadline=deadline, reason=f"办案日期更正：{old} → {new}")
            fresh = deadline_services.deadline_open(owner=case, rule_id=rule_id, start=new, label=deadline.label)
            if rule_id in ("case.handling", "case.fast_track"):
                case.handling_due_on = fresh.due_on
                Case.objects.filter(pk=case.pk).update(handling_due_on=fresh.due_on)
            if rule_id == "case.payment":
                case.payment_due_on = fresh.due_on
                Case.objects.filter(pk=case.pk).update(payment_due_on=fresh.due_on)
