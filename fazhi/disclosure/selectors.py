"""Reads of 政府信息公开: scoped lists, the queue of replies due, the public catalogue, the metrics and the tables of
the annual disclosure report (国办公开办函〔2021〕30号 format), all set-based."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core.access import scope
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.disclosure.models import AnnualReport, DisclosureRequest, ProactiveDocument, Status
from fazhi.rulebook import oversight as rules

OPEN = (Status.RECEIVED, Status.AWAITING_CORRECTION, Status.CONSULTING)


def requests(user: Any) -> QuerySet[DisclosureRequest]:
    return scope(user, DisclosureRequest.objects.select_related("department"), "department")


def documents(user: Any) -> QuerySet[ProactiveDocument]:
    return scope(user, ProactiveDocument.objects.select_related("department"), "department")


def public_documents() -> QuerySet[ProactiveDocument]:
    """The catalogue as the public sees it: published, not withdrawn, by the legal today."""
    return ProactiveDocument.objects.filter(withdrawn_on__isnull=True, published_on__lte=legal_today()).order_by(
        "-published_on", "-id"
    )


def due_replies(user: Any) -> QuerySet[DisclosureRequest]:
    return requests(user).filter(status__in=OPEN).order_by("reply_due_on", "pk")


def report_years(today: dt.date) -> tuple[int, int]:
    """The report years a screen shows: the year whose report is due by 31 January of this year (Art. 49) and the
    current year (its deadline can be opened ahead)."""
    return today.year - 1, today.year


def annual_reports_due(today: dt.date) -> list[dict[str, Any]]:
    """The annual reports of the report years (opened with the due date, or not yet opened) and every earlier report
    still unpublished."""
    found = {r.year: r for r in AnnualReport.objects.filter(Q(year__in=report_years(today)) | Q(published_on=None))}
    out = []
    for year in sorted({*found, *report_years(today)}):
        report = found.get(year)
        out.append({
            "year": year, "report": report,
            "overdue": bool(report and not report.is_published and report.due_on and report.due_on < today),
        })  # fmt: skip
    return out


def open_annual_reports() -> QuerySet[AnnualReport]:
    """Reports whose deadline runs (opened, not yet published), the earliest due first."""
    return AnnualReport.objects.filter(published_on__isnull=True).order_by("due_on", "year")


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "disclosure.view"):
        return []
    today = legal_today()
    reports = [
        {
            "text": f"{r.year}年政府信息公开工作年度报告",
            "url": r.get_absolute_url(),
            "note": f"{r.due_on} 前提交并公布" if r.due_on else "期限计算中",
            "tone": "bad" if r.due_on and r.due_on < today else "warn",
        }
        for r in open_annual_reports()[:2]
    ]
    items = reports + [
        {
            "text": f"信息公开申请 {r.number}",
            "url": r.get_absolute_url(),
            "note": f"{r.reply_due_on} 前答复" if r.reply_due_on else r.get_status_display(),
            "tone": "bad" if r.reply_due_on and r.reply_due_on < today else "warn",
        }
        for r in due_replies(user)[:6]
    ]
    if not items:
        return []
    return [{"title": "政府信息公开", "link": reverse("disclosure:home"), "items": items, "figures": []}]


# ---------------------------------------------------------------------------------------------------------------
# Metrics (set-based). A year is [1 January, 1 January next year).


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def proactive_records(year: int) -> QuerySet[ProactiveDocument]:
    """Documents published proactively in the year (withdrawn later or not: they were published)."""
    start, end = _year(year)
    return ProactiveDocument.objects.filter(published_on__gte=start, published_on__lt=end)


def proactive_documents(year: int) -> int:
    return proactive_records(year).count()


def closed_records(year: int) -> QuerySet[DisclosureRequest]:
    """Requests closed in the year: replied (any reply type of the regulation, including 逾期不补正)."""
    start, end = _year(year)
    return DisclosureRequest.objects.filter(status=Status.REPLIED, replied_on__gte=start, replied_on__lt=end)


def requests_closed(year: int) -> int:
    return closed_records(year).count()


def received_records(year: int) -> QuerySet[DisclosureRequest]:
    start, end = _year(year)
    return DisclosureRequest.objects.filter(received_on__gte=start, received_on__lt=end)


def requests_received(year: int) -> int:
    return received_records(year).count()


def carried_in_records(year: int) -> QuerySet[DisclosureRequest]:
    """Received before the year and not replied before it (上年结转)."""
    start, _ = _year(year)
    return DisclosureRequest.objects.filter(received_on__lt=start).filter(
        Q(replied_on__isnull=True) | Q(replied_on__gte=start)
    )


def requests_carried_in(year: int) -> int:
    return carried_in_records(year).count()


def carried_forward_records(year: int) -> QuerySet[DisclosureRequest]:
    """Received by the year's end and not replied by it (结转下年度继续办理)."""
    _, end = _year(year)
    return DisclosureRequest.objects.filter(received_on__lt=end).filter(
        Q(replied_on__isnull=True) | Q(replied_on__gte=end)
    )


def requests_carried_forward(year: int) -> int:
    return carried_forward_records(year).count()


def late_records(year: int) -> QuerySet[DisclosureRequest]:
    return closed_records(year).filter(replied_late=True)


def replies_late(year: int) -> int:
    return late_records(year).count()


# ---------------------------------------------------------------------------------------------------------------
# The annual disclosure report's tables (政府信息公开工作年度报告格式, 国办公开办函〔2021〕30号)


