"""信用监管 rules as data: annual-report obligations, listing grounds, the serious list, credit repair, risk classes.

Pure: reads ``tables/credit/*.yaml`` (legal digest §4 and §5). Every row is dated (``effective_from`` inclusive,
``effective_to`` exclusive, ``null`` = open), cited and carries its status; the functions pick the row in force on
the date the law names and return it with its citation so the shell can store the provenance.

- ``annual_report_obligation(kind, report_year)`` — who files, the window, the consequence of not filing.
- ``listing_ground(consequence, ground, on)`` — a ground of the abnormal list / abnormal mark with its basis.
- ``serious_list_rules(on)`` — periods of the serious list (each value with its own status).
- ``repair_eligibility(...)`` — may the publicity of a penalty stop early (信用修复)?
- ``risk_scoring(on)`` / ``risk_class(...)`` — the A–D scoring (weights as data, [UNCONFIRMED]).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
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

CREDIT_DIR = TABLES_DIR / "credit"
ENTITY_KINDS = ("enterprise", "branch", "cooperative", "individual")
CONSEQUENCES = ("abnormal_list", "abnormal_mark")
CURES = ("report_filed", "info_published", "corrected", "address_fixed")
_META_REQUIRED = ("id", "effective_from", "effective_to", "citation", "status", "last_verified_on")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which row decided, under which law, how sure we are."""

    rule_id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "effective_from": self.effective_from.isoformat(),
            "citation": str(self.citation),
            "status": self.status.value,
        }


def _meta(where: str, row: dict[str, Any]) -> Provenance:
    start = parse_date(where, row["effective_from"])
    verified = parse_date(where, row["last_verified_on"])
    assert start is not None and verified is not None
    end = parse_date(where, row["effective_to"], allow_none=True)
    if end is not None and end <= start:
        raise TableError("table.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    return Provenance(
        rule_id=str(row["id"]),
        effective_from=start,
        effective_to=end,
        citation=parse_citation(where, row["citation"]),
        status=parse_status(where, row["status"]),
        last_verified_on=verified,
        note=str(row.get("note") or ""),
    )


def _choice(where: str, value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise TableError("table.bad_value", f"{where}：{what} 只能是 {'、'.join(allowed)}，得到 {value!r}", where=where)
    return str(value)


# ------------------------------------------------------------------------------------------ annual reports


@dataclass(frozen=True, slots=True)
class Obligation:
    """The annual-report duty of some entity kinds (年度报告义务)."""

    name: str
    kinds: tuple[str, ...]
    consequence: str  # abnormal_list | abnormal_mark
    window_from: tuple[int, int]
    window_to: tuple[int, int]
    provenance: Provenance

    def window(self, report_year: int) -> tuple[dt.date, dt.date]:
        """The filing window for ``report_year``: in the following year (条例第八条)."""
        year = report_year + 1
        return dt.date(year, *self.window_from), dt.date(year, *self.window_to)

    def must_file(self, *, established_on: dt.date, report_year: int) -> bool:
        """Entities set up during a year file from the next year on, for the year they were set up (第八条)."""
        return established_on <= dt.date(report_year, 12, 31)


def _month_day(where: str, value: Any) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in str(value).split("-"))
        dt.date(2024, month, day)
    except (ValueError, TypeError) as exc:
        raise TableError("table.bad_month_day", f"{where}：应为 MM-DD，得到 {value!r}", where=where) from exc
    return month, day


