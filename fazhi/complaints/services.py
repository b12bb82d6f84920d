"""Writes of the complaints app, one service per legal step (Order 20 / Order 121; docs/domain/complaints.md).

Every service: keyword-only arguments, ``transaction.atomic``, the row locked and its ``revision`` checked (two
users acting at once never both succeed), the transition checked by the pure ``workflow``, step dates checked
against receipt and ``today``, due dates from the rulebook (``clocks``), one audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.complaints import clocks, workflow
from fazhi.complaints.choices import Handover, Kind, Outcome, Status, TipDecision
from fazhi.complaints.models import Attachment, Complaint
from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.rulebook import complaints as grounds
from fazhi.rulebook.errors import RulebookError

# the cases module is built in parallel; until clue_register exists, tips wait as "pending" hand-overs
clue_register: Callable[..., Any] | None
try:
    from fazhi.cases.services import clue_register
except ImportError:  # pragma: no cover - depends on the cases module
    clue_register = None

TRACKED = (
    "status",
    "decided_on",
    "decision_due_on",
    "refusal_ground",
    "tip_decision",
    "verification_extended",
    "mediation_method",
    "mediation_due_on",
    "testing_periods",
    "testing_since",
    "outcome",
    "termination_ground",
    "recovered_amount",
    "closing_due_on",
    "closed_on",
    "notice_due_on",
    "notified_on",
    "due_on",
    "handover_status",
    "handover_reference",
    "merged_into",
    "merge_reason",
    "assignee",
)


# ---------------------------------------------------------------- helpers


def normalise_phone(phone: str) -> str:
    digits = "".join(filter(str.isdigit, phone or ""))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def consumer_key(*, phone: str = "", id_number: str = "") -> str:
    """A stable pseudonymous key of the consumer (ID number preferred, else phone), for repeat detection.

    Hashed so that the index never holds the raw number."""
    ident = (id_number or "").strip().upper()
    basis = f"id:{ident}" if ident else (f"ph:{normalise_phone(phone)}" if normalise_phone(phone) else "")
    return hashlib.sha256(basis.encode()).hexdigest()[:32] if basis else ""


def _rulebook(exc: RulebookError) -> DomainError:
    return DomainError(exc.code, exc.message)


def _check_ground(kind: str, ground: str, received_on: dt.date, field: str) -> None:
    if not ground:
        raise DomainError("complaints.ground_required", "请选择法定事由", field=field)
    try:
        grounds.check_ground(kind, ground, received_on)
    except RulebookError as exc:
        raise DomainError(exc.code, exc.message, field=field) from exc


def _locked(complaint: Complaint, action: str) -> tuple[Complaint, dict[str, Any], str]:
    """Lock the row, check nobody changed it since it was read, and check the transition."""
    fresh = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if fresh.revision != complaint.revision:
        raise ConcurrentUpdate("投诉举报")
    target = workflow.next_state(fresh.kind, fresh.status, action)
    return fresh, snapshot(fresh, TRACKED), target


def _decided_on(obj: Complaint) -> dt.date:
    """The acceptance / filing decision date; the state machine only allows the later steps once it is recorded."""
    if obj.decided_on is None:
        raise DomainError("complaints.not_decided", "尚未登记受理（立案）决定日期，请先作出决定")
    return obj.decided_on


def _save(obj: Complaint, before: dict[str, Any], action: str, **facts: Any) -> Complaint:
    obj.revision += 1
    after = snapshot(obj, TRACKED)
    changed = [f for f in TRACKED if before.get(f) != after.get(f)]
    fields = [("merged_into" if f == "merged_into" else f) for f in changed]
    obj.save(update_fields=[*fields, "revision"])
    audit_record(action=f"complaints.{action}", target=obj, changes={**diff(before, after), **facts})
    return obj


def find_respondent(*, uscc: str = "", name: str = "") -> Any:
    from fazhi.registry.models import MarketEntity

    if uscc:
        found = MarketEntity.objects.filter(uscc=uscc.strip().upper()).first()
        if found:
            return found
    if name:
        matches = list(MarketEntity.objects.filter(name=name.strip())[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def find_repeat(
    *,
    key: str,
    respondent_id: int | None,
    respondent_name: str,
    category: str,
    received_on: dt.date,
    kind: str = "complaint",
) -> Complaint | None:
    """The latest earlier submission of the same consumer against the same respondent on the same category
    within the repeat window (table ``complaints/grounds.yaml``, [UNCONFIRMED] local practice)."""
    if not key:
        return None
    window = grounds.repeat_window(received_on)
    qs = Complaint.objects.filter(
        kind=kind,
        consumer_key=key,
        category=category,
        received_on__gte=received_on - dt.timedelta(days=window.length_days),
        received_on__lte=received_on,
    )
    qs = qs.filter(respondent_id=respondent_id) if respondent_id else qs.filter(respondent_name=respondent_name)
    return qs.order_by("-received_on", "-pk").first()


def _next_number(received_on: dt.date) -> str:
    prefix = f"TS{received_on:%Y%m%d}"
    last = Complaint.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    seq = 1
    for number in last[:1]:
        tail = number[len(prefix) :].split("-")[0]
        seq = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{seq:05d}"


# ---------------------------------------------------------------- intake


def submission_register(
    *,
    kind: str,
    channel: str,
    received_on: dt.date,
    department: Any,
    today: dt.date,
    assignee: Any = None,
    consumer_name: str = "",
    consumer_phone: str = "",
    consumer_id_number: str = "",
    real_name: bool = True,
    respondent_uscc: str = "",
    respondent_name: str = "",
    category: str = "other",
    amount_in_dispute: Decimal | None = None,
    description: str = "",
    redirect_reason: str = "",
    number: str = "",
    attachments: Iterable[Any] = (),
) -> list[Complaint]:
    """登记: register a submission as a complaint, a tip, both (two linked records, Order 20 Art. 7), or a
    matter not covered (redirected with its Art. 39 reason). Returns the records created."""
    workflow.check_received_on(received_on, today=today)
    if kind not in ("complaint", "tip", "both", "not_covered"):
        raise DomainError("complaints.bad_kind", "类型只能是投诉、举报、投诉并举报或非投诉举报事项", field="kind")
    if kind == "not_covered":
        _check_ground("not_covered", redirect_reason, received_on, "redirect_reason")
    if amount_in_dispute is not None and amount_in_dispute < 0:
        raise DomainError("complaints.negative_amount", "涉及金额不能为负数", field="amount_in_dispute")
    if kind in ("complaint", "both") and not respondent_name and not respondent_uscc:
        raise DomainError("complaints.respondent_required", "投诉须写明被投诉人名称", field="respondent_name")
    respondent = find_respondent(uscc=respondent_uscc, name=respondent_name)
    key = consumer_key(phone=consumer_phone, id_number=consumer_id_number)
    parts = ["complaint", "tip"] if kind == "both" else [kind]
    created: list[Complaint] = []
    with transaction.atomic():
        base = number or _next_number(received_on)
        for part in parts:
            repeat = (
                None
                if part == Kind.NOT_COVERED
                else find_repeat(
                    key=key,
                    respondent_id=respondent.pk if respondent else None,
                    respondent_name=respondent.name if respondent else respondent_name,
                    category=category,
                    received_on=received_on,
                    kind=part,
                )
            )
            obj = Complaint(
                number=base if part == parts[0] else f"{base}-J",
                kind=part,
                channel=channel,
                received_on=received_on,
                department=department,
                assignee=assignee,
                consumer_name=consumer_name,
                consumer_phone=consumer_phone,
                consumer_id_number=consumer_id_number,
                consumer_key=key,
                real_name=real_name and bool(consumer_name),
                respondent=respondent,
                respondent_name=respondent.name if respondent else respondent_name,
                respondent_uscc=(respondent.uscc or "") if respondent else respondent_uscc,
                category=category,
                amount_in_dispute=amount_in_dispute,
                description=description,
                repeat_of=repeat,
            )
            if part == Kind.NOT_COVERED:
                obj.status = Status.REDIRECTED
                obj.redirect_reason = redirect_reason
                obj.closed_on = received_on
            else:
                rule = clocks.ACCEPTANCE if part == Kind.COMPLAINT else clocks.TIP_VERIFICATION
                result = clocks.compute(rule, received_on, received_on=received_on)
                obj.decision_due_on = obj.due_on = result.due
                obj.rulebook_version = result.rulebook_version
            obj.full_clean(exclude=["department", "assignee", "respondent", "linked", "repeat_of", "merged_into"])
            obj.save()
            created.append(obj)
        if len(created) == 2:
            created[0].linked, created[1].linked = created[1], created[0]
            for obj in created:
                obj.save(update_fields=["linked"])
        for upload in attachments:
            attachment_add(complaint=created[0], upload=upload)
        for obj in created:
            audit_record(
                action="complaints.register",
                target=obj,
                changes={
                    "kind": obj.kind,
                    "channel": obj.channel,
                    "received_on": obj.received_on,
                    "decision_due_on": obj.decision_due_on,
                    "repeat_of": obj.repeat_of_id,
                },
            )
    return created


def attachment_add(*, complaint: Complaint, upload: Any) -> Attachment:
    """Store an uploaded file with its SHA-256 (evidence integrity)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    with transaction.atomic():
        att = Attachment(complaint=complaint, name=upload.name[:200], size=size, sha256=digest.hexdigest())
        att.file.save(upload.name, upload, save=False)
        att.save()
        audit_record(action="complaints.attach", target=complaint, changes={"name": att.name, "sha256": att.sha256})
    return att


