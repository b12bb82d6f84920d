"""Discretion benchmarks (行政处罚裁量基准): which tier applies and which fine range it permits.

Pure engine over the dated, cited YAML tables in ``tables/discretion/``. The application rules are those of the
Tianjin benchmark as summarised in the legal digest §13 and documented in ``docs/rules/discretion.md``:

* no special circumstance → 一般 (general);
* any single listed lighter / heavier factor is enough for 从轻 / 从重;
* 减轻 (mitigation) needs *all* its listed conditions;
* lighter and mitigating factors together → mitigation;
* lighter/mitigating and aggravating factors together → they cancel to 一般 (our documented, deterministic
  reading of "综合考量"); the officer may still depart with a written reason, which forces legal review —
  **except** a circumstance the statute makes mandatory (行政处罚法 Art. 30 second sentence, Art. 32: 应当从轻或者减轻,
  ``global_mandatory_lighter``): an aggravating factor from guidance never cancels it, the tier stays 从轻 (or 减轻);
* 不予处罚 under 行政处罚法 Art. 33 (minor + corrected + no harm: shall; first violation + minor harm +
  corrected: may — the result says it is discretionary and carries the range that applies if the bureau penalises).

Every result carries the table id, version and status, the rulebook version and the inputs, so a case can freeze
``result.as_dict()`` and :func:`replay` it years later against the same table version.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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
from fazhi.rulebook.version import rulebook_version

DISCRETION_DIR = TABLES_DIR / "discretion"
FEN = Decimal("0.01")
ZERO = Decimal("0.00")
_STATUS_RANK = {Status.UNCONFIRMED: 0, Status.SECONDARY: 1, Status.TEXT: 2}


class Tier(enum.StrEnum):
    """The five discretion tiers of the benchmark."""

    NOT_PENALISED = "not_penalised"
    MITIGATED = "mitigated"
    LIGHTER = "lighter"
    GENERAL = "general"
    HEAVIER = "heavier"

    @property
    def label(self) -> str:
        return {
            "not_penalised": "不予处罚",
            "mitigated": "减轻处罚",
            "lighter": "从轻处罚",
            "general": "一般处罚",
            "heavier": "从重处罚",
        }[self.value]


class PartyKind(enum.StrEnum):
    """自然人 or 法人和其他组织 (行政处罚法 Art. 51 distinguishes them)."""

    NATURAL_PERSON = "natural_person"
    ORGANISATION = "organisation"


class Harm(enum.StrEnum):
    """The harm caused (危害后果): none / minor / ordinary / serious."""

    NONE = "none"
    MINOR = "minor"
    ORDINARY = "ordinary"
    SERIOUS = "serious"


class Base(enum.StrEnum):
    """The amount a fine is a multiple of."""

    GOODS_VALUE = "goods_value"  # 货值金额
    ILLEGAL_GAINS = "illegal_gains"  # 违法所得
    TURNOVER = "turnover"  # 违法经营额
    ADVERTISING_FEES = "advertising_fees"  # 广告费用


# Facts the engine turns into factor ids, so tables can list them like any other factor.
DERIVED_SERIOUS_HARM = "facts.serious_harm"
DERIVED_REPEAT = "facts.repeat_within_2_years"
DERIVED_CORRECTED = "facts.corrected_promptly"
DERIVED_NO_HARM = "facts.no_harm"
DERIVED_FACTORS = frozenset({DERIVED_SERIOUS_HARM, DERIVED_REPEAT, DERIVED_CORRECTED, DERIVED_NO_HARM})
MINOR_VIOLATION = "apl33.minor_violation"  # 违法行为轻微 (行政处罚法 Art. 33 para 1)
APL33 = Citation("中华人民共和国行政处罚法", "第三十三条")


def _money(where: str, value: Any, *, allow_none: bool = False) -> Decimal | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise RulebookError("discretion.bad_amount", f"{where}：金额应为数字（元），得到 {value!r}", where=where)
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise RulebookError(
            "discretion.bad_amount", f"{where}：金额应为数字（元），得到 {value!r}", where=where
        ) from exc
    if not amount.is_finite() or amount < 0:
        raise RulebookError("discretion.bad_amount", f"{where}：金额不能为负数，得到 {value!r}", where=where)
    return amount


def _number(where: str, value: Any, *, allow_none: bool = False) -> Decimal | None:
    """A non-negative number in a table (YAML ints and floats are read through ``str`` to stay exact)."""
    if value is None and allow_none:
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        return _money(where, value)
    except RulebookError as exc:
        raise TableError("table.bad_number", f"{where}：应为非负数，得到 {value!r}", where=where) from exc


def _fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def weakest(*statuses: Status) -> Status:
    """The least certain of several statuses (a result is only as sure as its weakest input)."""
    return min(statuses, key=lambda s: _STATUS_RANK[s])


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the engine needs to know about a case; amounts in yuan as ``Decimal`` (``None`` = unknown)."""

    party_kind: PartyKind
    goods_value: Decimal | None = None
    illegal_gains: Decimal | None = None
    turnover: Decimal | None = None
    advertising_fees: Decimal | None = None
    factors: frozenset[str] = frozenset()
    first_violation_within_2_years: bool = False
    harm: Harm = Harm.ORDINARY
    corrected_promptly: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "party_kind", PartyKind(self.party_kind))
        object.__setattr__(self, "harm", Harm(self.harm))
        object.__setattr__(self, "factors", frozenset(self.factors))
        for base in Base:
            object.__setattr__(self, base.value, _money(base.value, getattr(self, base.value), allow_none=True))

    def amount(self, base: Base) -> Decimal | None:
        value: Decimal | None = getattr(self, base.value)
        return value

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable echo (Decimals as strings, factors sorted)."""
        out: dict[str, Any] = {"party_kind": self.party_kind.value}
        for base in Base:
            value = self.amount(base)
            out[base.value] = None if value is None else str(value)
        out["factors"] = sorted(self.factors)
        out["first_violation_within_2_years"] = self.first_violation_within_2_years
        out["harm"] = self.harm.value
        out["corrected_promptly"] = self.corrected_promptly
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseFacts:
        """Inverse of :meth:`as_dict`."""
        return cls(
            party_kind=PartyKind(data["party_kind"]),
            goods_value=_money("goods_value", data.get("goods_value"), allow_none=True),
            illegal_gains=_money("illegal_gains", data.get("illegal_gains"), allow_none=True),
            turnover=_money("turnover", data.get("turnover"), allow_none=True),
            advertising_fees=_money("advertising_fees", data.get("advertising_fees"), allow_none=True),
            factors=frozenset(data.get("factors", ())),
            first_violation_within_2_years=bool(data.get("first_violation_within_2_years", False)),
            harm=Harm(data.get("harm", Harm.ORDINARY.value)),
            corrected_promptly=bool(data.get("corrected_promptly", False)),
        )

    def present_factors(self) -> frozenset[str]:
        """The listed factors plus those derived from the facts (harm, repeat, correction)."""
        derived = set()
        if self.harm is Harm.SERIOUS:
            derived.add(DERIVED_SERIOUS_HARM)
        if self.harm is Harm.NONE:
            derived.add(DERIVED_NO_HARM)
        if not self.first_violation_within_2_years:
            derived.add(DERIVED_REPEAT)
        if self.corrected_promptly:
            derived.add(DERIVED_CORRECTED)
        return self.factors | derived


# --------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Factor:
    """A listed circumstance (情节) and where it comes from."""

    id: str
    text: str
    citation: Citation
    status: Status


@dataclass(frozen=True, slots=True)
class Split:
    """How the statutory range splits between 从轻 / 一般 / 从重, as fractions of its width."""

    id: str
    lighter: tuple[Decimal, Decimal]
    general: tuple[Decimal, Decimal]
    heavier: tuple[Decimal, Decimal]
    citation: Citation
    status: Status

    def fractions(self, tier: Tier) -> tuple[Decimal, Decimal]:
        return {Tier.LIGHTER: self.lighter, Tier.GENERAL: self.general, Tier.HEAVIER: self.heavier}[tier]


@dataclass(frozen=True, slots=True)
class Bracket:
    """One line of the statutory range: a fixed fine and/or a multiple of the base, under a condition."""

    description: str
    below: Decimal | None
    at_least: Decimal | None
    at_most: Decimal | None
    above: Decimal | None
    absent: bool
    fine_min: Decimal | None
    fine_max: Decimal | None
    min_multiple: Decimal | None
    max_multiple: Decimal | None
    citation: Citation | None

    def applies(self, base_amount: Decimal | None) -> bool:
        if self.absent:
            return base_amount is None or base_amount == 0
        if base_amount is None:
            return self.min_multiple is None and self.bounds == (None, None, None, None)
        below, at_least, at_most, above = self.bounds
        return (
            (below is None or base_amount < below)
            and (at_least is None or base_amount >= at_least)
            and (at_most is None or base_amount <= at_most)
            and (above is None or base_amount > above)
        )

    @property
    def bounds(self) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
        return self.below, self.at_least, self.at_most, self.above

    def range(self, base_amount: Decimal | None) -> tuple[Decimal, Decimal]:
        if self.min_multiple is not None and self.max_multiple is not None and base_amount is not None:
            return _fen(base_amount * self.min_multiple), _fen(base_amount * self.max_multiple)
        assert self.fine_min is not None and self.fine_max is not None  # loader guarantees one of the two
        return _fen(self.fine_min), _fen(self.fine_max)


@dataclass(frozen=True, slots=True)
class ViolationVersion:
    """One dated version of the benchmark for one violation."""

    table_id: str
    violation_id: str
    name: str
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    status: Status
    last_verified_on: dt.date
    violated: Citation
    penalty_provision: Citation
    base: Base | None
    brackets: tuple[Bracket, ...]
    fine_condition: str | None
    confiscation: tuple[str, ...]
    other_penalties: tuple[str, ...]
    not_penalised: tuple[str, ...]
    mitigated: tuple[str, ...]
    lighter: tuple[str, ...]
    heavier: tuple[str, ...]
    split: Split

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


@dataclass(frozen=True)
class Benchmarks:
    """Every loaded factor, split profile and violation version."""

    factors: Mapping[str, Factor]
    splits: Mapping[str, Split]
    global_not_penalised: tuple[str, ...]
    violations: Mapping[str, tuple[ViolationVersion, ...]]
    global_mandatory_lighter: tuple[str, ...] = ()
    without_basis: Mapping[str, WithoutBasis] = field(default_factory=dict)

    def select(self, violation_id: str, *, on: dt.date | None = None, version: str | None = None) -> ViolationVersion:
        """The version in force on ``on`` or the one named ``version``.

        A catalogue entry without a legal basis (其他违法行为) raises ``discretion.no_legal_basis``.
        """
        unbased = self.without_basis.get(violation_id)
        if unbased is not None:
            raise RulebookError(
                "discretion.no_legal_basis",
                f"“{unbased.name}”没有法律依据，不能作出行政处罚决定：{unbased.reason}",
                id=violation_id,
                citation=str(unbased.citation),
            )
        versions = self.violations.get(violation_id)
        if not versions:
            raise RulebookError(
                "discretion.unknown_violation",
                f"裁量基准中没有违法行为 {violation_id}，请核对违法行为编号",
                id=violation_id,
            )
        for candidate in versions:
            if (version is not None and candidate.version == version) or (
                version is None and on is not None and candidate.in_force(on)
            ):
                return candidate
        if version is not None:
            raise RulebookError(
                "discretion.table_version_unknown",
                f"违法行为 {violation_id} 没有版本 {version}，无法按冻结版本复算",
                id=violation_id,
                version=version,
            )
        raise RulebookError(
            "discretion.no_version_in_force",
            f"违法行为 {violation_id} 在 {on} 没有生效的裁量基准，请检查决定日期或补充基准",
            id=violation_id,
            on=on,
        )


_FILE_KEYS = (
    "instrument",
    "factors",
    "split_profiles",
    "global_not_penalised",
    "global_mandatory_lighter",
    "violations",
    "without_basis",
)


@dataclass(frozen=True, slots=True)
class WithoutBasis:
    """A catalogue entry with no legal basis (e.g. 其他违法行为): may be recorded, never decided (APL Art. 4, 38)."""

    id: str
    name: str
    reason: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One line of the violation catalogue, for the screens' choice lists."""

    id: str
    name: str
    decidable: bool
    violated: str
    penalty_provision: str
    status: Status | None


