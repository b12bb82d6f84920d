"""``fazhi-draw/1``: the earlier verifiable draw, kept for internal draws that do not publish a pool first.

The random inspections (双随机、一公开) use ``fazhi.rulebook.draws`` (``fazhi-draw/2``: the pool and the seed's
commitment are published before the seed is fixed, risk classes and recusal reasons stay internal). This version is
kept, unchanged, for the case-file review rounds (案卷评查, ``fazhi.file_reviews``), whose records were written with
it and whose candidates carry no internal data; their records stay verifiable. Spec: ``docs/draw-algorithm-v1.md``.

Original description follows.

The verifiable draw of 双随机、一公开 (random inspection): pure, deterministic, re-runnable.

Legal anchors: 企业信息公示暂行条例 第十四条 and 市场主体登记管理条例实施细则 第六十六条 (random selection of the
objects and of the inspectors, results made public) [TEXT]; 国发〔2019〕5号 [SECONDARY]. At least two inspectors
per entity follows 行政处罚法 第四十二条 (the same standard is used for random inspections [UNCONFIRMED]).

Everything a draw depends on — the algorithm version, the frozen pools, the parameters and the seed — goes into
the draw record, so anyone can re-run it (``verify_record``) and get byte-identical output. The exact algorithm,
written so that it can be re-implemented in another language, is ``docs/draw-algorithm-v1.md``; the design decision
is ADR 0005. Nothing here reads the clock or an unseeded random source: the seed is an input.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import itertools
import json
import operator
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple, cast

from fazhi.rulebook.errors import RulebookError

ALGORITHM = "fazhi-draw/1"
SEED_KINDS = ("public_announced", "csprng")
SeedKind = Literal["public_announced", "csprng"]

_USCC_RE = re.compile(r"[0-9A-Z]+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_MAX_DIFFERENCES = 50


# --------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------


class Candidate(NamedTuple):
    """One entity in the object pool (对象库): its 统一社会信用代码 and optional risk class (A–D).

    A NamedTuple (immutable) rather than a dataclass so that a pool of a million costs little to build.
    """

    uscc: str
    risk_class: str | None = None


class Inspector(NamedTuple):
    """One officer in the inspector pool (执法检查人员库): 执法证号 and department."""

    certificate: str
    department: str


class Conflict(NamedTuple):
    """A declared conflict (回避事由): this officer must never inspect this entity.

    Reasons include relatives, a former employer, or "the same officer inspected it last round" — the caller
    turns the last round's teams into conflicts with that reason.
    """

    certificate: str
    uscc: str
    reason: str


@dataclass(frozen=True)
class DrawParameters:
    """What the task asks for: exactly one of ``size``, ``ratio`` or ``strata_ratios``; the team rules."""

    size: int | None = None
    ratio: Decimal | None = None
    strata_ratios: Mapping[str, Decimal] | None = None
    team_size: int = 2
    require_each_department: bool = False
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seed:
    """The seed and where it came from: announced public randomness (RFC 3797 style) or a CSPRNG value."""

    kind: SeedKind
    value: str
    source: str


@dataclass(frozen=True)
class CandidatePool:
    """The frozen candidate pool: USCCs sorted ascending, de-duplicated, with their risk classes and hash."""

    usccs: tuple[str, ...]
    risk_classes: tuple[str | None, ...]
    hash: str

    def __len__(self) -> int:
        return len(self.usccs)


@dataclass(frozen=True)
class InspectorPool:
    """The frozen inspector pool: sorted by certificate, de-duplicated, with its hash."""

    inspectors: tuple[Inspector, ...]
    hash: str


@dataclass(frozen=True)
class ConflictSet:
    """The frozen declared conflicts: sorted by (certificate, uscc, reason), de-duplicated, with their hash."""

    conflicts: tuple[Conflict, ...]
    hash: str


@dataclass(frozen=True)
class StaffingFailure:
    """Why one selected entity cannot be given a lawful team."""

    uscc: str
    reason: str


class DrawStaffingError(RulebookError):
    """No lawful team assignment exists; ``failures`` names every entity that cannot be staffed and why."""

    def __init__(self, failures: Sequence[StaffingFailure]) -> None:
        self.failures = tuple(failures)
        shown = "；".join(f"{f.uscc}：{f.reason}" for f in self.failures[:5])
        more = f"；另有 {len(self.failures) - 5} 户" if len(self.failures) > 5 else ""
        super().__init__(
            "draw.team_unstaffable",
            f"无法依法为下列检查对象配齐检查人员：{shown}{more}。请补充执法人员、调整回避申报或减小组规模后重新抽取。",
            failures=[{"uscc": f.uscc, "reason": f.reason} for f in self.failures],
        )


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of re-running a record: ``ok`` when everything matches, else the paths that differ."""

    ok: bool
    differences: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------------------