def complaint_assign(*, complaint: Complaint, assignee: Any) -> Complaint:
    """Assign the handling officer (承办人)."""
    with transaction.atomic():
        obj = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if obj.revision != complaint.revision:
            raise ConcurrentUpdate("投诉举报")
        before = snapshot(obj, TRACKED)
        obj.assignee = assignee
        return _save(obj, before, "assign")


# ---------------------------------------------------------------- complaints


def complaint_accept(*, complaint: Complaint, on: dt.date, today: dt.date) -> Complaint:
    """受理 (Order 20 Art. 14): within 7 working days of receipt; starts the mediation clock."""
    with transaction.atomic():
        obj, before, target = _locked(complaint, "accept")
        workflow.check_step_date(on, not_before=obj.received_on, today=today, what="受理日期")
        mediation = clocks.compute(clocks.MEDIATION, on, received_on=obj.received_on)
        obj.status = target
        obj.decided_on = on
        obj.mediation_due_on = obj.closing_due_on = obj.due_on = mediation.due
        return _save(obj, before, "accept", mediation_rule=mediation.version, citation=str(mediation.citation))


def complaint_refuse(*, complaint: Complaint, on: dt.date, ground: str, today: dt.date, note: str = "") -> Complaint:
    """不予受理 — only on a ground of the measures in force on the day of receipt (Art. 15 / Order 121 Art. 16)."""
    with transaction.atomic():
        obj, before, target = _locked(complaint, "refuse")
        workflow.check_step_date(on, not_before=obj.received_on, today=today, what="不予受理决定日期")
        _check_ground("refusal", ground, obj.received_on, "ground")
        obj.status = target
        obj.decided_on = obj.closed_on = on
        obj.refusal_ground = ground
        obj.closing_due_on = obj.decision_due_on
        obj.due_on = None
        obj.result_note = note
        obj.save(update_fields=["result_note"])
        return _save(obj, before, "refuse")


