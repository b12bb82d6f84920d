"""Charts of the annual report (matplotlib PNG for Word/PDF) and of the leaders' dashboard (inline SVG).

The report template names its charts (``charts:`` in ``specs/<kind>.yaml``: a registered series, the part it
illustrates, a caption); each is drawn from the series' values of the year and the year before. A chart with no
data is left out, so the report never shows an empty or invented chart.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from fazhi.core.metrics import SERIES
from fazhi.reports.annual import AnnualReport

THIS_YEAR = "#b3261e"
LAST_YEAR = "#9aa5b1"


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    png: bytes
    section: str  # the key of the report's part (spec section) the chart illustrates


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


def _aligned(
    current: Sequence[tuple[str, Any]], previous: Sequence[tuple[str, Any]]
) -> tuple[list[str], list[float], list[float]]:
    labels = [label for label, _ in current]
    before = dict(previous)
    return labels, [_number(v) for _, v in current], [_number(before.get(label)) for label in labels]


def series_chart(report: AnnualReport, series_id: str, section: str, caption: str) -> Chart | None:
    current = report.series.get(series_id) or []
    if not any(_number(v) for _, v in current):
        return None
    previous = report.series_previous.get(series_id) or []
    labels, now, before = _aligned(current, previous)
    has_previous = any(before)
    title = f"{report.year}年{SERIES[series_id].label if series_id in SERIES else ''}"
    horizontal = len(labels) > 6 and bool(SERIES.get(series_id)) and SERIES[series_id].chart == "bar"
    png = _drawn(horizontal, title, tuple(labels), tuple(now), tuple(before) if has_previous else None, report.year)
    return Chart(series_id, caption, png, section)


@lru_cache(maxsize=64)
def _drawn(
    horizontal: bool,
    title: str,
    labels: tuple[str, ...],
    current: tuple[float, ...],
    previous: tuple[float, ...] | None,
    year: int,
) -> bytes:
    """A chart is a function of its data alone: the same figures (the Word file, the PDF and the web page of one
    report, or the next request while nothing changed) are drawn once per process, not once per download."""
    draw = _hbars if horizontal else _bars
    return draw(title, list(labels), list(current), list(previous) if previous is not None else None, year)


def report_charts(report: AnnualReport) -> list[Chart]:
    """The charts the report's template asks for, in its order, those with data only."""
    out = []
    for spec in report.charts:
        chart = series_chart(report, spec["series"], spec["section"], spec["caption"])
        if chart is not None:
            out.append(chart)
    return out


# ---------------------------------------------------------------- the dashboard (inline SVG, no image files)


def svg_bars(title: str, rows: list[tuple[str, float, float | None]], *, width: int = 560) -> str:
    """Horizontal bars of this year (red) and last year (grey), labels on the left; escaped text only."""
    from html import escape

    bar, gap, left, top = 12, 10, 130, 30
    height = top + len(rows) * (2 * bar + gap) + 24
    peak = max([max(v, p or 0) for _, v, p in rows] or [1]) or 1
    span = width - left - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="Noto Sans CJK SC, sans-serif" font-size="12">',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value, previous) in enumerate(rows):
        y = top + i * (2 * bar + gap)
        parts.append(f'<text x="{left - 6}" y="{y + bar + 4}" text-anchor="end">{escape(label[:10])}</text>')
        w = round(span * value / peak)
        parts.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar}" fill="{THIS_YEAR}" rx="2"/>')
        parts.append(f'<text x="{left + w + 4}" y="{y + bar - 2}">{value:g}</text>')
        if previous is not None:
            pw = round(span * previous / peak)
            parts.append(f'<rect x="{left}" y="{y + bar}" width="{pw}" height="{bar}" fill="{LAST_YEAR}" rx="2"/>')
            parts.append(f'<text x="{left + pw + 4}" y="{y + 2 * bar - 2}" fill="#555">{previous:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def dashboard_charts(year: int) -> list[dict[str, str]]:
    """Every registered series as an SVG chart, this year against last (empty series are left out)."""
    out = []
    for series_id, series in sorted(SERIES.items()):
        current = series.compute(year)
        if not any(_number(v) for _, v in current):
            continue
        labels, now, before = _aligned(current, series.compute(year - 1))
        rows = [(label, n, b if any(before) else None) for label, n, b in zip(labels, now, before, strict=True)]
        legend = f"{year}年（红）与{year - 1}年（灰）" if any(before) else f"{year}年"
        out.append({"id": series_id, "title": series.label, "legend": legend, "svg": svg_bars(series.label, rows)})
    return out
