"""Cited, dated lists of the oversight modules: disclosure channels and reply types, the fair-competition review's
prohibited content, the mandatory steps of a major decision, the kinds of legal affairs, and the few numbers these
procedures need (validity years, reminder months, minimum comment days).

Pure: reads ``tables/oversight/*.yaml``. Each file has ``instrument`` and ``lists``: ``{list_id: [item, …]}``; each
item has ``id``, ``label``, the dated keys (``effective_from`` inclusive, ``effective_to`` exclusive or null,
``citation``, ``status``, ``last_verified_on``) and optionally ``group``, ``number``, ``flags`` and ``note``. The item
in force on the date the law says applies (the day of the step) is the one used; an item tagged UNCONFIRMED may
propose but the service says so on screen.

Public API::

    items(list_id, on) -> tuple[Item, ...]        item(list_id, item_id, on, field=…) -> Item
    number(list_id, item_id, on) -> int           check_tables() -> dict[str, int]
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

OVERSIGHT_DIR = TABLES_DIR / "oversight"
_DATED = ("effective_from", "effective_to", "citation", "status", "last_verified_on")
_OPTIONAL = ("group", "number", "flags", "note")


@dataclass(frozen=True, slots=True)
class Item:
    list_id: str
    id: str
    label: str
    group: str
    number: int | None
    flags: frozenset[str]
    note: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def has(self, flag: str) -> bool:
        return flag in self.flags

    @property
    def confirmed(self) -> bool:
        return self.status is not Status.UNCONFIRMED

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "id": self.id,
            "label": self.label,
            "group": self.group,
            "number": self.number,
            "flags": sorted(self.flags),
            "citation": str(self.citation),
            "status": self.status.value,
        }


def _item(list_id: str, where: str, raw: Any) -> Item:
    check_keys(where, raw, required=("id", "label", *_DATED), optional=_OPTIONAL)
    start = parse_date(f"{where}.effective_from", raw["effective_from"])
    end = parse_date(f"{where}.effective_to", raw["effective_to"], allow_none=True)
    verified = parse_date(f"{where}.last_verified_on", raw["last_verified_on"])
    assert start is not None and verified is not None
    if end is not None and end <= start:
        raise TableError("table.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    number = raw.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 0):
        raise TableError("oversight.bad_number", f"{where}：number 应为非负整数，得到 {number!r}", where=where)
    flags = raw.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, str) and f for f in flags):
        raise TableError("oversight.bad_flags", f"{where}：flags 应为字符串列表", where=where)
    label = str(raw["label"]).strip()
    if not label:
        raise TableError("oversight.missing_label", f"{where}：缺少中文名称（label）", where=where)
    return Item(
        list_id=list_id,
        id=str(raw["id"]),
        label=label,
        group=str(raw.get("group") or ""),
        number=number,
        flags=frozenset(flags),
        note=str(raw.get("note") or ""),
        effective_from=start,
        effective_to=end,
        citation=parse_citation(where, raw["citation"]),
        status=parse_status(f"{where}.status", raw["status"]),
        last_verified_on=verified,
    )


def load_tables(directory: Path = OVERSIGHT_DIR) -> dict[str, tuple[Item, ...]]:
    """Every list of every file, strictly (unknown keys, overlapping versions, missing citations fail)."""
    lists: dict[str, list[Item]] = {}
    for path in sorted(directory.glob("*.yaml")):
        where_file = f"oversight/{path.name}"
        data = load_yaml(path)
        check_keys(where_file, data, required=("instrument", "lists"))
        if not isinstance(data["lists"], dict) or not data["lists"]:
            raise TableError("oversight.no_lists", f"{where_file}：lists 应为非空的键值表", where=where_file)
        for list_id, rows in data["lists"].items():
            if list_id in lists:
                raise TableError("oversight.duplicate_list", f"{where_file}：列表 {list_id} 在其他文件中已定义")
            if not isinstance(rows, list) or not rows:
                raise TableError("oversight.empty_list", f"{where_file}：列表 {list_id} 为空", where=where_file)
            lists[list_id] = [_item(list_id, f"{where_file} {list_id}[{i}]", raw) for i, raw in enumerate(rows)]
    for list_id, rows in lists.items():
        periods: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
        for row in rows:
            periods.setdefault(row.id, []).append((row.effective_from, row.effective_to))
        for item_id, spans in periods.items():
            check_no_overlap(f"oversight {list_id}/{item_id}", spans)
    return {k: tuple(v) for k, v in lists.items()}


@functools.cache
def default_tables() -> dict[str, tuple[Item, ...]]:
    return load_tables()


def check_tables() -> dict[str, int]:
    return {list_id: len(rows) for list_id, rows in load_tables().items()}


def items(list_id: str, on: dt.date, *, tables: dict[str, tuple[Item, ...]] | None = None) -> tuple[Item, ...]:
    """The items of ``list_id`` in force on ``on``, in table order; ``oversight.unknown_list`` if there is none."""
    source = tables if tables is not None else default_tables()
    if list_id not in source:
        raise RulebookError("oversight.unknown_list", f"规则表中没有列表 {list_id}", list=list_id)
    return tuple(i for i in source[list_id] if i.in_force_on(on))


def item(
    list_id: str,
    item_id: str,
    on: dt.date,
    *,
    field: str | None = None,
    tables: dict[str, tuple[Item, ...]] | None = None,
) -> Item:
    """One item in force on ``on``; ``oversight.unknown_item`` naming what is available that day."""
    available = items(list_id, on, tables=tables)
    for candidate in available:
        if candidate.id == item_id:
            return candidate
    names = "、".join(i.label for i in available) or "无"
    raise RulebookError(
        "oversight.unknown_item",
        f"{on} 适用的规则中没有“{item_id}”；可选：{names}",
        list=list_id,
        item=item_id,
        field=field,
    )


def number(list_id: str, item_id: str, on: dt.date, *, tables: dict[str, tuple[Item, ...]] | None = None) -> int:
    """The number an item carries (years, months, days …); ``oversight.no_number`` when it has none."""
    found = item(list_id, item_id, on, tables=tables)
    if found.number is None:
        raise RulebookError("oversight.no_number", f"规则 {list_id}/{item_id} 没有数值", list=list_id, item=item_id)
    return found.number
