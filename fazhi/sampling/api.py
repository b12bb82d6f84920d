"""Sampling and campaign API (mounted at /api/v1/sampling/): the same gates, selectors and services as the pages.

Reads: samples (department-scoped) and campaigns. Writes — the legal steps of a sampled batch, each a plain call to
its service (which checks permission, department scope, state, the one date rule and lengths with
``fazhi.core.validation`` and audits the record): lab result, its audited correction, notice, re-test request and
conclusion, risk-control measures and their completion, the clue to the cases module, closing. A role that may
not take the step gets 403 (``auth.forbidden``); another department's batch is "not found" (404), as on the pages.
Bulk lab results come in through ``fazhi import samples``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fazhi.api.params import ApiDate, Page, RecordId
from fazhi.core.access import require
from fazhi.core.errors import NotFound
from fazhi.sampling import selectors, services
from fazhi.sampling.access import access_campaign, access_sample
from fazhi.sampling.models import Sample

router = Router(tags=["抽检与专项整治"])


class FailedItemOut(Schema):
    item: str
    value: str
    standard: str


class SampleOut(Schema):
    id: int
    number: str
    task_id: int
    area: str
    product_category: str
    department_id: int
    product_name: str
    batch_number: str
    sampled_on: dt.date
    entity_id: int
    producer_id: int | None
    producer_name: str
    report_number: str
    report_on: dt.date | None
    result: str
    failed_items: list[FailedItemOut]
    status: str
    notice_served_on: dt.date | None
    retest_rule: str
    retest_due_on: dt.date | None
    retest_requested_on: dt.date | None
    retest_in_window: bool | None
    retest_outcome: str
    clue_id: int | None
    closed_on: dt.date | None


class DisposalOut(Schema):
    id: int
    measure: str
    ordered_on: dt.date
    completed_on: dt.date | None
    quantity: str


class SampleDetailOut(SampleOut):
    disposals: list[DisposalOut]


class CampaignOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    area: str
    target_kind: str
    department_id: int
    starts_on: dt.date
    ends_on: dt.date
    selection: str
    status: str
    closed_on: dt.date | None


class CheckOut(Schema):
    entity_id: int
    department_id: int
    checked_on: dt.date | None
    finding: str
    rectification_due_on: dt.date | None
    rechecked_on: dt.date | None
    recheck_result: str
    clue_id: int | None


class CampaignDetailOut(CampaignOut):
    draw: dict
    criteria: dict
    checks: list[CheckOut]


@router.get("/samples", response=list[SampleOut])
def list_samples(request, page: Page = 1):
    require(request.user, "sampling.view")
    return list(selectors.samples_for(request.user)[(page - 1) * 100 : page * 100])


@router.get("/samples/{pk}", response=SampleDetailOut)
def sample_detail(request, pk: RecordId):
    require(request.user, "sampling.view")
    sample = access_sample(user=request.user, pk=pk)
    return {**{k: getattr(sample, k) for k in SampleOut.model_fields}, "disposals": list(sample.disposals.all())}


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request, page: Page = 1):
    require(request.user, "sampling.view")
    return list(selectors.campaigns_for(request.user)[(page - 1) * 100 : page * 100])


@router.get("/campaigns/{pk}", response=CampaignDetailOut)
def campaign_detail(request, pk: RecordId):
    require(request.user, "sampling.view")
    campaign = access_campaign(user=request.user, pk=pk)
    return {
        **{k: getattr(campaign, k) for k in CampaignOut.model_fields},
        "draw": campaign.draw,
        "criteria": campaign.criteria,
        "checks": list(campaign.checks.order_by("id")),
    }


# ---------------------------------------------------------------- writes


class FailedItemIn(Schema):
    item: str = Field(..., max_length=100, description="不合格项目")
    value: str = Field("", max_length=100, description="检验结果")
    standard: str = Field("", max_length=200, description="标准要求")


class ResultIn(Schema):
    result: Literal["qualified", "unqualified"]
    report_number: str = Field(..., max_length=60)
    report_on: ApiDate
    failed_items: list[FailedItemIn] = Field(default_factory=list, max_length=50)
    revision: int | None = Field(None, ge=0, le=2**31 - 1, description="读取时的版本号（防止覆盖他人的修改）")


class CorrectionIn(ResultIn):
    reason: str = Field(..., max_length=500, description="更正理由")


class NoticeIn(Schema):
    served_on: ApiDate
    producer_notified_on: ApiDate | None = None
    revision: int | None = Field(None, ge=0, le=2**31 - 1)


class RetestIn(Schema):
    requested_on: ApiDate
    retest_lab: str = Field("", max_length=200)
    revision: int | None = Field(None, ge=0, le=2**31 - 1)


class RetestConclusionIn(Schema):
    outcome: Literal["upheld", "reversed"]
    concluded_on: ApiDate
    revision: int | None = Field(None, ge=0, le=2**31 - 1)


class DisposalIn(Schema):
    measure: Literal["delist", "recall", "stop_sale", "stop_production", "seal"]
    ordered_on: ApiDate
    quantity: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class CompletionIn(Schema):
    completed_on: ApiDate


class DayIn(Schema):
    on: ApiDate
    revision: int | None = Field(None, ge=0, le=2**31 - 1)


def _writable(request: HttpRequest, pk: int) -> Sample:
    """The one gate of every write: the step's permission (403), then the batch within the user's scope (404)."""
    require(request.user, "sampling.record")
    return access_sample(user=request.user, pk=pk)


def _out(sample: Sample) -> dict:
    sample.refresh_from_db()
    return {**{k: getattr(sample, k) for k in SampleOut.model_fields}, "disposals": list(sample.disposals.all())}


def _items(payload: ResultIn) -> list[dict[str, str]]:
    return [i.model_dump() for i in payload.failed_items]


@router.post("/samples/{pk}/result", response={200: SampleDetailOut})
def result_record(request, pk: RecordId, payload: ResultIn):
    """Record the lab's report and conclusion (合格 / 不合格 with the failed items)."""
    sample = _writable(request, pk)
    services.result_record(
        sample=sample, result=payload.result, report_number=payload.report_number, report_on=payload.report_on,
        failed_items=_items(payload), expected_revision=payload.revision, actor=request.user,
    )  # fmt: skip
    return _out(sample)


