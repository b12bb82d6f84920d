"""投诉: the acceptance decision and the mediation, one service per legal step (Order No. 20 Arts. 14–22;
Order No. 121 where it differs, chosen by the day of receipt)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.complaints import clocks
from fazhi.complaints.choices import MediationMethod, Outcome
from fazhi.complaints.models import Complaint
from fazhi.complaints.services import common
from fazhi.core import validation
from fazhi.core.errors import DomainError


def _decided_on(obj: Complaint) -> dt.date:
    """The acceptance date; the state machine only allows the later steps once it is recorded."""
    if obj.decided_on is None:
        raise DomainError("complaints.not_decided", "尚未登记受理决定日期，请先作出受理决定")
    return obj.decided_on


def complaint_accept(*, complaint: Complaint, on: Any, actor: Any, revision: int | None = None) -> Complaint:
    """受理 (Order No. 20 Art. 14: within 7 working days of receipt, and tell the complainant); starts the
    mediation clock (45 WD under Order No. 20, 60 days under Order No. 121, by the day of receipt)."""
    with common.atomic():
        locked, before, target = common.lock(complaint, "accept", actor=actor, expected_revision=revision)
        day = common.on_date(on, not_before=locked.received_on, what="受理日期", previous="收到投诉")
        mediation = clocks.compute(clocks.MEDIATION, day, received_on=locked.received_on)
        locked.status = target
        locked.decided_on = day
        locked.mediation_due_on = locked.closing_due_on = locked.due_on = mediation.due
        return common.save(locked, before, "accept", actor=actor, original=complaint, citation=str(mediation.citation))


def complaint_refuse(
    *, complaint: Complaint, on: Any, ground: str, actor: Any, note: str = "", revision: int | None = None
) -> Complaint:
    """不予受理 — only on a ground of the measures in force on the day of receipt (Order No. 20 Art. 15 / Order
    No. 121 Art. 16). A ground whose text is UNCONFIRMED only proposes: the step goes to legal review."""
    note = validation.text(note, field="note", max_chars=2000, what="说明")
    with common.atomic():
        locked, before, _target = common.lock(complaint, "refuse", actor=actor, expected_revision=revision)
        day = common.on_date(on, not_before=locked.received_on, what="不予受理决定日期", previous="收到投诉")
        chosen = common.ground("refusal", ground, locked.received_on, field="ground")
        periods = ("complaint.limitation",) if ground == "time_barred" else ()
        doubts = common.uncertainty("refusal", chosen, locked.received_on, what="不予受理事由", periods=periods)
        if doubts:
            return common.propose_for_review(
                locked,
                before,
                action="refuse",
                payload={"on": day.isoformat(), "ground": ground, "note": note},
                doubts=doubts,
                actor=actor,
                original=complaint,
            )
        return apply_refuse(locked, before, day=day, ground=ground, note=note, actor=actor, original=complaint)


def apply_refuse(locked: Complaint, before: dict, *, day: dt.date, ground: str, note: str, actor: Any, original):
    locked.status = "refused"
    locked.decided_on = locked.closed_on = day
    locked.refusal_ground = ground
    locked.closing_due_on = locked.decision_due_on
    locked.due_on = None
    locked.result_note = note
    return common.save(locked, before, "refuse", actor=actor, original=original)


def mediation_start(*, complaint: Complaint, method: str, actor: Any, revision: int | None = None) -> Complaint:
    """调解 with both parties' consent: on site, remote, or delegated to the consumer association (Arts. 16–18)."""
    if method not in MediationMethod.values:
        raise DomainError("complaints.bad_method", "请选择调解方式", field="method")
    with common.atomic():
        locked, before, target = common.lock(complaint, "start_mediation", actor=actor, expected_revision=revision)
        locked.status = target
        locked.mediation_method = method
        return common.save(locked, before, "start_mediation", actor=actor, original=complaint)


def testing_start(*, complaint: Complaint, on: Any, actor: Any, revision: int | None = None) -> Complaint:
    """检定、检验、检测、鉴定 begins: the mediation clock stops (Art. 20: testing time is not counted)."""
    with common.atomic():
        locked, before, _target = common.lock(complaint, "testing_start", actor=actor, expected_revision=revision)
        if locked.testing_since:
            raise DomainError("complaints.testing_running", "已有进行中的检测期间，请先登记其结束日", field="on")
        day = common.on_date(on, not_before=_decided_on(locked), what="检测开始日", previous="受理")
        locked.testing_since = day
        locked.due_on = None  # stopped clock: no due date while testing runs
        return common.save(locked, before, "testing_start", actor=actor, original=complaint)


