"""Services of 法律事务 and 建议提案 (the only write door): record a legal matter and its completion; register a
proposal (its reply clock from the rulebook), extend it once where the rule allows, reply, record the feedback."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.legal_affairs.models import LegalMatter, Proposal
from fazhi.rulebook import oversight as rules
from fazhi.rulebook.errors import RulebookError

RULES = {Proposal.CPPCC: "proposals.cppcc_reply", Proposal.NPC: "proposals.npc_reply"}


def _check_department(actor: Any, department: Any) -> None:
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("部门")


def _rule(list_id: str, item_id: str, on: Any, field: str) -> rules.Item:
    try:
        return rules.item(list_id, item_id, on, field=field)
    except RulebookError as exc:
        raise from_rulebook(exc, field=field) from exc


def matter_record(
    *,
    department: Any,
    kind: str,
    handler_kind: str,
    handler_name: str,
    title: str,
    received_on: Any,
    completed_on: Any = None,
    opinion: str = "",
    actor: Any,
) -> LegalMatter:
    """登记法律事务 (合同审查, 诉讼代理, 决策法律意见 …) handled by a public-sector lawyer or legal counsel."""
    require(actor, "legal_affairs.handle")
    today = legal_today()
    title = validation.text(title, field="title", max_chars=200, required=True, what="事项")
    handler_name = validation.text(handler_name, field="handler_name", max_chars=64, required=True, what="承办人")
    opinion = validation.text(opinion, field="opinion", max_chars=4000)
    received = validation.step_date(received_on, today=today, field="received_on", what="收到日期")
    completed = (
        validation.step_date(
            completed_on, today=today, not_before=received, previous="收到", field="completed_on", what="办结日期"
        )
        if completed_on not in (None, "")
        else None
    )
    if completed is not None and not opinion:
        raise DomainError("cell.required", "办结的事项请填写法律意见（办理结果）", field="opinion")
    kind_item = _rule("legal_affairs.kinds", kind, received, "kind")
    handler = _rule("legal_affairs.handlers", handler_kind, received, "handler_kind")
    with transaction.atomic():
        sequence = numbering.next_number("legal_affairs.matter", received.year)
        matter = LegalMatter(
            number=f"FW-{received.year}-{sequence:04d}", department_id=getattr(department, "pk", department),
            kind=kind_item.id, kind_label=kind_item.label, handler_kind=handler.id, handler_kind_label=handler.label,
            handler_name=handler_name, title=title, received_on=received, completed_on=completed, opinion=opinion,
            recorded_by=actor,
        )  # fmt: skip
        matter.full_clean()
        matter.save(force_insert=True)
        audit_record(
            action="legal_affairs.matter",
            target=matter,
            actor=actor,
            changes={"kind": kind_item.id, "completed": completed},
        )
    return matter


def matter_complete(*, matter: LegalMatter, on: Any, opinion: str, actor: Any) -> LegalMatter:
    require(actor, "legal_affairs.handle")
    opinion = validation.text(opinion, field="opinion", max_chars=4000, required=True, what="法律意见")
    day = validation.step_date(
        on, today=legal_today(), not_before=matter.received_on, previous="收到", field="on", what="办结日期"
    )
    if matter.completed_on is not None:
        raise DomainError("legal_affairs.completed", f"该事项已于 {matter.completed_on} 办结")
    with transaction.atomic():
        # compare-and-swap: of two people completing the same matter at once, one wins, the other is told
        done = LegalMatter.objects.filter(pk=matter.pk, completed_on__isnull=True).update(
            completed_on=day, opinion=opinion
        )
        if not done:
            raise DomainError("legal_affairs.completed", "该事项已由他人办结，请刷新页面查看")
        matter.completed_on, matter.opinion = day, opinion
        audit_record(action="legal_affairs.matter_complete", target=matter, actor=actor, changes={"on": day})
    return matter


def _clock(proposal: Proposal) -> TrackedDeadline | None:
    return (
        TrackedDeadline.objects.filter(
            owner_type="legal_affairs.proposal", owner_id=str(proposal.pk), rule_id=proposal.reply_rule
        )
        .order_by("-id")
        .first()
    )


def proposal_register(
    *, kind: str, reference: str, title: str, proposer: str, department: Any, assigned_on: Any, actor: Any
) -> Proposal:
    """登记交办的建议提案: the reply clock runs from the day of assignment (rulebook ``proposals.*_reply``)."""
    require(actor, "legal_affairs.handle")
    if kind not in RULES:
        raise DomainError("legal_affairs.bad_kind", "请选择政协提案或人大代表建议", field="kind")
    reference = validation.text(reference, field="reference", max_chars=40, required=True, what="提案（建议）号")
    title = validation.text(title, field="title", max_chars=200, required=True, what="案由")
    proposer = validation.text(proposer, field="proposer", max_chars=100, required=True, what="提出人")
    assigned = validation.step_date(assigned_on, today=legal_today(), field="assigned_on", what="交办日期")
    with transaction.atomic():
        proposal = Proposal(
            kind=kind, reference=reference, title=title, proposer=proposer, department_id=getattr(department, "pk", department),
            assigned_on=assigned, reply_rule=RULES[kind], created_by=actor,
        )  # fmt: skip
        proposal.full_clean()
        proposal.save(force_insert=True)
        try:
            deadline = deadline_services.deadline_open(
                owner=proposal, rule_id=RULES[kind], start=assigned, label="答复期限", actor=actor
            )
        except DomainError as exc:
            raise exc.on_field("assigned_on") from exc
        proposal.reply_due_on = deadline.due_on
        proposal.save(update_fields=["reply_due_on"])
        audit_record(
            action="legal_affairs.proposal",
            target=proposal,
            actor=actor,
            changes={"kind": kind, "due": deadline.due_on},
        )
    return proposal


def proposal_extend(*, proposal: Proposal, actor: Any) -> Proposal:
    """Complex matters: the longer period the rule allows (e.g. six months for a deputy's suggestion)."""
    require(actor, "legal_affairs.handle")
    if proposal.replied_on is not None:
        raise DomainError("legal_affairs.replied", "已答复，不能再延长")
    with transaction.atomic():
        deadline = _clock(proposal)
        if deadline is None or deadline.status != DeadlineStatus.OPEN:
            raise DomainError("legal_affairs.no_clock", "没有正在计算的答复期限")
        if deadline.extensions:
            raise DomainError("legal_affairs.extend_once", "答复期限已延长过")
        deadline_services.deadline_extend(
            deadline=deadline, extension_id="complex_matter", approved_by=actor, actor=actor
        )
        deadline.refresh_from_db()
        locked = revision.lock(proposal, what="建议提案")
        locked.reply_due_on = deadline.due_on
        revision.save_bumped(locked, ["reply_due_on"], original=proposal)
        audit_record(
            action="legal_affairs.proposal_extend", target=proposal, actor=actor, changes={"due": deadline.due_on}
        )
    return proposal


def proposal_reply(
    *, proposal: Proposal, on: Any, text: str, feedback: str = "", expected_revision: int | None = None, actor: Any
) -> Proposal:
    """答复 (late if after the due date) and, when given, the proposer's feedback (满意, 基本满意, 不满意)."""
    require(actor, "legal_affairs.handle")
    text = validation.text(text, field="text", max_chars=4000, required=True, what="答复内容")
    day = validation.step_date(
        on, today=legal_today(), not_before=proposal.assigned_on, previous="交办", field="on", what="答复日期"
    )
    if proposal.replied_on is not None:
        raise DomainError("legal_affairs.replied", f"已于 {proposal.replied_on} 答复")
    result = _rule("proposals.feedback", feedback, day, "feedback") if feedback else None
    with transaction.atomic():
        deadline = _clock(proposal)
        late = bool(deadline and deadline.due_on and day > deadline.due_on)
        locked = revision.lock(proposal, revision=expected_revision, what="建议提案")
        locked.replied_on, locked.reply_text, locked.replied_late = day, text, late
        locked.feedback = result.id if result else ""
        locked.feedback_label = result.label if result else ""
        locked.satisfied = bool(result and result.has("satisfied"))
        revision.save_bumped(
            locked,
            ["replied_on", "reply_text", "replied_late", "feedback", "feedback_label", "satisfied"],
            original=proposal,
        )
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=day, actor=actor)
        audit_record(
            action="legal_affairs.proposal_reply",
            target=proposal,
            actor=actor,
            changes={"on": day, "late": late, "feedback": locked.feedback},
        )
    return proposal
