"""Registering a reconsideration or lawsuit (its answer clock opened from the rulebook) and the materials the
bureau submits (the answer meets the clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import numbering, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.remedies import workflow
from fazhi.remedies.choices import ActKind, Instance, PartyKind, ReconsiderationProcedure, SubmissionKind
from fazhi.remedies.models import Lawsuit, Reconsideration, Submission
from fazhi.remedies.services.common import Matter, check_department, received_on, transition, what
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

RECONSIDERATION_BODY = (
    "天津市东丽区人民政府"  # 行政复议法 (2023) Art. 24: the district government reviews a district bureau
)


def _choice(value: str, choices: Any, field: str, what_: str) -> str:
    if value not in choices.values:
        raise DomainError("remedies.bad_choice", f"请选择{what_}", field=field)
    return value


def _act(case: Any, act_kind: str, department: Any, since: dt.date) -> None:
    """A penalty act names its decided case, of the same department, decided before the application or suit."""
    if act_kind == ActKind.PENALTY:
        if case is None:
            raise DomainError("remedies.case_required", "请填写被申请复议（被诉）的处罚案件", field="case")
        if case.decision_kind not in ("penalty", "no_penalty") or case.decided_on is None:
            raise DomainError("remedies.case_not_decided", "该案件尚未作出处罚（不予处罚）决定", field="case")
        if case.department_id != getattr(department, "pk", department):
            raise DomainError("remedies.case_department", "处罚案件的承办部门与登记的承办部门不一致", field="case")
        if since < case.decided_on:
            raise DomainError(
                "date.too_early", f"申请（起诉）日期不能早于决定日期 {case.decided_on}", field="applied_on"
            )
    elif case is not None:
        raise DomainError("remedies.case_only_for_penalty", "只有行政处罚决定才关联处罚案件", field="case")


def _filing_note(rule_id: str, known: dt.date | None, filed: dt.date, what_: str) -> str:
    """A hint for the answer: the application or suit may have been filed after its period (the reviewing body or
    court decides; the bureau raises it in its answer). Only where the rule has a version for that date."""
    if known is None:
        return ""
    try:
        result = compute_deadline(rule_id, known, calendar=current_calendar(), provisional=True)
    except RulebookError as exc:
        if exc.code == "deadline.no_version":
            return ""
        raise
    if result.due is not None and filed > result.due:
        return f"{what_}日期 {filed} 晚于法定期限届满日 {result.due}（{result.citation}），可在答复中提出"
    return ""


def _open_clock(matter: Matter, rule_id: str, start: dt.date, label: str, actor: Any, field: str) -> None:
    try:
        deadline = deadline_services.deadline_open(owner=matter, rule_id=rule_id, start=start, label=label, actor=actor)
    except DomainError as exc:
        if exc.code == "deadline.no_version":
            raise exc.on_field(field) from exc
        raise
    matter.answer_due_on = deadline.due_on
    matter.save(update_fields=["answer_due_on"])


def reconsideration_register(
    *,
    department: Any,
    act_kind: str,
    act_description: str,
    applicant_name: str,
    applicant_kind: str,
    applied_on: Any,
    copy_received_on: Any,
    case: Any = None,
    act_reference: str = "",
    reviewing_body: str = RECONSIDERATION_BODY,
    reviewing_number: str = "",
    procedure: str = ReconsiderationProcedure.ORDINARY,
    accepted_on: Any = None,
    actor: Any,
) -> Reconsideration:
    """登记行政复议: the copy of the application received opens the answer clock (行政复议法 Art. 48 / old Art. 23;
    the simple procedure's 5 working days, Art. 54, from 2024)."""
    require(actor, "remedies.handle")
    check_department(actor, department)
    today = legal_today()
    _choice(act_kind, ActKind, "act_kind", "行政行为类别")
    _choice(applicant_kind, PartyKind, "applicant_kind", "申请人类型")
    _choice(procedure, ReconsiderationProcedure, "procedure", "审理程序")
    act_description = validation.text(
        act_description, field="act_description", max_chars=300, required=True, what="被申请复议的行政行为"
    )
    act_reference = validation.text(act_reference, field="act_reference", max_chars=100)
    applicant_name = validation.text(
        applicant_name, field="applicant_name", max_chars=200, required=True, what="申请人"
    )
    reviewing_body = validation.text(
        reviewing_body, field="reviewing_body", max_chars=100, required=True, what="复议机关"
    )
    reviewing_number = validation.text(reviewing_number, field="reviewing_number", max_chars=100)
    applied = validation.step_date(applied_on, today=today, field="applied_on", what="申请日期")
    accepted = (
        validation.step_date(
            accepted_on, today=today, not_before=applied, previous="申请", field="accepted_on", what="受理日期"
        )
        if accepted_on not in (None, "")
        else None
    )
    received = validation.step_date(
        copy_received_on, today=today, not_before=accepted or applied, previous="受理", field="copy_received_on",
        what="收到申请书副本日期",
    )  # fmt: skip
    _act(case, act_kind, department, applied)
    note = _filing_note("reconsideration.application", case.served_on if case else None, applied, "申请")
    rule = (
        "reconsideration.simple_response"
        if procedure == ReconsiderationProcedure.SIMPLE
        else "reconsideration.response"
    )
    with transaction.atomic():
        sequence = numbering.next_number("remedies.reconsideration", received.year)
        matter = Reconsideration(
            number=numbering.bureau_number("复议答复", received.year, sequence),
            department_id=getattr(department, "pk", department),
            case=case,
            act_kind=act_kind,
            act_description=act_description,
            act_reference=act_reference,
            applicant_name=applicant_name,
            applicant_kind=applicant_kind,
            reviewing_body=reviewing_body,
            reviewing_number=reviewing_number,
            procedure=procedure,
            applied_on=applied,
            accepted_on=accepted,
            copy_received_on=received,
            answer_rule=rule,
            filing_note=note,
            created_by=actor,
        )
        matter.save(force_insert=True)
        _open_clock(matter, rule, received, "书面答复期限", actor, "procedure")
        audit_record(
            action="remedies.reconsideration_register",
            target=matter,
            actor=actor,
            changes={
                "number": matter.number,
                "act": act_description,
                "received": received,
                "due": matter.answer_due_on,
            },
        )
    return matter


def lawsuit_register(
    *,
    department: Any,
    act_kind: str,
    act_description: str,
    plaintiff_name: str,
    plaintiff_kind: str,
    court: str,
    complaint_received_on: Any,
    case: Any = None,
    act_reference: str = "",
    court_case_number: str = "",
    instance: str = Instance.FIRST,
    reconsideration: Reconsideration | None = None,
    co_defendant: str = "",
    filed_on: Any = None,
    actor: Any,
) -> Lawsuit:
    """登记行政诉讼: the copy of the complaint received opens the defence clock (行政诉讼法 Art. 67, 15 days).
    When the reconsideration maintained the act, the reviewing body is a co-defendant (Art. 26 para 2)."""
    require(actor, "remedies.handle")
    check_department(actor, department)
    today = legal_today()
    _choice(act_kind, ActKind, "act_kind", "行政行为类别")
    _choice(plaintiff_kind, PartyKind, "plaintiff_kind", "原告类型")
    _choice(instance, Instance, "instance", "审级")
    act_description = validation.text(
        act_description, field="act_description", max_chars=300, required=True, what="被诉行政行为"
    )
    act_reference = validation.text(act_reference, field="act_reference", max_chars=100)
    plaintiff_name = validation.text(plaintiff_name, field="plaintiff_name", max_chars=200, required=True, what="原告")
    court = validation.text(court, field="court", max_chars=100, required=True, what="受理法院")
    court_case_number = validation.text(court_case_number, field="court_case_number", max_chars=100)
    co_defendant = validation.text(co_defendant, field="co_defendant", max_chars=100)
    filed = (
        validation.step_date(filed_on, today=today, field="filed_on", what="立案日期")
        if filed_on not in (None, "")
        else None
    )
    received = validation.step_date(
        complaint_received_on, today=today, not_before=filed, previous="立案", field="complaint_received_on",
        what="收到起诉状副本日期",
    )  # fmt: skip
    _act(case, act_kind, department, filed or received)
    if reconsideration is not None:
        if reconsideration.status != workflow.State.CONCLUDED:
            raise DomainError("remedies.reconsideration_pending", "关联的复议案件尚未结案", field="reconsideration")
        if reconsideration.outcome == "maintained" and not co_defendant:
            co_defendant = reconsideration.reviewing_body
        note = _filing_note(
            "litigation.suit_after_reconsideration", reconsideration.known_on, filed or received, "起诉"
        )
    else:
        note = _filing_note("litigation.direct_suit", case.served_on if case else None, filed or received, "起诉")
    with transaction.atomic():
        sequence = numbering.next_number("remedies.lawsuit", received.year)
        matter = Lawsuit(
            number=numbering.bureau_number("应诉", received.year, sequence),
            department_id=getattr(department, "pk", department),
            case=case,
            act_kind=act_kind,
            act_description=act_description,
            act_reference=act_reference,
            plaintiff_name=plaintiff_name,
            plaintiff_kind=plaintiff_kind,
            court=court,
            court_case_number=court_case_number,
            instance=instance,
            reconsideration=reconsideration,
            co_defendant=co_defendant,
            filed_on=filed,
            complaint_received_on=received,
            answer_rule="litigation.defence",
            filing_note=note,
            created_by=actor,
        )
        matter.save(force_insert=True)
        _open_clock(matter, "litigation.defence", received, "答辩期限", actor, "complaint_received_on")
        audit_record(
            action="remedies.litigation_register",
            target=matter,
            actor=actor,
            changes={"number": matter.number, "court": court, "received": received, "due": matter.answer_due_on},
        )
    return matter


def answer_deadline(matter: Matter) -> TrackedDeadline | None:
    return (
        TrackedDeadline.objects.filter(
            owner_type=matter._meta.label_lower, owner_id=str(matter.pk), rule_id=matter.answer_rule
        )
        .order_by("-id")
        .first()
    )


def matter_submit(
    *,
    matter: Matter,
    kind: str,
    title: str,
    submitted_on: Any,
    items: Any = 1,
    note: str = "",
    expected_revision: int | None = None,
    actor: Any,
) -> Submission:
    """提交材料. The written answer (书面答复 / 答辩状) meets the answer clock — late if after its due date — and
    moves the matter to 已答复; evidence, basis and supplements are recorded alongside."""
    require(actor, "remedies.handle")
    check_department(actor, matter.department_id)
    _choice(kind, SubmissionKind, "kind", "材料类别")
    title = validation.text(title, field="title", max_chars=200, required=True, what="材料名称")
    note = validation.text(note, field="note", max_chars=300)
    count = validation.bounded_int(items, field="items", minimum=1, maximum=10_000)
    day = validation.step_date(
        submitted_on, today=legal_today(), not_before=received_on(matter), previous="收到副本", field="submitted_on",
        what="提交日期",
    )  # fmt: skip
    if workflow.State(matter.status) not in workflow.OPEN_STATES:
        raise DomainError("remedies.concluded", f"{what(matter)}已结案，不能再提交材料")
    with transaction.atomic():
        if kind == SubmissionKind.ANSWER and matter.status == workflow.State.RECEIVED:
            deadline = answer_deadline(matter)
            late = bool(deadline and deadline.due_on and day > deadline.due_on)
            transition(
                matter, workflow.Event.ANSWER, actor=actor, fields={"answered_on": day},
                facts={"late": late}, expected_revision=expected_revision,
            )  # fmt: skip
            if deadline is not None and deadline.status == DeadlineStatus.OPEN:
                deadline_services.deadline_meet(deadline=deadline, on=day, actor=actor)
        item = Submission(kind=kind, title=title, items=count or 1, submitted_on=day, note=note, recorded_by=actor)
        if isinstance(matter, Reconsideration):
            item.reconsideration = matter
        else:
            item.lawsuit = matter
        item.full_clean()
        item.save()
        audit_record(
            action="remedies.submit",
            target=matter,
            actor=actor,
            changes={"kind": kind, "title": title, "items": count, "on": day},
        )
    return item
