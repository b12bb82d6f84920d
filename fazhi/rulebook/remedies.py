"""行政复议 and 行政诉讼 as data: the kinds of outcome, which of them correct the act and withdraw its publicity,
and the head's duty to appear (who counts as the head, which reasons excuse an absence).

Pure: reads ``tables/remedies/*.yaml``. Each row is dated (``effective_from`` inclusive, ``effective_to`` exclusive)
and cited with its status. The outcome in force on the date of the reconsideration decision or judgment is the one
that applies (the 2023 revision of the 行政复议法 took effect on 1 January 2024 without a transitional rule, so
decisions from that day are made under it).

Public API::

    outcome(proceeding, outcome_id, on) -> Outcome         outcomes(proceeding, on) -> tuple[Outcome, ...]
    appearance_duty(proceeding, on) -> Duty | None
    head_position(position_id, on) -> Choice               head_positions(on) -> tuple[Choice, ...]
    absence_reason(reason_id, on) -> Choice                absence_reasons(on) -> tuple[Choice, ...]
    check_tables() -> dict[str, int]
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
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

REMEDIES_DIR = TABLES_DIR / "remedies"
PROCEEDINGS = ("reconsideration", "litigation")
PROCEEDING_LABELS = {"reconsideration": "行政复议", "litigation": "行政诉讼"}
_DATED = ("effective_from", "effective_to", "citation", "status", "last_verified_on")


@dataclass(frozen=True, slots=True)
class Dated:
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One kind of reconsideration decision or court judgment."""

    id: str
    label: str
    proceeding: str
    corrects: bool  # the act was found unlawful or improper and corrected (纠错)
    withdraws_publicity: bool  # 行政处罚法 Art. 48 para 2: changed, revoked, confirmed unlawful or void
    dated: Dated

    @property
    def citation(self) -> Citation:
        return self.dated.citation

    @property
    def status(self) -> Status:
        return self.dated.status

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "proceeding": self.proceeding,
            "corrects": self.corrects,
            "withdraws_publicity": self.withdraws_publicity,
            "citation": str(self.citation),
            "status": self.status.value,
        }


@dataclass(frozen=True, slots=True)
class Duty:
    id: str
    text: str
    dated: Dated


@dataclass(frozen=True, slots=True)
class Choice:
    """A head position or an absence reason."""

    id: str
    label: str
    needs_explanation: bool
    dated: Dated


@dataclass(frozen=True, slots=True)
class Tables:
    outcomes: tuple[Outcome, ...]
    duties: tuple[Duty, ...]
    positions: tuple[Choice, ...]
    reasons: tuple[Choice, ...]


def _dated(where: str, raw: dict[str, Any]) -> Dated:
    start = parse_date(f"{where}.effective_from", raw["effective_from"])
    end = parse_date(f"{where}.effective_to", raw["effective_to"], allow_none=True)
    verified = parse_date(f"{where}.last_verified_on", raw["last_verified_on"])
    assert start is not None and verified is not None
    if end is not None and end <= start:
        raise TableError("table.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    return Dated(
        start, end, parse_citation(where, raw["citation"]), parse_status(f"{where}.status", raw["status"]), verified
    )


