"""Sampling and campaign API (mounted at /api/v1/sampling/): the same gates and selectors as the pages
(read-only; lab results come in through ``fazhi import samples`` and the screens)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from fazhi.api.params import Page, RecordId
from fazhi.core.access import require
from fazhi.sampling import selectors
from fazhi.sampling.access import access_campaign, access_sample

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
