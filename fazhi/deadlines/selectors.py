"""Reads for deadlines: the current calendar (tables + database years), deadlines of a record, explanations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, models

from fazhi.deadlines.calendar_data import year_tables_from_rows
from fazhi.deadlines.models import CalendarDay, CalendarYear, DeadlineStatus, RuleConfirmation, TrackedDeadline
from fazhi.rulebook.calendar import Calendar, YearTable, default_calendar
from fazhi.rulebook.confirmation import Gate, Purpose, RuleValue, decision_gate, unconfirmed_values

_CACHE: dict[str, Any] = {"key": None, "calendar": None}


def owner_key(owner: Any) -> tuple[str, str]:
    """``(owner_type, owner_id)`` of a model instance or of an explicit ``(type, id)`` pair."""
    if isinstance(owner, tuple):
        return str(owner[0]), str(owner[1])
    return owner._meta.label_lower, str(owner.pk)


def database_year_tables() -> list[YearTable]:
    """Complete calendar years entered by administrators, as rulebook year tables."""
    years = list(
        CalendarYear.objects.filter(complete=True)
        .order_by("year")
        .values_list("year", "instrument", "notice_number", "url", "status", "last_verified_on")
    )
    if not years:
        return []
    days = CalendarDay.objects.filter(calendar_year__complete=True).values_list(
        "calendar_year__year", "date", "kind", "name"
    )
    return year_tables_from_rows(years, days)


def database_year_tables_tolerant() -> tuple[list[YearTable], str | None]:
    """``database_year_tables`` that answers "tables only" when the database is unreachable or unmigrated."""
    try:
        return database_year_tables(), None
    except DatabaseError as exc:
        return [], f"未能读取数据库中录入的节假日安排（{type(exc).__name__}），仅使用规则库日历表"


def current_calendar() -> Calendar:
    """The repository tables plus the complete database years (cached until a database year changes)."""
    key = tuple(CalendarYear.objects.filter(complete=True).order_by("year").values_list("year", "updated_at"))
    if not key:
        return default_calendar()
    if _CACHE["key"] != key:
        # Reuse the parsed repository tables (parsing the YAML again costs ~0.3 s).
        _CACHE["calendar"] = Calendar.build(tables=default_calendar().years, extra_years=database_year_tables())
        _CACHE["key"] = key
    return _CACHE["calendar"]


def deadlines_for(owner: Any) -> list[TrackedDeadline]:
    """Every deadline of a record (open first, then by due date)."""
    owner_type, owner_id = owner_key(owner)
    qs = TrackedDeadline.objects.filter(owner_type=owner_type, owner_id=owner_id).prefetch_related("exclusions")
    return sorted(qs, key=lambda d: (d.status != DeadlineStatus.OPEN, d.due_on or dt.date.max, d.pk))


def provisional_open_count() -> int:
    """Open deadlines whose due date is provisional (a year's holiday notice is not loaded)."""
    return TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN, provisional=True).count()


def open_deadlines(*, owner_type: str | None = None, due_before: dt.date | None = None):
    """Open deadlines (a queryset), optionally of one owner type and due on or before a date."""
    qs = TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN)
    if owner_type:
        qs = qs.filter(owner_type=owner_type)
    if due_before:
        qs = qs.filter(due_on__lte=due_before)
    return qs.order_by("due_on", "pk")


@dataclass(frozen=True)
class Explanation:
    deadline: TrackedDeadline
    headline: str
    state: str
    tone: str
    warnings: list[str]
    trace: list[dict[str, Any]]
    exclusions: list[Any]


