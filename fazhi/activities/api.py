"""Activities API (mounted at /api/v1/activities/): the same gates, selectors and services as the pages.

A WeChat/website publishing tool can post its publications here; the calendar and the year's figures are read
by dashboards.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from fazhi.activities import selectors, services
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import query_int
from fazhi.registry import selectors as registry_selectors

router = Router(tags=["学法普法"])


class SessionOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    title: str
    department_id: int
    rule_of_law: bool
    chair_is_principal: bool
    laws_studied: list[str]


class PublicityIn(Schema):
    channel: str
    published_on: str
    title: str
    url: str = ""
    outlet: str = ""
    outlet_level: str = ""
    article_count: int = 1
    department_id: int


class PublicityOut(Schema):
    id: int
    channel: str
    published_on: dt.date
    title: str
    url: str
    article_count: int


class EventIn(Schema):
    theme: str = ""
    title: str
    department_id: int
    held_on: str
    location: str = ""
    audience: str = ""
    audience_count: int
    materials_count: int = 0
    summary: str = ""


class EventOut(Schema):
    id: int
    theme: str
    title: str
    held_on: dt.date
    audience_count: int
    theme_check: dict


def _department(pk: int):
    department = registry_selectors.department_by_pk(pk)
    if department is None:
        raise DomainError("activities.department", "部门不存在", field="department_id")
    return department


@router.get("/sessions", response=list[SessionOut])
def sessions(request, kind: str = ""):
    require(request.user, "activities.view")
    year = query_int(request, "year", default=0, minimum=0, maximum=2199) or None
    return list(selectors.session_list(user=request.user, kind=kind, year=year)[:500])


@router.get("/figures")
def figures(request):
    require(request.user, "activities.view")
    year = query_int(request, "year", default=legal_today().year, minimum=2000, maximum=2199)
    return {
        "year": year,
        "study.party_group_sessions": selectors.party_group_sessions(year),
        "study.committee_briefings": selectors.committee_briefings(year),
        "study.cadre_sessions": selectors.cadre_sessions(year),
        "study.pre_meeting_sessions": selectors.pre_meeting_sessions(year),
        "meetings.party_committee": selectors.party_committee_meetings(year),
        "meetings.directors_office": selectors.directors_office_meetings(year),
        "training.lecture_sessions": selectors.lecture_sessions(year),
        "training.lecture_attendance": selectors.lecture_attendance(year),
        "publicity.wechat_issues": selectors.wechat_issues(year),
        "publicity.media_articles": selectors.media_articles(year),
        "publicity.online_posts": selectors.online_posts(year),
        "publicity.typical_cases": selectors.typical_cases_published(year),
    }


@router.post("/publicity", response={201: PublicityOut})
def publicity(request, body: PublicityIn):
    require(request.user, "activities.record")
    data = body.dict()
    department = _department(data.pop("department_id"))
    return Status(201, services.publicity_record(actor=request.user, department=department, **data))


@router.post("/events", response={201: EventOut})
def events(request, body: EventIn):
    require(request.user, "activities.record")
    data = body.dict()
    department = _department(data.pop("department_id"))
    return Status(201, services.event_record(actor=request.user, department=department, **data))