def load_obligations(path: Path = CREDIT_DIR / "annual_report.yaml") -> tuple[Obligation, ...]:
    """Load the annual-report obligations strictly; per kind, periods must not overlap."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "obligations"))
    rows: list[Obligation] = []
    for i, row in enumerate(data["obligations"] or []):
        where = f"{path.name}#obligations[{i}]"
        check_keys(
            where,
            row,
            required=(*_META_REQUIRED, "name", "kinds", "consequence", "window_from", "window_to", "first_report_year"),
            optional=("note",),
        )
        kinds = tuple(_choice(where, k, ENTITY_KINDS, "kinds") for k in row["kinds"])
        if row["first_report_year"] != "establishment_year":
            raise TableError("table.bad_value", f"{where}：first_report_year 只支持 establishment_year", where=where)
        rows.append(
            Obligation(
                name=str(row["name"]),
                kinds=kinds,
                consequence=_choice(where, row["consequence"], CONSEQUENCES, "consequence"),
                window_from=_month_day(where, row["window_from"]),
                window_to=_month_day(where, row["window_to"]),
                provenance=_meta(where, row),
            )
        )
    for kind in ENTITY_KINDS:
        periods = [(o.provenance.effective_from, o.provenance.effective_to) for o in rows if kind in o.kinds]
        check_no_overlap(f"{path.name}:{kind}", periods)
    return tuple(rows)


@functools.cache
def _obligations() -> tuple[Obligation, ...]:
    return load_obligations()


def annual_report_obligation(kind: str, report_year: int) -> Obligation:
    """The obligation of entities of ``kind`` for ``report_year`` (chosen on 1 January of the filing year).

    Raises ``credit.no_obligation`` when the kind has no annual-report duty in force then.
    """
    on = dt.date(report_year + 1, 1, 1)
    for obligation in _obligations():
        if kind in obligation.kinds and obligation.provenance.in_force_on(on):
            return obligation
    raise RulebookError(
        "credit.no_obligation", f"{report_year} 年度没有适用于“{kind}”的年度报告规定，请补充规则表", kind=kind
    )


def sweep_year_open(*, sweep_year: int, as_of: dt.date, kind: str = "enterprise") -> bool:
    """May the sweep of ``sweep_year`` (report year ``sweep_year - 1``) run on ``as_of``? Only after the window."""
    _, last = annual_report_obligation(kind, sweep_year - 1).window(sweep_year - 1)
    return as_of > last


# ------------------------------------------------------------------------------------------ listing grounds


@dataclass(frozen=True, slots=True)
class ListingGround:
    id: str
    consequence: str
    text: str
    cure: str
    provenance: Provenance

    @property
    def basis_ref(self) -> str:
        return str(self.provenance.citation)


def load_grounds(path: Path = CREDIT_DIR / "listing_grounds.yaml") -> tuple[ListingGround, ...]:
    """Load the listing grounds strictly; versions of one (consequence, ground) must not overlap."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "grounds"))
    rows: list[ListingGround] = []
    for i, row in enumerate(data["grounds"] or []):
        where = f"{path.name}#grounds[{i}]"
        check_keys(where, row, required=(*_META_REQUIRED, "consequence", "text", "cure"), optional=("note",))
        rows.append(
            ListingGround(
                id=str(row["id"]),
                consequence=_choice(where, row["consequence"], CONSEQUENCES, "consequence"),
                text=str(row["text"]),
                cure=_choice(where, row["cure"], CURES, "cure"),
                provenance=_meta(where, row),
            )
        )
    keys = {(g.consequence, g.id) for g in rows}
    for consequence, ground_id in keys:
        periods = [
            (g.provenance.effective_from, g.provenance.effective_to)
            for g in rows
            if (g.consequence, g.id) == (consequence, ground_id)
        ]
        check_no_overlap(f"{path.name}:{consequence}.{ground_id}", periods)
    return tuple(rows)


@functools.cache
def _grounds() -> tuple[ListingGround, ...]:
    return load_grounds()


def listing_ground(consequence: str, ground: str, on: dt.date) -> ListingGround:
    """The ground ``ground`` of ``consequence`` in force on ``on`` (the decision date).

    Raises ``credit.unknown_ground`` naming the grounds allowed then.
    """
    found = [g for g in _grounds() if g.consequence == consequence and g.provenance.in_force_on(on)]
    for g in found:
        if g.id == ground:
            return g
    allowed = "、".join(f"{g.id}（{g.text}）" for g in found) or "无"
    raise RulebookError(
        "credit.unknown_ground",
        f"“{ground}”不是 {on} 施行的列入事由；可选：{allowed}",
        consequence=consequence,
        ground=ground,
    )