def _fraction_pair(where: str, value: Any) -> tuple[Decimal, Decimal]:
    if not isinstance(value, list) or len(value) != 2:
        raise TableError("discretion.bad_split", f"{where}：应为 [下限比例, 上限比例]", where=where)
    low, high = (_number(where, v) for v in value)
    assert low is not None and high is not None
    if not (ZERO <= low <= high <= 1):
        raise TableError("discretion.bad_split", f"{where}：比例应满足 0 ≤ 下限 ≤ 上限 ≤ 1", where=where)
    return low, high


def _parse_split(where: str, split_id: str, data: Any) -> Split:
    check_keys(where, data, required=("lighter", "general", "heavier", "citation", "status"))
    split = Split(
        split_id,
        _fraction_pair(f"{where}.lighter", data["lighter"]),
        _fraction_pair(f"{where}.general", data["general"]),
        _fraction_pair(f"{where}.heavier", data["heavier"]),
        parse_citation(where, data["citation"]),
        parse_status(where, data["status"]),
    )
    # The tiers must be ordered, otherwise 从轻 could permit more than 从重.
    for i in (0, 1):
        if not (split.lighter[i] <= split.general[i] <= split.heavier[i]):
            raise TableError("discretion.bad_split", f"{where}：从轻、一般、从重的区间应依次递增", where=where)
    return split


