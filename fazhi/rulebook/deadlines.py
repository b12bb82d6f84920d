"""The deadline engine: statutory periods as dated, cited data, computed with an explanation.

Rules live in ``tables/deadlines/<instrument>.yaml`` (one file per legal instrument; a rule whose law was
replaced has one version per instrument). Counting follows ADR 0002, version selection ADR 0003, and who bears a
period — which decides whether its end rolls over a rest day and which way a provisional date rounds — ADR 0007.

Public API (used by the Django shell, the CLI and the calculator page)::

    compute_deadline(rule_id, start, *, calendar=None, excluded=(), extensions=(), selecting_date=None,
                     as_of=None, provisional=False) -> DeadlineResult
    list_rules() -> tuple[Rule, ...]          get_rule(rule_id) -> Rule
    check_tables() -> dict[str, int]          load_rules(directory) -> dict[str, Rule]
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import difflib
import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from fazhi.rulebook.calendar import Calendar, DayInfo, DayKind, default_calendar, load_year_tables
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

DEADLINES_DIR = TABLES_DIR / "deadlines"
_ONE_DAY = dt.timedelta(days=1)


class Unit(enum.StrEnum):
    """The unit a period is written in; never inferred from the number (legal digest §A.2)."""

    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"
    MONTHS = "months"
    YEARS = "years"

    @property
    def label(self) -> str:
        return {"working_days": "个工作日", "natural_days": "日", "months": "个月", "years": "年"}[self.value]


class ExclusionKind(enum.StrEnum):
    """Periods a rule may leave out of its count."""

    SUSPENSION = "suspension"
    HEARING = "hearing"
    TESTING = "testing"
    PUBLIC_NOTICE = "public_notice"
    THIRD_PARTY_CONSULTATION = "third_party_consultation"
    REFUND_ORDER = "refund_order"

    @property
    def label(self) -> str:
        return {
            "suspension": "中止",
            "hearing": "听证",
            "testing": "检测检验检疫鉴定",
            "public_notice": "公告",
            "third_party_consultation": "征求第三方意见",
            "refund_order": "责令退还多收价款",
        }[self.value]


class Bearer(enum.StrEnum):
    """Whom a period serves or binds — it decides rolling and rounding (ADR 0007).

    - ``party``: a period in which the party may or must act (hearing request, payment, objection, suit). Its end
      rolls forward over a rest day (民法典第二百零三条, 民事诉讼法第八十五条); a provisional end is the *latest*
      possible, so the party's period never ends earlier than the law allows.
    - ``authority``: a period in which the bureau must act. Its end rolls like any procedural period; a provisional
      end is the *earliest* possible, so the bureau is never told it has more time than it has.
    - ``power``: the life of the bureau's own power (APL Art. 36 limitation, applying to court). Never rolled, and
      a provisional end is the earliest.
    - ``burden``: the life of a burden on the party (a listing, the display of a penalty, a seizure, the wait before
      credit repair). Never rolled — a burden is not stretched by a holiday — and a provisional end is the earliest.
    """

    PARTY = "party"
    AUTHORITY = "authority"
    POWER = "power"
    BURDEN = "burden"

    @property
    def label(self) -> str:
        return {
            "party": "当事人的期间",
            "authority": "行政机关履职期限",
            "power": "行政机关职权的存续期间",
            "burden": "对当事人不利状态的存续期间",
        }[self.value]

    @property
    def rolls_forward(self) -> bool:
        """Does the end move to the next working day when it falls on a rest day?"""
        return self in (Bearer.PARTY, Bearer.AUTHORITY)

    @property
    def rounds_late(self) -> bool:
        """A provisional date takes the latest possible end (party periods) instead of the earliest."""
        return self is Bearer.PARTY

    @property
    def rounding_note(self) -> str:
        if self.rounds_late:
            return "当事人的期间按最晚可能的届满日计算，不早于法定期限"
        return f"{self.label}按最早可能的届满日计算，不因临时推算而延长"


@dataclass(frozen=True, slots=True)
class Extension:
    """An extension the law allows; ``length`` is ``None`` when the approver fixes it case by case.

    ``requires`` names an extension that must have been granted before this one (e.g. the collective-discussion
    extension of 案件办理期限 comes only after the head's approval).
    """

    id: str
    length: int | None
    unit: Unit
    approver: str
    requires: str | None = None


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """One dated value of a rule, as written in one instrument."""

    length: int
    unit: Unit
    starts: str
    extensions: tuple[Extension, ...]
    excluded: frozenset[ExclusionKind]
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    note: str | None = None

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class Rule:
    """A statutory period with all its versions, oldest first. ``direction`` is ``before`` for advance notices;
    ``bearer`` says whom the period serves or binds (ADR 0007)."""

    id: str
    name: str
    versions: tuple[RuleVersion, ...]
    direction: str = "after"
    bearer: Bearer = Bearer.AUTHORITY
    no_roll: bool = False  # a fixed calendar date in the text ("每年1月31日前") never rolls over a rest day

    @property
    def rolls_forward(self) -> bool:
        return self.bearer.rolls_forward and not self.no_roll

    def version_on(self, day: dt.date) -> RuleVersion:
        """The version in force on ``day`` (the date the law names, ADR 0003)."""
        for version in self.versions:
            if version.in_force_on(day):
                return version
        raise RulebookError(
            "deadline.no_version",
            f"规则 {self.id}（{self.name}）在 {day} 没有有效版本；已收录的版本自 {self.versions[0].effective_from} 起。",
            rule=self.id,
            date=day,
        )


class Exclusion(NamedTuple):
    """An excluded interval, both ends inclusive; ``kind`` (an ``ExclusionKind`` value) is checked against the rule."""

    start: dt.date
    end: dt.date
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One line of the explanation: a date (or ``None``), a machine kind and a Chinese note."""

    date: dt.date | None
    kind: str
    note: str

    def as_dict(self) -> dict[str, str | None]:
        return {"date": self.date.isoformat() if self.date else None, "kind": self.kind, "note": self.note}


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """A computed deadline with its provenance and explanation (store all of it with the record).

    A ``provisional`` result used a year whose holiday notice is not loaded; ``provisional_reason`` says which
    years and how the uncertain days were counted, ``provisional_range`` gives the earliest and latest end any
    notice consistent with the law could produce, and ``due`` is the one of them ``bearer`` calls for.
    """

    rule_id: str
    name: str
    version: str
    start: dt.date
    due: dt.date
    unit: Unit
    length: int
    citation: Citation
    status: Status
    rulebook_version: str
    provisional: bool
    trace: tuple[TraceEntry, ...]
    elapsed: int | None = None
    remaining: int | None = None
    progress: str | None = None
    bearer: Bearer = Bearer.AUTHORITY
    provisional_reason: str = ""
    provisional_years: tuple[int, ...] = ()
    provisional_range: tuple[dt.date, dt.date] | None = None

    def as_json(self) -> dict[str, Any]:
        """The CLI/API shape: ``rule, version, due, unit, length, citation, status, trace`` plus extras."""
        return {
            "rule": self.rule_id,
            "version": self.version,
            "due": self.due.isoformat(),
            "unit": self.unit.value,
            "length": self.length,
            "citation": str(self.citation),
            "status": self.status.value,
            "trace": [entry.as_dict() for entry in self.trace],
            "name": self.name,
            "start": self.start.isoformat(),
            "citation_url": self.citation.url,
            "rulebook_version": self.rulebook_version,
            "provisional": self.provisional,
            "provisional_reason": self.provisional_reason or None,
            "provisional_years": list(self.provisional_years),
            "provisional_range": (
                {"earliest": self.provisional_range[0].isoformat(), "latest": self.provisional_range[1].isoformat()}
                if self.provisional_range
                else None
            ),
            "bearer": self.bearer.value,
            "bearer_label": self.bearer.label,
            "elapsed": self.elapsed,
            "remaining": self.remaining,
            "progress": self.progress,
        }


# ---------------------------------------------------------------------------------------------------------------
# Loading


_VERSION_KEYS = (
    "length",
    "unit",
    "starts",
    "extensions",
    "excluded",
    "effective_from",
    "effective_to",
    "citation",
    "status",
    "last_verified_on",
)


def _parse_unit(where: str, value: Any) -> Unit:
    try:
        return Unit(value)
    except ValueError as exc:
        raise TableError(
            "deadline.bad_unit",
            f"{where}：unit 只能是 working_days、natural_days、months 或 years，得到 {value!r}",
            where=where,
        ) from exc


def _parse_length(where: str, value: Any, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise TableError("deadline.bad_length", f"{where}：length 应为正整数，得到 {value!r}", where=where)
    return value


def _parse_version(where: str, data: Any) -> RuleVersion:
    check_keys(where, data, required=_VERSION_KEYS, optional=("note",))
    unit = _parse_unit(f"{where}.unit", data["unit"])
    length = _parse_length(where, data["length"])
    assert length is not None
    extensions: list[Extension] = []
    for i, ext in enumerate(data["extensions"] or ()):
        ext_where = f"{where}.extensions[{i}]"
        check_keys(ext_where, ext, required=("id", "length", "unit", "approver"), optional=("requires",))
        ext_unit = _parse_unit(f"{ext_where}.unit", ext["unit"])
        if ext_unit is not unit:
            # Extensions are added to the period, so they must be written in its unit.
            raise TableError(
                "deadline.extension_unit", f"{ext_where}：延长期限的单位应与期限相同（{unit}）", where=where
            )
        requires = ext.get("requires")
        if requires is not None and requires not in {e.id for e in extensions}:
            raise TableError(
                "deadline.bad_extension_order",
                f"{ext_where}：requires 应指向排在它之前的延长方式，得到 {requires!r}",
                where=where,
            )
        extensions.append(
            Extension(
                str(ext["id"]),
                _parse_length(ext_where, ext["length"], allow_none=True),
                ext_unit,
                ext["approver"],
                str(requires) if requires is not None else None,
            )
        )
    if len({e.id for e in extensions}) != len(extensions):
        raise TableError("deadline.duplicate_extension", f"{where}：延长方式 id 重复", where=where)
    excluded: set[ExclusionKind] = set()
    for kind in data["excluded"] or ():
        try:
            excluded.add(ExclusionKind(kind))
        except ValueError as exc:
            raise TableError("deadline.bad_exclusion", f"{where}：未知的扣除期间类型 {kind!r}", where=where) from exc
    effective_from = parse_date(f"{where}.effective_from", data["effective_from"])
    effective_to = parse_date(f"{where}.effective_to", data["effective_to"], allow_none=True)
    last_verified = parse_date(f"{where}.last_verified_on", data["last_verified_on"])
    assert effective_from is not None and last_verified is not None
    if effective_to is not None and effective_to <= effective_from:
        raise TableError("deadline.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    if not str(data["starts"] or "").strip():
        raise TableError("deadline.missing_start", f"{where}：缺少起算事件（starts）", where=where)
    return RuleVersion(
        length=length,
        unit=unit,
        starts=str(data["starts"]).strip(),
        extensions=tuple(extensions),
        excluded=frozenset(excluded),
        effective_from=effective_from,
        effective_to=effective_to,
        citation=parse_citation(where, data["citation"]),
        status=parse_status(f"{where}.status", data["status"]),
        last_verified_on=last_verified,
        note=data.get("note"),
    )


def load_rules(directory: Path = DEADLINES_DIR) -> dict[str, Rule]:
    """Load every rule file strictly. A rule id may appear in several files (one per instrument); its versions
    are merged and must not overlap, and its name must be the same everywhere."""
    parts: dict[str, tuple[str, str, Bearer, bool, list[RuleVersion]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        where_file = f"deadlines/{path.name}"
        data = load_yaml(path)
        check_keys(where_file, data, required=("instrument", "rules"))
        for i, raw in enumerate(data["rules"] or ()):
            where = f"{where_file} rules[{i}]"
            check_keys(where, raw, required=("id", "name", "bearer", "versions"), optional=("direction", "no_roll"))
            no_roll = raw.get("no_roll", False)
            if not isinstance(no_roll, bool):
                raise TableError("deadline.bad_no_roll", f"{where}：no_roll 应为 true 或 false", where=where)
            rule_id, name = str(raw["id"]), str(raw["name"])
            where = f"{where_file} {rule_id}"
            direction = raw.get("direction", "after")
            if direction not in ("after", "before"):
                raise TableError("deadline.bad_direction", f"{where}：direction 只能是 after 或 before", where=where)
            try:
                bearer = Bearer(raw["bearer"])
            except ValueError as exc:
                raise TableError(
                    "deadline.bad_bearer",
                    f"{where}：bearer 只能是 party、authority、power 或 burden，得到 {raw['bearer']!r}",
                    where=where,
                ) from exc
            versions = [_parse_version(f"{where} versions[{j}]", v) for j, v in enumerate(raw["versions"] or ())]
            if not versions:
                raise TableError("deadline.no_versions", f"{where}：至少需要一个版本", where=where)
            if direction == "before" and any(v.extensions or v.excluded for v in versions):
                raise TableError("deadline.bad_direction", f"{where}：倒算期限不能有延长或扣除期间", where=where)
            if rule_id in parts:
                old_name, old_direction, old_bearer, old_no_roll, old_versions = parts[rule_id]
                if (old_name, old_direction, old_bearer, old_no_roll) != (name, direction, bearer, no_roll):
                    raise TableError(
                        "deadline.name_mismatch",
                        f"{where}：同一规则在不同文件中的名称、方向或承受者（bearer）不一致",
                        where=where,
                    )
                versions = old_versions + versions
            parts[rule_id] = (name, direction, bearer, no_roll, versions)
    rules: dict[str, Rule] = {}
    for rule_id, (name, direction, bearer, no_roll, versions) in sorted(parts.items()):
        check_no_overlap(f"deadlines {rule_id}", [(v.effective_from, v.effective_to) for v in versions])
        versions.sort(key=lambda v: v.effective_from)
        rules[rule_id] = Rule(rule_id, name, tuple(versions), direction, bearer, no_roll)
    return rules


@functools.cache
def _default_rules() -> Mapping[str, Rule]:
    return load_rules()


def list_rules() -> tuple[Rule, ...]:
    """Every rule in the repository tables, sorted by id."""
    return tuple(_default_rules().values())


def get_rule(rule_id: str) -> Rule:
    """A rule by id; ``deadline.unknown_rule`` with ``suggestions`` (close ids) when there is none."""
    rules = _default_rules()
    try:
        return rules[rule_id]
    except KeyError:
        suggestions = difflib.get_close_matches(rule_id, list(rules), n=5, cutoff=0.5)
        hint = f"您是否要找：{'、'.join(suggestions)}" if suggestions else "请用 list_rules() 查看全部规则"
        raise RulebookError(
            "deadline.unknown_rule", f"没有期限规则 {rule_id!r}。{hint}", rule=rule_id, suggestions=suggestions
        ) from None


def check_tables() -> dict[str, int]:
    """Load the calendar and deadline tables strictly (for ``make test`` and the Django system check).

    Raises ``TableError`` on the first problem; returns counts for a summary line.
    """
    years = load_year_tables()
    rules = load_rules()
    return {
        "calendar_years": len(years),
        "rules": len(rules),
        "rule_versions": sum(len(r.versions) for r in rules.values()),
    }


# ---------------------------------------------------------------------------------------------------------------
# Counting (ADR 0002)


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the month's last day if there is none (民法典第二百零二条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _add_period(day: dt.date, length: int, unit: Unit) -> dt.date:
    if unit is Unit.NATURAL_DAYS:
        return day + dt.timedelta(days=length)
    return add_months(day, length * (12 if unit is Unit.YEARS else 1))


class _Days:
    """The calendar as one computation sees it: records the unknown years and uncertain days it consulted."""

    __slots__ = ("cal", "unknown_years", "uncertain")

    def __init__(self, cal: Calendar) -> None:
        self.cal = cal
        self.unknown_years: set[int] = set()
        self.uncertain = False

    def info(self, day: dt.date) -> DayInfo:
        info = self.cal.day_kind(day)
        if not self.cal.has_year(day.year):
            self.unknown_years.add(day.year)
            if info.kind.is_uncertain:
                self.uncertain = True
        return info

    def next_working_day(self, day: dt.date) -> dt.date:
        day += _ONE_DAY
        while not self.info(day).working:
            day += _ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining, day = abs(n), start
        while remaining:
            day += step
            if self.info(day).working:
                remaining -= 1
        return day


def _day_note(day: dt.date, info: DayInfo) -> str:
    kind, name = info.kind, info.name
    counted = "计入" if info.working else "不计入"
    if kind is DayKind.MAKEUP_WORKING:
        return f"{day} {name}调休上班日 {counted}" if name else f"{day} {kind.label} {counted}"
    if kind is DayKind.POSSIBLE_REST:
        return f"{day} 工作日，{name}前后可能补假或调休（{day.year} 年安排未公布），按{'工作日' if info.working else '休息日'}{counted}"
    if kind is DayKind.POSSIBLE_WORKING:
        return f"{day} 周末，{name}前后可能调休上班（{day.year} 年安排未公布），按{'工作日' if info.working else '休息日'}{counted}"
    return f"{day} {name or kind.label} {counted}"


def _normalise_exclusions(
    rule: Rule, version: RuleVersion, start: dt.date, excluded: Iterable[Sequence[Any]]
) -> list[Exclusion]:
    items: list[Exclusion] = []
    allowed = "、".join(f"{k.label}（{k.value}）" for k in sorted(version.excluded)) or "无"
    for raw in excluded:
        item = Exclusion(*raw)
        if item.end < item.start:
            raise RulebookError(
                "deadline.bad_interval", f"扣除期间 {item.start}~{item.end} 的结束日早于开始日", start=item.start
            )
        if not version.excluded:
            raise RulebookError(
                "deadline.exclusion_not_allowed",
                f"规则 {rule.id}（{rule.name}）没有可扣除的期间，不能扣除 {item.start}~{item.end}",
                rule=rule.id,
            )
        if item.kind is None:
            # The law excludes named periods only (testing, hearing …): an unnamed interval cannot be checked.
            raise RulebookError(
                "deadline.exclusion_kind_required",
                f"扣除期间 {item.start}~{item.end} 须写明类型；规则 {rule.id} 可扣除：{allowed}",
                rule=rule.id,
            )
        try:
            kind = ExclusionKind(item.kind)
        except ValueError:
            kind = None
        if kind is None or kind not in version.excluded:
            raise RulebookError(
                "deadline.exclusion_not_allowed",
                f"规则 {rule.id} 不扣除 {item.kind!r} 期间；可扣除：{allowed}",
                rule=rule.id,
                kind=item.kind,
            )
        # The trigger day is never counted, so nothing on or before it can be excluded.
        first = max(item.start, start + _ONE_DAY)
        if first <= item.end:
            items.append(Exclusion(first, item.end, item.kind))
    items.sort()
    merged: list[Exclusion] = []
    for item in items:
        if merged and item.start <= merged[-1].end + _ONE_DAY:
            last = merged[-1]
            merged[-1] = Exclusion(last.start, max(last.end, item.end), last.kind if last.kind == item.kind else None)
        else:
            merged.append(item)
    return merged


def _exclusion_label(item: Exclusion) -> str:
    return ExclusionKind(item.kind).label if item.kind else "扣除期间"


def _resolve_extensions(
    rule: Rule, version: RuleVersion, extensions: Iterable[str | tuple[str, int]]
) -> list[tuple[Extension, int]]:
    by_id = {e.id: e for e in version.extensions}
    resolved: list[tuple[Extension, int]] = []
    for raw in extensions:
        ext_id, given = (raw, None) if isinstance(raw, str) else (raw[0], raw[1])
        ext = by_id.get(ext_id)
        if ext is None:
            known = "、".join(by_id) or "无"
            raise RulebookError(
                "deadline.unknown_extension",
                f"规则 {rule.id} 的该版本没有延长方式 {ext_id!r}；可用：{known}",
                rule=rule.id,
                extension=ext_id,
            )
        if ext.requires is not None and ext.requires not in {e.id for e, _n in resolved}:
            needed = by_id[ext.requires]
            raise RulebookError(
                "deadline.extension_order",
                f"延长方式 {ext_id}（{ext.approver}）只能在 {needed.id}（{needed.approver}）之后适用",
                rule=rule.id,
                extension=ext_id,
                requires=ext.requires,
            )
        length = ext.length if ext.length is not None else given
        if length is None or (given is not None and ext.length is not None and given != ext.length) or length <= 0:
            raise RulebookError(
                "deadline.bad_extension_length",
                f"延长方式 {ext_id}（{ext.approver}）"
                + ("须给出批准的延长天数" if ext.length is None else f"的长度由规则确定为 {ext.length}"),
                rule=rule.id,
                extension=ext_id,
            )
        resolved.append((ext, length))
    return resolved


@dataclass(frozen=True, slots=True)
class _Count:
    due: dt.date
    trace: tuple[TraceEntry, ...]
    days: _Days
    exclusions: list[Exclusion]


def _count(
    cal: Calendar,
    rule: Rule,
    version: RuleVersion,
    start: dt.date,
    ext_list: list[tuple[Extension, int]],
    exclusions: list[Exclusion],
    head: list[TraceEntry],
) -> _Count:
    days = _Days(cal)
    trace = list(head)
    if rule.direction == "before":
        due = _count_before(days, start, version, trace)
    elif version.unit is Unit.WORKING_DAYS:
        length = version.length + sum(n for _, n in ext_list)
        due = _count_working_days(days, start, length, exclusions, trace)
    else:
        due = _count_calendar_period(days, rule, start, version, ext_list, exclusions, trace)
    return _Count(due, tuple(trace), days, exclusions)


def compute_deadline(
    rule_id: str,
    start: dt.date,
    *,
    calendar: Calendar | None = None,
    excluded: Sequence[Sequence[Any]] = (),
    extensions: Sequence[str | tuple[str, int]] = (),
    selecting_date: dt.date | None = None,
    as_of: dt.date | None = None,
    provisional: bool = False,
) -> DeadlineResult:
    """Compute the due date of ``rule_id`` for a period triggered on ``start``.

    - ``excluded``: intervals ``(start, end, kind)``, both ends inclusive, left out of the count (suspension,
      hearing, testing …; the kind must be named and be one the rule allows).
    - ``extensions``: extension ids of the rule version, or ``(id, length)`` for extensions whose length the
      approver fixes (e.g. ``("collective_discussion", 20)``), in the order granted; each counts from the end of
      the period it extends.
    - ``selecting_date``: the date the law names for choosing the version (ADR 0003); defaults to ``start``.
    - ``as_of``: fills ``elapsed``/``remaining``/``progress`` as of that day (the shell passes legal_today()).
    - ``provisional``: days of years without a holiday notice follow the statutory skeleton (ADR 0007); the
      result is marked provisional with the reason, and its end is the latest possible one for a party's period,
      the earliest for any other.

    Raises ``RulebookError`` with codes ``deadline.unknown_rule``, ``deadline.no_version``,
    ``deadline.unknown_extension``, ``deadline.extension_order``, ``deadline.bad_extension_length``,
    ``deadline.exclusion_not_allowed``, ``deadline.exclusion_kind_required``, ``deadline.bad_interval``,
    ``calendar.year_not_loaded`` and ``holidays.no_version``.
    """
    rule = get_rule(rule_id)
    version = rule.version_on(selecting_date or start)
    cal = calendar or default_calendar()
    head: list[TraceEntry] = [
        TraceEntry(
            start,
            "start",
            f"{start} {version.starts}，当日不计入；适用《{version.citation.instrument}》{version.citation.article}"
            f"（{version.effective_from} 起施行的版本）",
        )
    ]
    if version.status is not Status.TEXT:
        head.append(TraceEntry(None, "status", f"该规则状态为“{version.status.label}”，使用前请核对原文"))
    ext_list = _resolve_extensions(rule, version, extensions)
    length = version.length + sum(n for _, n in ext_list)
    for ext, n in ext_list:
        head.append(TraceEntry(None, "extension", f"延长 {n} {version.unit.label}（{ext.approver}）"))
    exclusions = _normalise_exclusions(rule, version, start, excluded)

    if not provisional:
        chosen = _count(cal, rule, version, start, ext_list, exclusions, head)
        span: tuple[dt.date, dt.date] | None = None
    else:
        rest = _count(cal.as_provisional(), rule, version, start, ext_list, exclusions, head)
        if rest.days.uncertain:
            working = _count(
                cal.as_provisional(uncertain_as_working=True), rule, version, start, ext_list, exclusions, head
            )
            low, high = sorted((rest, working), key=lambda c: c.due)
            chosen = high if rule.bearer.rounds_late else low
            span = (low.due, high.due)
        else:
            chosen, span = rest, (rest.due, rest.due)
    unknown = tuple(sorted(chosen.days.unknown_years))
    trace = list(chosen.trace)
    reason = ""
    if unknown:
        reason = _provisional_reason(unknown, rule.bearer, span, chosen.due)
        trace.append(TraceEntry(None, "provisional", reason))
    elapsed = remaining = None
    progress = None
    if as_of is not None:
        # Progress is information, not law: an as-of day in a year without a notice uses the provisional calendar.
        view = chosen.days.cal if chosen.days.cal.provisional else cal.as_provisional()
        elapsed, remaining, progress = _progress(_Days(view), start, chosen.due, version.unit, exclusions, as_of)
    return DeadlineResult(
        rule_id=rule.id,
        name=rule.name,
        version=version.effective_from.isoformat(),
        start=start,
        due=chosen.due,
        unit=version.unit,
        length=length,
        citation=version.citation,
        status=version.status,
        rulebook_version=rulebook_version() + cal.version_suffix,
        provisional=bool(unknown),
        trace=tuple(trace),
        elapsed=elapsed,
        remaining=remaining,
        progress=progress,
        bearer=rule.bearer,
        provisional_reason=reason,
        provisional_years=unknown,
        provisional_range=span if unknown else None,
    )


def last_start_ended_before(rule_id: str, day: dt.date, *, calendar: Calendar | None = None) -> dt.date:
    """The latest trigger day whose period (computed provisionally where a year is unknown) ended before ``day``.

    For set-based queries ("listed more than 3 years ago"): a record whose trigger day is on or before the answer
    has a due date earlier than ``day``. Due dates never decrease as the trigger day moves later (property-tested),
    so a binary search over the last 30 years finds it.
    """
    low, high = max(day - dt.timedelta(days=366 * 30), get_rule(rule_id).versions[0].effective_from), day
    if compute_deadline(rule_id, low, calendar=calendar, provisional=True).due >= day:
        return low - _ONE_DAY  # no trigger day the rule covers has ended yet
    while (high - low).days > 1:
        mid = low + (high - low) // 2
        if compute_deadline(rule_id, mid, calendar=calendar, provisional=True).due < day:
            low = mid
        else:
            high = mid
    return low


def _provisional_reason(
    years: tuple[int, ...], bearer: Bearer, span: tuple[dt.date, dt.date] | None, due: dt.date
) -> str:
    names = "、".join(str(y) for y in years)
    text = (
        f"{names} 年节假日安排尚未公布（载入），临时按《全国年节及纪念日放假办法》第二条的法定节日、周末和第六条补假、"
        f"第七条调休规则计算；补假、调休可能落在的日子，{bearer.rounding_note}"
    )
    if span is not None and span[0] != span[1]:
        text += f"（届满日可能在 {span[0]} 至 {span[1]} 之间，取 {due}）"
    return text + "。安排公布并录入后自动重算。"


def _count_before(days: _Days, start: dt.date, version: RuleVersion, trace: list[TraceEntry]) -> dt.date:
    # Advance notices ("N days before the hearing"): the notice must leave N whole units between the day it is
    # served and the event, neither day counted (民法典第二百零一条 by analogy) — so the latest day is the day
    # before the N-th unit counted back from the event.
    if version.unit is Unit.WORKING_DAYS:
        nth = days.add_working_days(start, -version.length)
        unit_text = f"{version.length} 个完整工作日"
    else:
        nth = _add_period(start, -version.length, version.unit)
        unit_text = f"{version.length} {version.unit.label}"
    due = nth - _ONE_DAY
    trace.append(
        TraceEntry(
            due,
            "end",
            f"{due} 为最迟日：此后至 {start} 之间（两端不计）留足 {unit_text}（倒数第 {version.length} 个为 {nth}）",
        )
    )
    return due


def _count_working_days(
    days: _Days, start: dt.date, length: int, exclusions: list[Exclusion], trace: list[TraceEntry]
) -> dt.date:
    day = start
    counted = 0
    pending = list(exclusions)
    skipped_in: dict[Exclusion, int] = {}
    while counted < length:
        day += _ONE_DAY
        if pending and pending[0].start <= day:
            current = pending[0]
            if days.info(day).working:
                skipped_in[current] = skipped_in.get(current, 0) + 1
            if day >= current.end:
                pending.pop(0)
                trace.append(
                    TraceEntry(
                        current.start,
                        "excluded",
                        f"{_exclusion_label(current)} {current.start}~{current.end} 顺延 {skipped_in.get(current, 0)} 个工作日",
                    )
                )
            continue
        info = days.info(day)
        if info.working:
            counted += 1
            if info.kind is not DayKind.WORKING:
                trace.append(TraceEntry(day, info.kind.value, _day_note(day, info)))
        else:
            trace.append(TraceEntry(day, info.kind.value, _day_note(day, info)))
    trace.append(TraceEntry(day, "end", f"{day} 为第 {length} 个工作日，期限届满"))
    return day


def _count_calendar_period(
    days: _Days,
    rule: Rule,
    start: dt.date,
    version: RuleVersion,
    ext_list: list[tuple[Extension, int]],
    exclusions: list[Exclusion],
    trace: list[TraceEntry],
) -> dt.date:
    unit = version.unit
    end = _add_period(start, version.length, unit)
    for _ext, n in ext_list:
        # An extension runs from the expiry of the period it extends (not from the trigger day): for months this
        # matters at month ends (e.g. 3 months from 11-30 end 02-28, one more month ends 03-28).
        extended = _add_period(end, n, unit)
        trace.append(TraceEntry(end, "extension", f"原期限于 {end} 届满，延长 {n} {unit.label}至 {extended}"))
        end = extended
    # Excluded intervals push the end by their length in natural days; later intervals may then fall inside.
    for item in exclusions:
        if item.start > end:
            break
        pushed = (item.end - item.start).days + 1
        end += dt.timedelta(days=pushed)
        trace.append(
            TraceEntry(item.start, "excluded", f"{_exclusion_label(item)} {item.start}~{item.end} 顺延 {pushed} 日")
        )
    total = version.length + sum(n for _, n in ext_list)
    if not rule.rolls_forward:
        why = "条文规定的是固定日期" if rule.no_roll else rule.bearer.label
        trace.append(TraceEntry(end, "end", f"{end} 期限届满（{total} {unit.label}）；{why}，不因节假日顺延"))
        return end
    info = days.info(end)
    if info.working:
        if info.kind.is_uncertain:
            trace.append(TraceEntry(end, info.kind.value, _day_note(end, info)))
        trace.append(TraceEntry(end, "end", f"{end} 期限届满（{total} {unit.label}）"))
        return end
    rolled = days.next_working_day(end)
    if info.kind.is_uncertain:
        trace.append(TraceEntry(end, info.kind.value, _day_note(end, info)))
    label = "可能为休息日" if info.kind.is_uncertain else f"{info.name or info.kind.label}为休息日"
    trace.append(
        TraceEntry(
            end,
            "rolled",
            f"{end} {label}，期限顺延至 {rolled}（民法典第二百零三条、民事诉讼法第八十五条）",
        )
    )
    trace.append(TraceEntry(rolled, "end", f"{rolled} 期限届满"))
    return rolled


def _working_between(days: _Days, first: dt.date, last: dt.date) -> int:
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count = 0
    day = first + _ONE_DAY
    while day <= last:
        if days.info(day).working:
            count += 1
        day += _ONE_DAY
    return sign * count


def _progress(
    days: _Days, start: dt.date, due: dt.date, unit: Unit, exclusions: list[Exclusion], as_of: dt.date
) -> tuple[int, int, str]:
    upto = min(as_of, due)
    if unit is Unit.WORKING_DAYS:
        elapsed = max(_working_between(days, start, upto), 0)
        for item in exclusions:
            if item.start <= upto:
                elapsed -= _working_between(days, item.start - _ONE_DAY, min(item.end, upto))
        remaining = _working_between(days, as_of, due)
        for item in exclusions:
            if item.end > as_of and as_of < due:
                # Excluded days still ahead are not time left to act.
                remaining -= _working_between(days, max(item.start - _ONE_DAY, as_of), min(item.end, due))
        word = "个工作日"
    else:
        elapsed = max((upto - start).days, 0)
        for item in exclusions:
            if item.start <= upto:
                elapsed -= (min(item.end, upto) - item.start).days + 1
        remaining = (due - as_of).days
        for item in exclusions:
            if item.end > as_of and as_of < due:
                remaining -= (min(item.end, due) - max(item.start - _ONE_DAY, as_of)).days
        word = "日"
    elapsed = max(elapsed, 0)
    if remaining >= 0:
        phrase = f"已用 {elapsed} {word}，剩余 {remaining} {'个' if word == '个工作日' else '日'}"
    else:
        phrase = f"已超过期限 {-remaining} {word}"
    return elapsed, remaining, phrase