def listing_grounds(consequence: str, on: dt.date) -> tuple[ListingGround, ...]:
    """All grounds of ``consequence`` in force on ``on`` (for forms)."""
    return tuple(g for g in _grounds() if g.consequence == consequence and g.provenance.in_force_on(on))


# ------------------------------------------------------------------------------------------ serious list


@dataclass(frozen=True, slots=True)
class RuleValue:
    value: Any
    article: str
    status: Status
    text: str


DECIDES = ("bureau", "bureau_with_upper_consent", "upper")
DECIDES_LABELS = {
    "bureau": "本局决定",
    "bureau_with_upper_consent": "本局决定，须经上一级市场监督管理部门同意",
    "upper": "上级市场监督管理部门决定，本局提请",
}
BUREAU_ROLES = ("leader", "section_chief")


@dataclass(frozen=True, slots=True)
class DecidingAuthority:
    """Who decides a listing on one ground (and its removal), as the cited text says."""

    decides: str  # one of DECIDES
    removal_decides: str  # one of DECIDES
    authority: str
    bureau_role: str  # who in the bureau signs the decision or the submission (core.roles.Role value)
    article: str
    status: Status
    text: str

    @property
    def label(self) -> str:
        return DECIDES_LABELS[self.decides]

    @property
    def basis_ref(self) -> str:
        return f"{self.article}〔{self.status.label}〕"


@dataclass(frozen=True, slots=True)
class SeriousListRules:
    provenance: Provenance
    values: dict[str, RuleValue]
    heavy_penalties: dict[str, str]
    grounds: dict[str, str]
    periods: dict[str, str]  # what → deadline rule id; the engine computes every date (issue 13 §2)
    deciding_authority: dict[str, DecidingAuthority]
    representative_bar_grounds: tuple[str, ...] = ()

    def authority_for(self, ground: str) -> DecidingAuthority:
        return self.deciding_authority[ground]

    def representative_bar_end(self, decided_on: dt.date) -> dt.date:
        """The day the 3-year bar on the listed enterprise's legal representative ends (a burden: never rolled)."""
        return _engine_due(self.periods["representative_bar"], decided_on)

    def representative_bar_basis(self, decided_on: dt.date) -> tuple[Any, ...]:
        """The rule values the bar rests on, for the gate before it refuses anything (issue 13 §3)."""
        from fazhi.rulebook.confirmation import deadline_value, values_matching

        own = values_matching(
            f"credit/serious_list.yaml#rules/{self.provenance.rule_id}/values/legal_representative_bar_years"
        )
        return (deadline_value(self.periods["representative_bar"], decided_on), *own)

    def years(self, name: str) -> int:
        return int(self.values[name].value)

    def period_rule(self, ground: str = "heavy_penalty") -> str:
        """The deadline rule for how long a listing on ``ground`` lasts."""
        return self.periods["abnormal_list_3_years" if ground == "abnormal_list_3_years" else "heavy_penalty"]

    def period_end(self, decided_on: dt.date, ground: str = "heavy_penalty") -> dt.date:
        """The day the listing ends (a burden: never rolled over a holiday). Heavy penalties: Order 44 [UNCONFIRMED
        3 years]; listed after 3 years on the abnormal list: 条例第十七条第三款 (5 years)."""
        return _engine_due(self.period_rule(ground), decided_on)

    def early_removal_from(self, decided_on: dt.date) -> dt.date:
        """First day an early removal may be decided ([SECONDARY] after 1 year)."""
        return _engine_due(self.periods["early_removal"], decided_on)

    def period_basis(self, decided_on: dt.date, ground: str = "heavy_penalty") -> tuple[Any, ...]:
        """The rule values the end of a listing rests on (``fazhi.rulebook.confirmation.RuleValue``), for the
        gate before a listing is ended at the end of its period (issue 13 §3)."""
        from fazhi.rulebook.confirmation import deadline_value, values_matching

        name = "abnormal_ground_period_years" if ground == "abnormal_list_3_years" else "period_years"
        own = values_matching(f"credit/serious_list.yaml#rules/{self.provenance.rule_id}/values/{name}")
        return (deadline_value(self.period_rule(ground), decided_on), *own)

    def abnormal_due(self, listed_on: dt.date) -> dt.date:
        """The last day of the 3-year cure window on the abnormal list (条例第十七条); after it the listing may
        be proposed for the serious list."""
        return _engine_due(self.periods["abnormal_to_serious"], listed_on)