def _parse_bracket(where: str, data: Any, base: Base | None) -> Bracket:
    check_keys(where, data, required=("description",), optional=("when", "fine", "multiple", "citation"))
    when = data.get("when") or {}
    check_keys(f"{where}.when", when, required=(), optional=("below", "at_least", "at_most", "above", "absent"))
    fine = data.get("fine")
    multiple = data.get("multiple")
    if (fine is None) == (multiple is None):
        raise TableError(
            "discretion.bad_bracket", f"{where}：应给出 fine（固定金额）或 multiple（倍数）之一", where=where
        )
    fine_min = fine_max = min_multiple = max_multiple = None
    if fine is not None:
        check_keys(f"{where}.fine", fine, required=("min", "max"))
        fine_min, fine_max = _number(f"{where}.fine.min", fine["min"]), _number(f"{where}.fine.max", fine["max"])
        assert fine_min is not None and fine_max is not None
        if fine_min > fine_max:
            raise TableError("discretion.bad_bracket", f"{where}：罚款下限大于上限", where=where)
    else:
        if base is None:
            raise TableError("discretion.bad_bracket", f"{where}：按倍数计罚时须在违法行为上写明 base", where=where)
        check_keys(f"{where}.multiple", multiple, required=("min", "max"))
        min_multiple = _number(f"{where}.multiple.min", multiple["min"])
        max_multiple = _number(f"{where}.multiple.max", multiple["max"])
        assert min_multiple is not None and max_multiple is not None
        if min_multiple > max_multiple:
            raise TableError("discretion.bad_bracket", f"{where}：倍数下限大于上限", where=where)
        if when.get("absent"):
            raise TableError("discretion.bad_bracket", f"{where}：没有基数时不能按倍数计罚", where=where)
    return Bracket(
        description=str(data["description"]),
        below=_number(f"{where}.when.below", when.get("below"), allow_none=True),
        at_least=_number(f"{where}.when.at_least", when.get("at_least"), allow_none=True),
        at_most=_number(f"{where}.when.at_most", when.get("at_most"), allow_none=True),
        above=_number(f"{where}.when.above", when.get("above"), allow_none=True),
        absent=bool(when.get("absent", False)),
        fine_min=fine_min,
        fine_max=fine_max,
        min_multiple=min_multiple,
        max_multiple=max_multiple,
        citation=parse_citation(where, data["citation"]) if "citation" in data else None,
    )


