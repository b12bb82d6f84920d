"""Power-list API: the list in force on a date, an item with its history, the diff between two dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Router, Schema

from fazhi.api import params
from fazhi.api.params import ApiDate, Code, Offset, SearchText
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.powers import selectors
from fazhi.powers.models import PowerItemVersion

router = Router(tags=["权责清单"])


class BasisOut(Schema):
    instrument: str
    articles: str = ""


class VersionOut(Schema):
    code: str
    name: str
    category: str
    category_label: str
    legal_basis: list[BasisOut]
    department: str | None
    accountability: str
    duty_items: str
    remarks: str
    effective_from: dt.date
    effective_to: dt.date | None
    batch_number: str


class ItemOut(Schema):
    code: str
    versions: list[VersionOut]


class FieldChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class ChangedOut(Schema):
    code: str
    name: str
    changes: list[FieldChangeOut]


class DiffOut(Schema):
    from_date: dt.date
    to_date: dt.date
    added: list[VersionOut]
    changed: list[ChangedOut]
    removed: list[VersionOut]


def _out(v: PowerItemVersion) -> dict:
    return {
        "code": v.item.code,
        "name": v.name,
        "category": v.category,
        "category_label": v.get_category_display(),
        "legal_basis": [
            {"instrument": e.get("instrument", ""), "articles": e.get("articles", "")} for e in v.legal_basis
        ],
        "department": v.department.name if v.department is not None else None,
        "accountability": v.accountability,
        "duty_items": v.duty_items,
        "remarks": v.remarks,
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "batch_number": v.batch.number,
    }


@router.get("/in-force", response=list[VersionOut], summary="某日有效的权责清单")
def in_force(
    request,
    on: ApiDate | None = None,
    q: SearchText = "",
    category: Code = "",
    limit: Annotated[int, params.limit(5000)] = 1000,
    offset: Offset = 0,
):
    require(request.user, "powers.view")
    qs = selectors.powers_in_force(on or legal_today(), search=q, category=category)
    return [_out(v) for v in qs[offset : offset + limit]]


@router.get("/items/{code}", response=ItemOut, summary="事项及其历史版本")
def item_detail(request, code: Code):
    require(request.user, "powers.view")
    item, versions = selectors.power_history(code)
    return {"code": item.code, "versions": [_out(v) for v in versions]}


@router.get("/diff", response=DiffOut, summary="两个日期之间的清单差异")
def diff(request, from_date: ApiDate, to_date: ApiDate):
    require(request.user, "powers.view")
    d = selectors.power_list_diff(from_date, to_date)
    return {
        "from_date": from_date,
        "to_date": to_date,
        "added": [_out(v) for v in d["added"]],
        "removed": [_out(v) for v in d["removed"]],
        "changed": [{"code": c["code"], "name": c["after"].name, "changes": c["changes"]} for c in d["changed"]],
    }