# Canonical forms and hashes
# --------------------------------------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """The canonical JSON text used for records and hashes: sorted keys, UTF-8 as is, no spaces."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_text(what: str, value: object, *, allow_empty: bool = False) -> str:
    """A text field that goes into a hash: no control characters (they would break the TSV layout)."""
    if not isinstance(value, str):
        raise RulebookError("draw.invalid_text", f"{what} 必须是文本，收到 {value!r}。", field=what, value=value)
    if (not value and not allow_empty) or _CONTROL_RE.search(value) or value != value.strip():
        raise RulebookError(
            "draw.invalid_text",
            f"{what} 不能为空、不能含控制字符或首尾空白，收到 {value!r}。请清理后重试。",
            field=what,
            value=value,
        )
    return value


def _check_usccs(usccs: Sequence[str]) -> None:
    """Every USCC is upper-case letters and digits (one regex over the joined list: fast for a million)."""
    # A non-text item makes the joined text empty, so the per-item check below names it.
    joined = "".join(usccs) if all(isinstance(u, str) for u in usccs) else ""
    # Fast path for a million: every item non-empty, the whole text ASCII letters/digits with no lower case.
    if all(usccs) and joined.isascii() and joined.isalnum() and joined == joined.upper():
        return
    for u in usccs:
        if not isinstance(u, str) or not _USCC_RE.fullmatch(u):
            raise RulebookError(
                "draw.invalid_uscc",
                f"统一社会信用代码 {u!r} 格式不对：只能是大写字母和数字（请先去掉空格并转为大写）。",
                uscc=u,
            )


def _tsv_hash(rows: Iterable[Sequence[str]]) -> str:
    """SHA-256 of the pool's TSV serialisation: fields joined by TAB, each row ended by LF, UTF-8."""
    return _sha256_hex("".join("\t".join(row) + "\n" for row in rows))


def freeze_candidates(candidates: Iterable[Candidate | tuple[str, str | None]]) -> CandidatePool:
    """Freeze the candidate pool: sort by USCC (code-point order), drop exact duplicates, hash.

    A USCC listed twice with different risk classes is an error (``draw.duplicate_candidate``): the pool query is
    wrong and silently choosing one class would change the strata. Input already sorted by USCC (as the database
    returns it with ``ORDER BY uscc``) takes a fast path.
    """
    items = candidates if isinstance(candidates, list | tuple) else list(candidates)
    return _freeze_lists([c[0] for c in items], [c[1] for c in items])


def _freeze_lists(usccs: list[str], risks: list[str | None]) -> CandidatePool:
    """``freeze_candidates`` on the two columns (what a record holds), without building pairs first."""
    _check_usccs(usccs)
    # One pass: strictly ascending means sorted and without duplicates (the database's ORDER BY output).
    if not all(map(operator.lt, usccs, itertools.islice(usccs, 1, None))):
        by_uscc: dict[str, str | None] = {}
        for uscc, risk in zip(usccs, risks, strict=True):
            if by_uscc.setdefault(uscc, risk) != risk:
                raise RulebookError(
                    "draw.duplicate_candidate",
                    f"统一社会信用代码 {uscc} 在对象库中出现两次且风险等级不同（{by_uscc[uscc]} / {risk}），请先核对对象库。",
                    uscc=uscc,
                )
        usccs = sorted(by_uscc)
        risks = [by_uscc[u] for u in usccs]
    for risk in set(risks):
        if risk is not None:
            _check_text("风险等级", risk)
    cells = ["" if r is None else r for r in risks] if None in risks else cast(list[str], risks)
    text = "\n".join(map("\t".join, zip(usccs, cells, strict=True))) + "\n" if usccs else ""
    return CandidatePool(usccs=tuple(usccs), risk_classes=tuple(risks), hash=_sha256_hex(text))


def freeze_inspectors(inspectors: Iterable[Inspector | tuple[str, str]]) -> InspectorPool:
    """Freeze the inspector pool: sort by certificate, drop exact duplicates, hash.

    The same certificate in two departments is an error (``draw.duplicate_inspector``).
    """
    by_cert: dict[str, str] = {}
    for item in inspectors:
        cert = _check_text("执法证号", item[0])
        dept = _check_text("部门", item[1])
        if by_cert.setdefault(cert, dept) != dept:
            raise RulebookError(
                "draw.duplicate_inspector",
                f"执法证号 {cert} 同时属于两个部门（{by_cert[cert]} / {dept}），请先核对执法人员库。",
                certificate=cert,
            )
    frozen = tuple(Inspector(c, d) for c, d in sorted(by_cert.items()))
    return InspectorPool(inspectors=frozen, hash=_tsv_hash(frozen))


def freeze_conflicts(conflicts: Iterable[Conflict | tuple[str, str, str]]) -> ConflictSet:
    """Freeze the declared conflicts: sort by (certificate, uscc, reason), drop exact duplicates, hash."""
    rows = set()
    for item in conflicts:
        cert = _check_text("回避申报的执法证号", item[0])
        uscc = _check_text("回避申报的统一社会信用代码", item[1])
        _check_usccs([uscc])
        rows.add(Conflict(cert, uscc, _check_text("回避事由", item[2])))
    frozen = tuple(sorted(rows))
    return ConflictSet(conflicts=frozen, hash=_tsv_hash(frozen))