def mediation_start(*, complaint: Complaint, method: str, today: dt.date) -> Complaint:
    """调解 with both parties' consent: on site, remote, or delegated to the consumer association (Arts. 16–19)."""
    from fazhi.complaints.choices import MediationMethod

    if method not in MediationMethod.values:
        raise DomainError("complaints.bad_method", "请选择调解方式", field="method")
    with transaction.atomic():
        obj, before, target = _locked(complaint, "start_mediation")
        obj.status = target
        obj.mediation_method = method
        return _save(obj, before, "start_mediation")


def testing_start(*, complaint: Complaint, on: dt.date, today: dt.date) -> Complaint:
    """检测、检验、鉴定 begins: the mediation clock stops (Art. 20: testing time is not counted)."""
    with transaction.atomic():
        obj, before, _target = _locked(complaint, "testing")
        if obj.testing_since:
            raise DomainError("complaints.testing_running", "已有进行中的检测期间，请先登记其结束日")
        workflow.check_step_date(on, not_before=obj.decided_on or obj.received_on, today=today, what="检测开始日")
        obj.testing_since = on
        obj.due_on = None  # stopped clock: no due date while testing runs
        return _save(obj, before, "testing_start")


def testing_end(*, complaint: Complaint, on: dt.date, today: dt.date) -> Complaint:
    """Testing ends: the period is recorded and the mediation due date recomputed without it."""
    with transaction.atomic():
        obj, before, _target = _locked(complaint, "testing")
        if not obj.testing_since:
            raise DomainError("complaints.testing_not_running", "没有进行中的检测期间")
        workflow.check_step_date(
            on, not_before=obj.testing_since, today=today, what="检测结束日", before_what="检测开始日"
        )
        obj.testing_periods = [*obj.testing_periods, {"start": obj.testing_since.isoformat(), "end": on.isoformat()}]
        obj.testing_since = None
        result = clocks.compute(
            clocks.MEDIATION,
            _decided_on(obj),
            received_on=obj.received_on,
            excluded=clocks.testing_intervals(obj.testing_periods),
        )
        obj.mediation_due_on = obj.closing_due_on = obj.due_on = result.due
        return _save(obj, before, "testing_end")


