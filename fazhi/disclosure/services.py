"""Services of 政府信息公开 (the only write door): one per legal step of a request, and the proactive catalogue.

Periods come from the rulebook (``tables/deadlines/government_information_disclosure.yaml``) through the tracked
deadlines of ``fazhi.deadlines``; channels, reply types and applicant kinds from ``tables/oversight/disclosure.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.disclosure import workflow
from fazhi.disclosure.models import AnnualReport, DisclosureRequest, ProactiveDocument
from fazhi.rulebook import oversight as rules
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

REPLY_RULE = "disclosure.reply"
CORRECTION_RULE = "disclosure.correction_request"
PROACTIVE_RULE = "disclosure.proactive"
EXTENSION_ID = "office_head_approval"
OWNER_TYPE = "disclosure.disclosurerequest"


def _check_department(actor: Any, department: Any) -> None:
    """What a department-scoped role may not see it may not write either (same answer as a missing record)."""
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("承办部门")


def _rule(list_id: str, item_id: str, on: dt.date, field: str) -> rules.Item:
    try:
        return rules.item(list_id, item_id, on, field=field)
    except RulebookError as exc:
        raise from_rulebook(exc, field=field) from exc


def clock(request: DisclosureRequest, rule_id: str = REPLY_RULE) -> TrackedDeadline | None:
    """The request's current clock under ``rule_id`` (the latest opened)."""
    return (
        TrackedDeadline.objects.filter(owner_type=OWNER_TYPE, owner_id=str(request.pk), rule_id=rule_id)
        .order_by("-id")
        .first()
    )


def _open_clocks(request: DisclosureRequest, start: dt.date, actor: Any) -> None:
    try:
        reply = deadline_services.deadline_open(
            owner=request, rule_id=REPLY_RULE, start=start, label="答复期限", actor=actor
        )
        deadline_services.deadline_open(
            owner=request, rule_id=CORRECTION_RULE, start=start, label="告知补正期限", actor=actor
        )
    except DomainError as exc:
        raise DomainError(exc.code, exc.message, field="received_on") from exc
    request.reply_due_on = reply.due_on
    request.save(update_fields=["reply_due_on"])


def _close_clock(request: DisclosureRequest, rule_id: str, *, on: dt.date | None, reason: str, actor: Any) -> None:
    deadline = clock(request, rule_id)
    if deadline is None or deadline.status != DeadlineStatus.OPEN:
        return
    if on is not None:
        deadline_services.deadline_meet(deadline=deadline, on=on, actor=actor)
    else:
        deadline_services.deadline_cancel(deadline=deadline, reason=reason, actor=actor)


def _transition(
    request: DisclosureRequest,
    event: workflow.Event,
    *,
    actor: Any,
    fields: dict[str, Any],
    facts: dict[str, Any] | None = None,
    expected_revision: int | None = None,
) -> DisclosureRequest:
    locked = revision.lock(request, revision=expected_revision, what="政府信息公开申请")
    before = locked.status
    nxt = workflow.target(locked.status, event)
    locked.status = nxt.value
    for name, value in fields.items():
        setattr(locked, name, value)
    revision.save_bumped(locked, ["status", *fields], original=request)
    audit_record(
        action=f"disclosure.{event.value}",
        target=request,
        actor=actor,
        changes={"status": [before, nxt.value], **fields, **(facts or {})},
    )
    return request


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
    _check_department(actor, department)
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
    kind = _rule("disclosure.applicant_kinds", applicant_kind, received, "applicant_kind")
    way = _rule("disclosure.channels", channel, received, "channel")
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
        _open_clocks(request, received, actor)
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
    _check_department(actor, request.department_id)
    text = validation.text(text, field="text", max_chars=500, required=True, what="需补正的事项")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.received_on, previous="收到申请", field="on", what="告知补正日期"
    )
    if request.correction_requested_on is not None:
        raise DomainError("disclosure.correction_once", "补正只能一次性告知（条例第三十条），本申请已告知过补正")
    with transaction.atomic():
        deadline = clock(request, CORRECTION_RULE)
        late = bool(deadline and deadline.due_on and day > deadline.due_on)
        _transition(
            request, workflow.Event.REQUEST_CORRECTION, actor=actor,
            fields={"correction_requested_on": day, "correction_text": text}, facts={"late": late},
            expected_revision=expected_revision,
        )  # fmt: skip
        _close_clock(request, CORRECTION_RULE, on=day, reason="", actor=actor)
        _close_clock(request, REPLY_RULE, on=None, reason="告知补正，答复期限自收到补正申请之日重新起算", actor=actor)
    return request


