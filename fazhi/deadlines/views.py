"""Views: the public deadline calculator and the administrator's calendar-year pages."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from typing import Any

from django.shortcuts import redirect, render

from fazhi.core.access import access_object, public_view, staff_view
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.core.views import form_errors_to_messages, run_form
from fazhi.deadlines import selectors, services
from fazhi.deadlines.calendar_data import format_day_lines
from fazhi.deadlines.forms import CalculatorForm, CalendarYearForm, RuleConfirmForm, RuleRevokeForm
from fazhi.deadlines.models import CalendarYear, RuleConfirmation
from fazhi.rulebook.calendar import Calendar, DayKind, load_year_tables
from fazhi.rulebook.deadlines import compute_deadline, get_rule
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.holidays import provisional_year

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
MAX_MONTHS = 6


def month_grids(cal: Calendar, start: dt.date, due: dt.date, intervals: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Month tables from the start month to the due month, each day marked for the template.

    Long periods (more than ``MAX_MONTHS`` months) show the first and last months only.
    """
    first, last = sorted((start, due))
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if len(months) > MAX_MONTHS:
        months = months[: MAX_MONTHS // 2] + months[-MAX_MONTHS // 2 :]
    lenient = cal.as_provisional()
    grids = []
    for y, m in months:
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(y, m):
            cells: list[dict[str, Any] | None] = []
            for day in week:
                if day.month != m:
                    cells.append(None)
                    continue
                info = lenient.day_kind(day)
                classes = [info.kind.value]
                note = info.name or ""
                if info.kind is DayKind.MAKEUP_WORKING:
                    note = f"{info.name or ''}调休上班"
                elif info.kind is DayKind.WEEKEND:
                    note = "周末"
                if not cal.has_year(day.year):
                    classes.append("unknown")
                    if info.kind.is_uncertain:
                        note = f"{info.name}前后，{info.kind.label}"
                if any(a <= day <= b for a, b, *_kind in intervals):
                    classes.append("excluded")
                    note = (note + " 扣除").strip()
                if day == start:
                    classes.append("start")
                    note = (note + " 起算日").strip()
                if day == due:
                    classes.append("due")
                    note = (note + " 届满日").strip()
                cells.append({"day": day, "classes": " ".join(classes), "note": note})
            weeks.append(cells)
        grids.append({"title": f"{y} 年 {m} 月", "weeks": weeks})
    return grids


def _calculate(form: CalculatorForm, today: dt.date) -> dict[str, Any]:
    data = form.cleaned_data
    rule_id = data["rule"]
    cal = selectors.current_calendar()
    extensions: list[Any] = []
    error = None
    try:
        if data.get("extend"):
            version = get_rule(rule_id).version_on(data["start"])
            if not version.extensions:
                raise RulebookError("deadline.unknown_extension", "该规则没有可适用的延长方式", rule=rule_id)
            ext = version.extensions[0]
            extensions = [(ext.id, data["extension_length"]) if ext.length is None else ext.id]
            if ext.length is None and not data.get("extension_length"):
                raise RulebookError(
                    "deadline.bad_extension_length", f"延长方式（{ext.approver}）须填写批准的延长天数", rule=rule_id
                )
        result = compute_deadline(
            rule_id,
            data["start"],
            calendar=cal,
            excluded=data["intervals"],
            extensions=extensions,
            as_of=data.get("as_of") or today,
            provisional=bool(data.get("provisional")),
        )
    except RulebookError as exc:
        error = {"code": exc.code, "message": exc.message, "year": exc.params.get("year")}
        return {"error": error}
    return {
        "result": result,
        "status_warning": result.status.value != "TEXT",
        "months": month_grids(cal, result.start, result.due, data["intervals"]),
        "weekdays": WEEKDAYS,
    }


@public_view
def calculator(request):
    """法定期限计算器: no login; GET so results can be bookmarked and shared."""
    context: dict[str, Any] = {}
    if request.GET.get("rule"):
        form = CalculatorForm(request.GET)
        if form.is_valid():
            context.update(_calculate(form, legal_today()))
    else:
        form = CalculatorForm()
    context["form"] = form
    template = "deadlines/_result.html" if request.htmx else "deadlines/calculator.html"
    return render(request, template, context)


@staff_view("calendar.edit")
def calendar_year_list(request):
    db_years = {y.year: y for y in CalendarYear.objects.select_related("entered_by")}
    table_years = load_year_tables()
    years = sorted(set(db_years) | set(table_years), reverse=True)
    rows = [{"year": y, "db": db_years.get(y), "table": table_years.get(y)} for y in years]
    known = set(table_years) | {y for y, row in db_years.items() if row.complete}
    today = legal_today()
    # The years a deadline may reach soon: this year and the next two, when their notice is not in yet.
    pending = []
    for year in range(today.year, today.year + 3):
        if year in known:
            continue
        try:
            guess = provisional_year(year)
        except RulebookError:
            continue
        pending.append(
            {
                "year": year,
                "holidays": sorted(guess.holidays.items()),
                "uncertain": len(guess.possible_rest) + len(guess.possible_working),
                "citation": guess.citation,
            }
        )
    next_year = max(years, default=today.year) + 1
    return render(
        request,
        "deadlines/calendar_years.html",
        {
            "rows": rows,
            "next_year": next_year,
            "pending": pending,
            "provisional_open": selectors.provisional_open_count(),
        },
    )


@staff_view("calendar.edit")
def calendar_year_edit(request, year: int):
    if not 2000 <= year <= 2100:
        return redirect("deadlines:calendar_years")
    existing = CalendarYear.objects.filter(year=year).first()
    table = load_year_tables().get(year)
    if request.method == "POST":
        form = CalendarYearForm(request.POST, year=year)
        outcome = run_form(
            request,
            form,
            lambda d: services.calendar_year_save(
                year=year,
                days=d["days"],
                instrument=d["instrument"],
                notice_number=d["notice_number"],
                url=d["url"],
                status=d["status"],
                last_verified_on=d["last_verified_on"],
                complete=d["complete"],
                actor=request.user,
            ),
            success=f"{year} 年节假日安排已保存。",
        )
        if outcome.ok:
            saved = outcome.value
            return render(
                request, "deadlines/calendar_year_saved.html", {"year": year, "saved": saved, "report": saved.report}
            )
    else:
        initial: dict[str, Any] = {"last_verified_on": legal_today()}
        if existing:
            initial.update(
                instrument=existing.instrument,
                notice_number=existing.notice_number,
                url=existing.url,
                status=existing.status,
                last_verified_on=existing.last_verified_on,
                complete=existing.complete,
                days="\n".join(
                    f"{day.date.isoformat()} {day.name} {'休' if day.kind == 'holiday' else '班'}"
                    for day in existing.days.all()
                ),
            )
        elif table:
            initial.update(
                instrument=table.citation.instrument, status=table.status.value, days=format_day_lines(table)
            )
        else:
            initial.update(instrument=f"国务院办公厅关于{year}年部分节假日安排的通知")
        form = CalendarYearForm(initial=initial, year=year)
    return render(
        request, "deadlines/calendar_year_edit.html", {"form": form, "year": year, "existing": existing, "table": table}
    )


# ---------------------------------------------------------------------------------------------------------------
# 规则确认 (issue 13 §3): every UNCONFIRMED value, where it decides, and the bureau's confirmations


def _rules_page(request, *, confirm_form: RuleConfirmForm | None = None, status: int = 200):
    rows = selectors.unconfirmed_rows()
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.value.ref.split("#", 1)[0], []).append(row)
    revoked = RuleConfirmation.objects.filter(revoked_on__isnull=False).select_related("confirmed_by", "revoked_by")
    context = {
        "groups": sorted(groups.items()),
        "count": len(rows),
        "confirmed": sum(1 for r in rows if r.confirmation is not None),
        "can_confirm": user_can(request.user, "rules.confirm"),
        "confirm_form": confirm_form,
        "today": legal_today(),
        "revoked": list(revoked[:50]),
    }
    return render(request, "deadlines/rule_confirmations.html", context, status=status)


