"""Which display period a published penalty decision gets (行政处罚信息公示), as dated data.

Table ``tables/penalties/publicity.yaml``. SAMR Order 45 Art. 13: circulated criticism and lower-amount fines are
shown 3 months, everything else 3 years; warnings are not published under the ordinary rules. What counts as a
"lower amount" is set by the province — the Tianjin figure is [UNCONFIRMED]. The 2025 national credit-repair
changes are recorded as a note until their text is checked.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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


@dataclass(frozen=True, slots=True)
class DisplayRule:
    id: str
    low_period_rule: str
    other_period_rule: str
    low_amount_max: dict[str, Decimal]
    warnings_published: bool
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    note: str

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class DisplayPeriod:
    """The deadline rule id to count the display period with, and why."""

    rule_id: str
    low: bool
    reason: str
    citation: Citation
    status: Status

    def as_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "low": self.low,
            "reason": self.reason,
            "citation": self.citation.as_dict(),
            "status": self.status.value,
        }


def load_display_rules(path: Path = PUBLICITY_FILE) -> tuple[DisplayRule, ...]:
    """Load and check the dated display-period rows."""
    data = load_yaml(path)
    rows = []
    for i, row in enumerate(data.get("display_periods") or []):
        where = f"{path.name}#display_periods[{i}]"
        check_keys(
            where,
            row,
            required=(
                "id",
                "low_period_rule",
                "other_period_rule",
                "low_amount_max",
                "effective_from",
                "citation",
                "status",
            ),
            optional=("effective_to", "warnings_published", "last_verified_on", "note"),
        )
        amounts = row["low_amount_max"]
        if set(amounts) != {"natural_person", "organisation"}:
            raise TableError(
                "table.bad_amounts", f"{where}：low_amount_max 须有 natural_person 和 organisation", where=where
            )
        rows.append(
            DisplayRule(
                id=row["id"],
                low_period_rule=row["low_period_rule"],
                other_period_rule=row["other_period_rule"],
                low_amount_max={k: Decimal(str(v)) for k, v in amounts.items()},
                warnings_published=bool(row.get("warnings_published", False)),
                effective_from=parse_date(where, row["effective_from"]),  # type: ignore[arg-type]
                effective_to=parse_date(where, row.get("effective_to"), allow_none=True),
                citation=parse_citation(where, row["citation"]),
                status=parse_status(where, row["status"]),
                note=str(row.get("note") or ""),
            )
        )
    return tuple(rows)


@functools.cache
def default_display_rules() -> tuple[DisplayRule, ...]:
    return load_display_rules()


def display_period(
    *,
    party_kind: PartyKind | str,
    amount: Decimal,
    circulated_criticism: bool = False,
    on: dt.date,
    rules: tuple[DisplayRule, ...] | None = None,
) -> DisplayPeriod:
    """The display period for a decision made on ``on`` with ``amount`` (fine + confiscation, yuan)."""
    for rule in rules or default_display_rules():
        if rule.in_force(on):
            break
    else:
        raise RulebookError("publicity.no_rule_in_force", f"{on} 没有生效的公示期规则，请补充规则表", on=on)
    limit = rule.low_amount_max[PartyKind(party_kind).value]
    low = circulated_criticism or amount <= limit
    reason = (
        "通报批评，公示三个月"
        if circulated_criticism
        else (
            f"罚没金额 {amount} 元不超过较低数额 {limit} 元，公示三个月" if low else f"罚没金额 {amount} 元，公示三年"
        )
    )
    return DisplayPeriod(
        rule.low_period_rule if low else rule.other_period_rule, low, reason, rule.citation, rule.status
    )


def is_published(
    *, warning_only: bool, procedure: str, on: dt.date, rules: tuple[DisplayRule, ...] | None = None
) -> bool:
    """Ordinary-procedure decisions are published; warnings and summary-procedure decisions are not (Order 45 Art. 6)."""
    for rule in rules or default_display_rules():
        if rule.in_force(on):
            return procedure != "summary" and (rule.warnings_published or not warning_only)
    raise RulebookError("publicity.no_rule_in_force", f"{on} 没有生效的公示期规则，请补充规则表", on=on)


def check_tables() -> dict[str, int]:
    """Load the display-period table strictly (for ``fazhi.rulebook.loader.check_all_tables``)."""
    return {"publicity_display_periods": len(load_display_rules())}