SERIOUS_VALUES = (
    "abnormal_list_years",
    "period_years",
    "abnormal_ground_period_years",
    "early_removal_after_years",
    "higher_approval_required",
    "legal_representative_bar_years",
)
SERIOUS_PERIODS = (
    "heavy_penalty",
    "abnormal_list_3_years",
    "early_removal",
    "abnormal_to_serious",
    "representative_bar",
)
# Which value of the table each period rule must agree with (years).
_PERIOD_VALUES = {
    "heavy_penalty": "period_years",
    "abnormal_list_3_years": "abnormal_ground_period_years",
    "early_removal": "early_removal_after_years",
    "abnormal_to_serious": "abnormal_list_years",
    "representative_bar": "legal_representative_bar_years",
}


def _engine_due(rule_id: str, start: dt.date) -> dt.date:
    from fazhi.rulebook.deadlines import compute_deadline

    # Year periods of burdens are never rolled and need no calendar; party periods that roll get the
    # provisional calendar for a year without a notice (the latest end, never earlier than the law allows).
    return compute_deadline(rule_id, start, provisional=True).due


def load_serious_rules(path: Path = CREDIT_DIR / "serious_list.yaml") -> tuple[SeriousListRules, ...]:
    """Load the serious-list rules strictly; each value carries its own article and status."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "rules"))
    rows: list[SeriousListRules] = []
    for i, row in enumerate(data["rules"] or []):
        where = f"{path.name}#rules[{i}]"
        check_keys(
            where,
            row,
            required=(
                *_META_REQUIRED,
                "values",
                "periods",
                "deciding_authority",
                "representative_bar_grounds",
                "heavy_penalties",
                "grounds",
            ),
            optional=("note",),
        )
        check_keys(f"{where}.values", row["values"], required=SERIOUS_VALUES)
        values = {}
        for name, item in row["values"].items():
            vwhere = f"{where}.values.{name}"
            check_keys(vwhere, item, required=("value", "article", "status", "text"))
            values[name] = RuleValue(
                item["value"], str(item["article"]), parse_status(vwhere, item["status"]), item["text"]
            )
        check_keys(f"{where}.periods", row["periods"], required=SERIOUS_PERIODS)
        periods = {str(k): str(v) for k, v in row["periods"].items()}

        def _ids(key: str, where: str = where, row: dict[str, Any] = row) -> dict[str, str]:
            out: dict[str, str] = {}
            for j, item in enumerate(row[key] or []):
                check_keys(f"{where}.{key}[{j}]", item, required=("id", "text"))
                out[str(item["id"])] = str(item["text"])
            return out

        grounds = _ids("grounds")
        authority: dict[str, DecidingAuthority] = {}
        for ground, item in (row["deciding_authority"] or {}).items():
            awhere = f"{where}.deciding_authority.{ground}"
            check_keys(
                awhere,
                item,
                required=("decides", "removal_decides", "authority", "bureau_role", "article", "status", "text"),
            )
            authority[str(ground)] = DecidingAuthority(
                decides=_choice(awhere, item["decides"], DECIDES, "decides"),
                removal_decides=_choice(awhere, item["removal_decides"], DECIDES, "removal_decides"),
                authority=str(item["authority"]),
                bureau_role=_choice(awhere, item["bureau_role"], BUREAU_ROLES, "bureau_role"),
                article=str(item["article"]),
                status=parse_status(awhere, item["status"]),
                text=str(item["text"]),
            )
        if set(authority) != set(grounds):
            raise TableError(
                "credit.authority_missing", f"{where}：deciding_authority 须为每个列入事由写明决定机关", where=where
            )
        bar_grounds = tuple(str(g) for g in (row["representative_bar_grounds"] or ()))
        if not set(bar_grounds) <= set(grounds):
            raise TableError(
                "credit.unknown_bar_ground", f"{where}：representative_bar_grounds 含有未知的列入事由", where=where
            )
        rows.append(
            SeriousListRules(
                _meta(where, row), values, _ids("heavy_penalties"), grounds, periods, authority, bar_grounds
            )
        )
    check_no_overlap(path.name, [(r.provenance.effective_from, r.provenance.effective_to) for r in rows])
    return tuple(rows)


def _check_period_rules(rows: tuple[SeriousListRules, ...]) -> None:
    """Each period rule exists and, where in force, has the length the table's value says (one truth)."""
    from fazhi.rulebook.deadlines import Unit, get_rule

    for rules in rows:
        for what, rule_id in rules.periods.items():
            rule = get_rule(rule_id)
            version = rule.version_on(max(rules.provenance.effective_from, rule.versions[0].effective_from))
            expected = rules.years(_PERIOD_VALUES[what])
            if version.unit is not Unit.YEARS or version.length != expected:
                raise TableError(
                    "credit.period_mismatch",
                    f"serious_list.yaml：{what} 的期限规则 {rule_id} 为 {version.length}{version.unit.label}，"
                    f"与本表的 {expected} 年不一致",
                    rule=rule_id,
                )


