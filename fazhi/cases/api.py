"""Cases API (mounted at /api/v1/cases/): the same gates and selectors as the pages (read-only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from fazhi.api.params import Code, Page, RecordId, SearchText
from fazhi.cases import selectors
from fazhi.cases.access import access_case
from fazhi.core.access import require
from fazhi.core.clock import legal_today

router = Router(tags=["行政处罚"])


class CaseOut(Schema):
    id: int
    number: str
    title: str
    state: str
    filed_on: dt.date
    handling_due_on: dt.date | None
    decided_on: dt.date | None


class CaseDetailOut(CaseOut):
    decision_kind: str
    decision_number: str
    fine: Decimal
    confiscation: Decimal
    discretion: dict | None
    clocks: list[dict]


@router.get("/", response=list[CaseOut])
def list_cases(request, q: SearchText = "", state: Code = "", clock: Code = "", page: Page = 1):
    require(request.user, "cases.view")
    filters = selectors.CaseFilters.from_params({"q": q, "state": state, "clock": clock})
    return list(selectors.case_page(user=request.user, filters=filters, page=page, today=legal_today()))


@router.get("/{pk}", response=CaseDetailOut)
def case_detail(request, pk: RecordId):
    case = access_case(user=request.user, pk=pk)
    clocks = [
        {"rule_id": c.deadline.rule_id, "due_on": c.deadline.due_on, "state": c.state, "citation": c.deadline.citation}
        for c in selectors.case_clocks(case, today=legal_today())
    ]
    return {**{f: getattr(case, f) for f in CaseDetailOut.model_fields if f != "clocks"}, "clocks": clocks}