def _report_date(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def requests_table(year: int) -> dict[str, Any]:
    """Table 三 (收到和处理政府信息公开申请情况): rows × applicant columns (自然人, five kinds of organisation, 总计)."""
    on = _report_date(year)
    columns = list(rules.items("disclosure.applicant_kinds", on))
    groups = list(rules.items("disclosure.reply_groups", on))
    types = list(rules.items("disclosure.reply_types", on))
    start, end = _year(year)

    def counts(qs: QuerySet[DisclosureRequest]) -> dict[str, int]:
        return dict(qs.values_list("applicant_kind").annotate(n=Count("id")).values_list("applicant_kind", "n"))

    def row(label: str, by_kind: dict[str, int], *, level: int = 0) -> dict[str, Any]:
        cells = [by_kind.get(c.id, 0) for c in columns]
        return {"label": label, "cells": cells, "total": sum(cells), "level": level}

    by_type: dict[str, dict[str, int]] = {}
    for kind, reply_type, n in (
        closed_records(year).values_list("applicant_kind", "reply_type").annotate(n=Count("id"))
    ).values_list("applicant_kind", "reply_type", "n"):
        by_type.setdefault(reply_type, {})[kind] = n
    rows = [
        row("一、本年新收政府信息公开申请数量", counts(received_records(year))),
        row("二、上年结转政府信息公开申请数量", counts(carried_in_records(year))),
        {"label": "三、本年度办理结果", "cells": None, "total": None, "level": 0},
    ]
    total: dict[str, int] = {}
    for group in groups:
        members = [t for t in types if t.group == group.id]
        group_counts: dict[str, int] = {}
        for t in members:
            for kind, n in by_type.get(t.id, {}).items():
                group_counts[kind] = group_counts.get(kind, 0) + n
                total[kind] = total.get(kind, 0) + n
        rows.append(row(group.label, group_counts, level=1))
        if len(members) > 1:
            for i, t in enumerate(members, 1):
                label = t.label.split("：", 1)[-1]
                rows.append(row(f"{i}. {label}", by_type.get(t.id, {}), level=2))
    rows.append(row("（七）总计", total, level=1))
    rows.append(row("四、结转下年度继续办理", counts(carried_forward_records(year))))
    del start, end
    return {
        "columns": [{"id": c.id, "label": c.label, "group": c.group} for c in columns],
        "rows": rows,
        "citation": str(groups[0].citation) if groups else "",
    }


def proactive_table(year: int) -> list[dict[str, Any]]:
    """Table 二 (主动公开政府信息情况): documents issued, repealed and in force (rules, normative documents) and
    decisions made (permits, penalties, coercion) as the catalogue shows them for the year."""
    start, end = _year(year)
    issued = dict(
        ProactiveDocument.objects.filter(published_on__gte=start, published_on__lt=end)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    withdrawn = dict(
        ProactiveDocument.objects.filter(withdrawn_on__gte=start, withdrawn_on__lt=end)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    in_force = dict(
        ProactiveDocument.objects.filter(published_on__lt=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=end))
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    out = []
    for c in rules.items("disclosure.proactive_categories", _report_date(year)):
        if c.group == "documents":
            out.append(
                {"label": c.label, "kind": "documents", "issued": issued.get(c.id, 0),
                 "repealed": withdrawn.get(c.id, 0), "in_force": in_force.get(c.id, 0)}
            )  # fmt: skip
        elif c.group in ("decisions", "fees"):
            out.append({"label": c.label, "kind": c.group, "count": issued.get(c.id, 0)})
    return out


def remedies_table(year: int) -> dict[str, Any]:
    """Table 四 (政府信息公开行政复议、行政诉讼情况): matters about a disclosure reply concluded in the year by result
    (维持, 纠正, 其他结果) and those still pending at the year's end, for reconsideration, direct suits and suits
    after reconsideration. Read from the remedies registers (act kind 政府信息公开答复)."""
    from fazhi.remedies.models import Lawsuit, Reconsideration

    start, end = _year(year)

    def tally(qs: QuerySet[Any]) -> list[int]:
        agg = qs.aggregate(
            kept=Count("id", filter=Q(decided_on__gte=start, decided_on__lt=end, outcome="maintained")),
            corrected=Count("id", filter=Q(decided_on__gte=start, decided_on__lt=end, corrects=True)),
            other=Count(
                "id",
                filter=Q(decided_on__gte=start, decided_on__lt=end, corrects=False) & ~Q(outcome="maintained"),
            ),
            pending=Count("id", filter=Q(decided_on__isnull=True) | Q(decided_on__gte=end)),
        )
        cells = [agg["kept"], agg["corrected"], agg["other"], agg["pending"]]
        return [*cells, sum(cells)]

    rec = Reconsideration.objects.filter(act_kind="disclosure", copy_received_on__lt=end).exclude(decided_on__lt=start)
    suits = Lawsuit.objects.filter(act_kind="disclosure", complaint_received_on__lt=end).exclude(decided_on__lt=start)
    return {
        "reconsideration": tally(rec),
        "direct": tally(suits.filter(reconsideration__isnull=True)),
        "after": tally(suits.filter(reconsideration__isnull=False)),
        "headers": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
    }


def annual_report(year: int) -> dict[str, Any]:
    """Everything the annual disclosure report prints, from the records of ``year``."""
    return {
        "year": year,
        "proactive": proactive_table(year),
        "requests": requests_table(year),
        "remedies": remedies_table(year),
        "figures": {
            "proactive_documents": proactive_documents(year),
            "received": requests_received(year),
            "closed": requests_closed(year),
            "carried_in": requests_carried_in(year),
            "carried_forward": requests_carried_forward(year),
            "late": replies_late(year),
        },
    }