def _decimal_text(value: Decimal) -> str:
    """A ratio in the record: plain notation, no trailing zeros ("0.05", "1")."""
    text = format(value.normalize(), "f")
    return text


def round_half_up(value: Decimal) -> int:
    """Round a sample size to the nearest integer, halves upwards (0.5 → 1, 2.5 → 3)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------------------------


def _bad_parameters(message: str, **params: Any) -> RulebookError:
    return RulebookError("draw.invalid_parameters", message, **params)


def _check_ratio(what: str, value: object, *, allow_zero: bool) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _bad_parameters(f"{what} 必须是 Decimal 小数，收到 {value!r}。", field=what)
    low_ok = value >= 0 if allow_zero else value > 0
    if not low_ok or value > 1:
        raise _bad_parameters(
            f"{what} 必须在 {'0' if allow_zero else '0（不含）'} 与 1 之间，收到 {value}。", field=what
        )
    return value


def _stratum_sizes(pool: CandidatePool, params: DrawParameters) -> dict[str | None, tuple[int, int]]:
    """Per stratum: (candidates in it, how many to draw). Plain draws have the single stratum ``None``."""
    modes = [params.size is not None, params.ratio is not None, params.strata_ratios is not None]
    if sum(modes) != 1:
        raise _bad_parameters("抽取数量、抽取比例、分风险等级比例三者必须且只能填写一项。")
    n = len(pool)
    if params.strata_ratios is not None:
        if not params.strata_ratios:
            raise _bad_parameters("分风险等级比例不能为空。", field="strata_ratios")
        ratios = {
            _check_text("风险等级", k): _check_ratio(f"风险等级 {k} 的抽取比例", v, allow_zero=True)
            for k, v in params.strata_ratios.items()
        }
        counts = Counter(pool.risk_classes)
        missing = sorted(str(r) for r in counts if r not in ratios)
        if missing:
            raise _bad_parameters(
                f"对象库中有风险等级 {'、'.join(missing)} 的对象，但任务没有给出该等级的抽取比例（不抽请填 0）。",
                field="strata_ratios",
                missing=missing,
            )
        return {r: (c, round_half_up(ratios[r] * c)) for r, c in counts.items() if r is not None}
    if params.size is not None:
        if isinstance(params.size, bool) or not isinstance(params.size, int) or params.size < 1:
            raise _bad_parameters(f"抽取数量必须是正整数，收到 {params.size!r}。", field="size")
        if params.size > n:
            raise RulebookError(
                "draw.size_exceeds_pool",
                f"抽取数量 {params.size} 大于对象库中的对象数 {n}，请减小数量或扩大对象库。",
                size=params.size,
                pool=n,
            )
        return {None: (n, params.size)}
    ratio = _check_ratio("抽取比例", params.ratio, allow_zero=False)
    return {None: (n, round_half_up(ratio * n))}


def _check_team_parameters(params: DrawParameters, inspectors: InspectorPool) -> None:
    if isinstance(params.team_size, bool) or not isinstance(params.team_size, int) or params.team_size < 2:
        # 行政处罚法 第四十二条: at least two officers; used for random inspections too [UNCONFIRMED].
        raise _bad_parameters(
            f"每个检查对象至少需要 2 名执法人员，收到组规模 {params.team_size!r}。", field="team_size"
        )
    departments = [_check_text("参与部门", d) for d in params.departments]
    if len(set(departments)) != len(departments):
        raise _bad_parameters("参与部门重复。", field="departments")
    if params.require_each_department:
        if not departments:
            raise _bad_parameters("联合抽查要求每个部门至少一人，但没有列出参与部门。", field="departments")
        if params.team_size < len(departments):
            raise _bad_parameters(
                f"联合抽查有 {len(departments)} 个参与部门，组规模 {params.team_size} 不够每个部门各出一人，请增大组规模。",
                field="team_size",
            )
    if departments:
        outside = sorted({i.department for i in inspectors.inspectors} - set(departments))
        if outside:
            raise RulebookError(
                "draw.inspector_department_not_participating",
                f"执法人员库中有不属于参与部门的人员（{'、'.join(outside)}），请核对执法人员库或参与部门。",
                departments=outside,
            )
        if params.require_each_department:
            present = {i.department for i in inspectors.inspectors}
            absent = [d for d in sorted(departments) if d not in present]
            if absent:
                raise RulebookError(
                    "draw.department_without_inspectors",
                    f"缺少 {'、'.join(absent)} 的执法人员：联合抽查每组都需要该部门一人，请补充执法人员库。",
                    departments=absent,
                )


def _check_seed(seed: Seed) -> bytes:
    if seed.kind not in SEED_KINDS:
        raise _bad_parameters(f"随机种子类型必须是 {' 或 '.join(SEED_KINDS)}，收到 {seed.kind!r}。", field="seed.kind")
    _check_text("随机种子来源", seed.source)
    return _check_text("随机种子", seed.value).encode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------------------------------------------


class Selected(NamedTuple):
    """One drawn entity: its USCC, stratum (risk class, ``None`` for a plain draw) and rank digest."""

    uscc: str
    stratum: str | None
    digest: bytes


def _cut(k: int, n: int) -> bytes:
    """A digest prefix comfortably above the expected k-th smallest of n uniform digests (speed only)."""
    return min(2**64 - 1, int((k / n) * 1.2 * 2**64) + int(64 / n * 2**64)).to_bytes(8, "big")


def select(pool: CandidatePool, params: DrawParameters, seed: Seed) -> list[Selected]:
    """Draw the entities: rank each candidate by SHA-256(seed ‖ 0x00 ‖ uscc), take the k smallest per stratum.

    Returns the selected entities in rank order (ascending digest, ties by USCC) across all strata.
    """
    return _select(pool, params, seed)[0]


def _select(
    pool: CandidatePool, params: DrawParameters, seed: Seed
) -> tuple[list[Selected], dict[str | None, tuple[int, int]]]:
    seed_bytes = _check_seed(seed)
    sizes = _stratum_sizes(pool, params)
    usccs = pool.usccs
    plain = None in sizes
    encoded = "\n".join(usccs).encode("ascii").split(b"\n") if usccs else []
    # Hash the common prefix once and copy its state per candidate: a 64-character seed fills the first SHA-256
    # block, so each candidate then costs one compression instead of two (same digests as hashing the whole).
    copy = hashlib.sha256(seed_bytes + b"\x00").copy
    digests: list[bytes] = []
    append = digests.append
    for data in encoded:
        h = copy()
        h.update(data)
        append(h.digest())
    # Speed-up, exact: keep only digests below a cut set generously above every stratum's expected k-th smallest.
    # If a stratum has at least k kept members, its k smallest are all kept; otherwise it is ranked in full.
    # Each stratum has its own cut (a low-ratio stratum keeps far fewer members to sort); the global cut is their
    # maximum, a cheap first filter over all digests.
    cuts: dict[str | None, bytes] = {r: _cut(k, n) for r, (n, k) in sizes.items() if k}
    cut = max(cuts.values()) if cuts else b""
    kept = list(itertools.compress(range(len(digests)), map(cut.__gt__, digests)))  # i with digests[i] < cut
    groups: dict[str | None, list[tuple[bytes, str, int]]] = {r: [] for r in sizes}
    risks = pool.risk_classes
    if plain:
        groups[None] = [(digests[i], usccs[i], i) for i in kept]
    else:
        for i in kept:
            d = digests[i]
            r = risks[i]
            if d < cuts.get(r, b""):
                groups[r].append((d, usccs[i], i))
    chosen: list[tuple[bytes, str, int]] = []
    for stratum, (_, k) in sizes.items():
        members = groups[stratum]
        if len(members) < k:
            members = [
                (d, u, i)
                for i, (d, u, r) in enumerate(zip(digests, usccs, risks, strict=True))
                if plain or r == stratum
            ]
        members.sort()
        chosen.extend(members[:k])
    chosen.sort()
    return [Selected(u, None if plain else risks[i], d) for d, u, i in chosen], sizes


# --------------------------------------------------------------------------------------------------------------
# Team assignment with recusal (回避)
# --------------------------------------------------------------------------------------------------------------


def workload_cap(visits: int, inspectors: int) -> int:
    """No officer gets more than ⌈visits / officers⌉ + 1 visits (issue 5 §2: balanced workload)."""
    return -(-visits // inspectors) + 1


def _ring(seed_bytes: bytes, inspectors: Sequence[Inspector]) -> list[Inspector]:
    """The ring order of officers: ascending SHA-256(seed ‖ 0x00 ‖ "inspector" ‖ 0x00 ‖ certificate)."""
    prefix = seed_bytes + b"\x00inspector\x00"
    return sorted(inspectors, key=lambda i: (hashlib.sha256(prefix + i.certificate.encode()).digest(), i.certificate))


def _offset(seed_bytes: bytes, uscc: str) -> int:
    """The entity's starting point on the ring: first 8 bytes of SHA-256(seed ‖ 0x00 ‖ "team" ‖ 0x00 ‖ uscc)."""
    return int.from_bytes(hashlib.sha256(seed_bytes + b"\x00team\x00" + uscc.encode()).digest()[:8], "big")