_VERSION_KEYS = (
    "version",
    "effective_from",
    "effective_to",
    "status",
    "last_verified_on",
    "violated",
    "penalty_provision",
    "brackets",
    "split",
)
_VERSION_OPTIONAL = (
    "base",
    "fine_condition",
    "confiscation",
    "other_penalties",
    "not_penalised",
    "mitigated",
    "lighter",
    "heavier",
    "note",
)


def _str_list(where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TableError("discretion.bad_list", f"{where}：应为文字列表", where=where)
    return tuple(value)


def _parse_version(
    where: str, table_id: str, violation_id: str, name: str, data: Any, splits: Mapping[str, Split]
) -> ViolationVersion:
    check_keys(where, data, required=_VERSION_KEYS, optional=_VERSION_OPTIONAL)
    base = Base(data["base"]) if data.get("base") else None
    brackets = data["brackets"]
    if not isinstance(brackets, list) or not brackets:
        raise TableError("discretion.bad_bracket", f"{where}：brackets 至少一项", where=where)
    split_id = str(data["split"])
    if split_id not in splits:
        raise TableError(
            "discretion.unknown_split", f"{where}：未定义的划分方式 {split_id}", where=where, split=split_id
        )
    effective_from = parse_date(f"{where}.effective_from", data["effective_from"])
    assert effective_from is not None
    last_verified_on = parse_date(f"{where}.last_verified_on", data["last_verified_on"])
    assert last_verified_on is not None
    return ViolationVersion(
        table_id=table_id,
        violation_id=violation_id,
        name=name,
        version=str(data["version"]),
        effective_from=effective_from,
        effective_to=parse_date(f"{where}.effective_to", data["effective_to"], allow_none=True),
        status=parse_status(where, data["status"]),
        last_verified_on=last_verified_on,
        violated=parse_citation(f"{where}.violated", data["violated"]),
        penalty_provision=parse_citation(f"{where}.penalty_provision", data["penalty_provision"]),
        base=base,
        brackets=tuple(_parse_bracket(f"{where}.brackets[{i}]", b, base) for i, b in enumerate(brackets)),
        fine_condition=data.get("fine_condition"),
        confiscation=_str_list(f"{where}.confiscation", data.get("confiscation")),
        other_penalties=_str_list(f"{where}.other_penalties", data.get("other_penalties")),
        not_penalised=_str_list(f"{where}.not_penalised", data.get("not_penalised")),
        mitigated=_str_list(f"{where}.mitigated", data.get("mitigated")),
        lighter=_str_list(f"{where}.lighter", data.get("lighter")),
        heavier=_str_list(f"{where}.heavier", data.get("heavier")),
        split=splits[split_id],
    )


def load_benchmarks(directory: Path = DISCRETION_DIR) -> Benchmarks:
    """Load and check every discretion table in ``directory`` (strict: unknown keys, overlaps, missing citations)."""
    files = [(path.stem, load_yaml(path)) for path in sorted(directory.glob("*.yaml"))]
    factors: dict[str, Factor] = {}
    splits: dict[str, Split] = {}
    global_np: list[str] = []
    global_ml: list[str] = []
    unbased: dict[str, WithoutBasis] = {}
    for table_id, data in files:
        for i, item in enumerate(data.get("without_basis") or []):
            where = f"{table_id}.without_basis[{i}]"
            check_keys(where, item, required=("id", "name", "reason", "citation", "status"))
            if item["id"] in unbased:
                raise TableError("discretion.duplicate_violation", f"{where}：条目 {item['id']} 重复定义", where=where)
            unbased[str(item["id"])] = WithoutBasis(
                str(item["id"]), str(item["name"]), str(item["reason"]), parse_citation(where, item["citation"])
            )
        check_keys(table_id, data, required=("instrument",), optional=_FILE_KEYS)
        for i, item in enumerate(data.get("factors") or []):
            where = f"{table_id}.factors[{i}]"
            check_keys(where, item, required=("id", "text", "citation", "status"))
            if item["id"] in factors:
                raise TableError("discretion.duplicate_factor", f"{where}：情节 {item['id']} 重复定义", where=where)
            factors[item["id"]] = Factor(
                item["id"], item["text"], parse_citation(where, item["citation"]), parse_status(where, item["status"])
            )
        for split_id, item in (data.get("split_profiles") or {}).items():
            if split_id in splits:
                raise TableError(
                    "discretion.duplicate_split", f"{table_id}：划分方式 {split_id} 重复定义", where=table_id
                )
            splits[split_id] = _parse_split(f"{table_id}.split_profiles.{split_id}", split_id, item)
        global_np.extend(_str_list(f"{table_id}.global_not_penalised", data.get("global_not_penalised")))
        global_ml.extend(_str_list(f"{table_id}.global_mandatory_lighter", data.get("global_mandatory_lighter")))
    violations: dict[str, tuple[ViolationVersion, ...]] = {}
    for table_id, data in files:
        for i, item in enumerate(data.get("violations") or []):
            where = f"{table_id}.violations[{i}]"
            check_keys(where, item, required=("id", "name", "versions"))
            violation_id = str(item["id"])
            if violation_id in violations:
                raise TableError(
                    "discretion.duplicate_violation", f"{where}：违法行为 {violation_id} 重复定义", where=where
                )
            versions = tuple(
                _parse_version(f"{where}.versions[{j}]", table_id, violation_id, str(item["name"]), v, splits)
                for j, v in enumerate(item["versions"] or [])
            )
            if not versions:
                raise TableError("table.missing_key", f"{where}：至少需要一个版本", where=where, keys=["versions"])
            if len({v.version for v in versions}) != len(versions):
                raise TableError("discretion.duplicate_version", f"{where}：版本号重复", where=where)
            check_no_overlap(where, [(v.effective_from, v.effective_to) for v in versions])
            for version in versions:
                listed = version.not_penalised + version.mitigated + version.lighter + version.heavier
                unknown = sorted({f for f in listed if f not in factors and f not in DERIVED_FACTORS})
                if unknown:
                    raise TableError(
                        "discretion.unknown_factor", f"{where}：未定义的情节 {', '.join(unknown)}", where=where
                    )
            violations[violation_id] = versions
    unknown_global = sorted((set(global_np) | set(global_ml)) - set(factors))
    if unknown_global:
        raise TableError("discretion.unknown_factor", f"未定义的情节 {', '.join(unknown_global)}", where="global")
    clash = sorted(set(unbased) & set(violations))
    if clash:
        raise TableError(
            "discretion.duplicate_violation", f"条目 {clash[0]} 既有依据又列为无依据", where="without_basis"
        )
    return Benchmarks(factors, splits, tuple(global_np), violations, tuple(global_ml), unbased)


@functools.cache
def default_benchmarks() -> Benchmarks:
    """The shipped tables, loaded once."""
    return load_benchmarks()


def violation_catalogue(*, on: dt.date, benchmarks: Benchmarks | None = None) -> tuple[CatalogueEntry, ...]:
    """The catalogue as a case screen offers it on ``on``: every violation with a version in force (with its
    violated and penalty provisions), then the entries without a legal basis (``decidable=False``)."""
    benchmarks = benchmarks or default_benchmarks()
    out: list[CatalogueEntry] = []
    for violation_id, versions in sorted(benchmarks.violations.items()):
        current = next((v for v in versions if v.in_force(on)), None)
        if current is None:
            continue
        out.append(
            CatalogueEntry(
                violation_id, current.name, True, str(current.violated), str(current.penalty_provision), current.status
            )
        )
    for entry in benchmarks.without_basis.values():
        out.append(CatalogueEntry(entry.id, entry.name, False, "", "", None))
    return tuple(out)


# --------------------------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class MoneyRange:
    """A closed fine range in yuan."""

    min: Decimal
    max: Decimal

    def contains(self, amount: Decimal) -> bool:
        return self.min <= amount <= self.max

    def as_dict(self) -> dict[str, str]:
        return {"min": str(self.min), "max": str(self.max)}

    def __str__(self) -> str:
        return f"{self.min}–{self.max} 元"


@dataclass(frozen=True, slots=True)
class Reason:
    """One sentence of the explanation and its legal source."""

    text: str
    citation: Citation | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": None if self.citation is None else self.citation.as_dict()}


@dataclass(frozen=True, slots=True)
class DiscretionResult:
    """The tier, the permitted and the statutory range, the reasons and the provenance."""

    violation_id: str
    violation_name: str
    tier: Tier
    discretionary: bool
    permitted: MoneyRange
    below_statutory_minimum: bool
    statutory: MoneyRange
    statutory_basis: str
    fine_condition: str | None
    confiscation: tuple[str, ...]
    other_penalties: tuple[str, ...]
    reasons: tuple[Reason, ...]
    if_penalised_tier: Tier | None
    if_penalised: MoneyRange | None
    violated: Citation
    penalty_provision: Citation
    table_id: str
    table_version: str
    table_status: Status
    split_id: str
    split_status: Status
    status: Status
    rulebook_version: str
    decided_on: dt.date
    facts: CaseFacts = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (Decimals and dates as strings) to freeze into the case."""
        return {
            "violation_id": self.violation_id,
            "violation_name": self.violation_name,
            "tier": self.tier.value,
            "tier_label": self.tier.label,
            "discretionary": self.discretionary,
            "permitted": self.permitted.as_dict(),
            "below_statutory_minimum": self.below_statutory_minimum,
            "statutory": self.statutory.as_dict(),
            "statutory_basis": self.statutory_basis,
            "fine_condition": self.fine_condition,
            "confiscation": list(self.confiscation),
            "other_penalties": list(self.other_penalties),
            "reasons": [r.as_dict() for r in self.reasons],
            "if_penalised_tier": None if self.if_penalised_tier is None else self.if_penalised_tier.value,
            "if_penalised": None if self.if_penalised is None else self.if_penalised.as_dict(),
            "violated": self.violated.as_dict(),
            "penalty_provision": self.penalty_provision.as_dict(),
            "table_id": self.table_id,
            "table_version": self.table_version,
            "table_status": self.table_status.value,
            "split_id": self.split_id,
            "split_status": self.split_status.value,
            "status": self.status.value,
            "rulebook_version": self.rulebook_version,
            "decided_on": self.decided_on.isoformat(),
            "inputs": self.facts.as_dict(),
        }


# --------------------------------------------------------------------------------------------- engine


def _statutory(version: ViolationVersion, facts: CaseFacts) -> tuple[MoneyRange, Bracket]:
    base_amount = facts.amount(version.base) if version.base else None
    for bracket in version.brackets:
        if bracket.applies(base_amount):
            low, high = bracket.range(base_amount)
            return MoneyRange(low, high), bracket
    raise RulebookError(
        "discretion.base_amount_required",
        f"违法行为 {version.violation_id} 按 {version.base} 计罚，请先查明并录入该金额",
        id=version.violation_id,
        base=version.base,
    )


def _tier_range(statutory: MoneyRange, split: Split, tier: Tier) -> MoneyRange:
    low, high = split.fractions(tier)
    width = statutory.max - statutory.min
    return MoneyRange(_fen(statutory.min + width * low), _fen(statutory.min + width * high))


def _factor_text(benchmarks: Benchmarks, factor_id: str) -> str:
    factor = benchmarks.factors.get(factor_id)
    return _DERIVED_TEXT[factor_id] if factor is None else factor.text


def _factor_reasons(benchmarks: Benchmarks, ids: Iterable[str], prefix: str) -> list[Reason]:
    # A derived fact (harm, correction) has no citation of its own: the table that lists it is the source.
    return [
        Reason(f"{prefix}：{_factor_text(benchmarks, f)}", getattr(benchmarks.factors.get(f), "citation", None))
        for f in ids
    ]


_DERIVED_TEXT = {
    DERIVED_SERIOUS_HARM: "造成严重危害后果",
    DERIVED_REPEAT: "二年内有同类违法记录（非初次违法）",
    DERIVED_CORRECTED: "及时改正",
    DERIVED_NO_HARM: "没有造成危害后果",
}


def derived_fact_texts() -> Mapping[str, str]:
    """The Chinese text of each derived fact id (``facts.serious_harm`` → 造成严重危害后果), for screens that name them."""
    return dict(_DERIVED_TEXT)


def assess(
    violation_id: str,
    facts: CaseFacts,
    *,
    decided_on: dt.date,
    version: str | None = None,
    benchmarks: Benchmarks | None = None,
) -> DiscretionResult:
    """Apply the discretion benchmark of ``violation_id`` to ``facts``.

    The table version is the one in force on ``decided_on`` unless ``version`` names one (used by :func:`replay`).
    Raises ``discretion.unknown_violation``, ``discretion.no_version_in_force``, ``discretion.unknown_factor`` or
    ``discretion.base_amount_required`` with a message saying what to do.
    """
    benchmarks = benchmarks or default_benchmarks()
    chosen = benchmarks.select(violation_id, on=decided_on, version=version)
    # exemption.* ids are conditions of the no-penalty lists (exemptions.py), not discretion factors.
    unknown = sorted(f for f in facts.factors if f not in benchmarks.factors and not f.startswith("exemption."))
    if unknown:
        raise RulebookError(
            "discretion.unknown_factor", f"情节 {', '.join(unknown)} 不在裁量基准中，请从列表中选择", factors=unknown
        )
    present = facts.present_factors()
    statutory, bracket = _statutory(chosen, facts)
    reasons = [
        Reason(f"违反{chosen.violated}，依据{chosen.penalty_provision}处罚", chosen.penalty_provision),
        Reason(f"法定罚款幅度：{bracket.description}（{statutory}）", bracket.citation or chosen.penalty_provision),
    ]

    np_hits = [f for f in benchmarks.global_not_penalised + chosen.not_penalised if f in present]
    # Statutory 应当从轻或者减轻 (Art. 30, Art. 32) applies to every violation, listed or not.
    mandatory_hits = [f for f in benchmarks.global_mandatory_lighter if f in present]
    lighter_hits = list(dict.fromkeys([*mandatory_hits, *(f for f in chosen.lighter if f in present)]))
    heavier_hits = [f for f in chosen.heavier if f in present]
    mitigation_met = bool(chosen.mitigated) and all(f in present for f in chosen.mitigated)
    # 行政处罚法 Art. 33 para 1: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚 (mandatory).
    apl33_shall = MINOR_VIOLATION in facts.factors and facts.corrected_promptly and facts.harm is Harm.NONE
    # Art. 33 para 1 second sentence: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚 (discretionary).
    apl33_may = (
        facts.first_violation_within_2_years and facts.harm in (Harm.NONE, Harm.MINOR) and facts.corrected_promptly
    )

    if np_hits or apl33_shall:
        reasons += _factor_reasons(benchmarks, np_hits, "不予处罚情节")
        if apl33_shall:
            reasons.append(
                Reason("违法行为轻微并及时改正，没有造成危害后果，不予行政处罚；应当对当事人进行教育", APL33)
            )
        return _result(chosen, facts, decided_on, Tier.NOT_PENALISED, False, MoneyRange(ZERO, ZERO), False,
                       statutory, bracket, reasons, None, None)  # fmt: skip

    if mandatory_hits and heavier_hits:
        # A statutory duty to be lighter is not cancelled by an aggravating factor from guidance (issue 13 §2).
        # At least 从轻; going further to 减轻 while aggravating factors exist is the bureau's reasoned departure.
        tier = Tier.LIGHTER
        reasons += _factor_reasons(benchmarks, mandatory_hits, "法定应当从轻或者减轻情节")
        reasons += _factor_reasons(benchmarks, heavier_hits, "从重情节")
        reasons.append(
            Reason(
                "法律规定应当从轻或者减轻处罚的情节不因裁量基准中的从重情节而抵消，从重情节只在从轻幅度内考量",
                Citation("中华人民共和国行政处罚法", "第三十条、第三十二条"),
            )
        )
    elif (lighter_hits or mitigation_met) and heavier_hits:
        tier = Tier.GENERAL
        reasons += _factor_reasons(benchmarks, lighter_hits or chosen.mitigated, "从轻/减轻情节")
        reasons += _factor_reasons(benchmarks, heavier_hits, "从重情节")
        reasons.append(
            Reason("从轻（减轻）与从重情节并存，综合考量后相互抵消，适用一般处罚；如需偏离，须书面说明理由并经法制审核")
        )
    elif mitigation_met:
        tier = Tier.MITIGATED
        reasons += _factor_reasons(benchmarks, chosen.mitigated, "减轻条件（须全部具备）")
    elif lighter_hits:
        tier = Tier.LIGHTER
        reasons += _factor_reasons(benchmarks, lighter_hits, "从轻情节")
    elif heavier_hits:
        tier = Tier.HEAVIER
        reasons += _factor_reasons(benchmarks, heavier_hits, "从重情节")
    else:
        tier = Tier.GENERAL
        reasons.append(Reason("无从轻、减轻、从重情节，适用一般处罚"))
    missing = [f for f in chosen.mitigated if f not in present]
    if missing and len(missing) < len(chosen.mitigated):
        # 减轻 needs all its conditions (Tianjin benchmark, digest §13): say which are missing.
        texts = "、".join(_factor_text(benchmarks, f) for f in missing)
        reasons.append(Reason(f"减轻处罚条件未全部具备（缺少：{texts}），不适用减轻处罚"))

    below_minimum = False
    if tier is Tier.MITIGATED:
        # 减轻 = below the statutory minimum (行政处罚法 Art. 32); with a zero minimum only a lighter kind remains.
        permitted = MoneyRange(ZERO, statutory.min)
        below_minimum = statutory.min > 0
        reasons.append(
            Reason("减轻处罚：在法定最低罚款以下确定罚款数额", Citation("中华人民共和国行政处罚法", "第三十二条"))
        )
    else:
        permitted = _tier_range(statutory, chosen.split, tier)
        if chosen.split.status is not Status.TEXT:
            reasons.append(
                Reason(
                    f"各档次幅度划分为{chosen.split.status.label}（{chosen.split.status.value}），使用前须核对",
                    chosen.split.citation,
                )
            )

    if apl33_may:
        reasons.append(
            Reason(
                "初次违法且危害后果轻微并及时改正，可以不予行政处罚（裁量）；不予处罚的，应当对当事人进行教育", APL33
            )
        )
        return _result(chosen, facts, decided_on, Tier.NOT_PENALISED, True, MoneyRange(ZERO, ZERO), False,
                       statutory, bracket, reasons, tier, permitted)  # fmt: skip
    return _result(chosen, facts, decided_on, tier, False, permitted, below_minimum, statutory, bracket, reasons,
                   None, None)  # fmt: skip


def _result(
    chosen: ViolationVersion,
    facts: CaseFacts,
    decided_on: dt.date,
    tier: Tier,
    discretionary: bool,
    permitted: MoneyRange,
    below_minimum: bool,
    statutory: MoneyRange,
    bracket: Bracket,
    reasons: list[Reason],
    if_penalised_tier: Tier | None,
    if_penalised: MoneyRange | None,
) -> DiscretionResult:
    return DiscretionResult(
        violation_id=chosen.violation_id,
        violation_name=chosen.name,
        tier=tier,
        discretionary=discretionary,
        permitted=permitted,
        below_statutory_minimum=below_minimum,
        statutory=statutory,
        statutory_basis=bracket.description,
        fine_condition=chosen.fine_condition,
        confiscation=chosen.confiscation,
        other_penalties=chosen.other_penalties,
        reasons=tuple(reasons),
        if_penalised_tier=if_penalised_tier,
        if_penalised=if_penalised,
        violated=chosen.violated,
        penalty_provision=chosen.penalty_provision,
        table_id=chosen.table_id,
        table_version=chosen.version,
        table_status=chosen.status,
        split_id=chosen.split.id,
        split_status=chosen.split.status,
        status=weakest(chosen.status, chosen.split.status),
        rulebook_version=rulebook_version(),
        decided_on=decided_on,
        facts=facts,
    )


# --------------------------------------------------------------------------------------------- replay


@dataclass(frozen=True, slots=True)
class Difference:
    """A field whose recomputed value differs from the frozen one (dotted path)."""

    field: str
    frozen: Any
    recomputed: Any


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """Whether a frozen computation still comes out the same with its own table version."""

    matches: bool
    differences: tuple[Difference, ...]
    recomputed: dict[str, Any]

    def __iter__(self) -> Iterator[Any]:
        """Unpack as ``matches, differences = replay(frozen)``."""
        return iter((self.matches, self.differences))


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    else:
        out[prefix] = value


# The rulebook version changes whenever any table changes, so it is reported but is not a mismatch.
_REPLAY_IGNORED = frozenset({"rulebook_version"})


def replay(frozen: Mapping[str, Any], *, benchmarks: Benchmarks | None = None) -> ReplayOutcome:
    """Recompute a frozen :meth:`DiscretionResult.as_dict` with the frozen table version and compare."""
    facts = CaseFacts.from_dict(frozen["inputs"])
    recomputed = assess(
        frozen["violation_id"],
        facts,
        decided_on=dt.date.fromisoformat(frozen["decided_on"]),
        version=frozen["table_version"],
        benchmarks=benchmarks,
    ).as_dict()
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _flatten("", dict(frozen), old)
    _flatten("", recomputed, new)
    differences = tuple(
        Difference(key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if key not in _REPLAY_IGNORED and old.get(key) != new.get(key)
    )
    return ReplayOutcome(not differences, differences, recomputed)


# --------------------------------------------------------------------------------------------- amounts


@dataclass(frozen=True, slots=True)
class OutsideRange:
    """A fine outside the computed (but inside the statutory) range: needs a written reason and legal review."""

    amount: Decimal
    permitted: MoneyRange
    tier: Tier
    requires_written_reason: bool = True
    requires_legal_review: bool = True

    @property
    def message(self) -> str:
        return f"罚款 {self.amount} 元超出{self.tier.label}档次幅度（{self.permitted}），须书面说明理由并经法制审核"


def check_amount(result: DiscretionResult, amount: Decimal) -> OutsideRange | None:
    """Check a proposed fine against the computed and the statutory range.

    Outside the statutory range (below the minimum is allowed only when mitigated) raises
    ``discretion.amount_outside_statutory_range``; a fine where the law says 不予处罚 (mandatory) raises
    ``discretion.penalty_not_permitted``; outside the computed range returns :class:`OutsideRange`.
    """
    checked = _money("amount", amount)
    assert checked is not None
    if result.tier is Tier.NOT_PENALISED and not result.discretionary:
        if checked == 0:
            return None
        raise RulebookError(
            "discretion.penalty_not_permitted",
            f"本案依法应当不予处罚，不能处以罚款 {checked} 元；请作出不予处罚决定并对当事人进行教育",
            amount=checked,
        )
    if result.discretionary and checked == 0:  # the bureau chose 不予处罚 (行政处罚法 Art. 33)
        return None
    floor = ZERO if result.tier is Tier.MITIGATED else result.statutory.min
    if not floor <= checked <= result.statutory.max:
        raise RulebookError(
            "discretion.amount_outside_statutory_range",
            f"罚款 {checked} 元超出法定幅度 {MoneyRange(floor, result.statutory.max)}（{result.penalty_provision}），请在法定幅度内确定",
            amount=checked,
            min=floor,
            max=result.statutory.max,
        )
    if result.tier is Tier.MITIGATED and result.below_statutory_minimum and checked >= result.statutory.min:
        return OutsideRange(checked, result.permitted, result.tier)
    tier = result.if_penalised_tier or result.tier
    permitted = result.if_penalised or result.permitted
    if permitted.contains(checked):
        return None
    return OutsideRange(checked, permitted, tier)
