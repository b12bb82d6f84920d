"""Report templates as data: ``fazhi/reports/specs/<kind>.yaml`` (structure, starting text, due dates).

A report is a template plus the metric catalogue — adding a report is adding a YAML file, not code. The loader is
strict: unknown keys, duplicate paragraph keys and malformed placeholders fail (``check_specs`` runs in the suite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC_DIR = Path(__file__).with_name("specs")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)(?:\|([a-z0-9]+))?\}")
CONTEXT_NAMES = frozenset({"year", "next_year", "bureau"})
FILTERS = frozenset({"yoy", "prev", "max", "top3"})
SERIES_FILTERS = frozenset({"max", "top3"})
CN_NUMBERS = "一二三四五六七八九十"


class SpecError(ValueError):
    pass


@dataclass(frozen=True)
class Placeholder:
    name: str
    filter: str = ""

    @property
    def is_context(self) -> bool:
        return self.name in CONTEXT_NAMES


def squash(text: str) -> str:
    """One line from a folded YAML text: the line breaks of the file are no spaces in Chinese (between two Chinese
    characters or punctuation marks they vanish), but stay one space between Latin words and numbers."""
    out = ""
    for piece in text.split():
        if out and (out[-1].isascii() and piece[0].isascii()):
            out += " "
        out += piece
    return out


def placeholders(text: str) -> list[Placeholder]:
    return [Placeholder(m.group(1), m.group(2) or "") for m in PLACEHOLDER.finditer(text)]


def check_text(text: str, *, where: str) -> None:
    """Every ``{…}`` is a well-formed placeholder with a known filter (stray braces are errors)."""
    stripped = PLACEHOLDER.sub("", text)
    if "{" in stripped or "}" in stripped:
        raise SpecError(f"{where}：占位符格式不正确（应为 {{指标编号}} 或 {{指标编号|yoy}}）")
    for p in placeholders(text):
        if p.filter and p.filter not in FILTERS:
            raise SpecError(f"{where}：未知的占位符修饰 |{p.filter}（可用：{'、'.join(sorted(FILTERS))}）")


@dataclass(frozen=True)
class ParagraphSpec:
    key: str
    lead: str
    text: str


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str  # without its number
    level: int
    paragraphs: tuple[ParagraphSpec, ...]
    sections: tuple[SectionSpec, ...]
    generated: str = ""  # "shortcomings": the system proposes findings as starting paragraphs
    # the leader may approve the report only once the bureau has written at least one paragraph of its own here
    # (a starting text or a finding the system proposed does not count: 存在的不足 and 下一步工作安排 are the
    # bureau's own assessment)
    requires_written: bool = False


@dataclass(frozen=True)
class Finding:
    """A weakness the records show, proposed as a paragraph of 存在的不足 (the bureau keeps or deletes it)."""

    key: str
    metric: str
    below: float | None
    above: float | None
    text: str


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    month: int
    day: int
    citation: str
    status: str


@dataclass(frozen=True)
class HeadCell:
    """A cell of a table's head; ``colspan``/``rowspan`` merge it over columns/head rows (as in the official form)."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class TableRowSpec:
    """A row written in the template: a label and one text per column (placeholders allowed, as in paragraphs)."""

    label: str
    cells: tuple[str, ...]
    level: int = 0


@dataclass(frozen=True)
class TableSpec:
    """A table block: either the rows and counts of a registered table (``source``, fazhi.core.metrics.TABLES) or
    rows written in the template whose cells are placeholders (``rows``). The head and the place are the
    template's."""

    key: str
    section: str
    caption: str
    source: str = ""
    columns: tuple[str, ...] = ()  # source tables: the column keys printed, in order (default: all of the source)
    head: tuple[tuple[HeadCell, ...], ...] = ()  # default: one row — the stub, then the columns' own headings
    stub: str = "项目"  # heading of the label column
    label_column: bool = True
    rows: tuple[TableRowSpec, ...] = ()
    note: str = ""

    @property
    def width(self) -> int | None:
        """Number of columns (label column included), when the template fixes it."""
        if self.rows:
            return len(self.rows[0].cells) + (1 if self.label_column else 0)
        if self.columns:
            return len(self.columns) + (1 if self.label_column else 0)
        return None

    def texts(self) -> list[str]:
        return [self.caption, self.note, *(c for r in self.rows for c in r.cells)]


def head_width(head: tuple[tuple[HeadCell, ...], ...], *, where: str) -> int:
    """The width a table head covers, checking that every head row is filled exactly (merged cells included)."""
    taken: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(head):
        col = 0
        for cell in row:
            while taken.get((r, col)):
                col += 1
            if cell.colspan < 1 or cell.rowspan < 1:
                raise SpecError(f"{where}：表头单元格“{cell.text}”的合并行列数应为正整数")
            if r + cell.rowspan > len(head):
                raise SpecError(f"{where}：表头单元格“{cell.text}”向下合并超出了表头")
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, col + dc)] = True
            col += cell.colspan
        while taken.get((r, col)):
            col += 1
        widths.append(col)
    if len(set(widths)) > 1:
        raise SpecError(f"{where}：表头各行的列数不一致（{widths}）")
    return widths[0] if widths else 0