def assign_teams(
    selected: Sequence[str],
    inspectors: InspectorPool,
    conflicts: ConflictSet,
    params: DrawParameters,
    seed: Seed,
) -> dict[str, list[str]]:
    """Give every selected entity ``team_size`` officers, lawfully, deterministically.

    Rules (issue 5 §2): distinct officers; never one with a declared conflict on the entity; in joint tasks at
    least one from each participating department; nobody above ``workload_cap``. First a greedy pass
    (least-loaded-first, ties broken on the seeded ring); if it gets stuck, an exact max-flow over the whole draw,
    so a lawful assignment is always found when one exists. Otherwise ``DrawStaffingError`` names each entity
    that cannot be staffed and why. Returns uscc → sorted certificates.
    """
    seed_bytes = _check_seed(seed)
    _check_team_parameters(params, inspectors)
    ring = _ring(seed_bytes, inspectors.inspectors)
    required = frozenset(params.departments) if params.require_each_department else frozenset()
    blocked: dict[str, set[str]] = {}
    for c in conflicts.conflicts:
        blocked.setdefault(c.uscc, set()).add(c.certificate)
    _precheck(selected, ring, blocked, params.team_size, required)
    if not selected:
        return {}
    cap = workload_cap(len(selected) * params.team_size, len(ring))
    # Same values as ``_offset`` for each entity, with the prefix hashed once (the per-entity cost of a draw).
    copy = hashlib.sha256(seed_bytes + b"\x00team\x00").copy
    offsets: dict[str, int] = {}
    for u in selected:
        h = copy()
        h.update(u.encode())
        offsets[u] = int.from_bytes(h.digest()[:8], "big")
    teams = _greedy(selected, ring, blocked, params.team_size, required, cap, offsets)
    if teams is None:
        teams = _max_flow(selected, ring, blocked, params.team_size, required, cap, offsets)
    return teams


