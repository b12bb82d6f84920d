"""General statutory amounts of the penalty procedure, read from ``tables/penalties/``.

* summary procedure (简易程序) limits — 行政处罚法 Art. 51 (200 / 3,000 yuan since 15 Jul 2021; 50 / 1,000 before);
* hearing thresholds (较大数额) — SAMR hearing rules, 10,000 / 100,000 yuan [UNCONFIRMED];
* late-payment surcharge (加处罚款) — 3 % of the fine a day, never more than the fine (行政处罚法 Art. 72);
* legal-review criteria (法制审核) — 行政处罚法 Art. 58 plus the bureau's catalogue [UNCONFIRMED].
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fazhi.rulebook.discretion import PartyKind
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

PENALTIES_FILE = TABLES_DIR / "penalties" / "administrative_penalty_law.yaml"
FEN = Decimal("0.01")
REVIEW_FLAGS = frozenset(
    {
        "major_public_interest",
        "hearing_held",
        "complex_case",
        "other_law_requires",
        "mitigated",
        "outside_computed_range",
    }
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A dated, cited row: effective [from, to), the values and the provenance."""

    effective_from: dt.date
    effective_to: dt.date | None
    values: Mapping[str, Any]
    citation: Citation
    status: Status
    last_verified_on: dt.date

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


@dataclass(frozen=True, slots=True)
class PenaltyTables:
    """The loaded penalty tables, each a list of dated rows."""

    summary_procedure: tuple[Dated, ...]
    hearing_thresholds: tuple[Dated, ...]
    late_payment: tuple[Dated, ...]
    legal_review: tuple[Dated, ...]


def _amount(where: str, value: Any) -> Decimal:
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise TableError("table.bad_number", f"{where}：应为数字，得到 {value!r}", where=where) from exc


def _rows(where: str, rows: Any, values: tuple[str, ...], *, extra: tuple[str, ...] = ()) -> tuple[Dated, ...]:
    parsed = []
    for i, row in enumerate(rows or []):
        here = f"{where}[{i}]"
        check_keys(
            here, row, required=("effective_from", "effective_to", "citation", "status", "last_verified_on", *values),
            optional=extra,
        )  # fmt: skip
        effective_from = parse_date(f"{here}.effective_from", row["effective_from"])
        last_verified = parse_date(f"{here}.last_verified_on", row["last_verified_on"])
        assert effective_from is not None and last_verified is not None
        parsed.append(
            Dated(
                effective_from,
                parse_date(f"{here}.effective_to", row["effective_to"], allow_none=True),
                {k: row[k] for k in (*values, *extra) if k in row},
                parse_citation(here, row["citation"]),
                parse_status(here, row["status"]),
                last_verified,
            )
        )
    if not parsed:
        raise TableError("table.missing_key", f"{where}：至少需要一行", where=where, keys=[where])
    return tuple(parsed)


def load_penalty_tables(path: Path = PENALTIES_FILE) -> PenaltyTables:
    """Load and check the penalty table (strict keys, no overlapping versions, citations required)."""
    data = load_yaml(path)
    keys = ("instrument", "summary_procedure", "hearing_thresholds", "late_payment", "legal_review")
    check_keys(path.stem, data, required=keys)
    summary = _rows("summary_procedure", data["summary_procedure"], ("natural_person_max", "organisation_max"))
    hearing = _rows("hearing_thresholds", data["hearing_thresholds"], ("natural_person_min", "organisation_min"))
    late = _rows("late_payment", data["late_payment"], ("daily_rate",))
    review = _rows("legal_review", data["legal_review"], ("id", "text", "trigger"))
    for name, rows in (("summary_procedure", summary), ("hearing_thresholds", hearing), ("late_payment", late)):
        check_no_overlap(name, [(r.effective_from, r.effective_to) for r in rows])
    for name, rows, fields in (
        ("summary_procedure", summary, ("natural_person_max", "organisation_max")),
        ("hearing_thresholds", hearing, ("natural_person_min", "organisation_min")),
        ("late_payment", late, ("daily_rate",)),
    ):
        for row in rows:
            for f in fields:
                _amount(f"{name}.{f}", row.values[f])
    for row in review:
        where = f"legal_review.{row.values['id']}"
        trigger = row.values["trigger"]
        check_keys(f"{where}.trigger", trigger, required=(), optional=("flag", "fine_at_least"))
        if ("flag" in trigger) == ("fine_at_least" in trigger):
            raise TableError("penalties.bad_trigger", f"{where}：trigger 须为 flag 或 fine_at_least 之一", where=where)
        if "flag" in trigger and trigger["flag"] not in REVIEW_FLAGS:
            raise TableError("penalties.bad_trigger", f"{where}：未知的审核情形 {trigger['flag']}", where=where)
        if "fine_at_least" in trigger:
            check_keys(f"{where}.fine_at_least", trigger["fine_at_least"], required=("natural_person", "organisation"))
            for kind in ("natural_person", "organisation"):
                _amount(f"{where}.{kind}", trigger["fine_at_least"][kind])
    ids = [r.values["id"] for r in review]
    if len(set(ids)) != len(ids):
        raise TableError("penalties.duplicate_criterion", "legal_review：审核情形 id 重复", where="legal_review")
    return PenaltyTables(summary, hearing, late, review)


