"""Penalty publicity (行政处罚信息公示) as dated data: whether a decision is published, for how long, and whether the
display may stop early (SAMR Order 45, Art. 2, 13, 14 [TEXT]; table ``tables/penalties/publicity.yaml``).

- Art. 2: decisions made under the ordinary procedure are published; a warning alone is not.
- Art. 13: *only* 通报批评 and/or a lower-amount fine → 3 months; anything else (confiscation, licence revocation,
  停产停业 … whatever the fine) → 3 years; a restriction of business or practice longer than 3 years → its length.
  The lower amount is the province's figure ([UNCONFIRMED] for Tianjin) and lies strictly below the hearing
  threshold, so one fine is never both.
- Art. 14 (3): 停产停业, restrictions, downgrades, revocations never stop early.

The end of the display is computed by the deadline engine (a burden on the party: never rolled over a holiday).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fazhi.rulebook.discretion import PartyKind
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import (
    TABLES_DIR,
    Citation,
    Status,
    check_keys,
    load_yaml,
    parse_citation,
    parse_date,
    parse_status,
)

PUBLICITY_FILE = TABLES_DIR / "penalties" / "publicity.yaml"
_KIND_LABELS = {
    "warning": "警告",
    "circulated_criticism": "通报批评",
    "fine": "罚款",
    "low_fine": "较低数额罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "suspension": "责令停产停业",
    "closure": "责令关闭",
    "business_restricted": "限制开展生产经营活动",
    "practice_restricted": "限制从业",
    "downgrade": "降低资质等级",
    "licence_revoked": "吊销许可证件",
    "business_licence_revoked": "吊销营业执照",
    "licence_or_business": "吊销许可证件、责令停产停业等较为严重的行政处罚",
}


@dataclass(frozen=True, slots=True)
class DisplayRule:
    id: str
    short_period_rule: str
    other_period_rule: str
    restriction_rule: str
    short_kinds: frozenset[str]
    not_published_alone: frozenset[str]
    restriction_kinds: frozenset[str]
    no_early_stop_kinds: frozenset[str]
    kinds: frozenset[str]
    low_fine_below: dict[str, Decimal]
    low_fine_citation: Citation
    low_fine_status: Status
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    note: str

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


@dataclass(frozen=True, slots=True)
class DisplayPeriod:
    """How long a published decision is displayed, and why. ``restriction_months`` is set for Art. 13 (3)."""

    rule_id: str
    low: bool
    reason: str
    citation: Citation
    status: Status
    may_stop_early: bool
    kinds: tuple[str, ...]
    restriction_months: int | None = None
    low_fine_status: Status | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "low": self.low,
            "reason": self.reason,
            "citation": self.citation.as_dict(),
            "status": self.status.value,
            "may_stop_early": self.may_stop_early,
            "kinds": list(self.kinds),
            "restriction_months": self.restriction_months,
            "low_fine_status": self.low_fine_status.value if self.low_fine_status else None,
        }

    def end(self, published_on: dt.date) -> dt.date:
        """The last day of display: the engine counts the period from the publication day (not rolled)."""
        from fazhi.rulebook.deadlines import compute_deadline

        extensions: list[str | tuple[str, int]] = []
        if self.restriction_months is not None:
            extensions = [("actual_restriction", self.restriction_months - 36)]
        return compute_deadline(self.rule_id, published_on, extensions=extensions, provisional=True).due


def _kinds(where: str, row: dict[str, Any], key: str, known: frozenset[str] | None = None) -> frozenset[str]:
    values = frozenset(str(k) for k in row[key] or ())
    if known is not None:
        unknown = sorted(values - known - {"low_fine"})
        if unknown:
            raise TableError("publicity.unknown_kind", f"{where}.{key}：未知的处罚种类 {unknown[0]}", where=where)
    return values


def load_display_rules(path: Path = PUBLICITY_FILE) -> tuple[DisplayRule, ...]:
    """Load and check the dated display-period rows."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "display_periods"))
    rows = []
    for i, row in enumerate(data["display_periods"] or []):
        where = f"{path.name}#display_periods[{i}]"
        check_keys(
            where,
            row,
            required=(
                "id",
                "short_period_rule",
                "other_period_rule",
                "restriction_rule",
                "short_kinds",
                "not_published_alone",
                "restriction_kinds",
                "no_early_stop_kinds",
                "kinds",
                "low_fine",
                "effective_from",
                "effective_to",
                "citation",
                "status",
                "last_verified_on",
            ),
            optional=("note",),
        )
        known = _kinds(where, row, "kinds")
        low = row["low_fine"]
        check_keys(f"{where}.low_fine", low, required=("id", "below", "citation", "status", "last_verified_on"))
        if set(low["below"]) != {"natural_person", "organisation"}:
            raise TableError(
                "table.bad_amounts", f"{where}：low_fine.below 须有 natural_person 和 organisation", where=where
            )
        effective_from = parse_date(f"{where}.effective_from", row["effective_from"])
        assert effective_from is not None
        rows.append(
            DisplayRule(
                id=str(row["id"]),
                short_period_rule=str(row["short_period_rule"]),
                other_period_rule=str(row["other_period_rule"]),
                restriction_rule=str(row["restriction_rule"]),
                short_kinds=_kinds(where, row, "short_kinds", known),
                not_published_alone=_kinds(where, row, "not_published_alone", known),
                restriction_kinds=_kinds(where, row, "restriction_kinds", known),
                no_early_stop_kinds=_kinds(where, row, "no_early_stop_kinds", known),
                kinds=known,
                low_fine_below={k: Decimal(str(v)) for k, v in low["below"].items()},
                low_fine_citation=parse_citation(f"{where}.low_fine", low["citation"]),
                low_fine_status=parse_status(f"{where}.low_fine.status", low["status"]),
                effective_from=effective_from,
                effective_to=parse_date(f"{where}.effective_to", row["effective_to"], allow_none=True),
                citation=parse_citation(where, row["citation"]),
                status=parse_status(where, row["status"]),
                note=str(row.get("note") or ""),
            )
        )
    return tuple(rows)


