"""The complaints metrics of the annual report (seed-figures.md § Complaints and reports), each with the records it
counts (``selectors.*_records``, the same conditions) and its definition for the report's appendix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from fazhi.complaints import selectors
from fazhi.complaints.choices import Channel, Kind
from fazhi.complaints.models import Complaint
from fazhi.core.metrics import any_record, register_batch, register_metric, register_series

M = "complaints"
# Complaints and tips received and grid work orders pick among the matters received in the year (a kind, a channel):
# where fazhi holds no matter at all for the year, their 0 is a gap in the records, not a fact.
MATTERS_RECEIVED = any_record(selectors.matters_received)
register_metric(
    "complaints.received", "受理投诉举报", module=M, compute=selectors.received_count,
    records=selectors.received_records, source=MATTERS_RECEIVED,
    definition=(
        "收到日期在当年1月1日至12月31日之间的投诉和举报件数"
        "（一件诉求拆分为投诉、举报的分别计；非投诉举报事项、重复合并的不计）"
    ),
)  # fmt: skip
register_metric(
    "complaints.on_time_rate", "按时办结率", module=M, compute=selectors.on_time_rate, unit="percent",
    records=selectors.handled_records,
    definition=(
        "当年办结的投诉（不予受理、调解成功、调解终止，按办结日期计）和当年作出是否立案决定的举报中，"
        "受理、办结、告知均在法定期限内的比例；期限由规则库依登记的日期计算"
    ),
)  # fmt: skip
register_metric(
    "complaints.recovered_yuan", "挽回经济损失", module=M, compute=selectors.recovered_yuan, unit="yuan",
    records=selectors.recovered_records,
    definition="当年办结、调解成功的投诉登记的为消费者挽回经济损失金额之和，按办结日期计",
)  # fmt: skip
register_metric(
    "complaints.grid_work_orders", "网格平台工单", module=M, compute=selectors.grid_work_orders,
    records=selectors.grid_records, source=MATTERS_RECEIVED,
    definition="来源渠道为区党群网格服务综合信息平台、收到日期在当年的工单件数",
)  # fmt: skip


def _by_month(year: int) -> list[tuple[str, int]]:
    return [(row["label"], row["n"]) for row in selectors.by_month(year)]


def _by_month_years(years) -> dict[int, list[tuple[str, int]]]:
    """``selectors.by_month`` of each of ``years`` from one statement: the complaints and tips (not the matters
    redirected as not covered) counted by year and month of receipt."""
    first, last = min(years), max(years)
    rows = (
        Complaint.objects.exclude(kind=Kind.NOT_COVERED)
        .filter(received_on__gte=dt.date(first, 1, 1), received_on__lt=dt.date(last + 1, 1, 1))
        .annotate(y=ExtractYear("received_on"), m=ExtractMonth("received_on"))
        .values_list("y", "m")
        .annotate(n=Count("id"))
    )
    counts = {(y, m): n for y, m, n in rows}
    return {y: [(f"{m}月", counts.get((y, m), 0)) for m in range(1, 13)] for y in years}


register_series(
    "complaints.by_month", "投诉举报按月受理", module=M, compute=_by_month, chart="column",
    compute_years=_by_month_years,
)  # fmt: skip


def _received_in(year: int) -> Q:
    return Q(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))


def year_figures(years) -> dict[tuple[str, int], int | Decimal | None]:
    """``complaints.received``, ``.grid_work_orders``, ``.recovered_yuan`` and ``.on_time_rate`` of each of ``years``
    in one pass over the complaints (and one over the decided tips), with the conditions of
    ``selectors.received_records`` / ``grid_records`` / ``recovered_records`` / ``on_time_counts``
    (fazhi/complaints/tests/test_metric_records.py checks that they agree)."""
    aggregates: dict[str, Count | Sum] = {}
    for y in years:
        received = Q(kind__in=[Kind.COMPLAINT, Kind.TIP]) & _received_in(y) & ~Q(status="merged")
        aggregates[f"received_{y}"] = Count("id", filter=received)
        aggregates[f"grid_{y}"] = Count("id", filter=Q(channel=Channel.GRID) & _received_in(y))
        closed_in = Q(closed_on__gte=dt.date(y, 1, 1), closed_on__lt=dt.date(y + 1, 1, 1))
        aggregates[f"recovered_{y}"] = Sum("recovered_amount", filter=closed_in & Q(outcome="succeeded"))
        handled = HANDLED_COMPLAINT & closed_in
        aggregates[f"handled_{y}"] = Count("id", filter=handled)
        aggregates[f"on_time_{y}"] = Count("id", filter=handled & ON_TIME)
    row = Complaint.objects.aggregate(**aggregates)
    tips = selectors.tip_on_time_counts(years)  # the tips' part of the on-time rate: their clues, one statement
    out: dict[tuple[str, int], int | Decimal | None] = {}
    for y in years:
        out[("complaints.received", y)] = row[f"received_{y}"]
        out[("complaints.grid_work_orders", y)] = row[f"grid_{y}"]
        out[("complaints.recovered_yuan", y)] = Decimal(row[f"recovered_{y}"] or 0).quantize(Decimal("1"))
        tips_total, tips_on_time = tips[y]
        out[("complaints.on_time_rate", y)] = selectors.percent_on_time(
            row[f"handled_{y}"] + tips_total, row[f"on_time_{y}"] + tips_on_time
        )
    return out


# The complaints' part of the on-time rate, as selectors.ON_TIME_SQL counts it: closed (refused, mediated or
# terminated) complaints; on time when the acceptance decision, the closing and (after a termination) the notices
# met their rule-computed due dates (a missing date is not on time).
HANDLED_COMPLAINT = Q(kind=Kind.COMPLAINT, status__in=("closed", "refused"))
ON_TIME = Q(decided_on__lte=F("decision_due_on"), closed_on__lte=F("closing_due_on")) & (
    ~Q(outcome="terminated") | Q(notified_on__lte=F("notice_due_on"))
)

register_batch(
    "complaints.year",
    metrics=[
        "complaints.received", "complaints.grid_work_orders", "complaints.recovered_yuan", "complaints.on_time_rate",
    ],
    compute=year_figures,
)  # fmt: skip
