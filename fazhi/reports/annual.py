"""The annual reports, written from a template (``fazhi/reports/specs/<kind>.yaml``) and the metric catalogue.

A report is a tree of sections; each paragraph is a list of :class:`Run` pieces — plain text, a figure computed by
a registered metric (or series), or a Chinese sentence saying which records are missing (never a metric id, never
an invented number). The paragraphs' text is the bureau's own (``reports.models.ReportParagraph``, edited in the
browser) or, until someone writes it, the template's starting text; ``{metric.id}`` placeholders are filled from
:class:`Figures`, computed live — or, once the leader has approved the report, the values it was approved with.
The .docx, .pdf, .html and JSON renderings all read this one structure, so they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from fazhi.core.metrics import METRICS, SERIES, TABLES, TableData, TableRow, Value, compute_years, series_years, yoy
from fazhi.reports.spec import (
    PLACEHOLDER as PLACEHOLDER_RE,
)
from fazhi.reports.spec import (
    HeadCell,
    ReportSpec,
    SectionSpec,
    TableSpec,
    load_spec,
    numbered_title,
    placeholders,
)

RunKind = Literal["text", "figure", "missing"]
SeriesRows = list[tuple[str, Any]]


@dataclass(frozen=True)
class Run:
    text: str
    kind: RunKind = "text"
    metric_id: str = ""


@dataclass
class Paragraph:
    key: str
    lead: str
    runs: list[Run] = field(default_factory=list)
    source: str = "template"  # "template" (starting text) | "bureau" (written in the app) | "finding"

    @property
    def text(self) -> str:
        return self.lead + "".join(r.text for r in self.runs)

    @property
    def metric_ids(self) -> list[str]:
        return list(dict.fromkeys(r.metric_id for r in self.runs if r.metric_id))


@dataclass
class Section:
    key: str
    title: str
    level: int  # 1 = 一、…; 2 = （一）…
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class TableLine:
    """A body row of a report table: its label and one list of runs per column; ``cells=None`` is a heading row."""

    label: str
    cells: list[list[Run]] | None
    level: int = 0


@dataclass
class ReportTable:
    key: str
    section: str
    caption: str
    head: list[list[HeadCell]]
    lines: list[TableLine]
    note: list[Run]
    source: str = ""
    label_column: bool = True
    missing: Run | None = None  # the registered table has no records to count: one Chinese sentence instead

    @property
    def width(self) -> int:
        return sum(c.colspan for c in self.head[0]) if self.head else 0

    def runs(self) -> list[Run]:
        out = [*self.note]
        if self.missing is not None:
            out.append(self.missing)
        for line in self.lines:
            for cell in line.cells or []:
                out.extend(cell)
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "section": self.section,
            "caption": self.caption,
            "source": self.source or None,
            "head": [[{"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan} for c in row] for row in self.head],
            "rows": [
                {
                    "label": line.label,
                    "level": line.level,
                    "cells": None if line.cells is None else ["".join(r.text for r in cell) for cell in line.cells],
                }
                for line in self.lines
            ],
            "note": "".join(r.text for r in self.note),
            "missing": self.missing.text if self.missing is not None else None,
        }


# ---------------------------------------------------------------- figures


@dataclass
class Figures:
    """Every value a report may print, for one year and the year before, and when they were computed."""

    year: int
    values: dict[str, Value]
    previous: dict[str, Value]
    series: dict[str, SeriesRows]
    computed_at: dt.datetime
    series_previous: dict[str, SeriesRows] = field(default_factory=dict)
    tables: dict[str, TableData | None] = field(default_factory=dict)

    @classmethod
    def compute(cls, year: int, *, now: dt.datetime | None = None) -> Figures:
        from fazhi.core.clock import now as clock_now

        both = compute_years([year - 1, year])  # each table read once for both years where a batch is registered
        values, previous = both[year], both[year - 1]
        by_year = series_years([year - 1, year])  # a series that can read both years at once does
        series, series_previous = by_year[year], by_year[year - 1]
        tables = {k: TABLES[k].compute(year) for k in sorted(TABLES)}
        return cls(year, values, previous, series, now or clock_now(), series_previous, tables)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "values": {k: _store(v) for k, v in self.values.items()},
            "previous": {k: _store(v) for k, v in self.previous.items()},
            "series": {k: [[label, _store(v)] for label, v in rows] for k, rows in self.series.items()},
            "series_previous": {
                k: [[label, _store(v)] for label, v in rows] for k, rows in self.series_previous.items()
            },
            "tables": {k: _store_table(t) for k, t in self.tables.items()},
            "computed_at": self.computed_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures:
        return cls(
            int(data["year"]),
            {k: _load(v) for k, v in data["values"].items()},
            {k: _load(v) for k, v in data["previous"].items()},
            {k: [(label, _load(v)) for label, v in rows] for k, rows in data["series"].items()},
            dt.datetime.fromisoformat(data["computed_at"]),
            {k: [(label, _load(v)) for label, v in rows] for k, rows in data.get("series_previous", {}).items()},
            {k: _load_table(t) for k, t in data.get("tables", {}).items()},
        )


def _store(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _load(value: Any) -> Any:
    return Decimal(value) if isinstance(value, str) else value


def _store_table(table: TableData | None) -> dict[str, Any] | None:
    if table is None:
        return None
    return {
        "columns": [[key, label] for key, label in table.columns],
        "rows": [
            {
                "key": r.key,
                "label": r.label,
                "level": r.level,
                "cells": None if r.cells is None else {k: _store(v) for k, v in r.cells.items()},
            }
            for r in table.rows
        ],
    }


def _load_table(data: Mapping[str, Any] | None) -> TableData | None:
    if data is None:
        return None
    return TableData(
        columns=[(str(key), str(label)) for key, label in data["columns"]],
        rows=[
            TableRow(
                str(r["key"]),
                str(r["label"]),
                None if r["cells"] is None else {k: _load(v) for k, v in r["cells"].items()},
                int(r.get("level", 0)),
            )
            for r in data["rows"]
        ],
    )


@dataclass(frozen=True)
class FigureValue:
    metric_id: str
    label: str
    module: str
    unit: str
    value: Value
    previous: Value
    change: Decimal | None  # year-on-year change in percent (percentage points are not computed)
    definition: str = ""

    @property
    def text(self) -> str:
        return phrase_value(self.unit, self.value) if self.value is not None else "暂无数据"

    @property
    def previous_text(self) -> str:
        return phrase_value(self.unit, self.previous) if self.previous is not None else "—"

    @property
    def change_text(self) -> str:
        return f"{_plain(self.change)}%" if self.change is not None else "—"


def figure_value(metric_id: str, figures: Figures) -> FigureValue:
    metric = METRICS.get(metric_id)
    if metric is None:
        return FigureValue(metric_id, "", "", "count", None, None, None)
    value = figures.values.get(metric_id)
    prev = figures.previous.get(metric_id)
    change: Decimal | None = None
    # A metric's own "<id>_yoy" (e.g. registry.entities_new_yoy) wins: its module defined what the change means.
    own = f"{metric_id}_yoy"
    if own in METRICS:
        raw = figures.values.get(own)
        change = Decimal(raw) if raw is not None else None
    elif metric.unit != "percent":
        change = yoy(value, prev)
    return FigureValue(metric_id, metric.label, metric.module, metric.unit, value, prev, change, metric.definition)


# ---------------------------------------------------------------- phrasing


def _plain(d: Decimal, places: int = 2) -> str:
    """12.50 → 12.5, 100.00 → 100: the report writes numbers without trailing zeros or separators."""
    q = Decimal(d).quantize(Decimal(1).scaleb(-places))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def phrase_value(unit: str, value: Value, suffix: str = "") -> str:
    """A value as the report writes it: 14163, 605.14万元, 100%."""
    if value is None:
        raise ValueError("phrase_value needs a value")
    if unit == "percent":
        return f"{_plain(Decimal(value))}%"
    if unit == "yuan":
        amount = Decimal(value)
        if abs(amount) >= 10000:
            return f"{_plain(amount / 10000)}万元"
        return f"{_plain(amount)}元"
    return f"{value}{suffix}"


def phrase_change(change: Decimal) -> str:
    if change > 0:
        return f"同比增长{_plain(change)}%"
    if change < 0:
        return f"同比下降{_plain(-change)}%"
    return "与上年持平"


def catalogue_label(item_id: str) -> str:
    """The Chinese name of a registered metric, series or table ("" when nothing is registered under the id)."""
    for registry in (METRICS, SERIES, TABLES):
        if item_id in registry:
            return str(registry[item_id].label)  # type: ignore[attr-defined]
    return ""


def missing_sentence(metric_id: str) -> str:
    """What a reader sees where the records for a figure are missing: Chinese, never the metric id."""
    label = catalogue_label(metric_id)
    return f"（暂无“{label}”的记录数据）" if label else "（暂无该项记录数据）"


def _series_text(rows: SeriesRows, unit: str, how: str) -> str | None:
    rows = [(label, v) for label, v in rows if v]
    if not rows:
        return None
    ranked = sorted(rows, key=lambda r: -Decimal(r[1]))
    if how == "max":
        label, v = ranked[0]
        return f"{label}（{phrase_value(unit, v, '件' if unit == 'count' else '')}）"
    return "、".join(f"{label}{phrase_value(unit, v, '件' if unit == 'count' else '')}" for label, v in ranked[:3])


def fill(text: str, figures: Figures, context: Mapping[str, str]) -> list[Run]:
    """The runs of a paragraph text: literal text, and each placeholder replaced by its figure or a missing note."""
    runs: list[Run] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()]))
        name, how = m.group(1), m.group(2) or ""
        pos = m.end()
        if name in context:
            runs.append(Run(context[name]))
            continue
        if name in SERIES:
            phrase = _series_text(figures.series.get(name, []), SERIES[name].unit, how or "top3")
            runs.append(Run(phrase, "figure", name) if phrase else Run(missing_sentence(name), "missing", name))
            continue
        f = figure_value(name, figures)
        if how == "yoy":
            if f.change is None:
                runs.append(Run("（无上年可比数据）", "missing", name))
            else:
                runs.append(Run(phrase_change(f.change), "figure", name))
        elif how == "prev":
            runs.append(
                Run(phrase_value(f.unit, f.previous), "figure", name)
                if f.previous is not None
                else Run(missing_sentence(name), "missing", name)
            )
        elif f.value is None:
            runs.append(Run(missing_sentence(name), "missing", name))
        else:
            runs.append(Run(phrase_value(f.unit, f.value), "figure", name))
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return runs


# ---------------------------------------------------------------- the report


@dataclass
class AnnualReport:
    kind: str
    name: str
    year: int
    bureau: str
    title: str
    generated_on: dt.date
    intro: list[Run]
    sections: list[Section]
    figures: dict[str, FigureValue]
    signature: list[str]
    computed_at: dt.datetime
    status: str = "draft"  # draft | submitted | approved | published (of the bureau's draft, if any)
    approved_by: str = ""
    approved_at: dt.datetime | None = None
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    series: dict[str, SeriesRows] = field(default_factory=dict)
    series_previous: dict[str, SeriesRows] = field(default_factory=dict)
    charts: list[dict[str, str]] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    appendix: str = "all"

    @property
    def signature_date(self) -> str:
        return self.signature[-1] if self.signature else ""

    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []

        def walk(section: Section) -> None:
            out.extend(section.paragraphs)
            for child in section.children:
                walk(child)

        for s in self.sections:
            walk(s)
        return out

    @property
    def missing(self) -> list[str]:
        """Metric ids without data that the text refers to (the leader sees their Chinese labels)."""
        seen: dict[str, None] = {}
        for runs in [self.intro, *(p.runs for p in self.paragraphs()), *(t.runs() for t in self.tables)]:
            for r in runs:
                if r.kind == "missing":
                    seen[r.metric_id] = None
        return list(seen)

    def referenced_ids(self) -> list[str]:
        """Metric ids the text and the tables print (the appendix of a report whose template asks for those only)."""
        seen: dict[str, None] = {}
        for runs in [self.intro, *(p.runs for p in self.paragraphs()), *(t.runs() for t in self.tables)]:
            for r in runs:
                if r.metric_id and r.metric_id in self.figures:
                    seen[r.metric_id] = None
        return list(seen)

    def missing_labels(self) -> list[tuple[str, str]]:
        """(metric id, Chinese label) of what is missing, for the leader's list before approval."""
        out = []
        for metric_id in self.missing:
            out.append((metric_id, catalogue_label(metric_id) or "（未登记的指标）"))
        return out

    def as_json(self) -> dict[str, Any]:
        """Stable, machine-readable form: ``metrics`` keyed by metric id (every registered metric and every
        metric the text refers to), ``outline`` (sections with ``title`` and their paragraph keys), ``missing``."""
        return {
            "kind": self.kind,
            "year": self.year,
            "bureau": self.bureau,
            "title": self.title,
            "status": self.status,
            "generated_on": self.generated_on.isoformat(),
            "computed_at": self.computed_at.isoformat(),
            "approved_by": self.approved_by or None,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
            "metrics": {k: json_number(f.value) for k, f in sorted(self.figures.items())},
            "figures": {
                k: {
                    "label": f.label,
                    "module": f.module,
                    "unit": f.unit,
                    "definition": f.definition,
                    "registered": k in METRICS,
                    "value": json_number(f.value),
                    "previous": json_number(f.previous),
                    "yoy": json_number(f.change),
                    "text": f.text,
                }
                for k, f in sorted(self.figures.items())
            },
            "missing": self.missing,
            "intro": "".join(r.text for r in self.intro),
            "paragraphs": {p.key: p.text for p in self.paragraphs()},
            "paragraph_metrics": {p.key: p.metric_ids for p in self.paragraphs()},
            "outline": [_outline(s) for s in self.sections],
            "tables": {t.key: t.as_json() for t in self.tables},
            "deadlines": self.deadlines,
        }