def _precheck(
    selected: Sequence[str],
    ring: Sequence[Inspector],
    blocked: Mapping[str, set[str]],
    k: int,
    required: frozenset[str],
) -> None:
    """Entity-by-entity impossibilities, named precisely before any assignment is tried."""
    failures = []
    department_of = {i.certificate: i.department for i in ring}
    staff = Counter(department_of.values())
    staffable = len(ring) >= k and all(staff[d] >= 1 for d in required)
    for uscc in selected:
        if staffable and uscc not in blocked:
            continue  # nothing recused and the pool is big enough: no impossibility for this entity
        out = [department_of[c] for c in sorted(blocked.get(uscc, ())) if c in department_of]
        if len(ring) - len(out) < k:
            failures.append(
                StaffingFailure(uscc, f"可用执法人员不足（需要 {k} 人，回避后仅 {len(ring) - len(out)} 人）")
            )
            continue
        recused = Counter(out)
        for dept in sorted(required):
            if staff[dept] - recused[dept] < 1:
                failures.append(StaffingFailure(uscc, f"缺少 {dept} 的执法人员（回避后该部门无人可派）"))
    if failures:
        raise DrawStaffingError(failures)


def _greedy(
    selected: Sequence[str],
    ring: Sequence[Inspector],
    blocked: Mapping[str, set[str]],
    k: int,
    required: frozenset[str],
    cap: int,
    offsets: Mapping[str, int],
) -> dict[str, list[str]] | None:
    """Least-loaded-first on the ring; ``None`` when some entity cannot be completed this way."""
    buckets: list[list[int]] = [list(range(len(ring)))] + [[] for _ in range(cap)]
    certificates = [i.certificate for i in ring]
    departments = [i.department for i in ring]
    low = 0
    teams: dict[str, list[str]] = {}
    empty: set[str] = set()
    insort = bisect.insort
    for uscc in selected:
        out = blocked.get(uscc, empty)
        missing = set(required)
        team: list[int] = []
        offset = offsets[uscc]
        for slot in range(k):
            # Only when the remaining slots are all needed for missing departments must the pick be one of them.
            need_department = k - slot <= len(missing)
            picked = -1
            for load in range(low, cap):
                bucket = buckets[load]
                n = len(bucket)
                if not n:
                    continue
                start = offset % n
                for j in range(n):
                    index = start + j
                    if index >= n:
                        index -= n
                    position = bucket[index]
                    if position in team or certificates[position] in out:
                        continue
                    if need_department and departments[position] not in missing:
                        continue
                    picked = position
                    break
                if picked >= 0:
                    del bucket[index]
                    insort(buckets[load + 1], picked)
                    while not buckets[low]:
                        low += 1
                    break
            if picked < 0:
                return None
            team.append(picked)
            missing.discard(departments[picked])
        teams[uscc] = sorted([certificates[p] for p in team])
    return teams


