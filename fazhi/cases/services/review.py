"""法制审核 (行政处罚法 Art. 58) and 负责人集体讨论 (Art. 57 para 2).

The legal reviewer records 同意 / 补充调查 / 修改意见 on the proposal as it stood when submitted; a later change of
the proposal needs a new review (``discretion.approved_review``). The criteria that made the review necessary are
stored with it, including every rule value that is only UNCONFIRMED and would choose a no-penalty outcome or refuse
the party something (issue 13 §3): such a step never goes ahead without a reviewer having seen the uncertainty.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import ReviewOpinion, ReviewStage
from fazhi.cases.models import Case, CollectiveDiscussion, LegalReview
from fazhi.cases.services import discretion as case_discretion
from fazhi.cases.services import progress
from fazhi.cases.services.common import (
    advance_last_step,
    locked_case,
    optional_text,
    require_case_actor,
    require_reason,
    save_case,
    step,
    step_date,
    transition,
)
from fazhi.core import validation
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError

E = workflow.Event


@step
def case_request_legal_review(*, case: Case, on: Any, actor: Any, revision: Any = None) -> LegalReview:
    """Submit the current proposal for 法制审核 (the criteria it meets, from the rulebook, stored with it)."""
    day = step_date(on, case=case, what="提交日期")
    criteria = case_discretion.review_criteria(case, on=day)
    stage = ReviewStage.BEFORE_NOTICE if case.state == workflow.State.CASE_REVIEW else ReviewStage.BEFORE_DECISION
    with transaction.atomic():
        transition(
            case,
            E.REQUEST_LEGAL_REVIEW,
            actor=actor,
            on=day,
            facts={"criteria": [f.text for f in criteria]},
            revision_value=revision,
        )
        review = LegalReview.objects.create(
            case=case,
            stage=stage,
            criteria=[
                {"code": f.code, "text": f.text, "citation": str(f.citation or ""), "status": f.status.value}
                for f in criteria
            ],
            major_decision=any(not f.code.startswith(case_discretion.UNCERTAIN) for f in criteria),
            proposal=case_discretion.proposal_snapshot(case),
            requested_on=day,
            requested_by=actor,
        )
        progress.refresh_next(case)
    return review


@step
def legal_review_record(
    *, case: Case, opinion: str, text: Any, on: Any, actor: Any, revision: Any = None
) -> LegalReview:
    """The legal reviewer's opinion: 同意 / 补充调查 / 修改意见 (kept in the register)."""
    require_case_actor(actor, "cases.legal_review", case)
    if opinion not in ReviewOpinion.values:
        raise DomainError("cases.bad_opinion", "请选择审核意见：同意、补充调查或修改意见", field="opinion")
    text = (
        optional_text(text, "text", "审核意见说明")
        if opinion == ReviewOpinion.AGREE
        else require_reason(text, "text", "审核意见说明")
    )
    pending = LegalReview.objects.filter(case=case, reviewed_on__isnull=True).order_by("-id").first()
    if pending is None:
        raise DomainError("cases.no_pending_review", "本案没有待审核的法制审核申请")
    day = step_date(on, case=case, not_before=pending.requested_on, what="审核日期")
    event = {
        ReviewOpinion.AGREE: E.LEGAL_REVIEW_APPROVE,
        ReviewOpinion.SUPPLEMENTARY_INVESTIGATION: E.LEGAL_REVIEW_RETURN,
        ReviewOpinion.AMEND: E.LEGAL_REVIEW_AMEND,
    }[ReviewOpinion(opinion)]
    with transaction.atomic():
        review = LegalReview.objects.select_for_update().get(pk=pending.pk)
        if review.reviewed_on is not None:
            raise DomainError("cases.no_pending_review", "该法制审核申请已有审核意见")
        transition(case, event, actor=actor, on=day, facts={"opinion": opinion, "text": text}, revision_value=revision)
        review.reviewer, review.reviewed_on, review.opinion, review.opinion_text = actor, day, opinion, text
        review.save(update_fields=["reviewer", "reviewed_on", "opinion", "opinion_text"])
        progress.refresh_next(case)
    return review


@step
def collective_discussion_record(
    *,
    case: Case,
    held_on: Any,
    attendees: Any,
    opinions: Any,
    conclusion: Any,
    extension_days: Any = None,
    actor: Any,
    revision: Any = None,
) -> CollectiveDiscussion:
    """负责人集体讨论 with attendees, opinions and conclusion (行政处罚法 Art. 57 para 2), recorded by a 负责人;
    ``extension_days`` when the discussion decided to extend the handling period further (and by how much)."""
    require_case_actor(actor, "cases.decide", case)
    attendees = require_reason(attendees, "attendees", "参加人员", max_chars=1000)
    opinions = require_reason(opinions, "opinions", "讨论意见")
    conclusion = require_reason(conclusion, "conclusion", "结论")
    days = validation.bounded_int(extension_days, field="extension_days", minimum=1, maximum=365, required=False)
    day = step_date(held_on, case=case, what="讨论日期", field="held_on")
    with locked_case(case, revision_value=revision) as locked:
        if locked.state not in workflow.OPEN_STATES:
            raise DomainError("cases.not_open", "案件已作出决定或已结束，不能再记录集体讨论")
        discussion = CollectiveDiscussion.objects.create(
            case=locked,
            held_on=day,
            attendees=attendees,
            opinions=opinions,
            conclusion=conclusion,
            extension_days=days,
            recorded_by=actor,
        )
        extra = advance_last_step(locked, day)
        save_case(locked, case, extra)
        audit_record(
            action="cases.collective_discussion",
            target=case,
            actor=actor,
            changes={"held_on": day, "attendees": attendees, "conclusion": conclusion, "extension_days": days},
        )
    return discussion
