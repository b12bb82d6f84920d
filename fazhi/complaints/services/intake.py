"""登记: register a submission, attach files, assign the handler, reclassify a matter registered as not covered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fazhi.complaints import clocks, workflow
from fazhi.complaints.choices import Category, Channel, Kind, RespondentKind, Status
from fazhi.complaints.models import Attachment, Complaint, LegalReview
from fazhi.complaints.services import common
from fazhi.core import uploads, validation
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.revision import lock as revision_lock
from fazhi.core.roles import user_can

KINDS = ("complaint", "tip", "both", "not_covered")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _choice(value: str, allowed: Iterable[str], *, field: str, message: str) -> str:
    if value not in allowed:
        raise DomainError(f"complaints.bad_{field}", message, field=field)
    return value


def submission_register(
    *,
    kind: str,
    channel: str,
    received_on: Any,
    actor: Any,
    department: Any = None,
    assignee: Any = None,
    consumer_name: str = "",
    consumer_phone: str = "",
    consumer_id_number: str = "",
    real_name: bool = True,
    respondent_uscc: str = "",
    respondent_name: str = "",
    respondent_kind: str = "",
    respondent_address: str = "",
    category: str = "other",
    amount_in_dispute: Any = None,
    description: str = "",
    redirect_reason: str = "",
    attachments: Iterable[Any] = (),
) -> list[Complaint]:
    """登记: register a submission as a complaint, a tip, both (two linked records, Order No. 20 Art. 7), or a
    matter not covered (Art. 39: the submitter is told the proper channel). Returns the records created.

    Every field is checked by ``fazhi.core.validation`` (the same rule as the API and the importer): a USCC with a
    wrong check character is a field error — never stored, never replaced by a name match; an amount beyond the
    column or ``1e400`` and overlong names are field errors. The registration number is taken last."""
    today = legal_today()
    _choice(kind, KINDS, field="kind", message="类型只能是投诉、举报、既投诉又举报或非投诉举报事项")
    _choice(channel, Channel.values, field="channel", message="请选择来件渠道")
    _choice(category, Category.values, field="category", message="请选择问题类别")
    if respondent_kind:
        _choice(respondent_kind, RespondentKind.values, field="respondent_kind", message="请选择被投诉（举报）方类型")
    received = validation.step_date(received_on, today=today, field="received_on", what="收到日期")
    consumer_name = validation.text(consumer_name, field="consumer_name", max_chars=64, what="投诉人/举报人姓名")
    consumer_phone = validation.text(consumer_phone, field="consumer_phone", max_chars=32, what="联系电话")
    consumer_id_number = validation.text(
        consumer_id_number, field="consumer_id_number", max_chars=32, what="身份证件号码"
    )
    respondent_name = validation.text(
        respondent_name, field="respondent_name", max_chars=200, what="被投诉（举报）方名称"
    )
    respondent_address = validation.text(
        respondent_address, field="respondent_address", max_chars=300, what="被投诉（举报）方地址"
    )
    uscc = validation.uscc(respondent_uscc, field="respondent_uscc", required=False)
    amount = validation.amount(amount_in_dispute, field="amount_in_dispute", required=False)
    description = validation.text(
        description, field="description", max_chars=validation.LONG_TEXT_MAX, what="诉求/描述"
    )
    department = common.intake_department(actor, department)
    if assignee is not None:
        _check_assignee(assignee, department)
    reason_ground = None
    if kind == Kind.NOT_COVERED:
        reason_ground = common.ground("not_covered", redirect_reason, received, field="redirect_reason")
    if kind in ("complaint", "both") and not respondent_name and not uscc:
        # Order No. 20 Art. 9(2): a complaint names the respondent (名称或者姓名、地址).
        raise DomainError("complaints.respondent_required", "投诉须写明被投诉人名称", field="respondent_name")
    respondent = common.find_respondent(uscc=uscc, name=respondent_name)
    key = common.consumer_key(phone=consumer_phone, id_number=consumer_id_number)
    parts = ["complaint", "tip"] if kind == "both" else [kind]
    created: list[Complaint] = []
    with common.atomic():
        base = common.next_registration_number(received)
        for part in parts:
            repeat = (
                None
                if part == Kind.NOT_COVERED
                else common.find_repeat(
                    key=common.consumer_keys(phone=consumer_phone, id_number=consumer_id_number),
                    respondent_id=respondent.pk if respondent else None,
                    respondent_name=respondent.name if respondent else respondent_name,
                    category=category,
                    received_on=received,
                    kind=part,
                )
            )
            obj = Complaint(
                number=base if part == parts[0] else f"{base}-J",
                kind=part,
                channel=channel,
                received_on=received,
                department=department,
                assignee=assignee,
                consumer_name=consumer_name,
                consumer_phone=consumer_phone,
                consumer_id_number=consumer_id_number,
                consumer_key=key,
                real_name=bool(real_name) and bool(consumer_name),
                respondent=respondent,
                respondent_name=respondent.name if respondent else respondent_name,
                respondent_uscc=(respondent.uscc or "") if respondent else uscc,
                respondent_kind=common.respondent_kind_for(entity=respondent, uscc=uscc, given=respondent_kind),
                respondent_address=respondent_address or (respondent.domicile if respondent else ""),
                category=category,
                amount_in_dispute=amount,
                description=description,
                repeat_of=repeat,
            )
            review_doubts: list[dict[str, str]] = []
            if part == Kind.NOT_COVERED:
                assert reason_ground is not None
                obj.redirect_reason = redirect_reason
                review_doubts = common.uncertainty(
                    "not_covered", reason_ground, received, what="不属于投诉举报的事项（告知其他途径）"
                )
                if review_doubts:
                    obj.status = Status.LEGAL_REVIEW
                else:
                    obj.status = Status.REDIRECTED
                    obj.closed_on = received
            else:
                _start_clock(obj)
            obj.full_clean(
                exclude=["department", "assignee", "respondent", "linked", "repeat_of", "merged_into", "clue"]
            )
            obj.save(force_insert=True)
            if review_doubts:
                LegalReview.objects.create(
                    complaint=obj,
                    action="redirect",
                    payload={"reason": redirect_reason},
                    uncertainty=review_doubts,
                    return_state=Status.RECEIVED,
                    requested_by=actor,
                    requested_on=today,
                )
            created.append(obj)
        if len(created) == 2:
            created[0].linked, created[1].linked = created[1], created[0]
            for obj in created:
                obj.save(update_fields=["linked"])
        for obj in created:
            audit_record(
                action="complaints.register",
                target=obj,
                actor=actor,
                changes={
                    "number": obj.number,
                    "kind": obj.kind,
                    "status": obj.status,
                    "channel": obj.channel,
                    "received_on": obj.received_on,
                    "decision_due_on": obj.decision_due_on,
                    "respondent_uscc": obj.respondent_uscc,
                    "repeat_of": obj.repeat_of_id,
                },
            )
        for upload in attachments:
            attachment_add(complaint=created[0], upload=upload, actor=actor)
    return created


def _start_clock(obj: Complaint) -> None:
    """The first clock of a complaint (受理决定, Order No. 20 Art. 14) or tip (核查及立案决定, procedure rules Art. 18)."""
    rule = clocks.ACCEPTANCE if obj.kind == Kind.COMPLAINT else clocks.TIP_VERIFICATION
    result = clocks.compute(rule, obj.received_on, received_on=obj.received_on)
    obj.status = Status.RECEIVED
    obj.decision_due_on = obj.due_on = result.due
    obj.rulebook_version = result.rulebook_version


def _check_assignee(assignee: Any, department: Any) -> None:
    if not user_can(assignee, "complaints.handle") or assignee.department_id != getattr(department, "pk", department):
        raise DomainError("complaints.bad_assignee", "承办人须为本部门有办理权限的执法人员", field="assignee")


def attachment_add(*, complaint: Complaint, upload: Any, actor: Any) -> Attachment:
    """Store an uploaded file with its SHA-256 (evidence integrity; the hash travels with a hand-over): type checked
    by content, stored under a random name (fazhi.core.uploads)."""
    common.authorise(actor, complaint)
    checked = uploads.check_upload(
        upload, field="attachment", max_bytes=MAX_ATTACHMENT_BYTES, code="complaints.attachment"
    )
    with common.atomic():
        att = Attachment(complaint=complaint, name=checked.original_name, size=checked.size, sha256=checked.sha256)
        att.file.save(checked.stored_name, checked.content, save=False)
        att.save()
        audit_record(
            action="complaints.attach", target=complaint, actor=actor, changes={"name": att.name, "sha256": att.sha256}
        )
    return att


def complaint_assign(*, complaint: Complaint, assignee: Any, actor: Any, revision: int | None = None) -> Complaint:
    """Assign the handling officer (承办人): a handler of the record's own department."""
    common.authorise(actor, complaint)
    _check_assignee(assignee, complaint.department_id)
    with common.atomic():
        locked = revision_lock(complaint, revision=revision, what=common.WHAT)
        if locked.status not in workflow.OPEN_STATES:
            raise DomainError("complaints.closed", "该件已办结，不能再分配承办人")
        before = snapshot(locked, common.TRACKED)
        locked.assignee = assignee
        return common.save(locked, before, "assign", actor=actor, original=complaint)


def complaint_reclassify(*, complaint: Complaint, kind: str, actor: Any, revision: int | None = None) -> Complaint:
    """改按投诉或举报办理: a matter registered as not covered that legal review found to be a complaint or a tip
    (Order No. 20 Art. 3). Its clock starts from the day of receipt, as it would have."""
    _choice(kind, ("complaint", "tip"), field="kind", message="只能改为投诉或举报")
    with common.atomic():
        locked, before, _target = common.lock(complaint, "reclassify", actor=actor, expected_revision=revision)
        if kind == "complaint" and not locked.respondent_name:
            raise DomainError("complaints.respondent_required", "投诉须写明被投诉人名称", field="respondent_name")
        locked.kind = kind
        locked.redirect_reason = ""
        _start_clock(locked)
        return common.save(locked, before, "reclassify", actor=actor, original=complaint)