def _max_flow(
    selected: Sequence[str],
    ring: Sequence[Inspector],
    blocked: Mapping[str, set[str]],
    k: int,
    required: frozenset[str],
    cap: int,
    offsets: Mapping[str, int],
) -> dict[str, list[str]]:
    """Exact fallback: Edmonds–Karp max-flow (node and edge order in docs/draw-algorithm.md §5.3)."""
    heads: list[int] = []
    capacity: list[int] = []
    adjacency: list[list[int]] = [[], []]  # node 0 = source, node 1 = sink

    def node() -> int:
        adjacency.append([])
        return len(adjacency) - 1

    def edge(a: int, b: int, c: int) -> int:
        adjacency[a].append(len(heads))
        heads.append(b)
        capacity.append(c)
        adjacency[b].append(len(heads))
        heads.append(a)
        capacity.append(0)
        return len(heads) - 2

    officer_nodes = [node() for _ in ring]
    pair_edges: list[tuple[str, int, int]] = []
    departments = sorted(required)
    empty: set[str] = set()
    for uscc in selected:
        out = blocked.get(uscc, empty)
        start = offsets[uscc] % len(ring)
        order = [p for p in (*range(start, len(ring)), *range(start)) if ring[p].certificate not in out]
        if not required:
            entity = node()
            edge(0, entity, k)
            for p in order:
                pair_edges.append((uscc, p, edge(entity, officer_nodes[p], 1)))
            continue
        slots: list[tuple[str | None, int]] = [(dept, node()) for dept in departments]
        if k > len(departments):
            slots.append((None, node()))
        for dept, slot in slots:
            edge(0, slot, 1 if dept is not None else k - len(departments))
        for p in order:
            pair = node()
            for dept, slot in slots:
                if dept is None or ring[p].department == dept:
                    edge(slot, pair, 1)
            pair_edges.append((uscc, p, edge(pair, officer_nodes[p], 1)))
    for officer in officer_nodes:
        edge(officer, 1, cap)
    while True:
        parent_edge = [-1] * len(adjacency)
        parent_edge[0] = -2
        queue = deque([0])
        while queue and parent_edge[1] == -1:
            a = queue.popleft()
            for e in adjacency[a]:
                b = heads[e]
                if capacity[e] > 0 and parent_edge[b] == -1:
                    parent_edge[b] = e
                    queue.append(b)
        if parent_edge[1] == -1:
            break
        path = []
        b = 1
        while b != 0:
            e = parent_edge[b]
            path.append(e)
            b = heads[e ^ 1]
        push = min(capacity[e] for e in path)
        for e in path:
            capacity[e] -= push
            capacity[e ^ 1] += push
    teams: dict[str, list[str]] = {u: [] for u in selected}
    for uscc, p, e in pair_edges:
        if capacity[e] == 0:
            teams[uscc].append(ring[p].certificate)
    failures = [
        StaffingFailure(
            uscc, f"受回避限制和工作量上限（每人最多 {cap} 次）约束，只能配齐 {len(teams[uscc])} 人（需要 {k} 人）"
        )
        for uscc in selected
        if len(teams[uscc]) < k
    ]
    if failures:
        raise DrawStaffingError(failures)
    return {u: sorted(t) for u, t in teams.items()}


# --------------------------------------------------------------------------------------------------------------
# The draw record
# --------------------------------------------------------------------------------------------------------------


def _parameters_dict(params: DrawParameters) -> dict[str, Any]:
    return {
        "size": params.size,
        "ratio": None if params.ratio is None else _decimal_text(params.ratio),
        "strata_ratios": None
        if params.strata_ratios is None
        else {k: _decimal_text(v) for k, v in sorted(params.strata_ratios.items())},
        "team_size": params.team_size,
        "require_each_department": params.require_each_department,
        "departments": sorted(params.departments),
    }


