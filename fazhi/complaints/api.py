"""Complaints API (mounted at /api/v1/complaints/): the same gates, services and validation as the pages.

Reads never carry the consumer's identity (an API client may feed other systems, Order No. 20 Art. 33). Writes
take every field as text and validate it with ``fazhi.core.validation`` through the services, so a bad USCC, an
amount of ``1e400`` or an overlong name answers 400 with the field and a Chinese message — never a 500; another
department's record answers 404 exactly like a missing one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Path, Query, Router, Schema

from fazhi.complaints import clocks, selectors, services
from fazhi.complaints.access import access_complaint
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.revision import parse_revision

router = Router(tags=["投诉举报"])


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    status: str
    received_on: dt.date
    due_on: dt.date | None
    respondent_name: str
    category: str
    department_id: int
    assignee_id: int | None
    revision: int


class ComplaintDetailOut(ComplaintOut):
    respondent_uscc: str
    respondent_kind: str
    decided_on: dt.date | None
    decision_due_on: dt.date | None
    mediation_due_on: dt.date | None
    closed_on: dt.date | None
    outcome: str
    recovered_amount: Decimal
    clue_number: str
    next_step: dict[str, Any]
    clocks: list[dict[str, Any]]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _detail(obj: Any) -> dict[str, Any]:
    clue = selectors.clue_of(obj)
    data = {f: getattr(obj, f) for f in ComplaintDetailOut.model_fields if hasattr(obj, f)}
    data.update(
        clue_number=obj.handover_reference,
        next_step=_jsonable(selectors.next_step(obj, clue=clue, today=legal_today())),
        clocks=[_jsonable(c) for c in clocks.explain(obj, clue)],
    )
    return data


class ComplaintIn(Schema):
    kind: str
    channel: str = "12315"
    received_on: str
    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_id_number: str = ""
    real_name: bool = True
    respondent_name: str = ""
    respondent_uscc: str = ""
    respondent_kind: str = ""
    respondent_address: str = ""
    category: str = "other"
    amount_in_dispute: str | None = None
    description: str = ""
    redirect_reason: str = ""


class StepIn(Schema):
    """One step; which fields it needs depends on the step (see docs/domain/complaints.md § API)."""

    revision: int | str | None = None
    on: str | None = None
    ground: str = ""
    facts: str = ""
    note: str = ""
    method: str = ""
    recovered_amount: str | None = None
    into: str = ""
    kind: str = ""
    decision: str = ""
    opinion: str = ""


@router.get("/queue", response=list[ComplaintOut])
def queue(request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=1_000_000)):
    """The caller's queue, earliest due first."""
    require(request.user, "complaints.view")
    return selectors.queue_for(request.user, limit=limit, offset=offset)


@router.get("/stats/{year}", response=dict)
def stats(request, year: int = Path(..., ge=2000, le=2100)):
    require(request.user, "complaints.view")
    rate = selectors.on_time_rate(year)
    return {
        "received": selectors.received_count(year),
        "on_time_rate": str(rate) if rate is not None else None,
        "recovered_yuan": str(selectors.recovered_yuan(year)),
        "grid_work_orders": selectors.grid_work_orders(year),
        "by_category": selectors.by_category(year),
        "by_channel": selectors.by_channel(year),
        "by_month": selectors.by_month(year),
        "top_respondents": selectors.top_respondents(year),
    }


@router.get("/{complaint_id}", response=ComplaintDetailOut)
def detail(request, complaint_id: int = Path(..., ge=1, le=2**31 - 1)):
    return _detail(access_complaint(user=request.user, complaint_id=complaint_id))


@router.post("/", response=list[ComplaintOut])
def register(request, body: ComplaintIn):
    """登记: the same service as the intake screen (department: the caller's own); the records created."""
    return services.submission_register(**body.dict(), actor=request.user)


STEPS = (
    "accept",
    "refuse",
    "start_mediation",
    "testing_start",
    "testing_end",
    "succeed",
    "terminate",
    "record_notice",
    "hand_over",
    "report_violation",
    "merge",
    "reclassify",
    "review",
)


@router.post("/{complaint_id}/steps/{action}", response=ComplaintDetailOut)
def step(request, body: StepIn, complaint_id: int = Path(..., ge=1, le=2**31 - 1), action: str = Path(...)):
    """One legal step on a record (the same services and checks as the complaint page)."""
    if action not in STEPS:
        raise DomainError("complaints.unknown_step", f"没有名为“{action[:20]}”的办理步骤", field="action")
    permission = "complaints.legal_review" if action == "review" else "complaints.handle"
    c = access_complaint(user=request.user, complaint_id=complaint_id, permission=permission)
    rev = parse_revision(body.revision)
    user = request.user
    if action == "accept":
        services.complaint_accept(complaint=c, on=body.on, actor=user, revision=rev)
    elif action == "refuse":
        services.complaint_refuse(complaint=c, on=body.on, ground=body.ground, note=body.note, actor=user, revision=rev)
    elif action == "start_mediation":
        services.mediation_start(complaint=c, method=body.method, actor=user, revision=rev)
    elif action == "testing_start":
        services.testing_start(complaint=c, on=body.on, actor=user, revision=rev)
    elif action == "testing_end":
        services.testing_end(complaint=c, on=body.on, actor=user, revision=rev)
    elif action == "succeed":
        services.mediation_succeed(
            complaint=c, on=body.on, recovered_amount=body.recovered_amount, note=body.note, actor=user, revision=rev
        )
    elif action == "terminate":
        services.mediation_terminate(
            complaint=c, on=body.on, ground=body.ground, note=body.note, actor=user, revision=rev
        )
    elif action == "record_notice":
        services.notice_record(complaint=c, on=body.on, actor=user, revision=rev)
    elif action == "hand_over":
        services.tip_hand_over(tip=c, on=body.on, actor=user, revision=rev)
    elif action == "report_violation":
        services.complaint_report_violation(complaint=c, on=body.on, facts=body.facts, actor=user, revision=rev)
    elif action == "merge":
        into = selectors.visible(user).filter(number=body.into[:64]).first()
        if into is None:
            raise DomainError(
                "complaints.merge_target_missing", "找不到要合并到的登记编号（或不属于本部门）", field="into"
            )
        services.complaint_merge(complaint=c, into=into, ground=body.ground, note=body.note, actor=user, revision=rev)
    elif action == "reclassify":
        services.complaint_reclassify(complaint=c, kind=body.kind, actor=user, revision=rev)
    else:
        if body.decision not in ("confirm", "reject"):
            raise DomainError(
                "complaints.bad_decision", "审核意见应为 confirm（同意）或 reject（退回）", field="decision"
            )
        services.review_decide(
            complaint=c, confirmed=body.decision == "confirm", opinion=body.opinion, actor=user, revision=rev
        )
    return _detail(access_complaint(user=user, complaint_id=c.pk))