@dataclass(frozen=True)
class ReportSpec:
    kind: str
    name: str
    title: str
    basis: dict[str, Any]
    deadlines: tuple[Deadline, ...]
    intro: str
    sections: tuple[SectionSpec, ...]
    findings: tuple[Finding, ...]
    signature: str
    charts: tuple[dict[str, str], ...] = ()
    tables: tuple[TableSpec, ...] = ()
    appendix: str = "all"  # the figures appendix: "all" registered figures, only those "referenced", or "none"

    def walk(self) -> list[SectionSpec]:
        out: list[SectionSpec] = []

        def visit(s: SectionSpec) -> None:
            out.append(s)
            for child in s.sections:
                visit(child)

        for s in self.sections:
            visit(s)
        return out

    def paragraphs(self) -> list[tuple[SectionSpec, ParagraphSpec]]:
        return [(s, p) for s in self.walk() for p in s.paragraphs]

    def numbered_titles(self) -> dict[str, str]:
        """Each section's key → its title as printed (一、… / （一）…)."""
        out: dict[str, str] = {}

        def visit(sections: tuple[SectionSpec, ...]) -> None:
            for index, s in enumerate(sections):
                out[s.key] = numbered_title(s, index)
                visit(s.sections)

        visit(self.sections)
        return out

    def section(self, key: str) -> SectionSpec:
        for s in self.walk():
            if s.key == key:
                return s
        raise KeyError(key)

    def metric_ids(self) -> list[str]:
        texts = [
            self.intro,
            *(p.text for _, p in self.paragraphs()),
            *(f.text for f in self.findings),
            *(t for table in self.tables for t in table.texts()),
        ]
        ids = [p.name for t in texts for p in placeholders(t) if not p.is_context]
        ids += [f.metric for f in self.findings]
        return list(dict.fromkeys(ids))


def numbered_title(section: SectionSpec, index: int) -> str:
    """一、… for the parts, （一）… for the subsections (GB/T 9704 §7.3.3 层次序数)."""
    number = CN_NUMBERS[index] if index < len(CN_NUMBERS) else str(index + 1)
    return f"{number}、{section.title}" if section.level == 1 else f"（{number}）{section.title}"


_SECTION_KEYS = {"key", "title", "paragraphs", "sections", "generated", "requires_written"}
_PARAGRAPH_KEYS = {"key", "lead", "text"}
_TOP_KEYS = {
    "kind", "name", "title", "basis", "deadlines", "intro", "sections", "findings", "signature", "charts", "tables",
    "appendix",
}  # fmt: skip
_TABLE_KEYS = {"key", "section", "caption", "source", "columns", "head", "stub", "label_column", "rows", "note"}
APPENDIX = frozenset({"all", "referenced", "none"})


