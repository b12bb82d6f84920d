"""投诉举报 grounds: refusal, termination, not-covered matters, merging, and the repeat window.

Pure: reads ``tables/complaints/grounds.yaml``. Each list is dated; the version is chosen by the date the
complaint was RECEIVED (legal digest §3b: apply the measures in force on the day of receipt), so a complaint
received on 2026-04-14 keeps the Order No. 20 grounds even when it is refused after 2026-04-15.
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

GROUNDS_FILE = TABLES_DIR / "complaints" / "grounds.yaml"
KINDS = ("refusal", "termination", "not_covered", "merge")


@dataclass(frozen=True, slots=True)
class Ground:
    """One legal ground (事由) with its own article and status (a ground may be less certain than its list)."""

    id: str
    text: str
    article: str
    status: Status


@dataclass(frozen=True, slots=True)
class GroundList:
    """The grounds of one kind in force during [effective_from, effective_to)."""

    kind: str
    name: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    grounds: tuple[Ground, ...]

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def get(self, ground_id: str) -> Ground | None:
        return next((g for g in self.grounds if g.id == ground_id), None)


@dataclass(frozen=True, slots=True)
class RepeatWindow:
    length_days: int
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date


@dataclass(frozen=True, slots=True)
class Tables:
    lists: dict[str, tuple[GroundList, ...]]
    repeat_windows: tuple[RepeatWindow, ...]


def _parse_version(where: str, kind: str, name: str, data: Any) -> GroundList:
    check_keys(
        where,
        data,
        required=("effective_from", "effective_to", "citation", "status", "last_verified_on", "grounds"),
    )
    status = parse_status(where, data["status"])
    grounds: list[Ground] = []
    seen: set[str] = set()
    for i, item in enumerate(data["grounds"] or []):
        gwhere = f"{where}.grounds[{i}]"
        check_keys(gwhere, item, required=("id", "text", "article"), optional=("status",))
        if item["id"] in seen:
            raise TableError("table.duplicate_id", f"{gwhere}：事由编号 {item['id']} 重复", where=gwhere)
        seen.add(item["id"])
        gstatus = parse_status(gwhere, item["status"]) if "status" in item else status
        grounds.append(Ground(str(item["id"]), str(item["text"]), str(item["article"]), gstatus))
    if not grounds:
        raise TableError("table.empty", f"{where}：至少应有一项事由", where=where)
    effective_from = parse_date(where, data["effective_from"])
    assert effective_from is not None
    last_verified = parse_date(where, data["last_verified_on"])
    assert last_verified is not None
    return GroundList(
        kind=kind,
        name=name,
        effective_from=effective_from,
        effective_to=parse_date(where, data["effective_to"], allow_none=True),
        citation=parse_citation(where, data["citation"]),
        status=status,
        last_verified_on=last_verified,
        grounds=tuple(grounds),
    )


def load_tables(path: Path = GROUNDS_FILE) -> Tables:
    """Load and check the grounds file strictly (unknown keys, overlaps, missing citations fail)."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "groups", "repeat_windows"))
    lists: dict[str, tuple[GroundList, ...]] = {}
    for i, group in enumerate(data["groups"]):
        where = f"{path.name}.groups[{i}]"
        check_keys(where, group, required=("kind", "name", "versions"))
        kind = group["kind"]
        if kind not in KINDS:
            raise TableError("table.bad_kind", f"{where}：kind 只能是 {'、'.join(KINDS)}", where=where)
        versions = tuple(
            _parse_version(f"{where}.versions[{j}]", kind, str(group["name"]), v)
            for j, v in enumerate(group["versions"])
        )
        check_no_overlap(where, [(v.effective_from, v.effective_to) for v in versions])
        lists[kind] = tuple(sorted(versions, key=lambda v: v.effective_from))
    windows: list[RepeatWindow] = []
    for i, item in enumerate(data["repeat_windows"]):
        where = f"{path.name}.repeat_windows[{i}]"
        check_keys(
            where,
            item,
            required=("length_days", "effective_from", "effective_to", "citation", "status", "last_verified_on"),
        )
        if not isinstance(item["length_days"], int) or item["length_days"] <= 0:
            raise TableError("table.bad_length", f"{where}：length_days 应为正整数", where=where)
        start = parse_date(where, item["effective_from"])
        verified = parse_date(where, item["last_verified_on"])
        assert start is not None and verified is not None
        windows.append(
            RepeatWindow(
                item["length_days"],
                start,
                parse_date(where, item["effective_to"], allow_none=True),
                parse_citation(where, item["citation"]),
                parse_status(where, item["status"]),
                verified,
            )
        )
    check_no_overlap(f"{path.name}.repeat_windows", [(w.effective_from, w.effective_to) for w in windows])
    return Tables(lists, tuple(windows))


@functools.cache
def _tables() -> Tables:
    return load_tables()


def check_tables() -> dict[str, int]:
    """Load the table (used by ``make test`` and the system check); counts of versions per kind."""
    tables = load_tables()
    return {kind: len(versions) for kind, versions in tables.lists.items()}


def grounds_on(kind: str, received_on: dt.date) -> GroundList:
    """The list of ``kind`` grounds in force on ``received_on`` (the day the complaint was received).

    Raises ``complaints.no_grounds`` when no list is in force (e.g. merging before Order No. 121).
    """
    for version in _tables().lists.get(kind, ()):
        if version.in_force_on(received_on):
            return version
    raise RulebookError(
        "complaints.no_grounds",
        f"收到日 {received_on} 施行的规定中没有“{kind}”类事由；请核对收到日期或咨询法制科。",
        kind=kind,
        date=received_on,
    )


def check_ground(kind: str, ground_id: str, received_on: dt.date) -> Ground:
    """The ground ``ground_id`` of ``kind`` under the measures in force on ``received_on``.

    Raises ``complaints.unknown_ground`` naming the allowed grounds when it is not a legal ground then.
    """
    version = grounds_on(kind, received_on)
    ground = version.get(ground_id)
    if ground is None:
        allowed = "、".join(f"{g.id}（{g.text[:12]}…）" for g in version.grounds)
        raise RulebookError(
            "complaints.unknown_ground",
            f"“{ground_id}”不是《{version.citation.instrument}》{version.citation.article}规定的{version.name}；"
            f"可选：{allowed}",
            kind=kind,
            ground=ground_id,
        )
    return ground


def repeat_window(received_on: dt.date) -> RepeatWindow:
    """The repeat-detection window in force on ``received_on`` ([UNCONFIRMED] local practice)."""
    for window in _tables().repeat_windows:
        if window.effective_from <= received_on and (window.effective_to is None or received_on < window.effective_to):
            return window
    raise RulebookError("complaints.no_repeat_window", f"{received_on} 没有重复投诉认定口径", date=received_on)