@functools.cache
def default_display_rules() -> tuple[DisplayRule, ...]:
    return load_display_rules()


def _rule(on: dt.date, rules: tuple[DisplayRule, ...] | None) -> DisplayRule:
    for rule in rules or default_display_rules():
        if rule.in_force(on):
            return rule
    raise RulebookError("publicity.no_rule_in_force", f"{on} 没有生效的公示期规则，请补充规则表", on=on)


def display_period(
    *,
    penalty_kinds: Iterable[str],
    fine: Decimal = Decimal("0"),
    party_kind: PartyKind | str,
    on: dt.date,
    restriction_months: int | None = None,
    rules: tuple[DisplayRule, ...] | None = None,
) -> DisplayPeriod:
    """The display period of a decision made on ``on`` with ``penalty_kinds`` (see the table's vocabulary).

    ``fine`` decides whether a ``fine`` is a lower-amount fine (strictly below the province's figure; the other
    kinds — confiscation included — are never "lower"). ``restriction_months``: the length of a restriction of
    business or practice, when there is one. Codes: ``publicity.no_rule_in_force``, ``publicity.unknown_kind``.
    """
    rule = _rule(on, rules)
    kinds = tuple(dict.fromkeys(str(k) for k in penalty_kinds))
    unknown = [k for k in kinds if k not in rule.kinds]
    if unknown:
        raise RulebookError("publicity.unknown_kind", f"未知的处罚种类：{unknown[0]}", kind=unknown[0])
    limit = rule.low_fine_below[PartyKind(party_kind).value]
    effective = tuple("low_fine" if k == "fine" and fine < limit else k for k in kinds)
    weighing = [k for k in effective if k not in rule.not_published_alone]
    may_stop_early = not any(k in rule.no_early_stop_kinds for k in effective)
    labels = "、".join(_KIND_LABELS.get(k, k) for k in effective) or "—"
    low_status = rule.low_fine_status if "low_fine" in effective or "fine" in effective else None
    if weighing and all(k in rule.short_kinds for k in weighing):
        reason = f"仅受到{labels}（罚款低于较低数额 {limit} 元），公示三个月（第十三条第一款）"
        return DisplayPeriod(
            rule.short_period_rule,
            True,
            reason,
            rule.citation,
            rule.status,
            may_stop_early,
            effective,
            None,
            low_status,
        )
    if restriction_months is not None and restriction_months > 36 and any(k in rule.restriction_kinds for k in kinds):
        reason = f"限制期限 {restriction_months} 个月超过三年，按实际限制期限公示（第十三条第三款）"
        return DisplayPeriod(
            rule.restriction_rule,
            False,
            reason,
            rule.citation,
            rule.status,
            may_stop_early,
            effective,
            restriction_months,
            low_status,
        )
    reason = f"处罚内容为{labels}，不属于仅受通报批评或较低数额罚款，公示三年（第十三条第一款）"
    if not may_stop_early:
        reason += "；不得提前停止公示（第十四条第三款）"
    return DisplayPeriod(
        rule.other_period_rule, False, reason, rule.citation, rule.status, may_stop_early, effective, None, low_status
    )


def is_published(
    *,
    procedure: str,
    on: dt.date,
    penalty_kinds: Iterable[str] | None = None,
    warning_only: bool | None = None,
    rules: tuple[DisplayRule, ...] | None = None,
) -> bool:
    """Art. 2: ordinary-procedure decisions are published, unless they are only a warning. ``warning_only`` is the
    older call form (kept for callers that have not moved to ``penalty_kinds``)."""
    rule = _rule(on, rules)
    if procedure == "summary":
        return False
    if penalty_kinds is not None:
        kinds = [str(k) for k in penalty_kinds]
        return any(k not in rule.not_published_alone for k in kinds)
    return not bool(warning_only)


def check_tables() -> dict[str, int]:
    """Load the display-period table strictly, and check it against the deadline rules and the hearing threshold."""
    from fazhi.rulebook.deadlines import get_rule
    from fazhi.rulebook.penalties import default_tables

    rows = load_display_rules()
    hearing = default_tables().hearing_thresholds
    for rule in rows:
        for rule_id in (rule.short_period_rule, rule.other_period_rule, rule.restriction_rule):
            get_rule(rule_id)
        for threshold in hearing:
            overlap_from = max(rule.effective_from, threshold.effective_from)
            if rule.effective_to is not None and overlap_from >= rule.effective_to:
                continue
            for kind, minimum in (
                ("natural_person", threshold.values["natural_person_min"]),
                ("organisation", threshold.values["organisation_min"]),
            ):
                if rule.low_fine_below[kind] > Decimal(str(minimum)):
                    raise TableError(
                        "publicity.low_fine_overlaps_hearing",
                        f"publicity.yaml：较低数额（低于 {rule.low_fine_below[kind]} 元）与听证较大数额（{minimum} 元起）重叠",
                        kind=kind,
                    )
    return {"publicity_display_periods": len(rows)}
