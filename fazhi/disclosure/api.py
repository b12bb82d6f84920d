"""政府信息公开 API (mounted at /api/v1/disclosure/): the same gates and selectors as the pages (read-only; requests
are kept through the screens)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from fazhi.api.params import Page, RecordId
from fazhi.core.access import require
from fazhi.disclosure import selectors
from fazhi.disclosure.access import access_request

router = Router(tags=["政府信息公开"])


class RequestOut(Schema):
    id: int
    number: str
    department_id: int
    applicant_kind: str
    channel: str
    submitted_on: dt.date
    received_on: dt.date
    status: str
    reply_due_on: dt.date | None
    correction_requested_on: dt.date | None
    corrected_on: dt.date | None
    extended_on: dt.date | None
    reply_type: str
    reply_group: str
    reply_citation: str
    replied_on: dt.date | None
    replied_late: bool


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    category: str
    document_number: str
    formed_on: dt.date
    published_on: dt.date
    due_on: dt.date | None
    published_late: bool
    withdrawn_on: dt.date | None


@router.get("/requests", response=list[RequestOut])
def list_requests(request, page: Page = 1):
    require(request.user, "disclosure.view")
    return list(selectors.requests(request.user)[(page - 1) * 100 : page * 100])


@router.get("/requests/{pk}", response=RequestOut)
def request_detail(request, pk: RecordId):
    require(request.user, "disclosure.view")
    return access_request(user=request.user, pk=pk)


@router.get("/documents", response=list[DocumentOut])
def list_documents(request, page: Page = 1):
    require(request.user, "disclosure.view")
    return list(selectors.documents(request.user)[(page - 1) * 100 : page * 100])
