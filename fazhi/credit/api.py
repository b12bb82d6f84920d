"""Credit API (mounted at /api/v1/credit/): the same gates and selectors as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from fazhi.api.params import Code, Page, RecordId, SearchText
from fazhi.core.access import require
from fazhi.credit import selectors
from fazhi.credit.access import access_listing

router = Router(tags=["信用监管"])


class ListingOut(Schema):
    id: int
    number: str
    entity_id: int
    consequence: str
    ground: str
    year: int
    decided_on: dt.date
    basis_ref: str
    basis_status: str
    status: str
    removed_on: dt.date | None
    removal_reason: str


@router.get("/listings", response=list[ListingOut])
def listings(request, q: SearchText = "", status: Code = "listed", page: Page = 1):
    require(request.user, "credit.view")
    rows, _ = selectors.keyset_page(selectors.staff_listings(request.user, q=q, status=status), page)
    return rows


@router.get("/listings/{listing_id}", response=ListingOut)
def listing(request, listing_id: RecordId):
    return access_listing(user=request.user, pk=listing_id)