def _flag(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TableError("remedies.bad_flag", f"{where}：应为 true 或 false，得到 {value!r}", where=where)
    return value


def _no_overlap(where: str, rows: Iterable[Any]) -> None:
    by_id: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for row in rows:
        key = "/".join(k for k in (str(getattr(row, "proceeding", "")), str(row.id)) if k)
        by_id.setdefault(key, []).append((row.dated.effective_from, row.dated.effective_to))
    for key, periods in by_id.items():
        check_no_overlap(f"{where} {key}", periods)


def load_tables(directory: Path = REMEDIES_DIR) -> Tables:
    """Load every remedies table strictly (unknown keys, overlaps, missing citations fail)."""
    outcomes: list[Outcome] = []
    duties: list[Duty] = []
    positions: list[Choice] = []
    reasons: list[Choice] = []
    for path in sorted(directory.glob("*.yaml")):
        where_file = f"remedies/{path.name}"
        data = load_yaml(path)
        if isinstance(data, dict) and "outcomes" in data:
            check_keys(where_file, data, required=("instrument", "proceeding", "outcomes"))
            proceeding = data["proceeding"]
            if proceeding not in PROCEEDINGS:
                raise TableError(
                    "remedies.bad_proceeding", f"{where_file}：proceeding 只能是 {PROCEEDINGS}", where=where_file
                )
            for i, raw in enumerate(data["outcomes"] or ()):
                where = f"{where_file} outcomes[{i}]"
                check_keys(where, raw, required=("id", "label", "corrects", "withdraws_publicity", *_DATED))
                withdraws = _flag(f"{where}.withdraws_publicity", raw["withdraws_publicity"])
                corrects = _flag(f"{where}.corrects", raw["corrects"])
                if withdraws and not corrects:
                    raise TableError(
                        "remedies.bad_flag", f"{where}：撤回公示的结果必然是纠错结果（corrects: true）", where=where
                    )
                outcomes.append(
                    Outcome(str(raw["id"]), str(raw["label"]), proceeding, corrects, withdraws, _dated(where, raw))
                )
        else:
            check_keys(where_file, data, required=("instrument", "duties", "positions", "absence_reasons"))
            for i, raw in enumerate(data["duties"] or ()):
                where = f"{where_file} duties[{i}]"
                check_keys(where, raw, required=("id", "text", *_DATED))
                if raw["id"] not in PROCEEDINGS:
                    raise TableError("remedies.bad_proceeding", f"{where}：id 只能是 {PROCEEDINGS}", where=where)
                duties.append(Duty(str(raw["id"]), str(raw["text"]), _dated(where, raw)))
            for i, raw in enumerate(data["positions"] or ()):
                where = f"{where_file} positions[{i}]"
                check_keys(where, raw, required=("id", "label", *_DATED))
                positions.append(Choice(str(raw["id"]), str(raw["label"]), False, _dated(where, raw)))
            for i, raw in enumerate(data["absence_reasons"] or ()):
                where = f"{where_file} absence_reasons[{i}]"
                check_keys(where, raw, required=("id", "label", "needs_explanation", *_DATED))
                needs = _flag(f"{where}.needs_explanation", raw["needs_explanation"])
                reasons.append(Choice(str(raw["id"]), str(raw["label"]), needs, _dated(where, raw)))
    if not outcomes or not duties or not positions or not reasons:
        raise TableError(
            "remedies.missing_table", "行政复议、行政诉讼规则表不完整（结果、出庭义务、负责人范围、不能出庭的理由）"
        )
    _no_overlap("remedies outcomes", outcomes)
    _no_overlap("remedies duties", duties)
    _no_overlap("remedies positions", positions)
    _no_overlap("remedies absence_reasons", reasons)
    return Tables(tuple(outcomes), tuple(duties), tuple(positions), tuple(reasons))


@functools.cache
def default_tables() -> Tables:
    return load_tables()


def check_tables() -> dict[str, int]:
    tables = load_tables()
    return {"outcomes": len(tables.outcomes), "absence_reasons": len(tables.reasons)}


def _check_proceeding(proceeding: str) -> None:
    if proceeding not in PROCEEDINGS:
        raise RulebookError(
            "remedies.bad_proceeding", f"程序只能是行政复议或行政诉讼，得到 {proceeding!r}", proceeding=proceeding
        )


def outcomes(proceeding: str, on: dt.date, *, tables: Tables | None = None) -> tuple[Outcome, ...]:
    """The outcomes a decision or judgment made on ``on`` can have, in table order."""
    _check_proceeding(proceeding)
    return tuple(
        o for o in (tables or default_tables()).outcomes if o.proceeding == proceeding and o.dated.in_force_on(on)
    )


def outcome(proceeding: str, outcome_id: str, on: dt.date, *, tables: Tables | None = None) -> Outcome:
    """One outcome; ``remedies.unknown_outcome`` naming the outcomes available on that date."""
    available = outcomes(proceeding, on, tables=tables)
    for o in available:
        if o.id == outcome_id:
            return o
    names = "、".join(o.label for o in available) or "无"
    raise RulebookError(
        "remedies.unknown_outcome",
        f"{on} 的{PROCEEDING_LABELS[proceeding]}结果没有“{outcome_id}”；可选：{names}",
        outcome=outcome_id,
        field="outcome",
    )


def appearance_duty(proceeding: str, on: dt.date, *, tables: Tables | None = None) -> Duty | None:
    """The head's duty to appear at a hearing held on ``on`` (None: the law then in force set none)."""
    _check_proceeding(proceeding)
    for duty in (tables or default_tables()).duties:
        if duty.id == proceeding and duty.dated.in_force_on(on):
            return duty
    return None


def head_positions(on: dt.date, *, tables: Tables | None = None) -> tuple[Choice, ...]:
    return tuple(p for p in (tables or default_tables()).positions if p.dated.in_force_on(on))


def head_position(position_id: str, on: dt.date, *, tables: Tables | None = None) -> Choice:
    """Who counts as the head (负责人) on ``on``; ``remedies.not_a_head`` otherwise."""
    for p in head_positions(on, tables=tables):
        if p.id == position_id:
            return p
    names = "、".join(p.label for p in head_positions(on, tables=tables)) or "无"
    raise RulebookError(
        "remedies.not_a_head", f"“{position_id}”不属于行政机关负责人；负责人包括：{names}", field="head_position"
    )


def absence_reasons(on: dt.date, *, tables: Tables | None = None) -> tuple[Choice, ...]:
    return tuple(r for r in (tables or default_tables()).reasons if r.dated.in_force_on(on))


def absence_reason(reason_id: str, on: dt.date, *, tables: Tables | None = None) -> Choice:
    """A lawful reason for the head's absence; ``remedies.bad_absence_reason`` naming the lawful ones."""
    for r in absence_reasons(on, tables=tables):
        if r.id == reason_id:
            return r
    names = "、".join(r.label for r in absence_reasons(on, tables=tables)) or "无"
    raise RulebookError(
        "remedies.bad_absence_reason",
        f"负责人不能出庭的理由应为：{names}",
        reason=reason_id,
        field="absence_reason",
    )