@functools.cache
def _serious() -> tuple[SeriousListRules, ...]:
    return load_serious_rules()


def serious_list_rules(on: dt.date) -> SeriousListRules:
    """The serious-list rules in force on ``on``. Raises ``credit.no_serious_rules`` before 1 Sep 2021."""
    for rules in _serious():
        if rules.provenance.in_force_on(on):
            return rules
    raise RulebookError("credit.no_serious_rules", f"{on} 没有施行的严重违法失信名单规则，请核对日期", on=on)


# ------------------------------------------------------------------------------------------ credit repair

FOOD_DRUG_SPECIAL = ("food", "drug", "special_equipment")


@dataclass(frozen=True, slots=True)
class RepairRules:
    provenance: Provenance
    min_months: dict[str, int]
    min_rules: dict[str, str]
    short_publicity_kinds: tuple[str, ...]
    excluded_kinds: tuple[str, ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RepairEligibility:
    """The answer with everything needed to explain it."""

    eligible: bool
    earliest_on: dt.date | None
    reasons: tuple[str, ...]
    provenance: Provenance
    min_months: int | None = None
    failed: tuple[str, ...] = field(default=())
    min_rule: str = ""  # the deadline rule of the minimum period (its value may need the bureau's confirmation)
    min_rule_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "earliest_on": self.earliest_on.isoformat() if self.earliest_on else None,
            "min_months": self.min_months,
            "min_rule": self.min_rule,
            "min_rule_version": self.min_rule_version,
            "reasons": list(self.reasons),
            "failed": list(self.failed),
            **self.provenance.as_dict(),
        }


