"""A small horizontal bar chart rendered as SVG text (no plotting library; the dashboard may embed it)."""

from __future__ import annotations

from html import escape
from typing import Any


def bar_chart_svg(rows: list[dict[str, Any]], *, title: str, width: int = 640) -> str:
    bar_h, gap, left, top = 22, 8, 150, 34
    height = top + len(rows) * (bar_h + gap) + 10
    peak = max((r["n"] for r in rows), default=0) or 1
    span = width - left - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="Noto Sans CJK SC, sans-serif" font-size="13">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = round(span * row["n"] / peak)
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(str(row["label"]))[:14]}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="#2f6fb0" rx="3"/>')
        parts.append(f'<text x="{left + w + 6}" y="{y + 16}">{row["n"]:,}</text>')
    parts.append("</svg>")
    return "".join(parts)