def complaint_close(
    *,
    complaint: Complaint,
    outcome: str,
    on: dt.date,
    today: dt.date,
    recovered_amount: Decimal = Decimal("0"),
    termination_ground: str = "",
    note: str = "",
) -> Complaint:
    """办结: 调解成功 (with the amount recovered) / 调解不成 / 终止调解 (with its ground, Art. 21 / Order 121
    Art. 23; both parties told within 7 working days). Never before acceptance."""
    with transaction.atomic():
        obj, before, target = _locked(complaint, "close")
        if outcome not in Outcome.values:
            raise DomainError("complaints.bad_outcome", "请选择处理结果", field="outcome")
        if obj.testing_since:
            raise DomainError("complaints.testing_running", "检测期间尚未结束，请先登记检测结束日", field="on")
        workflow.check_step_date(on, not_before=_decided_on(obj), today=today, what="办结日期", before_what="受理日期")
        if recovered_amount is None or recovered_amount < 0:
            raise DomainError("complaints.negative_amount", "挽回经济损失不能为负数", field="recovered_amount")
        if outcome != Outcome.SUCCEEDED and recovered_amount:
            raise DomainError(
                "complaints.recovered_without_success", "只有调解成功才登记挽回经济损失", field="recovered_amount"
            )
        if outcome == Outcome.TERMINATED:
            _check_ground("termination", termination_ground, obj.received_on, "termination_ground")
            notice = clocks.compute(clocks.TERMINATION_NOTICE, on, received_on=obj.received_on)
            obj.notice_due_on = obj.due_on = notice.due
        else:
            obj.due_on = None
        obj.status = target
        obj.outcome = outcome
        obj.termination_ground = termination_ground if outcome == Outcome.TERMINATED else ""
        obj.recovered_amount = recovered_amount
        obj.closed_on = on
        obj.result_note = note
        obj.save(update_fields=["result_note"])
        return _save(obj, before, "close")


def notice_record(*, complaint: Complaint, on: dt.date, today: dt.date) -> Complaint:
    """告知: record the day both parties (complaint) were told the result."""
    with transaction.atomic():
        obj, before, target = _locked(complaint, "record_notice")
        workflow.check_step_date(
            on, not_before=obj.closed_on or obj.received_on, today=today, what="告知日期", before_what="办结日期"
        )
        obj.notified_on = on
        obj.due_on = None
        return _save(obj, before, "notice")


