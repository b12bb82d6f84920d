"""Activities reads: sessions a user may see (their department's, and those they attended), attendance grouped
by department, the calendar of a year with its events, the current responsibility list, typical cases for staff
and the public, the study/meetings/training/publicity metrics, and the home panel.

Metrics count by the date the thing happened (held_on, published_on), calendar years in Asia/Shanghai dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from fazhi.activities.choices import (
    LECTURE_KINDS,
    ONLINE_CHANNELS,
    AttendanceStatus,
    Channel,
    ListStatus,
    OutletLevel,
    SessionKind,
    TypicalCaseStatus,
)
from fazhi.activities.models import (
    Attendance,
    EducationEvent,
    LectureSeries,
    PublicityItem,
    ResponsibilityList,
    RuleOfLawMatter,
    Session,
    TypicalCase,
)
from fazhi.core.access import is_department_scoped
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import education as calendar


def _year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


# --- sessions -------------------------------------------------------------------------------------------------


def sessions_visible(user: Any) -> QuerySet[Session]:
    """Department-scoped roles see their department's sessions and those they attended; others see all."""
    qs = Session.objects.select_related("department", "chair", "series", "meeting")
    if not is_department_scoped(user):
        return qs
    officer_id = getattr(user, "officer_id", None)
    mine = Q(department_id=user.department_id or 0)
    if officer_id:
        attended = Attendance.objects.filter(officer_id=officer_id).values("session_id")
        mine |= Q(pk__in=attended)
    return qs.filter(mine)


def session_list(*, user: Any, kind: str = "", year: int | None = None, q: str = "") -> QuerySet[Session]:
    qs = sessions_visible(user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(_year("held_on", year))
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(summary__contains=q))
    return qs.annotate(present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT))).order_by(
        "-held_on", "-id"
    )


@dataclass(frozen=True)
class AttendanceRow:
    officer_id: int
    name: str
    certificate_number: str
    active: bool
    status: str


@dataclass(frozen=True)
class AttendanceGroup:
    department: str
    rows: list[AttendanceRow]

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.status == AttendanceStatus.PRESENT)


def attendance_sheet(session: Session) -> list[AttendanceGroup]:
    """The staff list by department with each person's status for ``session`` (those who left the bureau appear
    only if they were recorded)."""
    recorded = dict(Attendance.objects.filter(session=session).values_list("officer_id", "status"))
    staff = registry_selectors.bureau_staff(include_departed=True)
    groups: dict[str, list[AttendanceRow]] = {}
    for officer in staff:
        if not officer.active and officer.pk not in recorded:
            continue
        groups.setdefault(officer.department.name, []).append(
            AttendanceRow(
                officer.pk, officer.name, officer.certificate_number, officer.active, recorded.get(officer.pk, "")
            )
        )
    own = session.department.name
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] != own, kv[0]))
    return [AttendanceGroup(name, rows) for name, rows in ordered]


def attendance_counts(session: Session) -> dict[str, int]:
    counts = dict(
        Attendance.objects.filter(session=session).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {s: counts.get(s, 0) for s in AttendanceStatus.values}


def open_matters(*, user: Any, limit: int = 20) -> list[RuleOfLawMatter]:
    qs = RuleOfLawMatter.objects.filter(done_on__isnull=True, session__in=sessions_visible(user)).select_related(
        "session", "responsible_department"
    )
    return list(qs.order_by("due_on", "id")[:limit])


def series_list(*, year: int | None = None) -> QuerySet[LectureSeries]:
    qs = LectureSeries.objects.select_related("department").annotate(session_count=Count("sessions", distinct=True))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "title")


# --- legal education ------------------------------------------------------------------------------------------


def current_list() -> ResponsibilityList | None:
    return ResponsibilityList.objects.filter(status=ListStatus.ADOPTED).first()


def lists() -> QuerySet[ResponsibilityList]:
    return ResponsibilityList.objects.annotate(item_count=Count("items")).order_by("-year", "-id")


@dataclass(frozen=True)
class CalendarRow:
    theme: calendar.Theme
    period: tuple[dt.date, dt.date] | None
    events: int
    audience: int