def correction_receive(
    *, request: DisclosureRequest, on: Any, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """收到补正后的申请: the reply period runs afresh from the day the corrected application is received (Art. 30)."""
    require(actor, "disclosure.handle")
    _check_department(actor, request.department_id)
    day = validation.step_date(
        on, today=legal_today(), not_before=request.correction_requested_on, previous="告知补正", field="on",
        what="收到补正申请之日",
    )  # fmt: skip
    with transaction.atomic():
        _transition(
            request, workflow.Event.CORRECT, actor=actor, fields={"corrected_on": day},
            expected_revision=expected_revision,
        )  # fmt: skip
        try:
            reply = deadline_services.deadline_open(
                owner=request, rule_id=REPLY_RULE, start=day, label="答复期限（补正后重新起算）", actor=actor
            )
        except DomainError as exc:
            raise DomainError(exc.code, exc.message, field="on") from exc
        request.reply_due_on = reply.due_on
        request.save(update_fields=["reply_due_on"])
    return request


def consultation_start(
    *, request: DisclosureRequest, party: str, on: Any, expected_revision: int | None = None, actor: Any
) -> DisclosureRequest:
    """征求第三方（其他机关）意见 (Art. 32, 34): the time it takes is excluded from the reply period (Art. 33)."""
    require(actor, "disclosure.handle")
    _check_department(actor, request.department_id)
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
        _transition(
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
    _check_department(actor, request.department_id)
    opinion = validation.text(opinion, field="opinion", max_chars=300, required=True, what="第三方意见")
    day = validation.step_date(
        on, today=legal_today(), not_before=request.consultation_started_on, previous="征求意见", field="on",
        what="收到意见日期",
    )  # fmt: skip
    with transaction.atomic():
        _transition(
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
    _check_department(actor, request.department_id)
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
    _check_department(actor, request.department_id)
    text = validation.text(text, field="text", max_chars=2000, required=True, what="答复内容")
    day = validation.step_date(
        on, today=legal_today(),
        not_before=request.consultation_ended_on or request.corrected_on or request.correction_requested_on
        or request.received_on,
        previous="上一步骤", field="on", what="答复日期",
    )  # fmt: skip
    kind = _rule("disclosure.reply_types", reply_type, day, "reply_type")
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
        _transition(
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
            _close_clock(request, REPLY_RULE, on=day, reason="", actor=actor)
        _close_clock(request, CORRECTION_RULE, on=None, reason="已答复，无需补正", actor=actor)
    return request


# ---------------------------------------------------------------------------------------------------------------
# 主动公开目录


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
    _check_department(actor, department)
    today = legal_today()
    title = validation.text(title, field="title", max_chars=200, required=True, what="标题")
    document_number = validation.text(document_number, field="document_number", max_chars=60)
    summary = validation.text(summary, field="summary", max_chars=2000)
    formed = validation.step_date(formed_on, today=today, field="formed_on", what="信息形成（变更）日期")
    published = validation.step_date(
        published_on, today=today, not_before=formed, previous="信息形成", field="published_on", what="公开日期"
    )
    kind = _rule("disclosure.proactive_categories", category, published, "category")
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
    _check_department(actor, document.department_id)
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


# ---------------------------------------------------------------------------------------------------------------
# 政府信息公开工作年度报告 (条例 Art. 49–50)

ANNUAL_REPORT_RULE = "disclosure.annual_report"
ANNUAL_REPORT_OWNER = "disclosure.annualreport"


def annual_report_clock(report: AnnualReport) -> TrackedDeadline | None:
    return (
        TrackedDeadline.objects.filter(
            owner_type=ANNUAL_REPORT_OWNER, owner_id=str(report.pk), rule_id=ANNUAL_REPORT_RULE
        )
        .order_by("-id")
        .first()
    )


def annual_report_open(*, year: Any, actor: Any) -> AnnualReport:
    """Open the tracked deadline of the year's report: Art. 49 (每年1月31日前 for the previous year), counted by the
    rulebook from 31 December of the report year. A year is opened once; a future year cannot be (the report covers
    a year that has begun), nor a year no version of the rule covers (before the 2019 regulation)."""
    require(actor, "disclosure.publish")
    year = validation.bounded_int(year, field="year", minimum=2000, maximum=2100)
    assert year is not None
    today = legal_today()
    if year > today.year:
        raise DomainError("disclosure.report_year_future", f"{year} 年尚未开始，不能登记该年度报告的期限", field="year")
    if AnnualReport.objects.filter(year=year).exists():
        raise DomainError("disclosure.report_opened", f"{year} 年度报告的期限已登记", field="year")
    end = dt.date(year, 12, 31)
    with transaction.atomic():
        report = AnnualReport(year=year, opened_by=actor)
        report.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError as exc:  # a concurrent opening of the same year won
            raise DomainError("disclosure.report_opened", f"{year} 年度报告的期限已登记", field="year") from exc
        try:
            deadline = deadline_services.deadline_open(
                owner=report, rule_id=ANNUAL_REPORT_RULE, start=end, label=f"{year}年度报告提交并公布", actor=actor
            )
        except DomainError as exc:
            raise DomainError(exc.code, exc.message, field="year") from exc
        report.due_on = deadline.due_on
        report.save(update_fields=["due_on"])
        audit_record(
            action="disclosure.report_open", target=report, actor=actor, changes={"year": year, "due": deadline.due_on}
        )
    return report


def annual_report_publish(
    *,
    report: AnnualReport,
    submitted_on: Any,
    submitted_to: str,
    published_on: Any,
    published_where: str,
    expected_revision: int | None = None,
    actor: Any,
) -> AnnualReport:
    """登记年度报告已提交主管部门并向社会公布 (Art. 49): both dates after the report year, not after the legal today;
    the deadline is met on the later of the two (a later one is recorded as late — the record states what
    happened)."""
    require(actor, "disclosure.publish")
    today = legal_today()
    after_year = dt.date(report.year + 1, 1, 1)
    submitted_to = validation.text(submitted_to, field="submitted_to", max_chars=100, required=True, what="提交对象")
    published_where = validation.text(
        published_where, field="published_where", max_chars=300, required=True, what="公布渠道"
    )
    submitted = validation.step_date(
        submitted_on, today=today, not_before=after_year, previous=f"{report.year} 年度结束（次年1月1日）",
        field="submitted_on", what="提交主管部门日期",
    )  # fmt: skip
    published = validation.step_date(
        published_on, today=today, not_before=after_year, previous=f"{report.year} 年度结束（次年1月1日）",
        field="published_on", what="向社会公布日期",
    )  # fmt: skip
    done = max(submitted, published)
    with transaction.atomic():
        locked = revision.lock(report, revision=expected_revision, what="年度报告")
        if locked.published_on is not None:
            raise DomainError("disclosure.report_published", f"{locked.year} 年度报告已于 {locked.published_on} 公布")
        deadline = annual_report_clock(locked)
        due = deadline.due_on if deadline is not None else locked.due_on
        late = bool(due and done > due)
        locked.submitted_on, locked.submitted_to = submitted, submitted_to
        locked.published_on, locked.published_where = published, published_where
        locked.published_late, locked.published_by = late, actor
        revision.save_bumped(
            locked,
            ["submitted_on", "submitted_to", "published_on", "published_where", "published_late", "published_by"],
            original=report,
        )
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=done, actor=actor)
        audit_record(
            action="disclosure.report_publish",
            target=report,
            actor=actor,
            changes={"submitted_on": submitted, "published_on": published, "due": due, "late": late},
        )
    return report
