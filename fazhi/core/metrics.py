"""The metric catalogue: every figure of the annual report is a registered metric with a selector.

An app registers the metrics it owns in its ``metrics.py`` (imported when a registry below is first read:
``fazhi.core.discovery``)::

    register_metric("registry.entities_new", "新登记市场主体", module="registry", compute=entities_new)

``compute(year)`` returns an int, a Decimal (yuan, or a rate as a fraction 0–1) or None when the
records needed are not kept.

Two optional parts make a figure explain itself in the annual report (issue #18):

- ``definition``: one Chinese sentence saying exactly what is counted (口径), shown in the report's appendix;
- ``records(year)``: the records the figure counts, as a QuerySet built with the same conditions as ``compute``
  (ideally ``compute`` is ``records(year).count()`` or an aggregate over it), so that a figure in the HTML report
  opens the list of its records. Each record's ``str()`` is its line in the list; a ``get_absolute_url()`` makes it
  a link (the list is shown to staff who hold ``reports.view``; staff screens still check their own permissions).

A third, ``source(year)``, separates zero from no data: does fazhi hold any record of the kind the figure is drawn
from in that year (the definition's records without the conditions that pick among them — any sample of the area,
whatever its result)? Where it holds none, a 0 is not a fact but a gap: ``compute_years`` reports None ("本年度
系统中无该项记录") instead. A metric without ``source`` keeps its 0.

Besides single figures an app may register a ``Series`` (one breakdown: complaints by month) and a ``Table`` (a
two-way count: disclosure requests by reply type × applicant), which report templates write as a phrase, a chart or a
table block (docs/formats/report-spec.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from fazhi.core.discovery import LazyRegistry

Value = int | Decimal | None
Unit = Literal["count", "yuan", "percent"]


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    module: str
    compute: Callable[[int], Value]
    unit: Unit = "count"
    definition: str = ""
    records: Callable[[int], Any] | None = None
    source: Callable[[int], bool] | None = None

    def recorded(self, year: int, value: Value) -> Value:
        """``value``, or None where it is 0 only because fazhi holds no record of the source kind for ``year``."""
        if value == 0 and self.source is not None and not self.source(year):
            return None
        return value

    def value(self, year: int) -> Value:
        """The figure for ``year`` as the report and the figure page state it (``recorded``)."""
        return self.recorded(year, self.compute(year))


METRICS: dict[str, Metric] = LazyRegistry("metrics")


def any_record(records: Callable[[int], Any]) -> Callable[[int], bool]:
    """A ``source`` from a records query: does fazhi hold any of these records for the year?

    For a figure counting every record of its kind (lawsuits received in the year), pass its own ``records``: a zero
    there can only mean nothing was recorded. For a figure that picks among a kind, pass the kind's query."""
    return lambda year: records(year).exists()


def register_metric(
    metric_id: str,
    label: str,
    *,
    module: str,
    compute: Callable[[int], Value],
    unit: Unit = "count",
    definition: str = "",
    records: Callable[[int], Any] | None = None,
    source: Callable[[int], bool] | None = None,
) -> None:
    if dict.__contains__(METRICS, metric_id) and METRICS[metric_id].compute is not compute:
        raise ValueError(f"metric {metric_id} registered twice")
    METRICS[metric_id] = Metric(metric_id, label, module, compute, unit, definition, records, source)


@dataclass(frozen=True)
class Series:
    """A breakdown of the year's records (complaints by month, cases by domain …): ``compute(year)`` returns
    ``[(Chinese label, value), …]`` in display order. Reports write its largest items and draw it as a chart."""

    id: str
    label: str
    module: str
    compute: Callable[[int], Sequence[tuple[str, int | Decimal]]]
    unit: Unit = "count"
    chart: Literal["bar", "column", "line"] = "bar"
    # several years in one statement ({year: rows} for every year asked, the same rows as ``compute``), or None
    compute_years: Callable[[Sequence[int]], Mapping[int, Sequence[tuple[str, int | Decimal]]]] | None = None


SERIES: dict[str, Series] = LazyRegistry("metrics")


def register_series(
    series_id: str,
    label: str,
    *,
    module: str,
    compute: Callable[[int], Sequence[tuple[str, int | Decimal]]],
    unit: Unit = "count",
    chart: Literal["bar", "column", "line"] = "bar",
    compute_years: Callable[[Sequence[int]], Mapping[int, Sequence[tuple[str, int | Decimal]]]] | None = None,
) -> None:
    """``compute(year)`` gives one year's rows; ``compute_years(years)``, when given, the same rows of several
    years from one statement (``series_years`` uses it: the annual report reads every series for two years)."""
    if dict.__contains__(SERIES, series_id) and SERIES[series_id].compute is not compute:
        raise ValueError(f"series {series_id} registered twice")
    if series_id in METRICS:
        raise ValueError(f"series {series_id} has the id of a metric")
    SERIES[series_id] = Series(series_id, label, module, compute, unit, chart, compute_years)


def series_years(years: Sequence[int]) -> dict[int, dict[str, list[tuple[str, int | Decimal]]]]:
    """Every registered series for each of ``years`` ({year: {series_id: rows}}): a series that can compute several
    years at once does so in one statement, the others year by year."""
    wanted = sorted(set(years))
    out: dict[int, dict[str, list[tuple[str, int | Decimal]]]] = {y: {} for y in wanted}
    for series_id in sorted(SERIES):
        series = SERIES[series_id]
        if series.compute_years is not None:
            rows = series.compute_years(wanted)
            for y in wanted:
                out[y][series_id] = list(rows[y])
        else:
            for y in wanted:
                out[y][series_id] = list(series.compute(y))
    return out