def complaint_merge(*, complaint: Complaint, into: Complaint, ground: str, note: str, today: dt.date) -> Complaint:
    """合并处理 of a repeated or abusive submission into an earlier one, with the recorded reason
    (Order 121, [UNCONFIRMED] article; not available for submissions received before 2026-04-15)."""
    if into.pk == complaint.pk or into.kind != complaint.kind:
        raise DomainError("complaints.bad_merge_target", "只能合并到同类型的另一件来件", field="into")
    if not note.strip():
        raise DomainError("complaints.merge_reason_required", "请写明合并理由", field="note")
    with transaction.atomic():
        obj, before, target = _locked(complaint, "merge")
        _check_ground("merge", ground, obj.received_on, "ground")
        obj.status = target
        obj.merged_into = into
        obj.merge_reason = f"{ground}：{note.strip()}"[:300]
        obj.due_on = None
        return _save(obj, before, "merge")


# ---------------------------------------------------------------- tips


def tip_extend(*, tip: Complaint, approved_by: Any, today: dt.date) -> Complaint:
    """Extend verification by 15 working days with the head's approval (special cases)."""
    with transaction.atomic():
        obj, before, _target = _locked(tip, "extend")
        if obj.verification_extended:
            raise DomainError("complaints.already_extended", "核查期限已经延长过一次")
        result = clocks.compute(
            clocks.TIP_VERIFICATION, obj.received_on, received_on=obj.received_on, extensions=("head_approval",)
        )
        obj.verification_extended = True
        obj.decision_due_on = obj.due_on = result.due
        return _save(obj, before, "extend", approved_by=str(approved_by))


def _hand_over(obj: Complaint) -> None:
    """A filed tip becomes a clue of the cases module (docs/domain/complaints.md § hand-over)."""
    if clue_register is None:
        obj.handover_status = Handover.PENDING
        return
    clue = clue_register(
        source_kind="tip",
        source_ref=obj.number,
        entity=obj.respondent,
        description=obj.description or f"举报 {obj.number}：{obj.respondent_name}",
        received_on=obj.received_on,
        department=obj.department,
        # The cases module keeps the reporter for the notice; its own screens must keep it from the party.
        reporter_name=obj.consumer_name if obj.real_name else None,
        reporter_contact=obj.consumer_phone if obj.real_name else None,
    )
    obj.handover_status = Handover.HANDED_OVER
    obj.handover_reference = clue.number


def tip_decide(*, tip: Complaint, decision: str, on: dt.date, today: dt.date) -> Complaint:
    """立案 or not after verification (15 WD, +15 approved). A real-name reporter is then told within 5 WD
    (Order 20 Art. 31); an anonymous tip closes on the decision."""
    if decision not in TipDecision.values:
        raise DomainError("complaints.bad_decision", "请选择立案或不予立案", field="decision")
    with transaction.atomic():
        obj, before, target = _locked(tip, "decide")
        workflow.check_step_date(on, not_before=obj.received_on, today=today, what="立案决定日期")
        obj.tip_decision = decision
        obj.decided_on = on
        if decision == TipDecision.FILED:
            _hand_over(obj)
        if obj.real_name:
            notice = clocks.compute(clocks.REPORTER_NOTICE, on, received_on=obj.received_on)
            obj.status = target
            obj.notice_due_on = obj.closing_due_on = obj.due_on = notice.due
        else:
            obj.status = workflow.next_state(obj.kind, target, "close")
            obj.closed_on = on
            obj.closing_due_on = obj.decision_due_on
            obj.due_on = None
        return _save(obj, before, "decide")


def reporter_notify(*, tip: Complaint, on: dt.date, today: dt.date) -> Complaint:
    """告知实名举报人 whether a case was filed (within 5 WD of the decision)."""
    with transaction.atomic():
        obj, before, target = _locked(tip, "notify_reporter")
        workflow.check_step_date(
            on, not_before=_decided_on(obj), today=today, what="告知日期", before_what="立案决定日期"
        )
        obj.status = target
        obj.notified_on = obj.closed_on = on
        obj.due_on = None
        return _save(obj, before, "notify_reporter")
