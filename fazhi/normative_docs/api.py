"""规范性文件 API (mounted at /api/v1/normative_docs/): read-only, the same gates as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from fazhi.api.params import Page, RecordId
from fazhi.core.access import require
from fazhi.normative_docs import selectors
from fazhi.normative_docs.access import access_document

router = Router(tags=["规范性文件"])


class DocumentOut(Schema):
    id: int
    number: str
    department_id: int
    title: str
    affects_business: bool
    status: str
    drafted_on: dt.date
    legality_reviewed_on: dt.date | None
    discussed_on: dt.date | None
    issued_on: dt.date | None
    document_number: str
    valid_until: dt.date | None
    filing_due_on: dt.date | None
    filed_on: dt.date | None
    repealed_on: dt.date | None


@router.get("/documents", response=list[DocumentOut])
def list_documents(request, page: Page = 1):
    require(request.user, "normative_docs.view")
    return list(selectors.documents(request.user)[(page - 1) * 100 : page * 100])


@router.get("/documents/{pk}", response=DocumentOut)
def document_detail(request, pk: RecordId):
    require(request.user, "normative_docs.view")
    return access_document(user=request.user, pk=pk)