def _outline(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": [p.key for p in section.paragraphs],
        "children": [_outline(c) for c in section.children],
    }


def json_number(value: Value) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return int(value)


def _plain_count(value: Value, unit: str) -> str:
    """A table cell: counts as they are (0 included), amounts in 万元 as the report writes them."""
    if value is None:
        return "—"
    return phrase_value(unit, value)


def build_table(spec: TableSpec, figures: Figures, context: Mapping[str, str]) -> ReportTable:
    """A table block of the template: its head, and its rows from a registered table or from placeholders."""
    caption = "".join(r.text for r in fill(spec.caption, figures, context))
    note = fill(spec.note, figures, context) if spec.note else []
    lines: list[TableLine] = []
    missing: Run | None = None
    columns: list[tuple[str, str]] = []
    if spec.source:
        data = figures.tables.get(spec.source)
        registered = TABLES.get(spec.source)
        unit = registered.unit if registered is not None else "count"
        if data is None:
            missing = Run(missing_sentence(spec.source), "missing", spec.source)
            labels = {}
        else:
            labels = dict(data.columns)
        keys = list(spec.columns) or [k for k, _ in (data.columns if data is not None else [])]
        columns = [(k, labels.get(k, k)) for k in keys]
        for row in data.rows if data is not None else []:
            cells = None
            if row.cells is not None:
                cells = [[Run(_plain_count(row.cells.get(k), unit), "figure", spec.source)] for k in keys]
            lines.append(TableLine(row.label, cells, row.level))
    else:
        for row_spec in spec.rows:
            lines.append(
                TableLine(row_spec.label, [fill(text, figures, context) for text in row_spec.cells], row_spec.level)
            )
    head = [
        [HeadCell("".join(r.text for r in fill(c.text, figures, context)), c.colspan, c.rowspan) for c in row]
        for row in spec.head
    ]
    if not head:
        first = [HeadCell(spec.stub)] if spec.label_column else []
        head = [first + [HeadCell(label) for _, label in columns]] if columns else ([first] if first else [])
    return ReportTable(spec.key, spec.section, caption, head, lines, note, spec.source, spec.label_column, missing)


