"""举报: hand the tip to the cases module as a clue (移交线索核查).

Order No. 20 Art. 31(1) sends tips to the penalty procedure, whose Art. 18 (市场监督管理行政处罚程序规定) gives ONE
period for clues from 举报: verify within 15 working days "自……收到材料之日起" and let the 负责人 decide whether to
立案 (+15 working days with the 负责人's approval). So the tip's clock does not stop at the hand-over and no
second clock starts: the clue is registered with the tip's day of receipt, and its verification deadline is the
one the tip was already running (``tests/test_handover.py`` checks both dates agree). The 立案 / 不予立案 decision
and the notice to a real-name reporter (Art. 31(2), 5 working days) are then the clue's, in the cases module;
the tip page shows them by reading ``fazhi.cases.selectors``.

The hand-over is a plain call: if the cases module refuses, the step fails and the tip stays 待处理.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fazhi.cases import services as case_services
from fazhi.complaints import clocks
from fazhi.complaints.choices import Category
from fazhi.complaints.models import Complaint
from fazhi.complaints.services import common
from fazhi.core import validation
from fazhi.core.errors import DomainError


def clue_description(tip: Complaint) -> str:
    """The facts as the tip gave them, with what the clue reader needs to start (category, amount, channel)."""
    lines = [
        f"举报 {tip.number}（{tip.get_channel_display()}，{tip.received_on:%Y-%m-%d} 收到）",
        f"问题类别：{dict(Category.choices).get(tip.category, tip.category)}",
    ]
    if tip.amount_in_dispute is not None:
        lines.append(f"涉及金额：{tip.amount_in_dispute} 元")
    lines.append(f"举报内容：{tip.description.strip() or '（举报人未写明具体内容，见附件）'}")
    return "\n".join(lines)


def materials_of(tip: Complaint) -> list[dict[str, Any]]:
    """The tip's attachments as evidence descriptors (the file stays here; its SHA-256 goes with the clue)."""
    return [
        {
            "name": a.name,
            "size": a.size,
            "sha256": a.sha256,
            "url": reverse("complaints:attachment", args=[tip.pk, a.pk]),
        }
        for a in tip.attachments.order_by("pk")
    ]


def tip_hand_over(*, tip: Complaint, on: Any, actor: Any, revision: int | None = None) -> Complaint:
    """移交案件线索核查: register the tip as a clue of the cases module carrying every field — the respondent
    entity, the party type (自然人 for a person or 个体工商户, else 法人或其他组织), name, code and address, the facts
    and the evidence — and link both ways (the tip keeps the clue; the clue's source is this tip's number)."""
    with common.atomic():
        locked, before, target = common.lock(tip, "hand_over", actor=actor, expected_revision=revision)
        day = common.on_date(on, not_before=locked.received_on, what="移交日期", previous="收到举报")
        if not locked.respondent_name:
            raise DomainError(
                "complaints.respondent_required",
                "移交核查前请写明被举报方名称（或统一社会信用代码）",
                field="respondent_name",
            )
        if not locked.respondent_kind:
            raise DomainError(
                "complaints.respondent_kind_required",
                "移交核查前请写明被举报方类型（自然人或者法人、其他组织），立案时据此确定当事人",
                field="respondent_kind",
            )
        clue = case_services.clue_register(
            source_kind="tip",
            source_ref=locked.number,
            entity=locked.respondent,
            description=clue_description(locked),
            received_on=locked.received_on,  # Art. 18: the period runs from receipt of the tip, not the hand-over
            department=locked.department,
            reporter_name=locked.consumer_name if locked.real_name else "",
            reporter_contact=locked.consumer_phone if locked.real_name else "",
            party_kind=locked.respondent_kind,
            party_name=locked.respondent_name,
            party_identifier=locked.respondent_uscc,
            party_address=locked.respondent_address,
            materials=materials_of(locked),
            actor=actor,
        )
        # One clock: the cases module must be running the very period the tip was running (recomputed with today's
        # calendar, in case a year's holiday schedule was entered since the tip was registered).
        own = clocks.compute(clocks.TIP_VERIFICATION, locked.received_on, received_on=locked.received_on)
        if clue.verification_due_on != own.due:
            raise DomainError(
                "complaints.clock_mismatch",
                f"线索核查期限（{clue.verification_due_on}）与举报核查期限（{own.due}）不一致，不能移交；"
                "请联系法制科核对期限规则",
            )
        locked.decision_due_on = own.due
        locked.status = target
        locked.clue = clue
        locked.handover_reference = clue.number
        locked.handed_over_on = day
        locked.due_on = None  # the clock goes on in the cases module (the clue's verification deadline)
        return common.save(
            locked,
            before,
            "hand_over",
            actor=actor,
            original=tip,
            clue=clue.number,
            verification_due_on=clue.verification_due_on,
        )


def complaint_report_violation(
    *, complaint: Complaint, on: Any, facts: str, actor: Any, revision: int | None = None
) -> Complaint:
    """移交调解中发现的违法线索 (Order No. 20 Art. 23): a suspected violation found while handling a complaint goes
    to the cases module as a clue, verified within 15 working days of its DISCOVERY (``on``; +15 in special cases,
    the procedure rules' Art. 18 period from 发现线索之日). The complaint itself goes on (mediation does not
    relieve the business of its other liability, Art. 23(2))."""
    facts = validation.text(facts, field="facts", max_chars=validation.LONG_TEXT_MAX, required=True, what="违法线索")
    with common.atomic():
        locked, before, target = common.lock(complaint, "report_violation", actor=actor, expected_revision=revision)
        if locked.clue_id is not None:
            raise DomainError(
                "complaints.clue_exists", f"本件已移交违法线索 {locked.handover_reference}，请在该线索中补充"
            )
        day = common.on_date(on, not_before=common_decided(locked), what="发现违法线索日期", previous="受理")
        clue = case_services.clue_register(
            source_kind="complaint",
            source_ref=locked.number,
            entity=locked.respondent,
            description=f"投诉 {locked.number} 调解中发现的违法线索（{day:%Y-%m-%d} 发现）\n{facts}",
            received_on=day,  # Art. 23: the period runs from the day the clue was discovered
            department=locked.department,
            party_kind=locked.respondent_kind,
            party_name=locked.respondent_name,
            party_identifier=locked.respondent_uscc,
            party_address=locked.respondent_address,
            materials=materials_of(locked),
            actor=actor,
        )
        locked.status = target
        locked.clue = clue
        locked.handover_reference = clue.number
        locked.handed_over_on = day
        return common.save(
            locked,
            before,
            "report_violation",
            actor=actor,
            original=complaint,
            clue=clue.number,
            verification_due_on=clue.verification_due_on,
        )


def common_decided(obj: Complaint) -> Any:
    if obj.decided_on is None:
        raise DomainError("complaints.not_decided", "尚未登记受理决定日期，请先作出受理决定")
    return obj.decided_on
