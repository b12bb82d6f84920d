"""案卷评查 (case-file review): the scoring rubric as dated, cited data; the live machine checks; the grade.

Pure: reads ``tables/file_reviews/*.yaml``. A rubric version lists items (主体合法, 事实清楚 …) with points; each item
has checkpoints with a maximum deduction, the rule it checks (instrument + article, with its own status), whether it
is a veto (否决项), and — for the machine-checkable ones — the check code that :func:`evaluate` runs over a case's
facts. The same :func:`evaluate` serves the case page (one case) and the nightly recompute (every case), so both
say the same thing (docs/domain/file_reviews.md).

Public API::

    rubric_on(day) -> Rubric                  list_rubrics() -> tuple[Rubric, ...]
    evaluate(facts, *, today, rubric) -> LiveReview
    score_sheet(rubric, deductions, vetoes) -> SheetResult   (a reviewer's manual scores → points and grade)
    check_tables() -> dict[str, int]

The rubric version is the one in force on the evaluation date (the round's start date, or today for the live
review): the standard applied is the one in force when the review is done; the law each checkpoint cites is the law
that governed the case (ADR-style note in docs/domain/file_reviews.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from fazhi.rulebook import penalties
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

FILE_REVIEWS_DIR = TABLES_DIR / "file_reviews"
GRADE_IDS = ("excellent", "pass", "fail")
DISTINCTION_IDS = ("exemplary", "poor")
REVIEWER_RULE_IDS = ("not_handler", "cross_department")


class CheckStatus(enum.StrEnum):
    """What a machine check found: passed, failed, not yet due (pending) or not applicable to this case."""

    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {"pass": "通过", "fail": "未通过", "pending": "尚未到期", "not_applicable": "不适用"}[self.value]


# ---------------------------------------------------------------------------------------------------------------
# The rubric


@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: str
    text: str
    deduction: int
    veto: bool
    machine: str | None
    blocking: bool
    citation: Citation
    status: Status
    params: Mapping[str, Any]
    item_id: str


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str
    points: int
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True, slots=True)
class Grade:
    id: str
    label: str
    min_points: int


@dataclass(frozen=True, slots=True)
class ReviewerRule:
    id: str
    text: str
    citation: Citation
    status: Status


@dataclass(frozen=True, slots=True)
class Rubric:
    """One version of the scoring standard."""

    id: str
    name: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    note: str
    grades: tuple[Grade, ...]  # highest threshold first
    distinctions: Mapping[str, tuple[str, frozenset[str]]]  # id -> (label, allowed grade ids)
    reviewer_rules: Mapping[str, ReviewerRule]
    items: tuple[Item, ...]

    @property
    def total_points(self) -> int:
        return sum(item.points for item in self.items)

    @property
    def checkpoints(self) -> tuple[Checkpoint, ...]:
        return tuple(cp for item in self.items for cp in item.checkpoints)

    @property
    def machine_checkpoints(self) -> tuple[Checkpoint, ...]:
        return tuple(cp for cp in self.checkpoints if cp.machine)

    def checkpoint(self, checkpoint_id: str) -> Checkpoint:
        for cp in self.checkpoints:
            if cp.id == checkpoint_id:
                return cp
        raise RulebookError(
            "file_reviews.unknown_checkpoint", f"评查标准 {self.id} 中没有评查要点 {checkpoint_id!r}", id=checkpoint_id
        )

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise RulebookError("file_reviews.unknown_item", f"评查标准 {self.id} 中没有评查项目 {item_id!r}", id=item_id)

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def grade(self, points: int, *, veto_failed: bool) -> Grade:
        """The grade for ``points``; any failed veto checkpoint makes the file 不合格 whatever its points."""
        if veto_failed:
            return self.grades[-1]
        for grade in self.grades:
            if points >= grade.min_points:
                return grade
        return self.grades[-1]  # pragma: no cover - the lowest grade starts at 0 (checked when loading)

    def grade_label(self, grade_id: str) -> str:
        for grade in self.grades:
            if grade.id == grade_id:
                return grade.label
        raise RulebookError("file_reviews.unknown_grade", f"没有等次 {grade_id!r}", grade=grade_id)

    def distinction_allowed(self, distinction: str, grade_id: str) -> bool:
        """示范优案 only among 优秀 files, 典型差案 only among the others (the rubric says which grades qualify)."""
        if distinction not in self.distinctions:
            raise RulebookError(
                "file_reviews.unknown_distinction", f"没有评选类别 {distinction!r}", distinction=distinction
            )
        return grade_id in self.distinctions[distinction][1]


# ---------------------------------------------------------------------------------------------------------------
# Loading


_VERSION_KEYS = (
    "id",
    "name",
    "effective_from",
    "effective_to",
    "citation",
    "status",
    "last_verified_on",
    "grades",
    "distinctions",
    "reviewer_rules",
    "items",
)
_CHECKPOINT_KEYS = ("id", "text", "deduction", "veto", "machine", "blocking", "citation", "status")


def _positive_int(where: str, value: Any, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or (value == 0 and not allow_zero):
        raise TableError("file_reviews.bad_number", f"{where}：应为正整数，得到 {value!r}", where=where)
    return value


def _bool(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TableError("file_reviews.bad_flag", f"{where}：应为 true 或 false，得到 {value!r}", where=where)
    return value


def _parse_checkpoint(where: str, raw: Any, item_id: str) -> Checkpoint:
    check_keys(where, raw, required=_CHECKPOINT_KEYS, optional=("params",))
    machine = raw["machine"]
    if machine is not None and machine not in MACHINE_CHECKS:
        raise TableError(
            "file_reviews.unknown_machine_check",
            f"{where}：机器检查代码 {machine!r} 不存在；可用：{'、'.join(sorted(MACHINE_CHECKS))}",
            where=where,
        )
    blocking = _bool(f"{where}.blocking", raw["blocking"])
    if blocking and machine is None:
        raise TableError("file_reviews.blocking_needs_machine", f"{where}：只有机器可查要点才能阻断归档", where=where)
    params = raw.get("params") or {}
    if not isinstance(params, Mapping):
        raise TableError("file_reviews.bad_params", f"{where}.params：应为键值表", where=where)
    return Checkpoint(
        id=str(raw["id"]),
        text=str(raw["text"]).strip(),
        deduction=_positive_int(f"{where}.deduction", raw["deduction"]),
        veto=_bool(f"{where}.veto", raw["veto"]),
        machine=machine,
        blocking=blocking,
        citation=parse_citation(where, raw["citation"]),
        status=parse_status(f"{where}.status", raw["status"]),
        params=dict(params),
        item_id=item_id,
    )


def _parse_version(where: str, raw: Any) -> Rubric:
    check_keys(where, raw, required=_VERSION_KEYS, optional=("note",))
    start = parse_date(f"{where}.effective_from", raw["effective_from"])
    end = parse_date(f"{where}.effective_to", raw["effective_to"], allow_none=True)
    verified = parse_date(f"{where}.last_verified_on", raw["last_verified_on"])
    assert start is not None and verified is not None
    if end is not None and end <= start:
        raise TableError("table.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    grades = []
    for i, g in enumerate(raw["grades"] or ()):
        check_keys(f"{where}.grades[{i}]", g, required=("id", "label", "min_points"))
        if g["id"] not in GRADE_IDS:
            raise TableError("file_reviews.bad_grade", f"{where}.grades[{i}]：等次只能是 {GRADE_IDS}", where=where)
        grades.append(
            Grade(g["id"], str(g["label"]), _positive_int(f"{where}.grades[{i}]", g["min_points"], allow_zero=True))
        )
    if [g.id for g in grades] != list(GRADE_IDS):
        raise TableError("file_reviews.bad_grade", f"{where}：等次应依次为 优秀、合格、不合格", where=where)
    if not grades[0].min_points > grades[1].min_points > grades[2].min_points == 0:
        raise TableError("file_reviews.bad_grade", f"{where}：等次分数线应递减，不合格从 0 分起", where=where)
    distinctions: dict[str, tuple[str, frozenset[str]]] = {}
    check_keys(f"{where}.distinctions", raw["distinctions"], required=DISTINCTION_IDS)
    for key in DISTINCTION_IDS:
        d = raw["distinctions"][key]
        check_keys(f"{where}.distinctions.{key}", d, required=("label", "grades"))
        allowed = frozenset(d["grades"] or ())
        if not allowed or not allowed <= set(GRADE_IDS):
            raise TableError("file_reviews.bad_grade", f"{where}.distinctions.{key}：等次不正确", where=where)
        distinctions[key] = (str(d["label"]), allowed)
    reviewer_rules: dict[str, ReviewerRule] = {}
    check_keys(f"{where}.reviewer_rules", raw["reviewer_rules"], required=(), optional=REVIEWER_RULE_IDS)
    for key, r in (raw["reviewer_rules"] or {}).items():
        rw = f"{where}.reviewer_rules.{key}"
        check_keys(rw, r, required=("text", "citation", "status"))
        reviewer_rules[key] = ReviewerRule(
            key, str(r["text"]), parse_citation(rw, r["citation"]), parse_status(rw, r["status"])
        )
    items = []
    seen_items: set[str] = set()
    seen_checkpoints: set[str] = set()
    for i, it in enumerate(raw["items"] or ()):
        iw = f"{where}.items[{i}]"
        check_keys(iw, it, required=("id", "label", "points", "checkpoints"))
        item_id = str(it["id"])
        if item_id in seen_items:
            raise TableError("file_reviews.duplicate_id", f"{iw}：评查项目 {item_id} 重复", where=iw)
        seen_items.add(item_id)
        checkpoints = tuple(
            _parse_checkpoint(f"{iw}.checkpoints[{j}]", c, item_id) for j, c in enumerate(it["checkpoints"] or ())
        )
        if not checkpoints:
            raise TableError("file_reviews.empty_item", f"{iw}：评查项目至少要有一个评查要点", where=iw)
        for cp in checkpoints:
            if cp.id in seen_checkpoints:
                raise TableError("file_reviews.duplicate_id", f"{iw}：评查要点 {cp.id} 重复", where=iw)
            seen_checkpoints.add(cp.id)
        items.append(Item(item_id, str(it["label"]), _positive_int(f"{iw}.points", it["points"]), checkpoints))
    if not items:
        raise TableError("file_reviews.no_items", f"{where}：没有评查项目", where=where)
    rubric = Rubric(
        id=str(raw["id"]),
        name=str(raw["name"]),
        effective_from=start,
        effective_to=end,
        citation=parse_citation(where, raw["citation"]),
        status=parse_status(f"{where}.status", raw["status"]),
        last_verified_on=verified,
        note=str(raw.get("note") or ""),
        grades=tuple(grades),
        distinctions=distinctions,
        reviewer_rules=reviewer_rules,
        items=tuple(items),
    )
    if rubric.total_points != 100:
        raise TableError(
            "file_reviews.total_not_100", f"{where}：各项目分值合计应为 100，现为 {rubric.total_points}", where=where
        )
    return rubric


def load_rubrics(directory: Path = FILE_REVIEWS_DIR) -> tuple[Rubric, ...]:
    """Every rubric version, oldest first; versions must not overlap."""
    versions: list[Rubric] = []
    for path in sorted(directory.glob("*.yaml")):
        where_file = f"file_reviews/{path.name}"
        data = load_yaml(path)
        check_keys(where_file, data, required=("instrument", "versions"))
        for i, raw in enumerate(data["versions"] or ()):
            versions.append(_parse_version(f"{where_file} versions[{i}]", raw))
    if not versions:
        raise TableError("file_reviews.no_rubric", "没有案卷评查标准")
    if len({v.id for v in versions}) != len(versions):
        raise TableError("file_reviews.duplicate_id", "评查标准版本 id 重复")
    check_no_overlap("file_reviews", [(v.effective_from, v.effective_to) for v in versions])
    return tuple(sorted(versions, key=lambda v: v.effective_from))


@functools.cache
def _default_rubrics() -> tuple[Rubric, ...]:
    return load_rubrics()


def list_rubrics() -> tuple[Rubric, ...]:
    return _default_rubrics()


def rubric_on(day: dt.date, *, rubrics: Sequence[Rubric] | None = None) -> Rubric:
    """The rubric in force on ``day``; ``file_reviews.no_rubric`` before the first version."""
    for rubric in rubrics if rubrics is not None else _default_rubrics():
        if rubric.in_force_on(day):
            return rubric
    raise RulebookError("file_reviews.no_rubric", f"{day} 没有施行中的案卷评查标准", date=day)


def rubric_by_id(rubric_id: str) -> Rubric:
    for rubric in _default_rubrics():
        if rubric.id == rubric_id:
            return rubric
    raise RulebookError("file_reviews.no_rubric", f"没有评查标准版本 {rubric_id!r}", id=rubric_id)


def check_tables() -> dict[str, int]:
    """Load every rubric strictly (``make test`` and the Django system check)."""
    rubrics = load_rubrics()
    return {
        "rubrics": len(rubrics),
        "checkpoints": sum(len(r.checkpoints) for r in rubrics),
        "machine_checkpoints": sum(len(r.machine_checkpoints) for r in rubrics),
    }


# ---------------------------------------------------------------------------------------------------------------
# The live (machine) checks


class CaseFacts(NamedTuple):
    """What the machine checks need to know about one case, loaded set-based by the shell.

    Amounts are the decided ones after a decision and the proposed ones before it. Dates are ``None`` when the step
    has not happened. ``service_due_on`` is the last day to serve an absent party (computed by the deadline engine
    from the decision date); ``deadlines_late``/``deadlines_open_due`` summarise the case's tracked authority
    deadlines named by the rubric (met after the due date / earliest due date still open).
    """

    case_id: int
    procedure: str  # ordinary | fast_track | summary
    state: str
    party_kind: str  # natural_person | organisation
    decision_kind: str  # "" | penalty | no_penalty | transfer
    filed_on: dt.date
    decided_on: dt.date | None
    notified_on: dt.date | None
    served_on: dt.date | None
    closed_on: dt.date | None
    fine: Decimal
    confiscation: Decimal
    major_public_interest: bool
    complex_case: bool
    hearing_held: bool
    outside_computed_range: bool
    mitigated: bool
    discussion_required: bool
    discussion_recorded: bool
    discretion_frozen: bool
    deviation_reason: bool
    violation_recorded: bool
    officers_valid: int
    evidence_count: int
    evidence_unchained: int
    approved_review_on: dt.date | None
    decision_document: bool
    closing_document: bool
    publication_status: str | None  # pending | published | withdrawn | expired | None (no publication)
    publication_due_on: dt.date | None
    publication_published_on: dt.date | None
    service_due_on: dt.date | None
    deadlines_late: int
    deadlines_open_due: dt.date | None


CLOSED_STATES = frozenset({"closed", "archived", "terminated"})
DECIDED_STATES = frozenset({"decided", "served", "executed", "closed", "archived"})


class CheckResult(NamedTuple):
    checkpoint_id: str
    item_id: str
    status: CheckStatus
    deduction: int  # points deducted (only when failed)
    blocking: bool
    veto: bool
    message: str


CheckFunction = Callable[[CaseFacts, dt.date, Checkpoint], tuple[CheckStatus, str]]

P, F, W, NA = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.PENDING, CheckStatus.NOT_APPLICABLE


def _penalty_decided(f: CaseFacts) -> bool:
    return f.decision_kind == "penalty" and f.decided_on is not None


def _officers_certified(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.officers_valid >= 2:
        return P, f"{f.officers_valid} 名办案人员立案时持有效执法证件"
    return F, f"立案时持有效执法证件的办案人员只有 {f.officers_valid} 名，应不少于两名"


def _notice_before_decision(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.procedure == "summary" or f.decision_kind in ("no_penalty", "transfer") or f.state == "terminated":
        return NA, "简易程序、不予处罚、移送或终止调查的案件不适用"
    if not _penalty_decided(f):
        return (P, f"已于 {f.notified_on} 告知") if f.notified_on else (W, "尚未作出决定")
    assert f.decided_on is not None
    if f.notified_on is None:
        return F, "作出处罚决定前没有告知记录"
    if f.notified_on > f.decided_on:
        return F, f"告知日期 {f.notified_on} 晚于决定日期 {f.decided_on}"
    return P, f"已于 {f.notified_on} 告知，{f.decided_on} 决定"


@functools.cache
def _review_periods() -> tuple[dt.date, ...]:
    """The dates on which the legal-review criteria table changes (any row's start or end)."""
    rows = penalties.default_tables().legal_review
    return tuple(sorted({d for row in rows for d in (row.effective_from, row.effective_to) if d is not None}))


_CRITERIA_CACHE: dict[tuple[Any, ...], list[penalties.Finding]] = {}
_CRITERIA_CACHE_MAX = 100_000


def _review_criteria(f: CaseFacts, on: dt.date) -> list[penalties.Finding]:
    """The legal-review criteria the case meets (``penalties.legal_review_required``), memoised per period of the
    table: between two of its dates the answer depends only on the party, the amounts and the flags."""
    try:
        party = PartyKind(f.party_kind)
    except ValueError:
        return []
    flags = (f.major_public_interest, f.hearing_held, f.complex_case, f.mitigated, f.outside_computed_range)
    key = (party, bisect.bisect_right(_review_periods(), on), f.fine, f.confiscation, flags)
    found = _CRITERIA_CACHE.get(key)
    if found is None:
        if len(_CRITERIA_CACHE) >= _CRITERIA_CACHE_MAX:
            _CRITERIA_CACHE.clear()
        found = _CRITERIA_CACHE[key] = penalties.legal_review_required(
            party_kind=party,
            on=on,
            fine=f.fine,
            confiscation_value=f.confiscation,
            major_public_interest=f.major_public_interest,
            hearing_held=f.hearing_held,
            complex_case=f.complex_case,
            mitigated=f.mitigated,
            outside_computed_range=f.outside_computed_range,
        )
    return found


def _legal_review(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.procedure == "summary" or f.decision_kind == "transfer" or f.state == "terminated":
        return NA, "简易程序、移送或终止调查的案件不适用"
    on = f.decided_on or today
    if on < dt.date(2021, 7, 15):
        # Art. 58 exists only in the 2021 law; before it the 118号 catalogue applied (not held as data here).
        return NA, "2021年7月15日前作出的决定不适用本项检查"
    criteria = _review_criteria(f, on)
    if not criteria:
        return NA, "不属于应当法制审核的情形"
    why = "；".join(c.text for c in criteria)
    if f.decided_on is None:
        if f.approved_review_on is not None:
            return P, f"已经法制审核同意（{why}）"
        return W, f"决定前须经法制审核（{why}）"
    if f.approved_review_on is None or f.approved_review_on > f.decided_on:
        return F, f"应当法制审核而决定前未经审核同意（{why}）"
    return P, f"已于 {f.approved_review_on} 法制审核同意（{why}）"


def _collective_discussion(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if not f.discussion_required:
        return NA, "不属于应当集体讨论的情形"
    if f.discussion_recorded:
        return P, "已记录负责人集体讨论"
    if f.decided_on is None:
        return W, "决定前须经负责人集体讨论"
    return F, "应当集体讨论决定而没有集体讨论记录"


def _handling_deadline(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.procedure == "summary":
        return NA, "简易程序当场决定"
    if f.deadlines_late:
        return F, f"有 {f.deadlines_late} 项办案期限逾期后才完成"
    if f.deadlines_open_due is not None:
        if today > f.deadlines_open_due:
            return F, f"办案期限已于 {f.deadlines_open_due} 届满，尚未作出决定"
        return W, f"办案期限至 {f.deadlines_open_due}"
    return P, "在办案期限内完成"


def _evidence_hashed(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.evidence_unchained:
        return F, f"有 {f.evidence_unchained} 份证据未纳入审计链"
    if f.evidence_count:
        return P, f"{f.evidence_count} 份证据均已计算哈希值并纳入审计链"
    if _penalty_decided(f) and f.procedure != "summary":
        return F, "作出处罚决定的案件没有登记任何证据材料"
    return (W, "尚未登记证据材料") if f.decided_on is None and f.state not in CLOSED_STATES else (NA, "无证据材料要求")


def _citations_present(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.decision_kind != "penalty":
        return NA, "非处罚决定"
    if f.violation_recorded:
        return P, "已载明违反条款和处罚依据"
    if f.decided_on is None:
        return W, "决定前须录入违法行为及其依据"
    return F, "处罚决定没有记录违反的条款和处罚依据"


def _discretion_reasons(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.decision_kind != "penalty" or f.procedure == "summary":
        return NA, "非普通程序处罚决定"
    if f.outside_computed_range and not f.deviation_reason:
        return (F if f.decided_on else W), "罚款超出裁量基准计算的幅度，缺少书面理由"
    if f.discretion_frozen:
        return P, "裁量过程已冻结" + ("，超出幅度有书面理由" if f.outside_computed_range else "")
    if f.decided_on is None:
        return W, "决定前须依裁量基准计算并冻结"
    return F, "处罚决定没有冻结的裁量计算"


def _decision_document(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.decision_kind not in ("penalty", "no_penalty"):
        return NA, "没有处罚或不予处罚决定"
    if f.decision_document:
        return P, "决定书已编号出具"
    return F, "决定书没有编号出具记录"


def _service_in_time(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.decision_kind not in ("penalty", "no_penalty") or f.procedure == "summary":
        return NA, "没有需要送达的决定书（简易程序当场交付）"
    due = f.service_due_on
    if due is None:
        return NA, "规则库没有该决定日期适用的送达期限"
    if f.served_on is not None:
        if f.served_on > due:
            return F, f"{f.served_on} 送达，晚于 {due}（七个工作日）"
        return P, f"{f.served_on} 送达"
    if today > due:
        return F, f"决定书应于 {due} 前送达，尚未送达"
    return W, f"决定书应于 {due} 前送达"


def _publicity_published(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.publication_status is None:
        return NA, "不属于应当公示的决定"
    if f.publication_status in ("published", "withdrawn", "expired"):
        return P, {"published": "已公示", "withdrawn": "已依法撤下", "expired": "公示期满"}[f.publication_status]
    if f.publication_due_on is not None and today > f.publication_due_on:
        return F, f"应于 {f.publication_due_on} 前公示，尚未公示"
    return W, f"应于 {f.publication_due_on} 前公示"


def _publicity_on_time(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.publication_status is None:
        return NA, "不属于应当公示的决定"
    due, published = f.publication_due_on, f.publication_published_on
    if published is not None:
        if due is not None and published > due:
            return F, f"{published} 公示，晚于期限 {due}"
        return P, f"{published} 公示（期限 {due}）"
    if f.publication_status == "pending" and due is not None and today > due:
        return F, f"公示期限 {due} 已过，尚未公示"
    if f.publication_status == "pending":
        return W, f"公示期限至 {due}"
    return NA, "决定在公示前已被撤下"


def _closing_approval(f: CaseFacts, today: dt.date, cp: Checkpoint) -> tuple[CheckStatus, str]:
    if f.state not in ("closed", "archived"):
        return NA, "尚未结案"
    if f.closing_document:
        return P, "结案审批表在卷"
    return F, "已结案但没有结案审批表"


MACHINE_CHECKS: dict[str, CheckFunction] = {
    "officers_certified": _officers_certified,
    "notice_before_decision": _notice_before_decision,
    "legal_review": _legal_review,
    "collective_discussion": _collective_discussion,
    "handling_deadline": _handling_deadline,
    "evidence_hashed": _evidence_hashed,
    "citations_present": _citations_present,
    "discretion_reasons": _discretion_reasons,
    "decision_document": _decision_document,
    "service_in_time": _service_in_time,
    "publicity_published": _publicity_published,
    "publicity_on_time": _publicity_on_time,
    "closing_approval": _closing_approval,
}


@dataclass(frozen=True, slots=True)
class LiveReview:
    """The machine checks of one case: each result, the score they leave and what blocks archiving.

    ``score`` is the rubric total minus the deductions of failed machine checkpoints: the most the file can score
    if every manual checkpoint were met. ``blocking`` lists the blocking checkpoints that failed or are not yet met
    (a case cannot be archived while any remains).
    """

    rubric_id: str
    results: tuple[CheckResult, ...]
    score: int
    max_score: int

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.status is CheckStatus.FAIL)

    @property
    def blocking(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.blocking and r.status in (CheckStatus.FAIL, CheckStatus.PENDING))

    @property
    def veto_failed(self) -> bool:
        return any(r.veto for r in self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric_id,
            "score": self.score,
            "max_score": self.max_score,
            "results": [
                {
                    "checkpoint": r.checkpoint_id,
                    "item": r.item_id,
                    "status": r.status.value,
                    "deduction": r.deduction,
                    "blocking": r.blocking,
                    "veto": r.veto,
                    "message": r.message,
                }
                for r in self.results
            ],
        }


_COMPILED: dict[int, tuple[Rubric, tuple[tuple[Checkpoint, CheckFunction], ...], dict[str, int], int]] = {}


def _compiled(rubric: Rubric) -> tuple[tuple[tuple[Checkpoint, CheckFunction], ...], dict[str, int], int]:
    """The rubric's machine checkpoints with their functions, the points of each item and the total (per rubric
    object; the entry keeps the object alive so its id is not reused)."""
    entry = _COMPILED.get(id(rubric))
    if entry is None or entry[0] is not rubric:
        checks = tuple((cp, MACHINE_CHECKS[cp.machine]) for cp in rubric.machine_checkpoints if cp.machine)
        entry = _COMPILED[id(rubric)] = (rubric, checks, {i.id: i.points for i in rubric.items}, rubric.total_points)
    return entry[1], entry[2], entry[3]


def evaluate(facts: CaseFacts, *, today: dt.date, rubric: Rubric) -> LiveReview:
    """Run every machine checkpoint of ``rubric`` over ``facts`` as of ``today``."""
    checks, item_points, total = _compiled(rubric)
    results = []
    deducted: dict[str, int] = {}
    fail = CheckStatus.FAIL
    for cp, check in checks:
        status, message = check(facts, today, cp)
        if status is fail:
            deducted[cp.item_id] = deducted.get(cp.item_id, 0) + cp.deduction
            results.append(CheckResult(cp.id, cp.item_id, status, cp.deduction, cp.blocking, cp.veto, message))
        else:
            results.append(CheckResult(cp.id, cp.item_id, status, 0, cp.blocking, cp.veto, message))
    # A deduction never takes an item below zero.
    lost = sum(min(points, item_points[item_id]) for item_id, points in deducted.items())
    return LiveReview(rubric.id, tuple(results), total - lost, total)


# ---------------------------------------------------------------------------------------------------------------
# Manual scoring


@dataclass(frozen=True, slots=True)
class SheetResult:
    """A reviewer's score sheet turned into points per item, the total and the grade."""

    item_points: Mapping[str, int]
    total: int
    veto_failed: tuple[str, ...]
    grade: Grade


def score_sheet(rubric: Rubric, deductions: Mapping[str, int], vetoes: Sequence[str] = ()) -> SheetResult:
    """Points per item and the grade from ``deductions`` (checkpoint id → points deducted) and the veto
    checkpoints found not met. A deduction above the checkpoint's maximum, a negative one, an unknown checkpoint,
    or a veto on a checkpoint that is not a veto item is refused (``file_reviews.bad_score``)."""
    per_item: dict[str, int] = {}
    for cp_id, points in deductions.items():
        cp = rubric.checkpoint(cp_id)
        if isinstance(points, bool) or not isinstance(points, int) or points < 0 or points > cp.deduction:
            raise RulebookError(
                "file_reviews.bad_score",
                f"“{cp.text}”最多扣 {cp.deduction} 分，填写了 {points!r}",
                checkpoint=cp_id,
                field=cp_id,
            )
        per_item[cp.item_id] = per_item.get(cp.item_id, 0) + points
    for cp_id in vetoes:
        cp = rubric.checkpoint(cp_id)
        if not cp.veto:
            raise RulebookError("file_reviews.bad_score", f"“{cp.text}”不是否决项", checkpoint=cp_id, field=cp_id)
    item_points = {item.id: max(0, item.points - per_item.get(item.id, 0)) for item in rubric.items}
    total = sum(item_points.values())
    vetoed = tuple(dict.fromkeys(vetoes))
    return SheetResult(item_points, total, vetoed, rubric.grade(total, veto_failed=bool(vetoed)))