def calendar_year(year: int) -> list[CalendarRow]:
    """Every theme of the legal-education calendar in ``year`` with the events recorded under it."""
    counts: dict[str, dict[str, Any]] = {
        row["theme"]: dict(row)
        for row in EducationEvent.objects.filter(_year("held_on", year))
        .exclude(theme="")
        .values("theme")
        .annotate(n=Count("id"), people=Sum("audience_count"))
    }
    rows = []
    for theme in calendar.calendar():
        row = counts.get(theme.id, {})
        rows.append(CalendarRow(theme, theme.period(year), row.get("n", 0), row.get("people") or 0))
    return sorted(rows, key=lambda r: (r.period[0] if r.period else dt.date(year, 12, 31), r.theme.name))


def theme_names() -> dict[str, str]:
    return {t.id: t.name for t in calendar.calendar()}


def events(*, year: int | None = None, theme: str = "", q: str = "") -> QuerySet[EducationEvent]:
    qs = EducationEvent.objects.select_related("department")
    if year:
        qs = qs.filter(_year("held_on", year))
    if theme:
        qs = qs.filter(theme=theme)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-held_on", "-id")


def publicity_items(*, year: int | None = None, channel: str = "") -> QuerySet[PublicityItem]:
    qs = PublicityItem.objects.select_related("department")
    if year:
        qs = qs.filter(_year("published_on", year))
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-published_on", "-id")


# --- typical cases --------------------------------------------------------------------------------------------


def typical_cases_visible(user: Any) -> QuerySet[TypicalCase]:
    """Published ones for everyone; drafts and submissions of the user's department (department-scoped roles),
    or all of them for reviewers and the bureau-wide roles."""
    qs = TypicalCase.objects.select_related("department", "case")
    if not is_department_scoped(user):
        return qs
    return qs.filter(
        Q(status__in=[TypicalCaseStatus.PUBLISHED, TypicalCaseStatus.WITHDRAWN])
        | Q(department_id=user.department_id or 0)
    )


def review_queue(user: Any) -> QuerySet[TypicalCase]:
    if not user_can(user, "activities.publish"):
        return TypicalCase.objects.none()
    return (
        TypicalCase.objects.filter(status=TypicalCaseStatus.SUBMITTED)
        .exclude(drafted_by=user)
        .order_by("submitted_on", "id")
    )


def public_typical_cases() -> QuerySet[TypicalCase]:
    """What the portal shows: published and not withdrawn, only the frozen masked fields."""
    return (
        TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED)
        .only("id", "public_title", "public_facts", "public_analysis", "public_basis", "published_on", "domain")
        .order_by("-published_on", "-id")
    )


# --- metrics (seed-figures.md: study.*, meetings.*, training.lecture_*, publicity.*) ------------------------


def _sessions(year: int, **filters: Any) -> QuerySet[Session]:
    return (
        Session.objects.filter(_year("held_on", year), **filters).select_related("department").order_by("held_on", "id")
    )


def sessions_held(kind: str, year: int) -> QuerySet[Session]:
    """Every session of one kind held in ``year``, whatever its topic or chair."""
    return _sessions(year, kind=kind)


def party_group_records(year: int) -> QuerySet[Session]:
    """党委理论学习中心组 sessions on the rule of law (法治专题)."""
    return _sessions(year, kind=SessionKind.CENTRAL_GROUP, rule_of_law=True)


def party_group_sessions(year: int) -> int:
    return party_group_records(year).count()


def committee_briefing_records(year: int) -> QuerySet[Session]:
    """党委会 meetings that relayed or studied rule-of-law work (专题听取/传达学习法治工作)."""
    return _sessions(year, kind=SessionKind.PARTY_COMMITTEE, rule_of_law=True)


def committee_briefings(year: int) -> int:
    return committee_briefing_records(year).count()


def cadre_records(year: int) -> QuerySet[Session]:
    """干部学法 sessions organised for cadres."""
    return _sessions(year, kind=SessionKind.CADRE_STUDY)


def cadre_sessions(year: int) -> int:
    return cadre_records(year).count()


def pre_meeting_records(year: int) -> QuerySet[Session]:
    """会前学法 held before 局长办公会."""
    return _sessions(year, kind=SessionKind.PRE_MEETING, meeting__kind=SessionKind.DIRECTORS_OFFICE)


def pre_meeting_sessions(year: int) -> int:
    return pre_meeting_records(year).count()