def testing_end(*, complaint: Complaint, on: Any, actor: Any, revision: int | None = None) -> Complaint:
    """Testing ends: the period is recorded and the mediation due date recomputed without it."""
    with common.atomic():
        locked, before, _target = common.lock(complaint, "testing_end", actor=actor, expected_revision=revision)
        if not locked.testing_since:
            raise DomainError("complaints.testing_not_running", "没有进行中的检测期间", field="on")
        day = common.on_date(on, not_before=locked.testing_since, what="检测结束日", previous="检测开始")
        locked.testing_periods = [
            *locked.testing_periods,
            {"start": locked.testing_since.isoformat(), "end": day.isoformat()},
        ]
        locked.testing_since = None
        result = clocks.compute(
            clocks.MEDIATION,
            _decided_on(locked),
            received_on=locked.received_on,
            excluded=clocks.testing_intervals(locked.testing_periods),
        )
        locked.mediation_due_on = locked.closing_due_on = locked.due_on = result.due
        return common.save(locked, before, "testing_end", actor=actor, original=complaint)


def mediation_succeed(
    *,
    complaint: Complaint,
    on: Any,
    actor: Any,
    recovered_amount: Any = Decimal("0"),
    note: str = "",
    revision: int | None = None,
) -> Complaint:
    """调解成功 (Art. 22: 调解书, or a record when performed at once): with the economic loss recovered."""
    amount = validation.amount(recovered_amount or 0, field="recovered_amount")
    note = validation.text(note, field="note", max_chars=validation.LONG_TEXT_MAX, what="调解记录")
    with common.atomic():
        locked, before, target = common.lock(complaint, "succeed", actor=actor, expected_revision=revision)
        if locked.testing_since:
            raise DomainError("complaints.testing_running", "检测期间尚未结束，请先登记检测结束日", field="on")
        day = common.on_date(on, not_before=_decided_on(locked), what="调解成功日期", previous="受理")
        locked.status = target
        locked.outcome = Outcome.SUCCEEDED
        locked.recovered_amount = amount
        locked.closed_on = day
        locked.result_note = note
        locked.due_on = None
        return common.save(locked, before, "succeed", actor=actor, original=complaint)


def mediation_terminate(
    *, complaint: Complaint, on: Any, ground: str, actor: Any, note: str = "", revision: int | None = None
) -> Complaint:
    """终止调解 on a ground of Art. 21 (Order No. 121 Art. 23), before or during mediation; both parties are then
    told within 7 working days. A ground whose text is UNCONFIRMED only proposes: the step goes to legal review."""
    note = validation.text(note, field="note", max_chars=validation.LONG_TEXT_MAX, what="调解记录")
    with common.atomic():
        locked, before, _target = common.lock(complaint, "terminate", actor=actor, expected_revision=revision)
        if locked.testing_since:
            raise DomainError("complaints.testing_running", "检测期间尚未结束，请先登记检测结束日", field="on")
        day = common.on_date(on, not_before=_decided_on(locked), what="终止调解日期", previous="受理")
        chosen = common.ground("termination", ground, locked.received_on, field="ground")
        periods = ("complaint.mediation",) if ground == "period_expired" else ()
        doubts = common.uncertainty("termination", chosen, locked.received_on, what="终止调解事由", periods=periods)
        if doubts:
            return common.propose_for_review(
                locked,
                before,
                action="terminate",
                payload={"on": day.isoformat(), "ground": ground, "note": note},
                doubts=doubts,
                actor=actor,
                original=complaint,
            )
        return apply_terminate(locked, before, day=day, ground=ground, note=note, actor=actor, original=complaint)


def apply_terminate(locked: Complaint, before: dict, *, day: dt.date, ground: str, note: str, actor: Any, original):
    notice = clocks.compute(clocks.TERMINATION_NOTICE, day, received_on=locked.received_on)
    locked.status = "closed"
    locked.outcome = Outcome.TERMINATED
    locked.termination_ground = ground
    locked.closed_on = day
    locked.result_note = note
    locked.notice_due_on = locked.due_on = notice.due
    return common.save(locked, before, "terminate", actor=actor, original=original)


def notice_record(*, complaint: Complaint, on: Any, actor: Any, revision: int | None = None) -> Complaint:
    """告知: the day both parties were told that mediation was terminated (Art. 21(2))."""
    with common.atomic():
        locked, before, _target = common.lock(complaint, "record_notice", actor=actor, expected_revision=revision)
        if locked.outcome != Outcome.TERMINATED or locked.notified_on:
            raise DomainError("complaints.nothing_to_notify", "只有终止调解的投诉需要登记告知，且只登记一次")
        assert locked.closed_on is not None
        day = common.on_date(on, not_before=locked.closed_on, what="告知日期", previous="终止调解决定")
        locked.notified_on = day
        locked.due_on = None
        return common.save(locked, before, "notice", actor=actor, original=complaint)
