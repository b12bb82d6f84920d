"""The legal steps of one tracked deadline: open, suspend, resume, extend, meet, cancel.

Every due date comes from the rulebook with the calendar of the repository tables plus the complete years entered
in the database. Each write runs in ``transaction.atomic``, locks the row, checks its revision, and writes one audit
event with the acting user (``actor=``; when omitted, the request's user or the command's ``acting_as``). While a
suspension runs, ``due_on`` is NULL and ``remaining_frozen`` keeps what was left (docs/domain/deadlines.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core import revision
from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.models import DeadlineExclusion, DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar, owner_key
from fazhi.deadlines.services.computing import COMPUTED_FIELDS, compute
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

_AUDITED = ("due_on", "version", "status", "met_on", "provisional", "suspended_since", "remaining_frozen", "length")


def recompute_one(deadline: TrackedDeadline, *, extra_exclusion: tuple[Any, ...] | None = None) -> None:
    """Fill the computed fields of ``deadline`` from its stored inputs (no save)."""
    exclusions = [(x.start_on, x.end_on, x.kind) for x in deadline.exclusions.all()]
    if extra_exclusion:
        exclusions.append(extra_exclusion)
    try:
        computed = compute(
            rule_id=deadline.rule_id,
            start=deadline.start_on,
            selecting_date=deadline.selecting_date,
            exclusions=exclusions,
            extensions=deadline.extensions,
            calendar=current_calendar(),
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    for name in COMPUTED_FIELDS:
        setattr(deadline, name, getattr(computed, name))


def _lock(deadline: TrackedDeadline, *, must_be_open: bool = True) -> TrackedDeadline:
    locked = revision.lock(deadline, what="期限")
    if must_be_open and locked.status != DeadlineStatus.OPEN:
        raise DomainError("deadline.not_open", f"期限已{locked.get_status_display()}，不能再变更")
    return locked


def _save(
    locked: TrackedDeadline,
    original: TrackedDeadline,
    fields: Iterable[str],
    action: str,
    actor: Any,
    **facts: Any,
) -> None:
    before = snapshot(original, _AUDITED)
    locked.full_clean()
    revision.save_bumped(locked, [*fields], original=original)
    audit_record(
        action=action, target=locked, actor=actor, changes={**diff(before, snapshot(locked, _AUDITED)), **facts}
    )


def deadline_open(
    *,
    owner: Any,
    rule_id: str,
    start: dt.date,
    selecting_date: dt.date | None = None,
    label: str = "",
    actor: Any = None,
) -> TrackedDeadline:
    """Open a tracked deadline of ``owner`` (a model instance or ``(type, id)``) under ``rule_id``.

    Raises DomainError with the rulebook's code (``deadline.unknown_rule``, ``deadline.no_version`` …).
    A period reaching a year without a holiday notice gives a provisional deadline (with its reason), recomputed
    when the year is entered.
    """
    owner_type, owner_id = owner_key(owner)
    deadline = TrackedDeadline(
        owner_type=owner_type,
        owner_id=owner_id,
        label=label,
        rule_id=rule_id,
        start_on=start,
        selecting_date=selecting_date,
    )
    try:
        computed = compute(
            rule_id=rule_id,
            start=start,
            selecting_date=selecting_date,
            exclusions=[],
            extensions=[],
            calendar=current_calendar(),
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    for name in COMPUTED_FIELDS:
        setattr(deadline, name, getattr(computed, name))
    with transaction.atomic():
        deadline.full_clean()
        deadline.save(force_insert=True)
        audit_record(
            action="deadlines.open",
            target=deadline,
            actor=actor,
            changes={
                "rule_id": rule_id,
                "start_on": start,
                "due_on": deadline.due_on,
                "version": deadline.version,
                "owner": f"{owner_type}:{owner_id}",
                "provisional": deadline.provisional,
            },
        )
    return deadline


def deadline_suspend(
    *, deadline: TrackedDeadline, start: dt.date, reason: str, kind: str = "suspension", actor: Any = None
) -> TrackedDeadline:
    """Stop the clock from ``start`` (inclusive) for ``kind`` (it must be a period the rule excludes)."""
    if not reason.strip():
        raise DomainError("deadline.reason_required", "请填写中止事由", field="reason")
    with transaction.atomic():
        locked = _lock(deadline)
        if locked.suspended_since is not None:
            raise DomainError("deadline.already_suspended", f"期限自 {locked.suspended_since} 起已中止，请先恢复")
        if start <= locked.start_on:
            raise DomainError("deadline.bad_suspension_start", "中止开始日应晚于起算日", field="start")
        # Validate the kind against the rule before storing anything (the engine names what the rule allows).
        try:
            compute_deadline(
                locked.rule_id,
                locked.start_on,
                calendar=current_calendar(),
                excluded=[(start, start, kind)],
                selecting_date=locked.selecting_date,
                provisional=True,
            )
        except RulebookError as exc:
            raise from_rulebook(exc) from exc
        DeadlineExclusion.objects.create(deadline=locked, kind=kind, start_on=start, end_on=None, reason=reason)
        locked.suspended_since = start
        recompute_one(locked)
        _save(
            locked,
            deadline,
            [*COMPUTED_FIELDS, "suspended_since"],
            "deadlines.suspend",
            actor,
            kind=kind,
            reason=reason,
        )
    return deadline


def deadline_resume(*, deadline: TrackedDeadline, end: dt.date, actor: Any = None) -> TrackedDeadline:
    """End the running suspension on ``end`` (the last excluded day, inclusive) and recompute the due date."""
    with transaction.atomic():
        locked = _lock(deadline)
        running = locked.exclusions.filter(end_on__isnull=True).first()
        if running is None:
            raise DomainError("deadline.not_suspended", "该期限没有正在进行的中止")
        if end < running.start_on:
            raise DomainError("deadline.bad_resume_date", f"恢复日不能早于中止开始日 {running.start_on}", field="end")
        running.end_on = end
        running.save(update_fields=["end_on"])
        locked.suspended_since = None
        recompute_one(locked)
        _save(locked, deadline, [*COMPUTED_FIELDS, "suspended_since"], "deadlines.resume", actor, end=end)
    return deadline


def deadline_extend(
    *,
    deadline: TrackedDeadline,
    extension_id: str,
    approved_by: Any,
    length: int | None = None,
    actor: Any = None,
) -> TrackedDeadline:
    """Apply an extension the rule allows (approved by ``approved_by``); ``length`` when the approver fixes it.

    The extension counts from the end of the period it extends; an extension that the rule allows only after
    another one (``deadline.extension_order``) is refused until that one is recorded.
    """
    with transaction.atomic():
        locked = _lock(deadline)
        entry = {
            "id": extension_id,
            "length": length,
            "approved_by": getattr(approved_by, "pk", None),
            "approved_by_label": str(approved_by) if approved_by is not None else "",
            "approved_at": timezone.now().isoformat(timespec="seconds"),
        }
        locked.extensions = [*locked.extensions, entry]
        recompute_one(locked)
        _save(
            locked,
            deadline,
            [*COMPUTED_FIELDS, "extensions"],
            "deadlines.extend",
            actor if actor is not None else approved_by,
            extension=entry,
        )
    return deadline


def deadline_meet(*, deadline: TrackedDeadline, on: dt.date, actor: Any = None) -> TrackedDeadline:
    """Record that the duty was performed on ``on`` (closes the deadline; late if after ``due_on``)."""
    with transaction.atomic():
        locked = _lock(deadline)
        if on < locked.start_on:
            raise DomainError("deadline.bad_met_date", "完成日不能早于起算日", field="on")
        locked.status, locked.met_on = DeadlineStatus.MET, on
        late = locked.due_on is not None and on > locked.due_on
        _save(locked, deadline, ["status", "met_on"], "deadlines.meet", actor, late=late)
    return deadline


def deadline_cancel(*, deadline: TrackedDeadline, reason: str, actor: Any = None) -> TrackedDeadline:
    """Cancel a deadline that no longer runs (e.g. the complaint was withdrawn)."""
    if not reason.strip():
        raise DomainError("deadline.reason_required", "请填写撤销理由", field="reason")
    with transaction.atomic():
        locked = _lock(deadline)
        locked.status = DeadlineStatus.CANCELLED
        _save(locked, deadline, ["status"], "deadlines.cancel", actor, reason=reason)
    return deadline