@router.post("/samples/{pk}/result-correction", response={200: SampleDetailOut})
def result_correct(request, pk: RecordId, payload: CorrectionIn):
    """Correct a recorded lab result with a reason (only before the notice is served); audited, never silent."""
    sample = _writable(request, pk)
    services.result_correct(
        sample=sample, result=payload.result, report_number=payload.report_number, report_on=payload.report_on,
        failed_items=_items(payload), reason=payload.reason, expected_revision=payload.revision, actor=request.user,
    )  # fmt: skip
    return _out(sample)


@router.post("/samples/{pk}/notice", response={200: SampleDetailOut})
def notice_serve(request, pk: RecordId, payload: NoticeIn):
    """Serve the unqualified conclusion; opens the re-test window (rulebook, by product area)."""
    sample = _writable(request, pk)
    services.notice_serve(
        sample=sample, served_on=payload.served_on, producer_notified_on=payload.producer_notified_on,
        expected_revision=payload.revision, actor=request.user,
    )  # fmt: skip
    return _out(sample)


@router.post("/samples/{pk}/retest", response={200: SampleDetailOut})
def retest_request(request, pk: RecordId, payload: RetestIn):
    """Register a re-test request within the window (a late one: ``sampling.retest_late``, 法制审核 on the page)."""
    sample = _writable(request, pk)
    services.retest_request(
        sample=sample, requested_on=payload.requested_on, retest_lab=payload.retest_lab,
        expected_revision=payload.revision, actor=request.user,
    )  # fmt: skip
    return _out(sample)


@router.post("/samples/{pk}/retest-conclusion", response={200: SampleDetailOut})
def retest_conclude(request, pk: RecordId, payload: RetestConclusionIn):
    sample = _writable(request, pk)
    services.retest_conclude(
        sample=sample, outcome=payload.outcome, concluded_on=payload.concluded_on,
        expected_revision=payload.revision, actor=request.user,
    )  # fmt: skip
    return _out(sample)


@router.post("/samples/{pk}/disposals", response={200: DisposalOut})
def disposal_order(request, pk: RecordId, payload: DisposalIn):
    """Order a risk-control measure (下架、召回、停止销售 …)."""
    sample = _writable(request, pk)
    disposal = services.disposal_order(
        sample=sample, measure=payload.measure, ordered_on=payload.ordered_on, quantity=payload.quantity,
        note=payload.note, actor=request.user,
    )  # fmt: skip
    return disposal


@router.post("/samples/{pk}/disposals/{disposal}/completion", response={200: DisposalOut})
def disposal_complete(request, pk: RecordId, disposal: RecordId, payload: CompletionIn):
    sample = _writable(request, pk)
    item = sample.disposals.filter(pk=disposal).first()
    if item is None:
        raise NotFound("处置措施")
    return services.disposal_complete(disposal=item, completed_on=payload.completed_on, actor=request.user)


@router.post("/samples/{pk}/clue", response={200: SampleDetailOut})
def hand_over(request, pk: RecordId, payload: DayIn):
    """Hand the unqualified batch to the cases module as a clue (once)."""
    sample = _writable(request, pk)
    services.sample_hand_over(sample=sample, on=payload.on, actor=request.user)
    return _out(sample)


@router.post("/samples/{pk}/close", response={200: SampleDetailOut})
def close(request, pk: RecordId, payload: DayIn):
    sample = _writable(request, pk)
    services.sample_close(sample=sample, on=payload.on, expected_revision=payload.revision, actor=request.user)
    return _out(sample)
