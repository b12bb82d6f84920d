"""No-penalty lists (首违不罚 / 轻微免罚) and the no-coercion list (不予实施行政强制措施清单) as dated data.

The national SAMR lists of 2025 (国市监法〔2025〕10号: 首违不罚清单（一）, 轻微行政违法行为不予处罚清单（一）) and the no-coercion list
live in ``tables/exemptions/``. :func:`match_exemption` checks a case's facts against an item's conditions and says
whether the case may (首违不罚, 行政处罚法 Art. 33 para 1 second sentence) or must (轻微免罚, Art. 33 para 1) be
closed as 不予处罚 — in both cases with education (教育, Art. 33 para 3) recorded.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fazhi.rulebook.discretion import CaseFacts, Harm, default_benchmarks
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import (
    TABLES_DIR,
    Citation,
    Status,
    check_keys,
    check_no_overlap,
    load_yaml,
    parse_citation,
    parse_date,
    parse_status,
)

EXEMPTIONS_DIR = TABLES_DIR / "exemptions"
EDUCATION_CITATION = Citation("中华人民共和国行政处罚法", "第三十三条第三款")
_HARM_ORDER = [Harm.NONE, Harm.MINOR, Harm.ORDINARY, Harm.SERIOUS]


class ListKind(enum.StrEnum):
    """Which list an item belongs to."""

    FIRST_VIOLATION = "first_violation"  # 首违不罚：可以不予处罚
    MINOR_VIOLATION = "minor_violation"  # 轻微免罚：不予处罚
    NO_COERCION = "no_coercion"  # 不予实施行政强制措施

    @property
    def label(self) -> str:
        return {"first_violation": "首违不罚", "minor_violation": "轻微免罚", "no_coercion": "不予实施行政强制措施"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a case must show for an item to apply (``None`` = not a condition)."""

    first_violation: bool | None
    corrected_promptly: bool | None
    harm_at_most: Harm | None
    max_goods_value: Decimal | None
    max_illegal_gains: Decimal | None
    required_facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExemptionItem:
    """One dated list item."""

    id: str
    list: ListKind
    name: str
    violation_ids: tuple[str, ...]
    conditions: Conditions
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


@dataclass(frozen=True)
class ExemptionTables:
    """All loaded items and the texts of the facts they require."""

    items: tuple[ExemptionItem, ...]
    facts: dict[str, str]


_ITEM_KEYS = (
    "id",
    "list",
    "name",
    "violation_ids",
    "conditions",
    "effective_from",
    "effective_to",
    "citation",
    "status",
    "last_verified_on",
)
_CONDITION_KEYS = (
    "first_violation",
    "corrected_promptly",
    "harm_at_most",
    "max_goods_value",
    "max_illegal_gains",
    "required_facts",
)