@dataclass(frozen=True)
class TableRow:
    """One row of a registered table: ``cells`` maps a column key to its value; ``None`` makes it a heading row
    (三、本年度办理结果) that the report writes across the whole width. ``level`` indents it (（一）…, 1. …)."""

    key: str
    label: str
    cells: Mapping[str, Value] | None
    level: int = 0


@dataclass(frozen=True)
class TableData:
    columns: Sequence[tuple[str, str]]  # (key, Chinese heading), in display order
    rows: Sequence[TableRow]


@dataclass(frozen=True)
class Table:
    """A two-way count of the year's records (requests by reply type × applicant …) that a report prints as a table
    (issue #18): ``compute(year)`` returns :class:`TableData`, or None when the records are not kept. The report's
    template says where the table goes and how its head looks; the rows and the counts come from here."""

    id: str
    label: str
    module: str
    compute: Callable[[int], TableData | None]
    unit: Unit = "count"
    definition: str = ""


TABLES: dict[str, Table] = LazyRegistry("metrics")


def register_table(
    table_id: str,
    label: str,
    *,
    module: str,
    compute: Callable[[int], TableData | None],
    unit: Unit = "count",
    definition: str = "",
) -> None:
    if dict.__contains__(TABLES, table_id) and TABLES[table_id].compute is not compute:
        raise ValueError(f"table {table_id} registered twice")
    if dict.__contains__(METRICS, table_id) or dict.__contains__(SERIES, table_id):
        raise ValueError(f"table {table_id} has the id of a metric or a series")
    TABLES[table_id] = Table(table_id, label, module, compute, unit, definition)


def yoy(current: Value, previous: Value) -> Decimal | None:
    """Change against the previous year as a percentage (Decimal, 2 places), None when undefined."""
    if current is None or previous in (None, 0):
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class MetricBatch:
    """Several registered metrics computed together for several years: one set-based statement per table (each
    figure a FILTERed aggregate, every year in the same pass) instead of one statement per metric and year.
    ``compute(years)`` returns ``{(metric_id, year): value}`` for every metric of ``metric_ids`` and every year asked.
    A batch builds each figure from the same conditions (the same ``Q`` objects) as the metric's own
    ``compute(year)``, which stays the cheap way to get one figure; ``fazhi/core/tests/test_metric_batches.py``
    checks that both agree on records either side of 1 January."""

    id: str
    metric_ids: tuple[str, ...]
    compute: Callable[[Sequence[int]], Mapping[tuple[str, int], Value]]
    registered: tuple[Callable[[int], Value], ...] = ()  # each metric's compute when the batch was registered


BATCHES: dict[str, MetricBatch] = LazyRegistry("metrics")


def register_batch(
    batch_id: str, *, metrics: Sequence[str], compute: Callable[[Sequence[int]], Mapping[tuple[str, int], Value]]
) -> None:
    """Register ``compute(years)`` as the way to compute ``metrics`` (already registered) for several years at once."""
    unknown = [m for m in metrics if not dict.__contains__(METRICS, m)]
    if unknown:
        raise ValueError(f"batch {batch_id}: metrics not registered: {unknown}")
    taken = {m for b in dict.values(BATCHES) if b.id != batch_id for m in b.metric_ids}
    if taken & set(metrics):
        raise ValueError(f"batch {batch_id}: metrics already in another batch: {sorted(taken & set(metrics))}")
    registered = tuple(METRICS[m].compute for m in metrics)
    BATCHES[batch_id] = MetricBatch(batch_id, tuple(metrics), compute, registered)


def compute_years(years: Sequence[int], *, only: str | None = None) -> dict[int, dict[str, Value]]:
    """Every registered metric for each of ``years`` ({year: {metric_id: value}}): each batch once for all the years,
    the metrics outside a batch one by one."""
    wanted = sorted(set(years))
    out: dict[int, dict[str, Value]] = {y: {} for y in wanted}
    done: set[str] = set()
    for batch in BATCHES.values():
        ids = [
            m
            for m, registered in zip(batch.metric_ids, batch.registered, strict=True)
            # a metric replaced since (a test's stand-in) is computed on its own
            if m in METRICS and METRICS[m].compute is registered and not (only and not m.startswith(only))
        ]
        if not ids:
            continue
        values = batch.compute(wanted)
        for metric_id in ids:
            for y in wanted:
                out[y][metric_id] = METRICS[metric_id].recorded(y, values[(metric_id, y)])
        done.update(ids)
    for metric_id in sorted(METRICS):
        if metric_id in done or (only and not metric_id.startswith(only)):
            continue
        for y in wanted:
            out[y][metric_id] = METRICS[metric_id].value(y)
    return {y: dict(sorted(values.items())) for y, values in out.items()}


def compute_all(year: int, *, only: str | None = None) -> dict[str, Value]:
    return compute_years([year], only=only)[year]


def format_value(metric: Metric, value: Value) -> str:
    if value is None:
        return "—"
    if metric.unit == "percent":
        return f"{Decimal(value):.2f} %"
    if metric.unit == "yuan":
        return f"{Decimal(value):,.2f} 元"
    return f"{value:,}"
