"""重大行政决策 API (mounted at /api/v1/major_decisions/): the catalogue and a decision with its steps, hearings and
evaluation (read), and the legal steps — record a mandatory step, record a hearing, decide, publish, organise and
conclude the post-decision evaluation — through the same services, gates and permissions as the decision page."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from fazhi.api.params import ApiDate, Page, RecordId, Year
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.core.revision import parse_revision
from fazhi.major_decisions import selectors, services
from fazhi.major_decisions.access import access_decision
from fazhi.major_decisions.models import DecisionEvaluation, MajorDecision

router = Router(tags=["重大行政决策"])


class DecisionOut(Schema):
    id: int
    number: str
    catalogue_year: int
    catalogued_on: dt.date
    department_id: int
    title: str
    status: str
    decided_on: dt.date | None
    decision_text: str
    published_on: dt.date | None
    publication_channel: str
    revision: int


class StepOut(Schema):
    step: str
    label: str
    outcome: str
    started_on: dt.date | None
    ended_on: dt.date
    summary: str
    dissent: str
    passed: bool
    skip_reason: str
    citation: str


class HearingOut(Schema):
    id: int
    announced_on: dt.date
    materials_served_on: dt.date
    held_on: dt.date
    venue: str
    presider: str
    participants: str
    participant_count: int
    opinions: str
    adoption: str
    record_signed: bool
    citation: str


class EvaluationOut(Schema):
    ground: str
    ground_label: str
    citation: str
    evaluator: str
    third_party: bool
    started_on: dt.date
    concluded_on: dt.date | None
    public_views: str
    participation: str
    findings: str
    recommendation: str


class DecisionDetailOut(DecisionOut):
    steps: list[StepOut]
    missing_steps: list[str]
    hearings: list[HearingOut]
    evaluation: EvaluationOut | None


class StepIn(Schema):
    step: str = Field(max_length=32)
    ended_on: ApiDate
    started_on: ApiDate | None = None
    summary: str = Field("", max_length=4000)
    dissent: str = Field("", max_length=2000)
    passed: bool = True
    skip_reason: str = Field("", max_length=500)


class HearingIn(Schema):
    announced_on: ApiDate
    materials_served_on: ApiDate
    held_on: ApiDate
    venue: str = Field(max_length=200)
    presider: str = Field(max_length=60)
    participants: str = Field(max_length=2000)
    participant_count: int = Field(ge=1, le=1000)
    opinions: str = Field(max_length=4000)
    adoption: str = Field(max_length=4000)
    record_signed: bool = False


class DecideIn(Schema):
    on: ApiDate
    text: str = Field(max_length=4000)
    revision: str = Field("", max_length=12)


class PublishIn(Schema):
    on: ApiDate
    channel: str = Field(max_length=100)


class EvaluationIn(Schema):
    ground: str = Field(max_length=32)
    evaluator: str = Field(max_length=200)
    started_on: ApiDate
    third_party: bool = False


class ConclusionIn(Schema):
    concluded_on: ApiDate
    public_views: str = Field(max_length=4000)
    findings: str = Field(max_length=8000)
    recommendation: str = Field(max_length=16)
    participation: str = Field("", max_length=2000)


def _detail(d: MajorDecision) -> dict:
    d.refresh_from_db()
    evaluation = DecisionEvaluation.objects.filter(decision=d).first()
    missing = services.missing_steps(d, legal_today()) if d.status == "catalogued" else []
    return {
        **{k: getattr(d, k) for k in DecisionOut.model_fields},
        "steps": list(d.steps.all()),
        "missing_steps": [m.id for m in missing],
        "hearings": list(d.hearings.all()),
        "evaluation": evaluation,
    }


def _access(request, pk: int) -> MajorDecision:
    """The page's gates: the view permission (403), then the department scope (the same 404 as a missing record)."""
    require(request.user, "major_decisions.view")
    return access_decision(user=request.user, pk=pk)


@router.get("/decisions", response=list[DecisionOut])
def list_decisions(request, year: Year | None = None, page: Page = 1):
    """The catalogue (scoped to the caller's department for department roles), optionally of one year."""
    require(request.user, "major_decisions.view")
    qs = selectors.decisions(request.user)
    if year is not None:
        qs = qs.filter(catalogue_year=year)
    return list(qs.order_by("-catalogue_year", "number")[(page - 1) * 100 : page * 100])


@router.get("/decisions/{pk}", response=DecisionDetailOut)
def decision_detail(request, pk: RecordId):
    return _detail(_access(request, pk))


@router.post("/decisions/{pk}/steps", response=DecisionDetailOut)
def record_step(request, pk: RecordId, body: StepIn):
    """登记决策程序 (or its lawful skip with the reason): the step gate of the page."""
    d = _access(request, pk)
    services.step_record(decision=d, actor=request.user, **body.dict())
    return _detail(d)


@router.post("/decisions/{pk}/hearings", response=DecisionDetailOut)
def record_hearing(request, pk: RecordId, body: HearingIn):
    """登记听证会 (条例第十六条、第十七条)."""
    d = _access(request, pk)
    services.hearing_record(decision=d, actor=request.user, **body.dict())
    return _detail(d)


@router.post("/decisions/{pk}/decide", response=DecisionDetailOut)
def decide(request, pk: RecordId, body: DecideIn):
    """作出决策: refused while a mandatory step is missing."""
    d = _access(request, pk)
    services.decision_make(
        decision=d, on=body.on, text=body.text, expected_revision=parse_revision(body.revision), actor=request.user
    )
    return _detail(d)


@router.post("/decisions/{pk}/publish", response=DecisionDetailOut)
def publish(request, pk: RecordId, body: PublishIn):
    d = _access(request, pk)
    services.decision_publish(decision=d, on=body.on, channel=body.channel, actor=request.user)
    return _detail(d)


@router.post("/decisions/{pk}/evaluation", response=DecisionDetailOut)
def start_evaluation(request, pk: RecordId, body: EvaluationIn):
    """组织决策后评估."""
    d = _access(request, pk)
    services.evaluation_start(decision=d, actor=request.user, **body.dict())
    return _detail(d)


@router.post("/decisions/{pk}/evaluation/conclusion", response=DecisionDetailOut)
def conclude_evaluation(request, pk: RecordId, body: ConclusionIn):
    """登记决策后评估结论."""
    d = _access(request, pk)
    services.evaluation_conclude(decision=d, actor=request.user, **body.dict())
    return _detail(d)