def load_repair_rules(path: Path = CREDIT_DIR / "repair.yaml") -> tuple[RepairRules, ...]:
    """Load the dated credit-repair versions strictly."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "versions"))
    rows: list[RepairRules] = []
    for i, row in enumerate(data["versions"] or []):
        where = f"{path.name}#versions[{i}]"
        check_keys(
            where,
            row,
            required=(
                *_META_REQUIRED,
                "min_publicity_months",
                "min_publicity_rules",
                "short_publicity_kinds",
                "excluded_kinds",
                "conditions",
            ),
            optional=("note",),
        )
        check_keys(
            f"{where}.min_publicity_rules",
            row["min_publicity_rules"],
            required=("general", "food_drug_special_equipment"),
        )
        check_keys(
            f"{where}.min_publicity_months",
            row["min_publicity_months"],
            required=("general", "food_drug_special_equipment"),
        )
        months = {k: int(v) for k, v in row["min_publicity_months"].items()}
        if any(v <= 0 for v in months.values()):
            raise TableError("table.bad_length", f"{where}：最短公示期应为正整数（月）", where=where)
        rows.append(
            RepairRules(
                _meta(where, row),
                months,
                {k: str(v) for k, v in row["min_publicity_rules"].items()},
                tuple(row["short_publicity_kinds"]),
                tuple(row["excluded_kinds"]),
                tuple(row["conditions"]),
            )
        )
    check_no_overlap(path.name, [(r.provenance.effective_from, r.provenance.effective_to) for r in rows])
    return tuple(rows)


@functools.cache
def _repair() -> tuple[RepairRules, ...]:
    return load_repair_rules()


def repair_rules(on: dt.date) -> RepairRules:
    """The credit-repair version in force on ``on`` (the application date)."""
    for rules in _repair():
        if rules.provenance.in_force_on(on):
            return rules
    raise RulebookError("credit.no_repair_rules", f"{on} 没有施行的信用修复规则，请核对申请日期", on=on)


def repair_eligibility(
    *,
    penalty_kinds: tuple[str, ...] | list[str],
    domain: str,
    published_on: dt.date,
    applied_on: dt.date,
    performed: bool,
    harm_removed: bool,
    repeated: bool,
    listed: bool,
) -> RepairEligibility:
    """May the publicity of a penalty decision stop early (信用修复, SAMR Order 45 Art. 14; 国市监信规〔2021〕3号 Art. 6)?

    ``penalty_kinds``: the penalties of the decision (``fine``, ``confiscation``, ``warning``, ``low_fine``,
    ``suspension`` …); ``domain``: ``food``/``drug``/``special_equipment`` get the longer minimum period.
    The minimum period runs from ``published_on``; the version is the one in force on ``applied_on``.
    """
    rules = repair_rules(applied_on)
    kinds = tuple(penalty_kinds)
    reasons: list[str] = []
    failed: list[str] = []
    excluded = [k for k in kinds if k in rules.excluded_kinds]
    if excluded:
        reasons.append(f"处罚种类 {'、'.join(excluded)} 不得提前停止公示")
        return RepairEligibility(False, None, tuple(reasons), rules.provenance, None, ("excluded_kind",))
    if kinds and all(k in rules.short_publicity_kinds for k in kinds):
        reasons.append("警告、通报批评或较低数额罚款仅短期公示（或不公示），无需信用修复")
        return RepairEligibility(False, None, tuple(reasons), rules.provenance, None, ("short_publicity",))
    key = "food_drug_special_equipment" if domain in FOOD_DRUG_SPECIAL else "general"
    months = rules.min_months[key]
    from fazhi.rulebook.deadlines import compute_deadline

    # The engine counts the minimum period (a burden on the party: never rolled), version by the application date.
    period = compute_deadline(rules.min_rules[key], published_on, selecting_date=applied_on, provisional=True)
    earliest = period.due
    if applied_on < earliest:
        failed.append("min_period")
        reasons.append(f"最短公示期 {months} 个月，{earliest.isoformat()} 起方可申请")
    for name, ok, text in (
        ("performed", performed, "已履行行政处罚决定"),
        ("harm_removed", harm_removed, "已消除危害后果和不良影响"),
        ("no_repeat", not repeated, "未再受到同类行政处罚"),
        ("not_listed", not listed, "未被列入经营异常名录或严重违法失信名单"),
    ):
        if name in rules.conditions and not ok:
            failed.append(name)
            reasons.append(f"不满足条件：{text}")
    if not failed:
        reasons.append(f"已公示满 {months} 个月且满足全部修复条件")
    return RepairEligibility(
        not failed, earliest, tuple(reasons), rules.provenance, months, tuple(failed), period.rule_id, period.version
    )


# ------------------------------------------------------------------------------------------ risk classes

RISK_FACTORS = (
    "abnormal_listed",
    "abnormal_history",
    "serious_listed",
    "penalty",
    "inspection_problem",
    "complaint",
    "young",
)


@dataclass(frozen=True, slots=True)
class Weight:
    points: int
    cap: int
    text: str


@dataclass(frozen=True, slots=True)
class RiskScoring:
    provenance: Provenance
    lookback_years: int
    weights: dict[str, Weight]
    a_below: int
    b_below: int
    c_below: int

    def score(self, counts: dict[str, int]) -> int:
        return sum(w.points * min(max(int(counts.get(name, 0)), 0), w.cap) for name, w in self.weights.items())

    def classify(self, score: int) -> str:
        if score < self.a_below:
            return "A"
        if score < self.b_below:
            return "B"
        if score < self.c_below:
            return "C"
        return "D"


def load_risk_scoring(path: Path = CREDIT_DIR / "risk_scoring.yaml") -> tuple[RiskScoring, ...]:
    """Load the scoring versions; every factor needs a weight, thresholds must rise."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "versions"))
    rows: list[RiskScoring] = []
    for i, row in enumerate(data["versions"] or []):
        where = f"{path.name}#versions[{i}]"
        check_keys(
            where, row, required=(*_META_REQUIRED, "lookback_years", "weights", "thresholds"), optional=("note",)
        )
        check_keys(f"{where}.weights", row["weights"], required=RISK_FACTORS)
        weights = {}
        for name, item in row["weights"].items():
            check_keys(f"{where}.weights.{name}", item, required=("points", "cap", "text"))
            weights[name] = Weight(int(item["points"]), int(item["cap"]), str(item["text"]))
        check_keys(f"{where}.thresholds", row["thresholds"], required=("a_below", "b_below", "c_below"))
        t = row["thresholds"]
        if not 0 < t["a_below"] < t["b_below"] < t["c_below"]:
            raise TableError("table.bad_thresholds", f"{where}：阈值应满足 0 < A < B < C", where=where)
        rows.append(
            RiskScoring(
                _meta(where, row), int(row["lookback_years"]), weights, t["a_below"], t["b_below"], t["c_below"]
            )
        )
    check_no_overlap(path.name, [(r.provenance.effective_from, r.provenance.effective_to) for r in rows])
    return tuple(rows)


