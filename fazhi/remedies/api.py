"""Reconsideration and litigation API (mounted at /api/v1/remedies/): the same gates and selectors as the pages
(read-only; the registers are kept through the screens)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from fazhi.api.params import Page, RecordId
from fazhi.core.access import require
from fazhi.remedies import selectors
from fazhi.remedies.access import access_lawsuit, access_reconsideration

router = Router(tags=["行政复议、行政诉讼"])


class MatterOut(Schema):
    id: int
    number: str
    department_id: int
    case_id: int | None
    act_kind: str
    act_description: str
    status: str
    answer_rule: str
    answer_due_on: dt.date | None
    answered_on: dt.date | None
    outcome: str
    outcome_citation: str
    corrects: bool
    decided_on: dt.date | None
    publicity_withdrawn_on: dt.date | None


class ReconsiderationOut(MatterOut):
    applicant_name: str
    reviewing_body: str
    procedure: str
    copy_received_on: dt.date


class HearingOut(Schema):
    held_on: dt.date
    head_duty: str
    head_appeared: bool
    head_name: str
    head_position: str
    absence_reason: str
    delegate_name: str


class LawsuitOut(MatterOut):
    plaintiff_name: str
    court: str
    court_case_number: str
    instance: str
    complaint_received_on: dt.date


class LawsuitDetailOut(LawsuitOut):
    hearings: list[HearingOut]


@router.get("/reconsiderations", response=list[ReconsiderationOut])
def list_reconsiderations(request, page: Page = 1):
    require(request.user, "remedies.view")
    return list(selectors.reconsiderations(request.user)[(page - 1) * 100 : page * 100])


@router.get("/reconsiderations/{pk}", response=ReconsiderationOut)
def reconsideration_detail(request, pk: RecordId):
    require(request.user, "remedies.view")
    return access_reconsideration(user=request.user, pk=pk)


@router.get("/lawsuits", response=list[LawsuitOut])
def list_lawsuits(request, page: Page = 1):
    require(request.user, "remedies.view")
    return list(selectors.lawsuits(request.user)[(page - 1) * 100 : page * 100])


@router.get("/lawsuits/{pk}", response=LawsuitDetailOut)
def lawsuit_detail(request, pk: RecordId):
    require(request.user, "remedies.view")
    lawsuit = access_lawsuit(user=request.user, pk=pk)
    lawsuit.hearings_list = list(lawsuit.hearings.all())  # type: ignore[attr-defined]
    return {**{k: getattr(lawsuit, k) for k in LawsuitOut.model_fields}, "hearings": lawsuit.hearings_list}  # type: ignore[attr-defined]
