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

    def section(self, key: str) -> SectionSpec:
        for s in self.walk():
            if s.key == key:
                return s
        raise KeyError(key)

    def metric_ids(self) -> list[str]:
        texts = [self.intro, *(p.text for _, p in self.paragraphs()), *(f.text for f in self.findings)]
        ids = [p.name for t in texts for p in placeholders(t) if not p.is_context]
        ids += [f.metric for f in self.findings]
        return list(dict.fromkeys(ids))


def numbered_title(section: SectionSpec, index: int) -> str:
    """一、… for the parts, （一）… for the subsections (GB/T 9704 §7.3.3 层次序数)."""
    number = CN_NUMBERS[index] if index < len(CN_NUMBERS) else str(index + 1)
    return f"{number}、{section.title}" if section.level == 1 else f"（{number}）{section.title}"


_SECTION_KEYS = {"key", "title", "paragraphs", "sections", "generated"}
_PARAGRAPH_KEYS = {"key", "lead", "text"}
_TOP_KEYS = {"kind", "name", "title", "basis", "deadlines", "intro", "sections", "findings", "signature", "charts"}


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
        text = " ".join(str(p.get("text") or "").split())
        check_text(text, where=f"{where}.{pkey}")
        paragraphs.append(ParagraphSpec(pkey, str(p.get("lead") or ""), text))
    children = tuple(_section(c, level + 1, seen, f"{where}.{c.get('key')}") for c in (data.get("sections") or []))
    return SectionSpec(key, str(data["title"]), level, tuple(paragraphs), children, str(data.get("generated") or ""))


def parse_spec(data: dict[str, Any], *, where: str = "spec") -> ReportSpec:
    _strict(data, _TOP_KEYS, where)
    seen: set[str] = set()
    sections = tuple(_section(s, 1, seen, f"{where}.{s.get('key')}") for s in data["sections"])
    findings = []
    for f in data.get("findings") or []:
        _strict(f, {"key", "metric", "below", "above", "text"}, f"{where}.findings")
        text = " ".join(str(f["text"]).split())
        check_text(text, where=f"{where}.findings.{f['key']}")
        findings.append(Finding(str(f["key"]), str(f["metric"]), f.get("below"), f.get("above"), text))
    deadlines = tuple(
        Deadline(str(d["key"]), str(d["label"]), int(d["month"]), int(d["day"]), str(d["citation"]), str(d["status"]))
        for d in data.get("deadlines") or []
    )
    intro = " ".join(str(data.get("intro") or "").split())
    check_text(intro, where=f"{where}.intro")
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
    )


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