def explain(deadline: TrackedDeadline, *, today: dt.date | None = None) -> Explanation:
    """What a user needs to trust a due date: state, warnings (status, provisional), the stored trace."""
    warnings = []
    if deadline.rule_status == "UNCONFIRMED":
        warnings.append("该期限规则“未经确认”，使用前请核对法律原文。")
    elif deadline.rule_status == "SECONDARY":
        warnings.append("该期限规则来自二手来源，条文序号可能需要核对。")
    if deadline.provisional:
        warnings.append(
            "临时结果："
            + (deadline.provisional_reason or "相关年份的节假日安排尚未载入，届满日为临时结果，载入后将自动重算。")
        )
    if deadline.status == DeadlineStatus.MET:
        state, tone = f"已于 {deadline.met_on} 完成", "ok"
    elif deadline.status == DeadlineStatus.CANCELLED:
        state, tone = "已撤销", ""
    elif deadline.is_suspended:
        state, tone = (
            f"中止中（自 {deadline.suspended_since} 起，剩余 {deadline.remaining_frozen} {deadline.unit_label}冻结）",
            "warn",
        )
    elif today and deadline.due_on and deadline.is_overdue(today):
        state, tone = f"已超期 {(today - deadline.due_on).days} 日", "bad"
    else:
        state, tone = "进行中", "ok"
    headline = (
        f"{deadline.label or deadline.rule_id}：届满日 {deadline.due_on or '中止中'}"
        f"（{deadline.length} {deadline.unit_label}，{deadline.citation}）"
    )
    return Explanation(deadline, headline, state, tone, warnings, list(deadline.trace), list(deadline.exclusions.all()))


# ---------------------------------------------------------------------------------------------------------------
# A guess never decides alone (issue 13 §3)


def active_confirmations() -> dict[str, str]:
    """``ref → fingerprint`` of the bureau's confirmations in force."""
    return dict(RuleConfirmation.objects.filter(revoked_on__isnull=True).values_list("ref", "fingerprint"))


def rule_gate(values: RuleValue | list[RuleValue] | tuple[RuleValue, ...], *, purpose: Purpose | str) -> Gate:
    """THE check a service makes before a step that would refuse a party's request, end a listing or choose a
    no-penalty outcome on rule values (``fazhi.rulebook.confirmation``).

    ``gate.decides_alone`` False means: do not take the step automatically — send it to legal review and show
    ``gate.message`` (which values are unconfirmed, their citations, and that 法制审核人员 may confirm them on
    the 规则确认 page). Pure read; no audit.
    """
    items = [values] if isinstance(values, RuleValue) else list(values)
    return decision_gate(items, purpose=purpose, confirmations=active_confirmations())


@dataclass(frozen=True)
class UnconfirmedRow:
    value: RuleValue
    confirmation: RuleConfirmation | None
    stale: list[RuleConfirmation]  # confirmations of an earlier content of the same ref
    open_deadlines: int

    def as_dict(self) -> dict[str, Any]:
        c = self.confirmation
        return {
            **self.value.as_dict(),
            "confirmed": c is not None,
            "confirmation": (
                {
                    "id": c.pk,
                    "confirmed_on": c.confirmed_on.isoformat(),
                    "confirmed_by": str(c.confirmed_by),
                    "source": c.source,
                    "bureau": c.bureau,
                }
                if c
                else None
            ),
            "stale_confirmations": len(self.stale),
            "open_deadlines": self.open_deadlines,
        }


def unconfirmed_rows() -> list[UnconfirmedRow]:
    """Every UNCONFIRMED value, where it is used (decision points and open tracked deadlines), and its bureau
    confirmation if any — for ``fazhi rules unconfirmed`` and the 规则确认 page. Three queries in all."""
    confirmations: dict[str, list[RuleConfirmation]] = {}
    for c in RuleConfirmation.objects.filter(revoked_on__isnull=True).select_related("confirmed_by"):
        confirmations.setdefault(c.ref, []).append(c)
    counts: dict[tuple[str, str], int] = {}
    for rule_id, version, n in (
        TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN, rule_status="UNCONFIRMED")
        .values_list("rule_id", "version")
        .annotate(n=models.Count("id"))
        .values_list("rule_id", "version", "n")
    ):
        counts[(rule_id, version)] = n
    rows = []
    for value in unconfirmed_values():
        current = [c for c in confirmations.get(value.ref, []) if c.fingerprint == value.fingerprint]
        stale = [c for c in confirmations.get(value.ref, []) if c.fingerprint != value.fingerprint]
        open_count = 0
        if value.ref.startswith("deadlines/") and "/versions/" in value.ref:
            rule_id = value.ref.split("#rules/", 1)[1].split("/versions/", 1)[0]
            open_count = counts.get((rule_id, value.ref.rsplit("/", 1)[1]), 0)
        rows.append(UnconfirmedRow(value, current[0] if current else None, stale, open_count))
    return rows