def _optional_amount(where: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise TableError("table.bad_number", f"{where}：应为数字，得到 {value!r}", where=where) from exc


def _parse_item(where: str, data: Any, facts: dict[str, str]) -> ExemptionItem:
    check_keys(where, data, required=_ITEM_KEYS)
    cond = data["conditions"]
    check_keys(f"{where}.conditions", cond, required=(), optional=_CONDITION_KEYS)
    required = tuple(cond.get("required_facts") or ())
    unknown = sorted(set(required) - set(facts))
    if unknown:
        raise TableError("exemptions.unknown_fact", f"{where}：未定义的条件事实 {', '.join(unknown)}", where=where)
    try:
        kind = ListKind(data["list"])
    except ValueError as exc:
        raise TableError("exemptions.bad_list", f"{where}：list 只能是 {', '.join(ListKind)}", where=where) from exc
    effective_from = parse_date(f"{where}.effective_from", data["effective_from"])
    last_verified = parse_date(f"{where}.last_verified_on", data["last_verified_on"])
    assert effective_from is not None and last_verified is not None
    return ExemptionItem(
        id=str(data["id"]),
        list=kind,
        name=str(data["name"]),
        violation_ids=tuple(data["violation_ids"] or ()),
        conditions=Conditions(
            first_violation=cond.get("first_violation"),
            corrected_promptly=cond.get("corrected_promptly"),
            harm_at_most=Harm(cond["harm_at_most"]) if cond.get("harm_at_most") else None,
            max_goods_value=_optional_amount(f"{where}.max_goods_value", cond.get("max_goods_value")),
            max_illegal_gains=_optional_amount(f"{where}.max_illegal_gains", cond.get("max_illegal_gains")),
            required_facts=required,
        ),
        effective_from=effective_from,
        effective_to=parse_date(f"{where}.effective_to", data["effective_to"], allow_none=True),
        citation=parse_citation(where, data["citation"]),
        status=parse_status(where, data["status"]),
        last_verified_on=last_verified,
    )


def load_exemptions(directory: Path = EXEMPTIONS_DIR) -> ExemptionTables:
    """Load every list file (strict keys, citations required, no overlapping versions of one item id)."""
    files = [(path.stem, load_yaml(path)) for path in sorted(directory.glob("*.yaml"))]
    facts: dict[str, str] = {}
    for name, data in files:
        check_keys(name, data, required=("instrument", "items"), optional=("facts",))
        for i, fact in enumerate(data.get("facts") or []):
            check_keys(f"{name}.facts[{i}]", fact, required=("id", "text"))
            if fact["id"] in facts:
                raise TableError("exemptions.duplicate_fact", f"{name}：条件事实 {fact['id']} 重复定义", where=name)
            facts[fact["id"]] = fact["text"]
    items = [
        _parse_item(f"{name}.items[{i}]", item, facts) for name, data in files for i, item in enumerate(data["items"])
    ]
    by_id: dict[str, list[ExemptionItem]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    for item_id, versions in by_id.items():
        check_no_overlap(item_id, [(v.effective_from, v.effective_to) for v in versions])
    return ExemptionTables(tuple(items), facts)


@functools.cache
def default_exemptions() -> ExemptionTables:
    """The shipped lists, loaded once."""
    return load_exemptions()


@dataclass(frozen=True, slots=True)
class Check:
    """One condition of an item and whether the case meets it."""

    condition: str
    text: str
    satisfied: bool


@dataclass(frozen=True, slots=True)
class ExemptionMatch:
    """An item whose conditions the case meets, with what to record."""

    item_id: str
    list: ListKind
    name: str
    discretionary: bool
    education_required: bool
    checks: tuple[Check, ...]
    citation: Citation
    status: Status
    effective_from: dt.date

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form to store on the case."""
        return {
            "item_id": self.item_id,
            "list": self.list.value,
            "list_label": self.list.label,
            "name": self.name,
            "discretionary": self.discretionary,
            "education_required": self.education_required,
            "education_citation": EDUCATION_CITATION.as_dict() if self.education_required else None,
            "checks": [{"condition": c.condition, "text": c.text, "satisfied": c.satisfied} for c in self.checks],
            "citation": self.citation.as_dict(),
            "status": self.status.value,
            "effective_from": self.effective_from.isoformat(),
        }


def _checks(item: ExemptionItem, facts: CaseFacts, fact_texts: dict[str, str]) -> tuple[Check, ...]:
    c = item.conditions
    out = []
    if c.first_violation:
        out.append(Check("first_violation", "初次违法（二年内无同类违法记录）", facts.first_violation_within_2_years))
    if c.corrected_promptly:
        out.append(Check("corrected_promptly", "及时改正", facts.corrected_promptly))
    if c.harm_at_most is not None:
        ok = _HARM_ORDER.index(facts.harm) <= _HARM_ORDER.index(c.harm_at_most)
        label = "没有造成危害后果" if c.harm_at_most is Harm.NONE else "危害后果轻微"
        out.append(Check("harm_at_most", label, ok))
    for name, limit, value, text in (
        ("max_goods_value", c.max_goods_value, facts.goods_value, "货值金额"),
        ("max_illegal_gains", c.max_illegal_gains, facts.illegal_gains, "违法所得"),
    ):
        if limit is not None:
            # An amount not yet established cannot satisfy a ceiling.
            out.append(Check(name, f"{text}不超过 {limit} 元", value is not None and value <= limit))
    for fact_id in c.required_facts:
        out.append(Check(fact_id, fact_texts[fact_id], fact_id in facts.factors))
    return tuple(out)


def exemption_candidates(
    subject: str,
    facts: CaseFacts,
    *,
    on: dt.date,
    lists: Iterable[ListKind] = (ListKind.MINOR_VIOLATION, ListKind.FIRST_VIOLATION),
    tables: ExemptionTables | None = None,
) -> list[tuple[ExemptionItem, tuple[Check, ...]]]:
    """Every item in force on ``on`` for ``subject`` (an item id or a violation id), with each condition checked."""
    tables = tables or default_exemptions()
    kinds = set(lists)
    return [
        (item, _checks(item, facts, tables.facts))
        for item in tables.items
        if item.list in kinds and item.in_force(on) and (item.id == subject or subject in item.violation_ids)
    ]


def match_exemption(
    subject: str,
    facts: CaseFacts,
    *,
    on: dt.date,
    lists: Iterable[ListKind] = (ListKind.MINOR_VIOLATION, ListKind.FIRST_VIOLATION),
    tables: ExemptionTables | None = None,
) -> ExemptionMatch | None:
    """The first no-penalty item (轻微免罚 before 首违不罚) whose conditions ``facts`` meet on ``on``, else ``None``.

    ``subject`` is an item id (``fv1.expired_food``) or a violation id (``food.expired_food_sale``). An unknown
    item id raises ``exemptions.unknown_item``.
    """
    tables = tables or default_exemptions()
    known = {item.id for item in tables.items} | {v for item in tables.items for v in item.violation_ids}
    if subject not in known and subject not in default_benchmarks().violations:
        raise RulebookError("exemptions.unknown_item", f"清单和裁量基准中都没有 {subject}，请核对编号", id=subject)
    order = list(lists)
    candidates = exemption_candidates(subject, facts, on=on, lists=order, tables=tables)
    candidates.sort(key=lambda pair: order.index(pair[0].list))
    for item, checks in candidates:
        if all(check.satisfied for check in checks):
            return ExemptionMatch(
                item_id=item.id,
                list=item.list,
                name=item.name,
                discretionary=item.list is not ListKind.MINOR_VIOLATION,
                education_required=item.list is not ListKind.NO_COERCION,
                checks=checks,
                citation=item.citation,
                status=item.status,
                effective_from=item.effective_from,
            )
    return None


def match_no_coercion(
    subject: str, facts: CaseFacts, *, on: dt.date, tables: ExemptionTables | None = None
) -> ExemptionMatch | None:
    """The no-coercion item (不予实施行政强制措施) that ``facts`` meet, else ``None`` (行政强制法 Art. 16 para 2)."""
    return match_exemption(subject, facts, on=on, lists=(ListKind.NO_COERCION,), tables=tables)