@dataclass(frozen=True)
class WrittenParagraph:
    """A paragraph as the bureau has it: text written in the app (or kept from the template), in its section."""

    key: str
    section: str
    lead: str
    text: str
    source: str  # "template" | "bureau" | "finding"


def starting_paragraphs(spec: ReportSpec, figures: Figures) -> list[WrittenParagraph]:
    """The template's starting text, plus one paragraph per finding the records show (存在的不足)."""
    out = [WrittenParagraph(p.key, s.key, p.lead, p.text, "template") for s, p in spec.paragraphs()]
    generated = [s for s in spec.walk() if s.generated == "shortcomings"]
    if generated:
        target = generated[0].key
        for finding in spec.findings:
            value = figures.values.get(finding.metric)
            if value is None:
                continue
            v = Decimal(value)
            if (finding.below is not None and v < Decimal(str(finding.below))) or (
                finding.above is not None and v > Decimal(str(finding.above))
            ):
                out.append(WrittenParagraph(f"{target}.finding.{finding.key}", target, "", finding.text, "finding"))
    return out


def build_report(
    kind: str,
    year: int,
    *,
    figures: Figures | None = None,
    written: list[WrittenParagraph] | None = None,
    bureau: str | None = None,
    today: dt.date | None = None,
    status: str = "draft",
    approved_by: str = "",
    approved_at: dt.datetime | None = None,
) -> AnnualReport:
    """The report of ``kind`` for ``year``: the template's structure, the written (or starting) paragraphs, and the
    figures (computed now unless given — an approved report passes the values it was approved with)."""
    from django.conf import settings

    from fazhi.core.clock import legal_today

    spec = load_spec(kind)
    bureau = bureau or settings.FAZHI_BUREAU_NAME
    today = today or legal_today()
    figures = figures or Figures.compute(year)
    written = written if written is not None else starting_paragraphs(spec, figures)
    context = {"year": str(year), "next_year": str(year + 1), "bureau": bureau}
    by_section: dict[str, list[WrittenParagraph]] = {}
    for w in written:
        by_section.setdefault(w.section, []).append(w)

    def build(s: SectionSpec, index: int) -> Section:
        section = Section(s.key, numbered_title(s, index), s.level)
        for n, w in enumerate(by_section.get(s.key, []), start=1):
            lead = f"{n}.{w.lead}" if w.lead and s.level == 2 else w.lead
            section.paragraphs.append(Paragraph(w.key, lead, fill(w.text, figures, context), w.source))
        section.children = [build(child, i) for i, child in enumerate(s.sections)]
        return section

    referenced = [i for i in spec.metric_ids() if i not in SERIES and i not in TABLES]
    ids = list(dict.fromkeys([*METRICS, *referenced]))
    report = AnnualReport(
        kind=kind,
        name=spec.name,
        year=year,
        bureau=bureau,
        title=spec.title.format(**context),
        generated_on=today,
        intro=fill(spec.intro, figures, context),
        sections=[build(s, i) for i, s in enumerate(spec.sections)],
        figures={k: figure_value(k, figures) for k in ids},
        signature=spec.signature.format(**context).split("\n"),
        computed_at=figures.computed_at,
        status=status,
        approved_by=approved_by,
        approved_at=approved_at,
        deadlines=[
            {
                "key": d.key,
                "label": d.label,
                "due_on": dt.date(year + 1, d.month, d.day).isoformat(),
                "citation": d.citation,
                "status": d.status,
            }
            for d in spec.deadlines
        ],
        series=figures.series,
        series_previous=figures.series_previous,
        charts=[{**c, "caption": c["caption"].format(**context)} for c in spec.charts],
        tables=[build_table(t, figures, context) for t in spec.tables],
        appendix=spec.appendix,
    )
    return report