def _strict(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise SpecError(f"{where}：未知的键 {sorted(unknown)}")


def _section(data: dict[str, Any], level: int, seen: set[str], where: str) -> SectionSpec:
    _strict(data, _SECTION_KEYS, where)
    key = str(data["key"])
    paragraphs = []
    for p in data.get("paragraphs") or []:
        _strict(p, _PARAGRAPH_KEYS, f"{where}.{p.get('key')}")
        pkey = str(p["key"])
        if pkey in seen:
            raise SpecError(f"{where}：段落编号 {pkey} 重复")
        seen.add(pkey)
        text = squash(str(p.get("text") or ""))
        check_text(text, where=f"{where}.{pkey}")
        paragraphs.append(ParagraphSpec(pkey, str(p.get("lead") or ""), text))
    children = tuple(_section(c, level + 1, seen, f"{where}.{c.get('key')}") for c in (data.get("sections") or []))
    requires_written = data.get("requires_written", False)
    if not isinstance(requires_written, bool):
        raise SpecError(f"{where}：requires_written 应为 true 或 false")
    return SectionSpec(
        key, str(data["title"]), level, tuple(paragraphs), children, str(data.get("generated") or ""), requires_written
    )


def parse_spec(data: dict[str, Any], *, where: str = "spec") -> ReportSpec:
    _strict(data, _TOP_KEYS, where)
    seen: set[str] = set()
    sections = tuple(_section(s, 1, seen, f"{where}.{s.get('key')}") for s in data["sections"])
    findings = []
    for f in data.get("findings") or []:
        _strict(f, {"key", "metric", "below", "above", "text"}, f"{where}.findings")
        text = squash(str(f["text"]))
        check_text(text, where=f"{where}.findings.{f['key']}")
        findings.append(Finding(str(f["key"]), str(f["metric"]), f.get("below"), f.get("above"), text))
    deadlines = tuple(
        Deadline(str(d["key"]), str(d["label"]), int(d["month"]), int(d["day"]), str(d["citation"]), str(d["status"]))
        for d in data.get("deadlines") or []
    )
    intro = squash(str(data.get("intro") or ""))
    check_text(intro, where=f"{where}.intro")
    section_keys = {s.key for s in _walk(sections)}
    tables = tuple(_table(t, where, section_keys) for t in data.get("tables") or [])
    table_keys = [t.key for t in tables]
    if len(set(table_keys)) != len(table_keys):
        raise SpecError(f"{where}.tables：表格编号重复")
    for c in data.get("charts") or []:
        if str(c.get("section")) not in section_keys:
            raise SpecError(f"{where}.charts：图表所在部分 {c.get('section')} 不存在")
    appendix = str(data.get("appendix") or "all")
    if appendix not in APPENDIX:
        raise SpecError(f"{where}.appendix：应为 {'、'.join(sorted(APPENDIX))} 之一")
    return ReportSpec(
        kind=str(data["kind"]),
        name=str(data["name"]),
        title=str(data["title"]),
        basis=dict(data.get("basis") or {}),
        deadlines=deadlines,
        intro=intro,
        sections=sections,
        findings=tuple(findings),
        signature=str(data.get("signature") or "{bureau}\n{next_year}年　月　日"),
        charts=tuple(_chart(c, where) for c in data.get("charts") or []),
        tables=tables,
        appendix=appendix,
    )


def _walk(sections: tuple[SectionSpec, ...]) -> list[SectionSpec]:
    out: list[SectionSpec] = []
    for s in sections:
        out.append(s)
        out.extend(_walk(s.sections))
    return out


def _head_cell(data: Any, where: str) -> HeadCell:
    if isinstance(data, str):
        return HeadCell(data)
    if not isinstance(data, dict):
        raise SpecError(f"{where}：表头单元格应为文字或 {{text, colspan, rowspan}}")
    _strict(data, {"text", "colspan", "rowspan"}, where)
    return HeadCell(str(data.get("text") or ""), int(data.get("colspan", 1)), int(data.get("rowspan", 1)))


def _table(data: dict[str, Any], where: str, section_keys: set[str]) -> TableSpec:
    key = str(data.get("key") or "")
    here = f"{where}.tables.{key}"
    _strict(data, _TABLE_KEYS, here)
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
        raise SpecError(f"{here}：表格编号应为小写英文字母、数字和下划线")
    section = str(data.get("section") or "")
    if section not in section_keys:
        raise SpecError(f"{here}：表格所在部分 {section} 不存在")
    source = str(data.get("source") or "")
    rows_data = data.get("rows") or []
    if bool(source) == bool(rows_data):
        raise SpecError(f"{here}：表格应当或者取自已登记的统计表（source），或者逐行写出（rows），二者选一")
    rows = []
    for n, r in enumerate(rows_data, start=1):
        _strict(r, {"label", "cells", "level"}, f"{here}.rows[{n}]")
        cells = tuple(squash(str(c)) for c in r.get("cells") or [])
        for c in cells:
            check_text(c, where=f"{here}.rows[{n}]")
        rows.append(TableRowSpec(str(r.get("label") or ""), cells, int(r.get("level", 0))))
    if rows and len({len(r.cells) for r in rows}) != 1:
        raise SpecError(f"{here}：各行的单元格数不一致")
    if rows and not rows[0].cells:
        raise SpecError(f"{here}：行中没有单元格")
    head = tuple(tuple(_head_cell(c, f"{here}.head") for c in row) for row in (data.get("head") or []))
    label_column = bool(data.get("label_column", True))
    spec = TableSpec(
        key=key,
        section=section,
        caption=squash(str(data.get("caption") or "")),
        source=source,
        columns=tuple(str(c) for c in data.get("columns") or []),
        head=head,
        stub=str(data.get("stub", "项目")),
        label_column=label_column,
        rows=tuple(rows),
        note=squash(str(data.get("note") or "")),
    )
    if rows and spec.columns:
        raise SpecError(f"{here}：逐行写出的表格不设 columns")
    if rows and not head:
        raise SpecError(f"{here}：逐行写出的表格须写出表头（head）")
    for row in head:
        for cell in row:
            check_text(cell.text, where=f"{here}.head")
    if head:
        width = spec.width
        if width is None:
            raise SpecError(f"{here}：自定义表头时须用 columns 列出所取的列，以便核对表头宽度")
        if head_width(head, where=here) != width:
            raise SpecError(f"{here}：表头宽度 {head_width(head, where=here)} 列，表体 {width} 列，二者不一致")
    check_text(spec.caption, where=f"{here}.caption")
    check_text(spec.note, where=f"{here}.note")
    return spec


def _chart(data: dict[str, Any], where: str) -> dict[str, str]:
    _strict(data, {"series", "section", "caption"}, f"{where}.charts")
    return {"series": str(data["series"]), "section": str(data["section"]), "caption": str(data["caption"])}


@cache
def load_spec(kind: str) -> ReportSpec:
    path = SPEC_DIR / f"{kind}.yaml"
    if not re.fullmatch(r"[a-z_]+", kind) or not path.exists():
        raise KeyError(kind)
    return parse_spec(yaml.safe_load(path.read_text(encoding="utf-8")), where=kind)


def available_kinds() -> list[str]:
    return sorted(p.stem for p in SPEC_DIR.glob("*.yaml"))
