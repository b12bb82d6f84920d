"""Charts of the annual report (matplotlib, Agg, Noto Sans CJK SC), as PNG bytes.

Each chart function returns None when there is nothing to draw, so the report never shows an empty or
invented chart. :func:`report_charts` picks at most two: cases by domain (``cases.by_domain.*`` metrics) and
complaints by month (``fazhi.complaints.selectors.by_month``); when either has no data, a chart of the
registered count metrics of one module takes its place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fazhi.reports.annual import AnnualReport, FigureValue

DOMAIN_LABELS = {
    "cases.by_domain.food": "食品",
    "cases.by_domain.drugs_cosmetics_devices": "两品一械",
    "cases.by_domain.special_equipment": "特种设备",
    "cases.by_domain.product_quality": "工业产品质量",
    "cases.by_domain.intellectual_property": "知识产权",
}
# Which report subsection shows a module's fallback chart.
MODULE_SECTIONS = {"registry": "powers", "oversight": "oversight", "activities": "activities"}
THIS_YEAR = "#b3261e"
LAST_YEAR = "#9aa5b1"


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    png: bytes
    section: str  # the report subsection (annual.WORK_SECTIONS key) the chart illustrates


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=150, bbox_inches="tight")
    _pyplot().close(fig)
    return out.getvalue()


def _bars(title: str, labels: list[str], current: list[float], previous: list[float] | None, year: int) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    n = len(labels)
    width = 0.38 if previous is not None else 0.6
    xs = list(range(n))
    bars = ax.bar([x - (width / 2 if previous is not None else 0) for x in xs], current, width, color=THIS_YEAR)
    bars_label = [f"{year}年"]
    if previous is not None:
        ax.bar([x + width / 2 for x in xs], previous, width, color=LAST_YEAR)
        bars_label.append(f"{year - 1}年")
        ax.legend(bars_label, frameon=False, fontsize=9)
    ax.bar_label(bars, labels=[f"{v:g}" for v in current], fontsize=8, padding=2)
    ax.set_xticks(xs, labels, fontsize=9)
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    ax.margins(y=0.15)
    return _png(fig)


def _hbars(title: str, labels: list[str], current: list[float], previous: list[float] | None, year: int) -> bytes:
    """Horizontal bars: long Chinese metric labels stay readable on the y axis."""
    plt = _pyplot()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * n + 0.9))
    height = 0.38 if previous is not None else 0.6
    ys = list(range(n))[::-1]
    bars = ax.barh([y + (height / 2 if previous is not None else 0) for y in ys], current, height, color=THIS_YEAR)
    if previous is not None:
        ax.barh([y - height / 2 for y in ys], previous, height, color=LAST_YEAR)
        ax.legend([f"{year}年", f"{year - 1}年"], frameon=False, fontsize=8, loc="lower right")
    ax.bar_label(bars, labels=[f"{v:g}" for v in current], fontsize=8, padding=2)
    ax.set_yticks(ys, labels, fontsize=8.5)
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    ax.margins(x=0.12)
    return _png(fig)


def _number(value: Any) -> float:
    return float(Decimal(value)) if value is not None else 0.0


def cases_by_domain_chart(report: AnnualReport) -> Chart | None:
    rows = [report.figures[k] for k in DOMAIN_LABELS if k in report.figures and report.figures[k].value is not None]
    if not rows or not any(_number(f.value) for f in rows):
        return None
    has_previous = any(f.previous is not None for f in rows)
    png = _bars(
        f"{report.year}年分领域查办案件数（件）",
        [DOMAIN_LABELS[f.metric_id] for f in rows],
        [_number(f.value) for f in rows],
        [_number(f.previous) for f in rows] if has_previous else None,
        report.year,
    )
    return Chart("cases_by_domain", f"图 分领域查办案件数（{report.year}年与{report.year - 1}年）", png, "cases")


def complaints_by_month_chart(report: AnnualReport) -> Chart | None:
    try:
        from fazhi.complaints.selectors import by_month
    except ImportError:
        return None
    rows = by_month(report.year)
    if not any(r["n"] for r in rows):
        return None
    png = _bars(
        f"{report.year}年投诉举报按月受理量（件）",
        [r["label"] for r in rows],
        [float(r["n"]) for r in rows],
        None,
        report.year,
    )
    return Chart("complaints_by_month", f"图 {report.year}年投诉举报按月受理情况", png, "complaints")


def module_chart(report: AnnualReport, module: str, label: str) -> Chart | None:
    rows: list[FigureValue] = [
        f for f in report.figures.values() if f.module == module and f.unit == "count" and f.value is not None
    ]
    rows = [f for f in rows if _number(f.value)][:8]
    if len(rows) < 3:  # two bars of unrelated scale say nothing
        return None
    has_previous = any(f.previous is not None for f in rows)
    png = _hbars(
        f"{report.year}年{label}主要指标",
        [f.label.split("（")[0] for f in rows],
        [_number(f.value) for f in rows],
        [_number(f.previous) for f in rows] if has_previous else None,
        report.year,
    )
    return Chart(
        f"module_{module}",
        f"图 {label}主要指标（{report.year}年与{report.year - 1}年）",
        png,
        MODULE_SECTIONS.get(module, module),
    )


def report_charts(report: AnnualReport, *, limit: int = 2) -> list[Chart]:
    """At most ``limit`` charts with data, the preferred ones first."""
    from fazhi.reports.selectors import MODULE_LABELS

    charts: list[Chart] = []
    for make in (cases_by_domain_chart, complaints_by_month_chart):
        chart = make(report)
        if chart:
            charts.append(chart)
    for module, label in MODULE_LABELS.items():
        if len(charts) >= limit:
            break
        if any(c.key == f"module_{module}" for c in charts) or (
            module == "cases" and charts and charts[0].key == "cases_by_domain"
        ):
            continue
        chart = module_chart(report, module, label)
        if chart:
            charts.append(chart)
    return charts[:limit]