def build_annual_report(year: int, *, bureau: str | None = None, today: dt.date | None = None) -> AnnualReport:
    """The 法治政府建设年度报告 of ``year`` as the bureau has it now (its draft if one exists, else the template)."""
    from fazhi.reports import selectors

    return selectors.report_for("rule_of_law", year, bureau=bureau, today=today)


def referenced_metric_ids(kind: str = "rule_of_law") -> list[str]:
    return [i for i in load_spec(kind).metric_ids() if i not in SERIES and i not in TABLES]


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders that name neither a metric, a series nor a context value (an editor's typo)."""
    from fazhi.reports.spec import CONTEXT_NAMES

    return [
        p.name
        for p in placeholders(text)
        if p.name not in METRICS and p.name not in SERIES and p.name not in CONTEXT_NAMES
    ]


def unwritten_parts(kind: str, written: list[WrittenParagraph]) -> list[tuple[str, str]]:
    """The parts the template says the bureau must write itself (``requires_written``) that still have no paragraph
    written in the app — (section key, title as printed). A starting text or a finding the system proposed does not
    count until someone rewrites it; a paragraph with no text left does not count either."""
    spec = load_spec(kind)
    titles = spec.numbered_titles()
    written_in = {w.section for w in written if w.source == "bureau" and w.text.strip()}
    return [(s.key, titles[s.key]) for s in spec.walk() if s.requires_written and s.key not in written_in]