@functools.cache
def default_tables() -> PenaltyTables:
    """The shipped table, loaded once."""
    return load_penalty_tables()


def _in_force(name: str, rows: tuple[Dated, ...], on: dt.date) -> Dated:
    for row in rows:
        if row.in_force(on):
            return row
    raise RulebookError("penalties.no_rule_in_force", f"{on} 没有生效的{name}规则，请检查日期或补充规则表", on=on)


@dataclass(frozen=True, slots=True)
class Limit:
    """An amount with its provenance (summary limit or hearing threshold)."""

    amount: Decimal
    citation: Citation
    status: Status


def summary_procedure_limit(party_kind: PartyKind, *, on: dt.date, tables: PenaltyTables | None = None) -> Limit:
    """The highest fine the summary procedure allows for ``party_kind`` on date ``on`` (行政处罚法 Art. 51)."""
    row = _in_force("简易程序限额", (tables or default_tables()).summary_procedure, on)
    key = "natural_person_max" if PartyKind(party_kind) is PartyKind.NATURAL_PERSON else "organisation_max"
    return Limit(_amount(key, row.values[key]), row.citation, row.status)


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a rule applies (or does not), with its source and status."""

    code: str
    text: str
    citation: Citation | None
    status: Status


@dataclass(frozen=True, slots=True)
class SummaryCheck:
    """Whether the summary procedure may be used, and why not."""

    eligible: bool
    limit: Limit
    reasons: tuple[Finding, ...]


# 程序规定 Art. 66 is the scope of the summary procedure ("违法事实确凿并有法定依据", the amounts); Art. 69 (cited
# here before 2026-12-06) is the duty to inform. Excluding mitigated fines and fines computed from illegal gains is
# practice read into "违法事实确凿并有法定依据", not words of the text: hence SECONDARY, not TEXT.
_SUMMARY_GUIDELINE = Citation(
    "市场监督管理行政处罚程序规定", "第六十六条（简易程序适用范围；减轻处罚、按违法所得等计算罚款的排除系执法实务理解）"
)


def summary_procedure_check(
    *,
    party_kind: PartyKind,
    on: dt.date,
    fine: Decimal | None = None,
    warning_only: bool = False,
    facts_conclusive: bool = True,
    mitigated: bool = False,
    fine_depends_on_computed_amount: bool = False,
    tables: PenaltyTables | None = None,
) -> SummaryCheck:
    """Check whether a penalty may be decided on the spot under the summary procedure.

    行政处罚法 Art. 51: facts conclusive, a legal basis, and a warning or a fine ≤ the limit (inclusive).
    The SAMR practice exclusions (no mitigated penalties, no fines computed from illegal gains / goods value) are
    [SECONDARY].
    """
    limit = summary_procedure_limit(party_kind, on=on, tables=tables)
    reasons: list[Finding] = []
    if not facts_conclusive:
        reasons.append(
            Finding("summary.facts_not_conclusive", "违法事实不确凿，不适用简易程序", limit.citation, limit.status)
        )
    if not warning_only:
        if fine is None:
            raise RulebookError(
                "penalties.fine_required", "请填写拟处罚款金额，或选择仅给予警告", party_kind=party_kind
            )
        if fine > limit.amount:
            reasons.append(
                Finding(
                    "summary.fine_above_limit",
                    f"罚款 {fine} 元超过简易程序限额 {limit.amount} 元，应适用普通程序",
                    limit.citation,
                    limit.status,
                )
            )
    if mitigated:
        reasons.append(Finding("summary.mitigated", "减轻处罚案件不适用简易程序", _SUMMARY_GUIDELINE, Status.SECONDARY))
    if fine_depends_on_computed_amount:
        reasons.append(
            Finding(
                "summary.computed_amount",
                "罚款须以违法所得、货值金额等计算的，不适用简易程序",
                _SUMMARY_GUIDELINE,
                Status.SECONDARY,
            )
        )
    return SummaryCheck(not reasons, limit, tuple(reasons))


def hearing_threshold(party_kind: PartyKind, *, on: dt.date, tables: PenaltyTables | None = None) -> Limit:
    """The fine / confiscation amount from which the party must be told of the right to a hearing [UNCONFIRMED]."""
    row = _in_force("听证数额", (tables or default_tables()).hearing_thresholds, on)
    key = "natural_person_min" if PartyKind(party_kind) is PartyKind.NATURAL_PERSON else "organisation_min"
    return Limit(_amount(key, row.values[key]), row.citation, row.status)


def hearing_right(
    *,
    party_kind: PartyKind,
    on: dt.date,
    fine: Decimal = Decimal("0"),
    confiscation_value: Decimal = Decimal("0"),
    licence_or_business_penalty: bool = False,
    tables: PenaltyTables | None = None,
) -> list[Finding]:
    """Why the party has the right to request a hearing (行政处罚法 Art. 63); empty list = no such right."""
    limit = hearing_threshold(party_kind, on=on, tables=tables)
    found = []
    if fine >= limit.amount:
        found.append(
            Finding("hearing.large_fine", f"罚款 {fine} 元达到较大数额 {limit.amount} 元", limit.citation, limit.status)
        )
    if confiscation_value >= limit.amount:
        found.append(
            Finding(
                "hearing.large_confiscation",
                f"没收违法所得或者非法财物价值 {confiscation_value} 元达到较大数额 {limit.amount} 元",
                limit.citation,
                limit.status,
            )
        )
    if licence_or_business_penalty:
        found.append(
            Finding(
                "hearing.licence_or_business",
                "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业",
                Citation("中华人民共和国行政处罚法", "第六十三条第一款"),
                Status.TEXT,
            )
        )
    return found


def legal_review_required(
    *,
    party_kind: PartyKind,
    on: dt.date,
    fine: Decimal = Decimal("0"),
    confiscation_value: Decimal = Decimal("0"),
    major_public_interest: bool = False,
    hearing_held: bool = False,
    complex_case: bool = False,
    other_law_requires: bool = False,
    mitigated: bool = False,
    outside_computed_range: bool = False,
    tables: PenaltyTables | None = None,
) -> list[Finding]:
    """The legal-review criteria (法制审核) a decision meets; empty list = no review required.

    Criteria are data (行政处罚法 Art. 58 [TEXT]; mitigated penalties, deviations from the benchmark and the amount
    threshold from the bureau's catalogue [UNCONFIRMED]). No decision may be recorded before review passes.
    """
    flags = {
        "major_public_interest": major_public_interest,
        "hearing_held": hearing_held,
        "complex_case": complex_case,
        "other_law_requires": other_law_requires,
        "mitigated": mitigated,
        "outside_computed_range": outside_computed_range,
    }
    kind = PartyKind(party_kind).value
    found = []
    for row in (tables or default_tables()).legal_review:
        if not row.in_force(on):
            continue
        trigger = row.values["trigger"]
        if "flag" in trigger:
            hit = flags[trigger["flag"]]
        else:
            # 罚没金额 = 罚款 + 没收违法所得、非法财物的价值 (the catalogue counts the total), as publicity does.
            hit = fine + confiscation_value >= _amount(kind, trigger["fine_at_least"][kind])
        if hit:
            found.append(Finding(f"legal_review.{row.values['id']}", row.values["text"], row.citation, row.status))
    return found


def late_payment_surcharge(
    fine: Decimal, due: dt.date, paid_or_as_of: dt.date, *, tables: PenaltyTables | None = None
) -> Decimal:
    """加处罚款: 3 % of the fine for each day after ``due`` up to ``paid_or_as_of``, capped at the fine.

    ``due`` is the last day of the payment period (paying on it costs nothing). Rounded half-up to the fen.
    The rate is the one in force on the due date (行政处罚法 Art. 72). Periods of review or litigation, when the
    surcharge does not accrue (Art. 73), must be excluded by the caller.
    """
    if fine < 0:
        raise RulebookError("penalties.negative_fine", f"罚款金额不能为负数：{fine}", fine=fine)
    days = (paid_or_as_of - due).days
    if days <= 0:
        return Decimal("0.00")
    row = _in_force("加处罚款", (tables or default_tables()).late_payment, due)
    surcharge = fine * _amount("daily_rate", row.values["daily_rate"]) * days
    # 加处罚款的数额不得超出罚款的数额 (Art. 72 para 1 (1)).
    return min(surcharge, fine).quantize(FEN, rounding=ROUND_HALF_UP)