class _GcPaused:
    """Pause the cyclic garbage collector: a draw builds millions of acyclic objects and the collector's passes
    over them cost a quarter of the run (measured on 1,000,000 candidates); reference counting still frees them."""

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _run_draw(
    *,
    candidates: Iterable[Candidate | tuple[str, str | None]] | CandidatePool,
    parameters: DrawParameters,
    seed: Seed,
    inspectors: Iterable[Inspector | tuple[str, str]] | None = None,
    conflicts: Iterable[Conflict | tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """The body of ``run_draw`` (called with the garbage collector paused)."""
    # A pool frozen earlier (the separate 固定名录库 step) is used as is: no second sort check and hash.
    pool = candidates if isinstance(candidates, CandidatePool) else freeze_candidates(candidates)
    chosen, sizes = _select(pool, parameters, seed)
    frozen_conflicts = freeze_conflicts(conflicts)
    teams: dict[str, list[str]] | None = None
    inspector_pool: InspectorPool | None = None
    cap: int | None = None
    if inspectors is not None:
        inspector_pool = freeze_inspectors(inspectors)
        teams = assign_teams([s.uscc for s in chosen], inspector_pool, frozen_conflicts, parameters, seed)
        if chosen:
            cap = workload_cap(len(chosen) * parameters.team_size, len(inspector_pool.inspectors))
    result: dict[str, Any] = {
        "selected": [
            {"rank": n, "uscc": s.uscc, "stratum": s.stratum, "digest": s.digest.hex()}
            for n, s in enumerate(chosen, start=1)
        ],
        "strata": [
            {"stratum": stratum, "candidates": count, "size": size}
            for stratum, (count, size) in sorted(sizes.items(), key=lambda item: str(item[0]))
        ],
        "teams": None if teams is None else [{"uscc": s.uscc, "inspectors": teams[s.uscc]} for s in chosen],
        "workload_cap": cap,
    }
    record: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "parameters": _parameters_dict(parameters),
        "seed": {"kind": seed.kind, "value": seed.value, "source": seed.source},
        "candidate_pool": {"usccs": list(pool.usccs), "risk_classes": list(pool.risk_classes)},
        "candidate_pool_hash": pool.hash,
        "inspector_pool": None if inspector_pool is None else [list(i) for i in inspector_pool.inspectors],
        "inspector_pool_hash": None if inspector_pool is None else inspector_pool.hash,
        "conflicts": [list(c) for c in frozen_conflicts.conflicts],
        "conflicts_hash": frozen_conflicts.hash,
        "result": result,
        "result_hash": "",
    }
    # The result is by far the largest part of the hashed text: encode it once for both hashes (same bytes as
    # ``_record_hash``: canonical JSON is compositional, and the marker cannot occur elsewhere because every
    # text field is checked to hold no control characters).
    result_text = canonical_json(result)
    record["result_hash"] = _sha256_hex(result_text)
    hashed = {k: v for k, v in record.items() if k not in _UNHASHED}
    hashed["result"] = _RESULT_MARKER
    record["record_hash"] = _sha256_hex(canonical_json(hashed).replace(_RESULT_MARKER_JSON, result_text, 1))
    return record


_UNHASHED = ("candidate_pool", "inspector_pool", "conflicts", "record_hash")
_RESULT_MARKER = "\x00result\x00"
_RESULT_MARKER_JSON = canonical_json(_RESULT_MARKER)


def run_draw(
    *,
    candidates: Iterable[Candidate | tuple[str, str | None]] | CandidatePool,
    parameters: DrawParameters,
    seed: Seed,
    inspectors: Iterable[Inspector | tuple[str, str]] | None = None,
    conflicts: Iterable[Conflict | tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """Run a draw and return its record: a JSON-serialisable dict holding everything needed to re-run it.

    ``candidates`` may be a ``CandidatePool`` frozen beforehand (``freeze_candidates``), as the task's freezing
    step does. ``inspectors=None`` draws entities only (no teams; ``inspector_pool`` is null in the record).
    Serialise with ``canonical_json`` (or ``record_json``): the same inputs always give byte-identical text.
    Raises ``RulebookError`` (``draw.*`` codes) for invalid inputs and ``DrawStaffingError`` when no lawful team
    assignment exists.
    """
    with _GcPaused():
        return _run_draw(
            candidates=candidates, parameters=parameters, seed=seed, inspectors=inspectors, conflicts=conflicts
        )


def _record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the record without the pools (their own hashes stand for them)."""
    pools = ("candidate_pool", "inspector_pool", "conflicts", "record_hash")
    return _sha256_hex(canonical_json({k: v for k, v in record.items() if k not in pools}))


def record_json(record: Mapping[str, Any]) -> str:
    """The record as canonical JSON text (what is published and hashed into the audit chain)."""
    return canonical_json(record)


_RECORD_KEYS = (
    "algorithm",
    "parameters",
    "seed",
    "candidate_pool",
    "candidate_pool_hash",
    "inspector_pool",
    "inspector_pool_hash",
    "conflicts",
    "conflicts_hash",
    "result",
    "result_hash",
    "record_hash",
)
_PARAMETER_KEYS = ("size", "ratio", "strata_ratios", "team_size", "require_each_department", "departments")


def _malformed(where: str, what: str) -> RulebookError:
    return RulebookError("draw.malformed_record", f"抽取记录格式不对：字段 {where} {what}。", field=where)


def _object(where: str, value: Any, keys: Sequence[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _malformed(where, "应为对象")
    for key in keys:
        if key not in value:
            raise _malformed(f"{where}.{key}" if where else key, "缺失")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise _malformed(f"{where}.{extra[0]}" if where else extra[0], "不应出现")
    return value


def _rows(where: str, value: Any, width: int) -> list[tuple[Any, ...]]:
    if not isinstance(value, list):
        raise _malformed(where, "应为数组")
    rows = []
    for n, row in enumerate(value):
        if not isinstance(row, list) or len(row) != width:
            raise _malformed(f"{where}[{n}]", f"应为 {width} 项的数组")
        for m, cell in enumerate(row):
            if not isinstance(cell, str):
                raise _malformed(f"{where}[{n}][{m}]", "应为文本")
        rows.append(tuple(row))
    return rows


def _ratio(where: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _malformed(where, '应为文本形式的小数（如 "0.05"）')
    try:
        return Decimal(value)
    except InvalidOperation:
        raise _malformed(where, "不是有效的小数") from None


def _required_ratio(where: str, value: Any) -> Decimal:
    ratio = _ratio(where, value)
    if ratio is None:
        raise _malformed(where, "不能为 null")
    return ratio


def _parse_record(record: Any) -> dict[str, Any]:
    """Rebuild the run_draw inputs from a record, naming the first malformed field."""
    data = _object("", record, _RECORD_KEYS)
    if data["algorithm"] != ALGORITHM:
        raise _malformed("algorithm", f"为 {data['algorithm']!r}，本程序只能验证 {ALGORITHM}")
    p = _object("parameters", data["parameters"], _PARAMETER_KEYS)
    if p["size"] is not None and (isinstance(p["size"], bool) or not isinstance(p["size"], int)):
        raise _malformed("parameters.size", "应为整数或 null")
    if isinstance(p["team_size"], bool) or not isinstance(p["team_size"], int):
        raise _malformed("parameters.team_size", "应为整数")
    if not isinstance(p["require_each_department"], bool):
        raise _malformed("parameters.require_each_department", "应为 true 或 false")
    if not isinstance(p["departments"], list) or not all(isinstance(d, str) for d in p["departments"]):
        raise _malformed("parameters.departments", "应为文本数组")
    strata = p["strata_ratios"]
    if strata is not None and not isinstance(strata, dict):
        raise _malformed("parameters.strata_ratios", "应为对象或 null")
    s = _object("seed", data["seed"], ("kind", "source", "value"))
    for key in ("kind", "source", "value"):
        if not isinstance(s[key], str):
            raise _malformed(f"seed.{key}", "应为文本")
    parameters = DrawParameters(
        size=p["size"],
        ratio=_ratio("parameters.ratio", p["ratio"]),
        strata_ratios=None
        if strata is None
        else {k: _required_ratio(f"parameters.strata_ratios.{k}", v) for k, v in strata.items()},
        team_size=p["team_size"],
        require_each_department=p["require_each_department"],
        departments=tuple(p["departments"]),
    )
    inspectors = None if data["inspector_pool"] is None else _rows("inspector_pool", data["inspector_pool"], 2)
    for key in ("candidate_pool_hash", "conflicts_hash", "result_hash", "record_hash"):
        if not isinstance(data[key], str):
            raise _malformed(key, "应为文本")
    if not isinstance(data["result"], dict):
        raise _malformed("result", "应为对象")
    pool = _object("candidate_pool", data["candidate_pool"], ("risk_classes", "usccs"))
    usccs, risks = pool["usccs"], pool["risk_classes"]
    if not isinstance(usccs, list) or not all(isinstance(u, str) for u in usccs):
        raise _malformed("candidate_pool.usccs", "应为文本数组")
    if not isinstance(risks, list) or len(risks) != len(usccs):
        raise _malformed("candidate_pool.risk_classes", "应为与 usccs 等长的数组")
    if not all(r is None or isinstance(r, str) for r in risks):
        raise _malformed("candidate_pool.risk_classes", "只能含文本或 null")
    return {
        "candidate_lists": (usccs, risks),
        "parameters": parameters,
        "seed": Seed(kind=s["kind"], value=s["value"], source=s["source"]),  # type: ignore[arg-type]
        "inspectors": inspectors,
        "conflicts": _rows("conflicts", data["conflicts"], 3),
    }


def _differences(path: str, stated: Any, recomputed: Any, out: list[str]) -> None:
    if type(stated) is type(recomputed) and stated == recomputed:
        return
    if isinstance(stated, dict) and isinstance(recomputed, dict):
        for key in sorted(set(stated) | set(recomputed)):
            _differences(f"{path}.{key}" if path else key, stated.get(key), recomputed.get(key), out)
    elif isinstance(stated, list) and isinstance(recomputed, list):
        for n in range(max(len(stated), len(recomputed))):
            _differences(
                f"{path}[{n}]",
                stated[n] if n < len(stated) else None,
                recomputed[n] if n < len(recomputed) else None,
                out,
            )
    else:
        out.append(path)


def verify_record(record: Any) -> VerifyResult:
    """Re-run a draw record and compare, field by field.

    ``ok`` is true only when the re-run gives exactly the same record. Otherwise ``differences`` lists the paths
    that differ (``"candidate_pool_hash"``, ``"result.selected[17]"`` …; at most 50, then a count). A record that
    cannot be read raises ``RulebookError`` with code ``draw.malformed_record`` naming the field.
    """
    with _GcPaused():
        return _verify_record(record)


def _verify_record(record: Any) -> VerifyResult:
    inputs = _parse_record(record)
    try:
        recomputed = _run_draw(candidates=_freeze_lists(*inputs.pop("candidate_lists")), **inputs)
    except DrawStaffingError as exc:
        return VerifyResult(ok=False, differences=[f"result.teams（重新执行时无法配齐检查人员：{exc.message}）"])
    except RulebookError as exc:
        raise RulebookError(
            "draw.malformed_record",
            f"抽取记录中的输入无法重新执行：{exc.message}",
            field=str(exc.params.get("field", exc.code)),
            cause=exc.code,
        ) from exc
    differences: list[str] = []
    _differences("", record, recomputed, differences)
    if len(differences) > _MAX_DIFFERENCES:
        rest = len(differences) - _MAX_DIFFERENCES
        differences = [*differences[:_MAX_DIFFERENCES], f"……另有 {rest} 处不一致"]
    return VerifyResult(ok=not differences, differences=differences)
