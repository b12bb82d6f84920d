"""Registry API (mounted at /api/v1/registry/): the same gates and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Router, Schema

from fazhi.api import params
from fazhi.api.params import Code, Offset, Page, RecordId, SearchText
from fazhi.core.access import require
from fazhi.registry import selectors
from fazhi.registry.access import access_entity

router = Router(tags=["市场主体与人员"])


class EntityOut(Schema):
    id: int
    uscc: str | None
    registration_number: str | None
    name: str
    kind: str
    status: str
    office_id: int | None
    office: str | None
    industry: str
    risk_class: str

    @staticmethod
    def resolve_office(obj) -> str | None:
        return obj.office.name if obj.office_id else None


class EntityDetailOut(EntityOut):
    status_changed_on: dt.date | None
    established_on: dt.date
    registration_authority: str
    domicile: str
    street: str
    legal_representative: str  # personal data: staff only, never published
    business_scope: str
    annual_reports: list[dict]
    changes: list[dict]

    @staticmethod
    def resolve_annual_reports(obj) -> list[dict]:
        return [
            {"year": r.year, "filed_on": r.filed_on.isoformat(), "channel": r.channel}
            for r in selectors.entity_annual_reports(obj)
        ]

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        return [
            {"changed_at": c.changed_at.isoformat(), "source": c.source, "changes": c.changes}
            for c in selectors.entity_history(obj)
        ]


class EntityPageOut(Schema):
    page: int
    has_next: bool
    partial: bool
    count: int | None
    results: list[EntityOut]


class OfficerOut(Schema):
    id: int
    name: str
    certificate_number: str
    certificate_expires_on: dt.date
    department_id: int
    department: str
    domains: list[str]
    active: bool

    @staticmethod
    def resolve_department(obj) -> str:
        return obj.department.name


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    active: bool
    officer_count: int


@router.get("/entities", response=EntityPageOut, summary="市场主体检索")
def entity_search(
    request,
    q: SearchText = "",
    uscc: Code = "",
    status: Code = "",
    kind: Code = "",
    office: RecordId | None = None,
    industry: Code = "",
    risk_class: Code = "",
    page: Page = 1,
):
    require(request.user, "registry.view")
    params = {
        "q": q,
        "uscc": uscc,
        "status": status,
        "kind": kind,
        "office": office or "",
        "industry": industry,
        "risk_class": risk_class,
    }
    result = selectors.entity_search(
        user=request.user, filters=selectors.EntityFilters.from_params(params), page=max(1, page)
    )
    return {
        "page": result.number,
        "has_next": result.has_next,
        "partial": result.partial,
        "count": result.count,
        "results": result.rows,
    }


@router.get("/entities/{entity_id}", response=EntityDetailOut, summary="市场主体详情")
def entity_detail(request, entity_id: RecordId):
    return access_entity(user=request.user, entity_id=entity_id)


@router.get("/officers", response=list[OfficerOut], summary="执法人员（按部门范围）")
def officer_list(
    request,
    q: SearchText = "",
    department: RecordId | None = None,
    limit: Annotated[int, params.limit(1000)] = 500,
    offset: Offset = 0,
):
    require(request.user, "staff.view")
    qs = selectors.officer_list(user=request.user, q=q[:40], department=department)
    return list(qs[offset : offset + limit])


@router.get("/departments", response=list[DepartmentOut], summary="部门")
def department_list(request, kind: Code = ""):
    require(request.user, "staff.view")
    return list(selectors.department_list(kind=kind))
