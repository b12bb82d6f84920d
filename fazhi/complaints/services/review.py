"""法制审核 of a step proposed on an UNCONFIRMED rule value (issue 13 §3: a guess may propose, never decide alone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.complaints import workflow
from fazhi.complaints.models import Complaint, LegalReview
from fazhi.complaints.services import common
from fazhi.complaints.services.mediation import apply_refuse, apply_terminate
from fazhi.complaints.services.merging import apply_merge
from fazhi.core import validation
from fazhi.core.audit import snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError


def open_review(complaint: Complaint) -> LegalReview:
    review = complaint.reviews.filter(outcome="").order_by("-pk").first()
    if review is None:
        raise DomainError("complaints.no_review", "该件没有待审核的拟办事项")
    return review


def review_decide(
    *, complaint: Complaint, confirmed: bool, opinion: str, actor: Any, revision: int | None = None
) -> Complaint:
    """The legal reviewer confirms the proposed step (it takes effect today, the day it is decided) or sends the
    record back to where it was, with the opinion. The reviewer is never the person who proposed the step."""
    opinion = validation.text(opinion, field="opinion", max_chars=2000, required=not confirmed, what="审核意见")
    action = "review_confirm" if confirmed else "review_reject"
    with common.atomic():
        locked, before, _target = common.lock(complaint, action, actor=actor, expected_revision=revision)
        review = open_review(locked)
        if review.requested_by_id == actor.pk:
            raise DomainError("complaints.self_review", "提请人不能审核自己提请的事项，请由其他法制审核人员审核")
        today = legal_today()
        review.outcome = "confirmed" if confirmed else "rejected"
        review.opinion, review.reviewed_by, review.reviewed_on = opinion, actor, today
        review.save(update_fields=["outcome", "opinion", "reviewed_by", "reviewed_on"])
        facts = {"review": review.pk, "proposed": review.action, "opinion": opinion}
        if not confirmed:
            locked.status = review.return_state
            locked.due_on = _due_of(locked)
            return common.save(locked, before, "review_reject", actor=actor, original=complaint, **facts)
        common.save(locked, before, "review_confirm", actor=actor, original=complaint, **facts)
        # The proposed step now runs from the state it was proposed in, dated the day it is decided.
        before = snapshot(locked, common.TRACKED)
        workflow.after_review(
            locked.kind, return_state=review.return_state, proposed_action=review.action, confirmed=True
        )
        locked.status = review.return_state
        payload = review.payload
        if review.action == "refuse":
            return apply_refuse(
                locked,
                before,
                day=today,
                ground=payload["ground"],
                note=payload.get("note", ""),
                actor=actor,
                original=complaint,
            )
        if review.action == "terminate":
            return apply_terminate(
                locked,
                before,
                day=today,
                ground=payload["ground"],
                note=payload.get("note", ""),
                actor=actor,
                original=complaint,
            )
        if review.action == "merge":
            into = Complaint.objects.get(pk=payload["into"])
            return apply_merge(
                locked,
                before,
                into=into,
                ground=payload["ground"],
                note=payload["note"],
                actor=actor,
                original=complaint,
            )
        if review.action == "redirect":
            locked.status, locked.closed_on = "redirected", today
            return common.save(locked, before, "redirect", actor=actor, original=complaint)
        raise DomainError("complaints.bad_review", f"无法执行的拟办事项：{review.action}")


def _due_of(obj: Complaint) -> dt.date | None:
    if obj.status == "received":
        return obj.decision_due_on if obj.kind != "not_covered" else None
    if obj.status in ("accepted", "mediating"):
        return None if obj.testing_since else obj.mediation_due_on
    return None