@functools.cache
def _risk() -> tuple[RiskScoring, ...]:
    return load_risk_scoring()


def risk_scoring(on: dt.date) -> RiskScoring:
    """The scoring in force on ``on`` (the day of the recomputation)."""
    for scoring in _risk():
        if scoring.provenance.in_force_on(on):
            return scoring
    raise RulebookError("credit.no_risk_scoring", f"{on} 没有施行的风险分类评分规则", on=on)


def risk_class(counts: dict[str, int], on: dt.date) -> tuple[int, str]:
    """``(score, class)`` of an entity from its record counts (keys of ``RISK_FACTORS``) on ``on``."""
    scoring = risk_scoring(on)
    score = scoring.score(counts)
    return score, scoring.classify(score)


def _check_repair_rules(rows: tuple[RepairRules, ...]) -> None:
    """The minimum-period rules exist and agree with the months the table states, in each version's period."""
    from fazhi.rulebook.deadlines import Unit, get_rule

    for rules in rows:
        for key, rule_id in rules.min_rules.items():
            version = get_rule(rule_id).version_on(rules.provenance.effective_from)
            months = version.length * (12 if version.unit is Unit.YEARS else 1)
            if version.unit not in (Unit.MONTHS, Unit.YEARS) or months != rules.min_months[key]:
                raise TableError(
                    "credit.period_mismatch",
                    f"repair.yaml {rules.provenance.rule_id}：{key} 的期限规则 {rule_id} 为 {version.length}"
                    f"{version.unit.label}，与本表的 {rules.min_months[key]} 个月不一致",
                    rule=rule_id,
                )


def check_tables() -> dict[str, int]:
    """Load every credit table strictly (``make test`` and the Django system check)."""
    serious = load_serious_rules()
    _check_period_rules(serious)
    repair = load_repair_rules()
    _check_repair_rules(repair)
    return {
        "obligations": len(load_obligations()),
        "grounds": len(load_grounds()),
        "serious_list": len(serious),
        "repair": len(repair),
        "risk_scoring": len(load_risk_scoring()),
    }