def party_committee_records(year: int) -> QuerySet[Session]:
    """党委会 chaired by the principal leader (主持局党委会)."""
    return _sessions(year, kind=SessionKind.PARTY_COMMITTEE, chair_is_principal=True)


def party_committee_meetings(year: int) -> int:
    return party_committee_records(year).count()


def directors_office_records(year: int) -> QuerySet[Session]:
    """局长办公会 chaired by the principal leader."""
    return _sessions(year, kind=SessionKind.DIRECTORS_OFFICE, chair_is_principal=True)


def directors_office_meetings(year: int) -> int:
    return directors_office_records(year).count()


def lecture_records(year: int) -> QuerySet[Session]:
    """Sessions of the year's lecture/training series (业务知识大讲堂 …)."""
    return _sessions(year, kind__in=list(LECTURE_KINDS), series__isnull=False)


def lecture_sessions(year: int) -> int:
    return lecture_records(year).count()


def lecture_attendance(year: int) -> int:
    """Attendances (人次) at those sessions: staff recorded present plus other attendees."""
    lectures = lecture_records(year).order_by()
    present = Attendance.objects.filter(session__in=lectures, status=AttendanceStatus.PRESENT).count()
    others = lectures.aggregate(n=Sum("other_attendees"))["n"] or 0
    return present + others


def _published(year: int, **filters: Any) -> QuerySet[PublicityItem]:
    return PublicityItem.objects.filter(_year("published_on", year), **filters).order_by("published_on", "id")


def items_published(channel: str, year: int) -> QuerySet[PublicityItem]:
    """Every item published on one channel in ``year``, whatever its outlet."""
    return _published(year, channel=channel)


def wechat_records(year: int) -> QuerySet[PublicityItem]:
    """Issues (期) pushed on the bureau's WeChat account."""
    return _published(year, channel=Channel.WECHAT)


def wechat_issues(year: int) -> int:
    return wechat_records(year).count()


def media_records(year: int) -> QuerySet[PublicityItem]:
    """Articles placed in national and city media."""
    return _published(year, channel=Channel.MEDIA, outlet_level__in=[OutletLevel.NATIONAL, OutletLevel.CITY])


def media_articles(year: int) -> int:
    return media_records(year).count()


def online_records(year: int) -> QuerySet[PublicityItem]:
    """WeChat issues, Weibo posts and website posts of the year."""
    return _published(year, channel__in=list(ONLINE_CHANNELS))


def online_posts(year: int) -> int:
    """Posts (条) on WeChat (every article of an issue), Weibo and the website together."""
    return online_records(year).order_by().aggregate(n=Sum("article_count"))["n"] or 0


def typical_case_records(year: int) -> QuerySet[TypicalCase]:
    """Typical cases published in the year (a later withdrawal does not undo the publication)."""
    return TypicalCase.objects.filter(_year("published_on", year)).order_by("published_on", "id")


def typical_cases_published(year: int) -> int:
    return typical_case_records(year).count()


# --- home page ------------------------------------------------------------------------------------------------


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "activities.view"):
        return []
    today = legal_today()
    items: list[dict[str, Any]] = []
    for case in review_queue(user)[:5]:
        items.append(
            {"text": f"待审核典型案例：{case.title}", "url": reverse("activities:typical_detail", args=[case.pk]),
             "note": case.department.name, "tone": "warn"}
        )  # fmt: skip
    for matter in open_matters(user=user, limit=5):
        if matter.due_on and matter.due_on <= today + dt.timedelta(days=14):
            items.append(
                {"text": f"会议研究事项：{matter.title}", "url": reverse("activities:session_detail", args=[matter.session_id]),
                 "note": f"办结时限 {matter.due_on:%Y-%m-%d}", "tone": "bad" if matter.due_on < today else "warn"}
            )  # fmt: skip
    for row in calendar_year(today.year):
        if row.period and today <= row.period[1] and row.period[0] <= today + dt.timedelta(days=30) and not row.events:
            items.append(
                {"text": f"普法主题：{row.theme.name}", "url": reverse("activities:calendar"),
                 "note": f"{row.period[0]:%m-%d} 至 {row.period[1]:%m-%d}，尚未登记活动", "tone": ""}
            )  # fmt: skip
    if not items:
        return []
    return [{"title": "学法普法", "link": reverse("activities:home"), "items": items[:10], "figures": []}]