@staff_view("rules.view")
def rule_confirmations(request):
    return _rules_page(request)


@staff_view("rules.confirm")
def rule_confirm(request):
    if request.method != "POST":
        return redirect("deadlines:rule_confirmations")
    form = RuleConfirmForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.rule_confirm(
            ref=d["ref"], source=d["source"], confirmed_on=d["confirmed_on"], note=d["note"], actor=request.user
        ),
        success="已确认，本局此后可据该规则值办理（确认记录已存档）。",
    )
    if outcome.ok:
        return redirect("deadlines:rule_confirmations")
    return _rules_page(request, confirm_form=form, status=400)


@staff_view("rules.confirm")
def rule_confirmation_revoke(request, pk: int):
    confirmation = access_object(
        request.user,
        RuleConfirmation.objects.all(),
        permission="rules.confirm",
        department_field=None,
        what="规则确认",
        pk=pk,
    )
    if request.method != "POST":
        return redirect("deadlines:rule_confirmations")
    form = RuleRevokeForm(request.POST)
    run_form(
        request,
        form,
        lambda d: services.rule_confirmation_revoke(
            confirmation=confirmation, reason=d["reason"], revoked_on=d["revoked_on"], actor=request.user
        ),
        success="已撤销该确认，相关规则值重新视为未经确认。",
    )
    if form.errors:
        form_errors_to_messages(request, form)
    return redirect("deadlines:rule_confirmations")
