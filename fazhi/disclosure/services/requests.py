"""依申请公开: one service per legal step of a request — register, 补正, 征求第三方意见,
extension and reply.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.disclosure import workflow
from fazhi.disclosure.models import DisclosureRequest
from fazhi.disclosure.services.common import (
    CORRECTION_RULE,
    EXTENSION_ID,
    REPLY_RULE,
    check_department,
    clock,
    close_clock,
    open_clocks,
    rule_item,
    transition,
)


def request_register(
    *,
    department: Any,
    applicant_name: str,
    applicant_kind: str,
    channel: str,
    submitted_on: Any,
    received_on: Any,
    content: str,
    purpose: str = "",
    contact: str = "",
    actor: Any,
) -> DisclosureRequest:
    """登记政府信息公开申请. The receipt date follows the channel (条例 Art. 31): the day of submission in person,
    the day the bureau signed for registered post, the day of confirmation with the applicant for ordinary letters,
    online and fax applications. It opens the reply clock (Art. 33) and the correction clock (Art. 30)."""
    require(actor, "disclosure.handle")
    check_department(actor, department)
    today = legal_today()
    applicant_name = validation.text(
        applicant_name, field="applicant_name", max_chars=200, required=True, what="申请人"
    )
    contact = validation.text(contact, field="contact", max_chars=100)
    content = validation.text(content, field="content", max_chars=2000, required=True, what="申请公开的政府信息")
    purpose = validation.text(purpose, field="purpose", max_chars=300)
    submitted = validation.step_date(submitted_on, today=today, field="submitted_on", what="申请人提交（寄出）日期")
    received = validation.step_date(
        received_on, today=today, not_before=submitted, previous="申请人提交", field="received_on",
        what="收到申请之日",
    )  # fmt: skip
    kind = rule_item("disclosure.applicant_kinds", applicant_kind, received, "applicant_kind")
    way = rule_item("disclosure.channels", channel, received, "channel")
    if channel == "in_person" and received != submitted:
        raise DomainError(
            "disclosure.receipt_date",
            f"当面提交的，以提交之日为收到申请之日（{way.citation}），两个日期应相同",
            field="received_on",
        )
    receipt_rule = f"{way.label}：{way.note}（{way.citation}）"
    with transaction.atomic():
        sequence = numbering.next_number("disclosure.request", received.year)
        request = DisclosureRequest(
            number=numbering.bureau_number("依申请公开", received.year, sequence),
            department_id=getattr(department, "pk", department),
            applicant_name=applicant_name,
            applicant_kind=kind.id,
            applicant_kind_label=kind.label,
            contact=contact,
            channel=way.id,
            channel_label=way.label,
            submitted_on=submitted,
            received_on=received,
            receipt_rule=receipt_rule[:300],
            content=content,
            purpose=purpose,
            created_by=actor,
        )
        request.full_clean()
        request.save(force_insert=True)
        open_clocks(request, received, actor)
        audit_record(
            action="disclosure.register",
            target=request,
            actor=actor,
            changes={"number": request.number, "channel": way.id, "received": received, "due": request.reply_due_on},
        )
    return request


def correction_request(
    *,
    request: DisclosureRequest,
    on: Any,
    text: str,
    expected_revision: int | None = None,
    actor: Any,
) -> DisclosureRequest:
    """告知补正 (Art. 30): once, within 7 working days of receipt (a late request is recorded as late)."""
    require(actor, "disclosure.handle")
    check_department(actor, request.department_id)
    text = validation.text(text, field="text", max_chars=500, required=True, what="需补正的事项")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.received_on, previous="收到申请", field="on", what="告知补正日期"
    )
    if request.correction_requested_on is not None:
        raise DomainError("disclosure.correction_once", "补正只能一次性告知（条例第三十条），本申请已告知过补正")
    with transaction.atomic():
        deadline = clock(request, CORRECTION_RULE)
        late = bool(deadline and deadline.due_on and day > deadline.due_on)
        transition(
            request, workflow.Event.REQUEST_CORRECTION, actor=actor,
            fields={"correction_requested_on": day, "correction_text": text}, facts={"late": late},
            expected_revision=expected_revision,
        )  # fmt: skip
        close_clock(request, CORRECTION_RULE, on=day, reason="", actor=actor)
        close_clock(request, REPLY_RULE, on=None, reason="告知补正，答复期限自收到补正申请之日重新起算", actor=actor)
    return request


def correction_receive(
    *, request: DisclosureRequest, on: Any, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """收到补正后的申请: the reply period runs afresh from the day the corrected application is received (Art. 30)."""
    require(actor, "disclosure.handle")
    check_department(actor, request.department_id)
    day = validation.step_date(
        on, today=legal_today(), not_before=request.correction_requested_on, previous="告知补正", field="on",
        what="收到补正申请之日",
    )  # fmt: skip
    with transaction.atomic():
        transition(
            request, workflow.Event.CORRECT, actor=actor, fields={"corrected_on": day},
            expected_revision=expected_revision,
        )  # fmt: skip
        try:
            reply = deadline_services.deadline_open(
                owner=request, rule_id=REPLY_RULE, start=day, label="答复期限（补正后重新起算）", actor=actor
            )
        except DomainError as exc:
            raise exc.on_field("on") from exc
        request.reply_due_on = reply.due_on
        request.save(update_fields=["reply_due_on"])
    return request


def consultation_start(
    *, request: DisclosureRequest, party: str, on: Any, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """征求第三方（其他机关）意见 (Art. 32, 34): the time it takes is excluded from the reply period (Art. 33)."""
    require(actor, "disclosure.handle")
    check_department(actor, request.department_id)
    party = validation.text(party, field="party", max_chars=200, required=True, what="征求意见的第三方")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.corrected_on or request.received_on, previous="收到申请",
        field="on", what="征求意见日期",
    )  # fmt: skip
    with transaction.atomic():
        deadline = clock(request)
        if deadline is None or deadline.status != DeadlineStatus.OPEN:
            raise DomainError("disclosure.no_clock", "该申请没有正在计算的答复期限")
        if day <= deadline.start_on:
            raise DomainError("disclosure.consult_same_day", "征求意见日应晚于收到申请之日", field="on")
        transition(
            request, workflow.Event.CONSULT, actor=actor,
            fields={"consulted_party": party, "consultation_started_on": day, "consultation_ended_on": None},
            expected_revision=expected_revision,
        )  # fmt: skip
        deadline_services.deadline_suspend(
            deadline=deadline, start=day, reason=f"征求{party}意见", kind="third_party_consultation", actor=actor
        )
        deadline.refresh_from_db()
        request.reply_due_on = deadline.due_on
        request.save(update_fields=["reply_due_on"])
    return request


def consultation_end(
    *, request: DisclosureRequest, on: Any, opinion: str, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """收到第三方意见（或期满未答复）: the clock runs again from the next day."""
    require(actor, "disclosure.handle")
    check_department(actor, request.department_id)
    opinion = validation.text(opinion, field="opinion", max_chars=300, required=True, what="第三方意见")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.consultation_started_on, previous="征求意见", field="on",
        what="收到意见日期",
    )  # fmt: skip
    with transaction.atomic():
        transition(
            request, workflow.Event.CONSULTED, actor=actor,
            fields={"consultation_ended_on": day, "consultation_opinion": opinion},
            expected_revision=expected_revision,
        )  # fmt: skip
        deadline = clock(request)
        assert deadline is not None  # consultation_start suspended it
        deadline_services.deadline_resume(deadline=deadline, end=day, actor=actor)
        deadline.refresh_from_db()
        request.reply_due_on = deadline.due_on
        request.save(update_fields=["reply_due_on"])
    return request


def reply_extend(
    *, request: DisclosureRequest, on: Any, reason: str, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """延长答复期限 (Art. 33 para 2): by at most 20 working days, with the consent of the head of the disclosure
    office (the acting section chief), and the applicant told. Once per request, before the period ends."""
    require(actor, "disclosure.extend")
    check_department(actor, request.department_id)
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="延长理由")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.corrected_on or request.received_on, previous="收到申请",
        field="on", what="延长日期",
    )  # fmt: skip
    if request.status != workflow.State.RECEIVED:
        raise DomainError("disclosure.extend_state", f"申请“{request.get_status_display()}”，不能延长答复期限")
    if request.extended_on is not None:
        raise DomainError("disclosure.extend_once", "答复期限已经延长过一次（延长不得超过20个工作日）")
    with transaction.atomic():
        locked = revision.lock(request, revision=expected_revision, what="政府信息公开申请")
        deadline = clock(locked)
        if deadline is None or deadline.status != DeadlineStatus.OPEN:
            raise DomainError("disclosure.no_clock", "该申请没有正在计算的答复期限")
        if deadline.due_on is not None and day > deadline.due_on:
            raise DomainError(
                "disclosure.extend_too_late", f"答复期限已于 {deadline.due_on} 届满，不能再延长", field="on"
            )
        deadline_services.deadline_extend(deadline=deadline, extension_id=EXTENSION_ID, approved_by=actor, actor=actor)
        deadline.refresh_from_db()
        locked.extended_on, locked.extension_reason, locked.extension_approved_by = day, reason, actor
        locked.reply_due_on = deadline.due_on
        revision.save_bumped(
            locked, ["extended_on", "extension_reason", "extension_approved_by", "reply_due_on"], original=request
        )
        audit_record(
            action="disclosure.extend", target=request, actor=actor,
            changes={"on": day, "reason": reason, "due": deadline.due_on},
        )  # fmt: skip
    return request


def request_reply(
    *,
    request: DisclosureRequest,
    reply_type: str,
    on: Any,
    text: str,
    expected_revision: int | None = None,
    actor: Any,
) -> DisclosureRequest:
    """答复 (Art. 36–39): one of the reply types of the regulation, with its reasons or the way to obtain the
    information; numbered as a reply letter. "逾期不补正" closes a request that awaits its correction (Art. 30)."""
    require(actor, "disclosure.handle")
    check_department(actor, request.department_id)
    text = validation.text(text, field="text", max_chars=2000, required=True, what="答复内容")
    day = validation.step_date(
        on, today=legal_today(),
        not_before=request.consultation_ended_on or request.corrected_on or request.correction_requested_on
        or request.received_on,
        previous="上一步骤", field="on", what="答复日期",
    )  # fmt: skip
    kind = rule_item("disclosure.reply_types", reply_type, day, "reply_type")
    event = workflow.Event.ABANDON if kind.has("after_correction_request") else workflow.Event.REPLY
    if event is workflow.Event.REPLY and request.status == workflow.State.AWAITING_CORRECTION:
        raise DomainError(
            "disclosure.awaiting_correction",
            "申请人尚未补正：收到补正后再答复，或选择“逾期不补正、不再处理”",
            field="reply_type",
        )
    with transaction.atomic():
        deadline = clock(request)
        late = bool(
            event is workflow.Event.REPLY
            and deadline is not None
            and deadline.status == DeadlineStatus.OPEN
            and deadline.due_on
            and day > deadline.due_on
        )
        sequence = numbering.next_number("disclosure.reply", day.year)
        transition(
            request, event, actor=actor,
            fields={
                "reply_type": kind.id, "reply_type_label": kind.label, "reply_group": kind.group,
                "reply_citation": str(kind.citation)[:200], "reply_text": text, "replied_on": day,
                "replied_late": late, "replied_by": actor,
                "reply_number": numbering.bureau_number("公开答复", day.year, sequence),
            },
            facts={"late": late}, expected_revision=expected_revision,
        )  # fmt: skip
        if event is workflow.Event.REPLY:
            close_clock(request, REPLY_RULE, on=day, reason="", actor=actor)
        close_clock(request, CORRECTION_RULE, on=None, reason="已答复，无需补正", actor=actor)
    return request
