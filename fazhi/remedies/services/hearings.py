"""Hearings: a reconsideration hearing or a court session, with the head's appearance — who, in which position,
or the lawful reason for not appearing and the member of staff sent instead (行政诉讼法 第三条第三款; 法释〔2020〕3号;
行政复议法（2023年修订）第五十一条第二款)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.core.roles import Role
from fazhi.remedies import workflow
from fazhi.remedies.choices import HearingKind
from fazhi.remedies.models import Hearing, Reconsideration
from fazhi.remedies.services.common import Matter, check_department, proceeding_of, received_on, what
from fazhi.rulebook import remedies as rules
from fazhi.rulebook.errors import RulebookError


def hearing_record(
    *,
    matter: Matter,
    held_on: Any,
    head_appeared: bool,
    place: str = "",
    court_notified_head: bool = False,
    head_user: Any = None,
    head_name: str = "",
    head_position: str = "",
    absence_reason: str = "",
    absence_explanation: str = "",
    delegate_name: str = "",
    staff_observers: Any = 0,
    note: str = "",
    actor: Any,
) -> Hearing:
    """Record a hearing held. The duty to appear comes from the rulebook for the hearing's date; a head who appears
    must be one the rules count as the head; one who does not needs a lawful reason and a delegate."""
    require(actor, "remedies.appear")
    check_department(actor, matter.department_id)
    if workflow.State(matter.status) not in workflow.OPEN_STATES:
        raise DomainError("remedies.concluded", f"{what(matter)}已结案，不能再登记听证或开庭")
    proceeding = proceeding_of(matter)
    day = validation.step_date(
        held_on,
        today=legal_today(),
        not_before=received_on(matter),
        previous="收到副本",
        field="held_on",
        what="开庭（听证）日期",
    )
    place = validation.text(place, field="place", max_chars=200)
    note = validation.text(note, field="note", max_chars=300)
    observers = validation.bounded_int(
        staff_observers, field="staff_observers", minimum=0, maximum=1000, required=False
    )
    duty = rules.appearance_duty(proceeding, day)
    head_name = validation.text(head_name, field="head_name", max_chars=64)
    delegate_name = validation.text(delegate_name, field="delegate_name", max_chars=100)
    absence_explanation = validation.text(absence_explanation, field="absence_explanation", max_chars=300)
    if head_appeared:
        if head_user is not None:
            if head_user.role != Role.LEADER:
                raise DomainError(
                    "remedies.not_a_head", f"{head_user} 不是局领导，不能作为负责人出庭", field="head_user"
                )
            head_name = head_name or str(head_user)
        if not head_name:
            raise DomainError("cell.required", "请填写出庭的负责人", field="head_name")
        try:
            position = rules.head_position(head_position, day)
        except RulebookError as exc:
            raise from_rulebook(exc, field="head_position") from exc
        head_position = position.id
        absence_reason, absence_explanation = "", ""
    else:
        head_user, head_position = None, ""
        if duty is not None:
            try:
                reason = rules.absence_reason(absence_reason, day)
            except RulebookError as exc:
                raise from_rulebook(exc, field="absence_reason") from exc
            if reason.needs_explanation and not absence_explanation:
                raise DomainError("cell.required", f"“{reason.label}”须说明具体理由", field="absence_explanation")
        if not delegate_name:
            raise DomainError(
                "remedies.delegate_required",
                "负责人不能出庭的，应当委托相应的工作人员出庭，请填写",
                field="delegate_name",
            )
    with transaction.atomic():
        hearing = Hearing(
            kind=HearingKind.RECONSIDERATION if isinstance(matter, Reconsideration) else HearingKind.COURT,
            held_on=day,
            place=place,
            head_duty=str(duty.dated.citation) if duty else "",
            court_notified_head=bool(court_notified_head) and proceeding == "litigation",
            head_appeared=bool(head_appeared),
            head_user=head_user,
            head_name=head_name if head_appeared else "",
            head_position=head_position,
            absence_reason=absence_reason if not head_appeared and duty else "",
            absence_explanation=absence_explanation if not head_appeared else "",
            delegate_name=delegate_name,
            staff_observers=observers or 0,
            note=note,
            recorded_by=actor,
        )
        if isinstance(matter, Reconsideration):
            hearing.reconsideration = matter
        else:
            hearing.lawsuit = matter
        hearing.full_clean()
        hearing.save()
        audit_record(
            action="remedies.hearing_record",
            target=matter,
            actor=actor,
            changes={
                "held_on": day,
                "head_appeared": hearing.head_appeared,
                "head": hearing.head_name,
                "position": head_position,
                "absence_reason": hearing.absence_reason,
                "delegate": delegate_name,
                "duty": hearing.head_duty,
            },
        )
    return hearing
