"""The verifiable draw of 双随机、一公开 (random inspection): pure, deterministic, re-runnable, committed first.

Legal anchors: 企业信息公示暂行条例 第十四条 and 市场主体登记管理条例实施细则 第六十六条 (random selection of the
objects and of the inspectors, results made public) [TEXT]; 国发〔2019〕5号 [SECONDARY]. At least two inspectors
per entity follows 行政处罚法 第四十二条 (the same standard is used for random inspections [UNCONFIRMED]).

``fazhi-draw/2`` (ADR 0005, ``docs/draw-algorithm.md``): the pools are frozen and their hashes published before
the seed exists; the seed is either the winning numbers of a named future lottery draw or a system secret whose
SHA-256 commitment is published with the pool hash; the record states every publication time, so
``verify_stream`` can refuse a record whose seed was fixed before its pool hash was published. Internal
supervision data stays internal: each candidate's credit-risk class is replaced in public by a salted
commitment, recusal reasons by a salted hash; the full record (salt, classes, reasons) lets the oversight and
audit roles check those commitments too.

A record is a text file: line 1 is the record head (canonical JSON), then one line per candidate — the pool is
never parsed as JSON and verification streams it. Nothing here reads the clock or an unseeded random source:
the seed, the salt and the times are inputs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import hashlib
import itertools
import json
import operator
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple, Protocol, cast

from fazhi.rulebook.errors import RulebookError

ALGORITHM = "fazhi-draw/2"
SEED_KINDS = ("lottery", "secret")
SeedKind = Literal["lottery", "secret"]
DISCLOSURES = ("public", "full")
Disclosure = Literal["public", "full"]
COMMITMENT_HEX = 32  # a candidate commitment is the first 16 bytes of its SHA-256, in hex

_USCC_RE = re.compile(r"[0-9A-Z]+")
_HEX64_RE = re.compile(r"[0-9a-f]{64}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_MAX_DIFFERENCES = 50


# --------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------


class Candidate(NamedTuple):
    """One entity in the object pool (对象库): its 统一社会信用代码 and optional credit-risk class (A–D).

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
    turns the last round's teams into conflicts with that reason. The reason is internal; only the pair is public.
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
class Replacement:
    """A seed that was replaced, with the recorded reason and the leader's approval (shown publicly)."""

    kind: SeedKind
    source: str
    announced_at: str
    reason: str
    requested_at: str
    approved_by: str
    approved_at: str
    commitment: str | None = None
    draw_at: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Seed:
    """The one seed of a task and how it was fixed.

    - ``lottery``: ``source`` names a future public lottery draw (game and period); ``fixed_at`` is that draw's
      scheduled time (when the value comes into existence); ``announced_at`` when the source was published;
      ``confirmed_at`` when the second of two people entered the same winning numbers.
    - ``secret``: ``value`` is a system secret (64 hex digits) generated at ``fixed_at``; its SHA-256
      ``commitment`` was published at ``announced_at`` (with the pool hash) and the value revealed by the draw.
    ``replaces`` lists earlier seeds of the task, each replaced with the leader's approval.
    """

    kind: SeedKind
    value: str
    source: str
    announced_at: str
    fixed_at: str
    confirmed_at: str | None = None
    commitment: str | None = None
    replaces: tuple[Replacement, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """Publication times (ISO 8601 with offset): the plan, the pool hash, and the draw itself."""

    plan_published_at: str
    pool_published_at: str
    drawn_at: str


@dataclass(frozen=True)
class CandidatePool:
    """The frozen candidate pool: USCCs ascending and unique (as text and as ASCII bytes), risk classes, salt.

    ``hash`` is the published pool hash: SHA-256 of the public body (``uscc TAB commitment LF`` per candidate);
    ``commitments()`` computes the commitments (once). ``strata`` counts the candidates per risk class
    (``None`` for those without one).
    """

    usccs: Sequence[str]
    encoded: Sequence[bytes]
    risk_classes: Sequence[str | None]
    salt: str
    hash: str
    strata: Mapping[str | None, int]
    _commitments: list[str] | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.usccs)

    def commitments(self) -> list[str]:
        """Each candidate's commitment in pool order (computed from the salt and classes on first use)."""
        if self._commitments is None:
            object.__setattr__(self, "_commitments", _commitments(self.salt, self.encoded, self.risk_classes))
        return cast(list[str], self._commitments)


@dataclass(frozen=True)
class InspectorPool:
    """The frozen inspector pool: sorted by certificate, de-duplicated, with its hash (public)."""

    inspectors: tuple[Inspector, ...]
    hash: str


@dataclass(frozen=True)
class ConflictSet:
    """The frozen declared conflicts.

    ``conflicts`` (with reasons) is internal; ``pairs`` (certificate, uscc) and ``pairs_hash`` are public, and
    so is ``reasons_commitment``, a salted hash over the full triples that the full record opens.
    """

    conflicts: tuple[Conflict, ...]
    pairs: tuple[tuple[str, str], ...]
    pairs_hash: str
    reasons_commitment: str


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


# --------------------------------------------------------------------------------------------------------------
# Canonical forms, hashes and commitments
# --------------------------------------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """The canonical JSON text used for records and hashes: sorted keys, UTF-8 as is, no spaces."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_text(what: str, value: object, *, allow_empty: bool = False) -> str:
    """A text field that goes into a hash: no control characters (they would break the line layout)."""
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
    """Every USCC is upper-case letters and digits (one check over the joined list: fast for a million)."""
    # A non-text item makes the joined text empty, so the per-item check below names it.
    joined = "".join(usccs) if all(isinstance(u, str) for u in usccs) else ""
    if all(usccs) and joined.isascii() and joined.isalnum() and joined == joined.upper():
        return
    bad = [u for u in usccs if not isinstance(u, str) or not _USCC_RE.fullmatch(u)]
    raise RulebookError(
        "draw.invalid_uscc",
        f"统一社会信用代码 {bad[0]!r} 格式不对：只能是大写字母和数字（请先去掉空格并转为大写）。",
        uscc=bad[0],
    )


def _check_hex64(what: str, value: object) -> str:
    if not isinstance(value, str) or not _HEX64_RE.fullmatch(value):
        raise RulebookError(
            "draw.invalid_parameters", f"{what} 必须是 64 位小写十六进制文本，收到 {value!r}。", field=what
        )
    return value


def _tsv(rows: Iterable[Sequence[str]]) -> str:
    """Fields joined by TAB, each row ended by LF."""
    return "".join("\t".join(row) + "\n" for row in rows)


_LOTTERY_TOKEN = re.compile(r"\d+|\+")


def normalise_lottery_numbers(text: str) -> str:
    """Winning lottery numbers in one canonical form, so that two people's entries compare exactly (RFC 3797 §4).

    Full-width characters are folded (NFKC); numbers are separated by spaces, commas or 、; each number is written
    with at least two digits; a ``+`` (the blue ball of 双色球) stands alone: ``03 07 12 19 25 31 + 09``. Fewer
    than three numbers, or anything else, is ``draw.lottery_value_format``.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    cleaned = re.sub(r"[\s,，、]+", " ", folded).strip()
    tokens = _LOTTERY_TOKEN.findall(cleaned)
    if not tokens or "".join(tokens) != cleaned.replace(" ", "") or sum(t != "+" for t in tokens) < 3:
        raise RulebookError(
            "draw.lottery_value_format",
            "开奖号码只能由数字组成（号码之间用空格分隔，蓝球前可加“+”），至少 3 个号码，例如：03 07 12 19 25 31 + 09。",
        )
    return " ".join(t if t == "+" else t.zfill(2) for t in tokens)


def seed_commitment(value: str) -> str:
    """The commitment to a secret seed: lowercase hex SHA-256 of its UTF-8 text (published before the draw)."""
    return _sha256_hex(value)


def candidate_commitment(salt: str, uscc: str, risk_class: str | None) -> str:
    """The public stand-in for one candidate's risk class (docs/draw-algorithm.md §1.2).

    First 16 bytes, in hex, of SHA-256(salt ‖ 0x00 ‖ risk class or "" ‖ 0x00 ‖ uscc), the salt as its 64 hex
    characters. Without the salt nobody can tell the classes apart; with it anyone can check them.
    """
    data = f"{salt}\x00{risk_class or ''}\x00{uscc}".encode()
    return hashlib.sha256(data).hexdigest()[:COMMITMENT_HEX]


def _commitments(salt: str, encoded: Sequence[bytes], risks: Sequence[str | bytes | None]) -> list[str]:
    """``candidate_commitment`` for a whole pool: the prefix up to the USCC is hashed once per class, so each
    candidate then costs one compression."""
    copies: dict[Any, Callable[[], Any]] = {}
    for risk in set(risks):
        cell = risk if isinstance(risk, bytes) else (risk or "").encode("utf-8")
        copies[risk] = hashlib.sha256(salt.encode("ascii") + b"\x00" + cell + b"\x00").copy
    out: list[str] = []
    append = out.append
    for data, copy in zip(encoded, map(copies.__getitem__, risks), strict=True):
        h = copy()
        h.update(data)
        append(h.hexdigest()[:COMMITMENT_HEX])
    return out


_USCC_BYTES = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _encode_usccs(usccs: Sequence[str]) -> bytes:
    """The USCCs joined by LF as ASCII, after checking that each is non-empty upper-case letters and digits.

    One C-level pass over the joined text (fast for a million); the per-item check only names the culprit.
    """
    text = "\n".join(usccs) if all(isinstance(u, str) for u in usccs) else ""
    if text.isascii() and (text or not usccs):
        joined = text.encode("ascii")
        bad = bool(joined.translate(None, _USCC_BYTES + b"\n")) or (
            bool(usccs) and (joined.count(b"\n") != len(usccs) - 1 or not all(usccs))
        )
    else:
        joined = b""
        bad = True
    if bad:
        _check_usccs(usccs)
    return joined


def pool_body(pool: CandidatePool) -> bytes:
    """The public body whose SHA-256 is the published pool hash: ``uscc TAB commitment LF`` per candidate."""
    n = len(pool)
    if not n:
        return b""
    parts: list[Any] = [None] * (4 * n)
    parts[0::4] = pool.usccs
    parts[1::4] = itertools.repeat("\t", n)
    parts[2::4] = pool.commitments()
    parts[3::4] = itertools.repeat("\n", n)
    return "".join(parts).encode("ascii")


def reasons_commitment(salt: str, conflicts: Sequence[Conflict | tuple[str, str, str]]) -> str:
    """Salted hash over the canonical conflict triples: SHA-256(salt ‖ 0x00 ‖ "conflicts" ‖ 0x00 ‖ TSV)."""
    return _sha256_hex(f"{salt}\x00conflicts\x00" + _tsv(conflicts))


def check_salt(salt: object) -> str:
    """A pool salt is 32 random bytes written as 64 lowercase hex digits (the shell draws it from a CSPRNG)."""
    return _check_hex64("盐值（salt）", salt)


def freeze_candidates(candidates: Iterable[Candidate | tuple[str, str | None]], *, salt: str) -> CandidatePool:
    """Freeze the candidate pool: sort by USCC (code-point order), drop exact duplicates, commit, hash.

    A USCC listed twice with different risk classes is an error (``draw.duplicate_candidate``): the pool query is
    wrong and silently choosing one class would change the strata. Input already sorted by USCC (as the database
    returns it) takes a fast path.
    """
    items = candidates if isinstance(candidates, list | tuple) else list(candidates)
    return freeze_lists([c[0] for c in items], [c[1] for c in items], salt=salt)


def freeze_lists(usccs: list[str], risks: list[str | None], *, salt: str) -> CandidatePool:
    """``freeze_candidates`` on the two columns (what the database and a full record hold)."""
    check_salt(salt)
    if len(usccs) != len(risks):
        raise _bad_parameters("统一社会信用代码与风险等级的数量不一致。", field="risk_classes")
    encoded = _encode_usccs(usccs).split(b"\n") if usccs else []
    # One pass: strictly ascending means sorted and without duplicates (the database's ORDER BY output).
    if not all(map(operator.lt, encoded, itertools.islice(encoded, 1, None))):
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
        encoded = [u.encode("ascii") for u in usccs]
    strata = Counter(risks)
    for risk in strata:
        if risk is not None:
            _check_text("风险等级", risk)
    pool = CandidatePool(usccs=usccs, encoded=encoded, risk_classes=risks, salt=salt, hash="", strata=dict(strata))
    object.__setattr__(pool, "hash", hashlib.sha256(pool_body(pool)).hexdigest())
    return pool


def stored_pool(joined: bytes, risks: list[str | None], *, salt: str, pool_hash: str) -> CandidatePool:
    """A pool frozen earlier and stored (USCCs joined by LF), trusted to hash to ``pool_hash``.

    The order and the characters are checked (cheap); the commitments are not recomputed until needed — the
    published hash is what ``verify`` checks against the record file.
    """
    check_salt(salt)
    text = joined.decode("ascii")
    usccs = text.split("\n") if joined else []
    encoded = joined.split(b"\n") if joined else []
    if len(usccs) != len(risks):
        raise _bad_parameters("存储的名录库中统一社会信用代码与风险等级的数量不一致。", field="risk_classes")
    if (
        joined.translate(None, _USCC_BYTES + b"\n")
        or not all(encoded)
        or not all(map(operator.lt, encoded, itertools.islice(encoded, 1, None)))
    ):
        raise RulebookError("draw.stored_pool_damaged", "存储的名录库已损坏（顺序或字符不对），请联系系统管理员。")
    return CandidatePool(
        usccs=usccs, encoded=encoded, risk_classes=risks, salt=salt, hash=pool_hash, strata=dict(Counter(risks))
    )


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
    return InspectorPool(inspectors=frozen, hash=_sha256_hex(_tsv(frozen)))


def freeze_conflicts(conflicts: Iterable[Conflict | tuple[str, str, str]], *, salt: str) -> ConflictSet:
    """Freeze the declared conflicts: sort by (certificate, uscc, reason), drop exact duplicates, hash.

    The public ``pairs`` drop the reason (a pair declared for two reasons appears once).
    """
    check_salt(salt)
    rows = set()
    for item in conflicts:
        cert = _check_text("回避申报的执法证号", item[0])
        uscc = _check_text("回避申报的统一社会信用代码", item[1])
        _check_usccs([uscc])
        rows.add(Conflict(cert, uscc, _check_text("回避事由", item[2])))
    frozen = tuple(sorted(rows))
    pairs = tuple(sorted({(c.certificate, c.uscc) for c in frozen}))
    return ConflictSet(
        conflicts=frozen,
        pairs=pairs,
        pairs_hash=_sha256_hex(_tsv(pairs)),
        reasons_commitment=reasons_commitment(salt, frozen),
    )


def _decimal_text(value: Decimal) -> str:
    """A ratio in the record: plain notation, no trailing zeros ("0.05", "1")."""
    return format(value.normalize(), "f")


def round_half_up(value: Decimal) -> int:
    """Round a sample size to the nearest integer, halves upwards (0.5 → 1, 2.5 → 3)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------------------------------------------
# Parameters, seed and times
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


def stratum_sizes(strata: Mapping[str | None, int], params: DrawParameters) -> dict[str | None, tuple[int, int]]:
    """Per stratum: (candidates in it, how many to draw), from the pool's count per risk class.

    Plain draws have the single stratum ``None`` holding every candidate.
    """
    modes = [params.size is not None, params.ratio is not None, params.strata_ratios is not None]
    if sum(modes) != 1:
        raise _bad_parameters("抽取数量、抽取比例、分风险等级比例三者必须且只能填写一项。")
    n = sum(strata.values())
    if params.strata_ratios is not None:
        if not params.strata_ratios:
            raise _bad_parameters("分风险等级比例不能为空。", field="strata_ratios")
        ratios = {
            _check_text("风险等级", k): _check_ratio(f"风险等级 {k} 的抽取比例", v, allow_zero=True)
            for k, v in params.strata_ratios.items()
        }
        missing = sorted(str(r) for r, c in strata.items() if c and r not in ratios)
        if missing:
            raise _bad_parameters(
                f"对象库中有风险等级 {'、'.join(missing)} 的对象，但任务没有给出该等级的抽取比例（不抽请填 0）。",
                field="strata_ratios",
                missing=missing,
            )
        return {r: (c, round_half_up(ratios[r] * c)) for r, c in strata.items() if r is not None and c}
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


def check_team_parameters(params: DrawParameters, inspectors: InspectorPool) -> None:
    """The team rules are consistent with the inspector pool (raises ``draw.*`` codes before any draw)."""
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


def parse_time(what: str, value: object) -> dt.datetime:
    """An ISO 8601 time with its UTC offset (``2026-12-07T10:00:00+08:00``); naive times are refused."""
    if not isinstance(value, str):
        raise _bad_parameters(f"{what} 必须是带时区的 ISO 8601 时间文本，收到 {value!r}。", field=what)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _bad_parameters(f"{what} 不是有效的 ISO 8601 时间：{value!r}。", field=what) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _bad_parameters(f"{what} 缺少时区（如 +08:00）：{value!r}。", field=what)
    return moment


def time_text(moment: dt.datetime) -> str:
    """How a time is written in a record: ISO 8601, whole seconds, with offset (the shell passes aware times)."""
    if moment.tzinfo is None:
        raise _bad_parameters("记录中的时间必须带时区。", field="time")
    return moment.replace(microsecond=0).isoformat()


def _check_seed(seed: Seed) -> bytes:
    if seed.kind not in SEED_KINDS:
        raise _bad_parameters(f"随机种子类型必须是 {' 或 '.join(SEED_KINDS)}，收到 {seed.kind!r}。", field="seed.kind")
    _check_text("随机种子来源", seed.source)
    return _check_text("随机种子", seed.value).encode("utf-8")


def _check_seed_record(seed: Seed) -> None:
    """The seed's descriptive fields have the right shape for its kind (times parse; a secret has a commitment)."""
    parse_time("seed.announced_at", seed.announced_at)
    parse_time("seed.fixed_at", seed.fixed_at)
    if seed.kind == "secret":
        _check_hex64("seed.commitment", seed.commitment)
        if seed.confirmed_at is not None:
            raise _bad_parameters("系统密钥种子没有“两人录入确认时间”。", field="seed.confirmed_at")
    else:
        if seed.commitment is not None:
            raise _bad_parameters("彩票开奖号码种子没有承诺值。", field="seed.commitment")
        parse_time("seed.confirmed_at", seed.confirmed_at)
    for n, r in enumerate(seed.replaces):
        where = f"seed.replaces[{n}]"
        if r.kind not in SEED_KINDS:
            raise _bad_parameters(f"{where}.kind 无效：{r.kind!r}。", field=f"{where}.kind")
        _check_text(f"{where}.source", r.source)
        _check_text(f"{where}.reason", r.reason)
        _check_text(f"{where}.approved_by", r.approved_by)
        for key in ("announced_at", "requested_at", "approved_at"):
            parse_time(f"{where}.{key}", getattr(r, key))
        if r.draw_at is not None:
            parse_time(f"{where}.draw_at", r.draw_at)
        if r.commitment is not None:
            _check_hex64(f"{where}.commitment", r.commitment)
        if r.value is not None:
            _check_text(f"{where}.value", r.value)


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


def _cuts(sizes: Mapping[str | None, tuple[int, int]]) -> dict[str | None, bytes]:
    return {r: _cut(k, n) for r, (n, k) in sizes.items() if k}


def _digests(seed_bytes: bytes, encoded: Iterable[bytes]) -> list[bytes]:
    """SHA-256(seed ‖ 0x00 ‖ uscc) for each encoded USCC, the seed's prefix hashed once.

    A 64-character seed fills the first SHA-256 block, so each candidate then costs one compression (same digests
    as hashing the whole).
    """
    copy = hashlib.sha256(seed_bytes + b"\x00").copy
    digests: list[bytes] = []
    append = digests.append
    for data in encoded:
        h = copy()
        h.update(data)
        append(h.digest())
    return digests


def _keep(
    digests: Sequence[bytes],
    usccs: Sequence[Any],
    strata: Sequence[Any] | None,
    cuts: Mapping[Any, bytes],
) -> list[tuple[bytes, Any, Any]]:
    """The (digest, uscc, stratum) whose digest is below their stratum's cut (``strata=None``: one stratum)."""
    cut = max(cuts.values()) if cuts else b""
    kept = itertools.compress(range(len(digests)), map(cut.__gt__, digests))  # i with digests[i] < cut
    if strata is None:
        return [(digests[i], usccs[i], None) for i in kept]
    out = []
    for i in kept:
        d = digests[i]
        r = strata[i]
        if d < cuts.get(r, b""):
            out.append((d, usccs[i], r))
    return out


def _choose(
    kept: list[tuple[bytes, Any, Any]],
    sizes: Mapping[Any, tuple[int, int]],
    everything: Callable[[Any], list[tuple[bytes, Any, Any]]],
) -> list[tuple[bytes, Any, Any]]:
    """Per stratum the k smallest (digest, uscc) of the kept ones; ``everything(stratum)`` ranks a stratum in full
    when the cut kept fewer than k of it (exact: if k are kept, the k smallest are among them)."""
    groups: dict[Any, list[tuple[bytes, Any, Any]]] = {r: [] for r in sizes}
    for row in kept:
        groups[row[2]].append(row)
    chosen: list[tuple[bytes, Any, Any]] = []
    for stratum, (_, k) in sizes.items():
        members = groups[stratum]
        if len(members) < k:
            members = everything(stratum)
        members.sort()
        chosen.extend(members[:k])
    chosen.sort()
    return chosen


def select(pool: CandidatePool, params: DrawParameters, seed: Seed) -> list[Selected]:
    """Draw the entities: rank each candidate by SHA-256(seed ‖ 0x00 ‖ uscc), take the k smallest per stratum.

    Returns the selected entities in rank order (ascending digest, ties by USCC) across all strata.
    """
    return _select(pool, params, seed)[0]


def _select(
    pool: CandidatePool, params: DrawParameters, seed: Seed
) -> tuple[list[Selected], dict[str | None, tuple[int, int]]]:
    seed_bytes = _check_seed(seed)
    plain = params.strata_ratios is None
    sizes = stratum_sizes({None: len(pool)} if plain else pool.strata, params)
    usccs = pool.usccs
    risks = None if plain else pool.risk_classes
    digests = _digests(seed_bytes, pool.encoded)

    def everything(stratum: str | None) -> list[tuple[bytes, Any, Any]]:
        if risks is None:
            return list(zip(digests, usccs, itertools.repeat(None)))
        return [(d, u, r) for d, u, r in zip(digests, usccs, risks, strict=True) if r == stratum]

    chosen = _choose(_keep(digests, usccs, risks, _cuts(sizes)), sizes, everything)
    return [Selected(u, r, d) for d, u, r in chosen], sizes


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
    pairs: Iterable[tuple[str, str]],
    params: DrawParameters,
    seed: Seed,
) -> dict[str, list[str]]:
    """Give every selected entity ``team_size`` officers, lawfully, deterministically.

    ``pairs`` are the recusal pairs (certificate, uscc). Rules (issue 5 §2): distinct officers; never one with a
    declared conflict on the entity; in joint tasks at least one from each participating department; nobody above
    ``workload_cap``. First a greedy pass (least-loaded-first, ties broken on the seeded ring); if it gets stuck,
    an exact max-flow over the whole draw, so a lawful assignment is always found when one exists. Otherwise
    ``DrawStaffingError`` names each entity that cannot be staffed and why. Returns uscc → sorted certificates.
    """
    seed_bytes = _check_seed(seed)
    check_team_parameters(params, inspectors)
    ring = _ring(seed_bytes, inspectors.inspectors)
    required = frozenset(params.departments) if params.require_each_department else frozenset()
    blocked: dict[str, set[str]] = {}
    for certificate, uscc in pairs:
        blocked.setdefault(uscc, set()).add(certificate)
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
    """Exact fallback: Edmonds–Karp max-flow (node and edge order in docs/draw-algorithm.md §3.3)."""
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
# The record
# --------------------------------------------------------------------------------------------------------------


def parameters_dict(params: DrawParameters) -> dict[str, Any]:
    """The parameters as they appear in the record (ratios as decimal text, departments sorted)."""
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


def _strata_list(strata: Mapping[str | None, int], stratified: bool) -> list[dict[str, Any]]:
    """Candidates per stratum as published: per risk class for stratified draws, else one line for the pool."""
    if not stratified:
        return [{"stratum": None, "candidates": sum(strata.values())}]
    return [{"stratum": r, "candidates": c} for r, c in sorted(strata.items(), key=lambda item: str(item[0])) if c]


def _seed_dict(seed: Seed) -> dict[str, Any]:
    return {
        "kind": seed.kind,
        "source": seed.source,
        "value": seed.value,
        "announced_at": seed.announced_at,
        "fixed_at": seed.fixed_at,
        "confirmed_at": seed.confirmed_at,
        "commitment": seed.commitment,
        "replaces": [
            {
                "kind": r.kind,
                "source": r.source,
                "announced_at": r.announced_at,
                "draw_at": r.draw_at,
                "commitment": r.commitment,
                "value": r.value,
                "reason": r.reason,
                "requested_at": r.requested_at,
                "approved_by": r.approved_by,
                "approved_at": r.approved_at,
            }
            for r in seed.replaces
        ],
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


def _result_dict(
    chosen: Sequence[tuple[bytes, str, Any]],
    sizes: Mapping[str | None, tuple[int, int]],
    teams: Mapping[str, list[str]] | None,
    cap: int | None,
) -> dict[str, Any]:
    return {
        "selected": [{"rank": n, "uscc": u, "digest": d.hex()} for n, (d, u, _) in enumerate(chosen, start=1)],
        "strata": [
            {"stratum": stratum, "candidates": count, "size": size}
            for stratum, (count, size) in sorted(sizes.items(), key=lambda item: str(item[0]))
        ],
        "teams": None if teams is None else [{"uscc": u, "inspectors": teams[u]} for _, u, _ in chosen],
        "workload_cap": cap,
    }


_UNHASHED = ("record_hash", "disclosure", "internal")
_RESULT_MARKER = "\x00result\x00"
_RESULT_MARKER_JSON = canonical_json(_RESULT_MARKER)


def _hashes(head: dict[str, Any]) -> tuple[str, str]:
    """(result_hash, record_hash) of a head; the result, by far its largest part, is encoded once for both
    (canonical JSON is compositional; the marker cannot occur elsewhere because no text field holds a control
    character)."""
    result_text = canonical_json(head["result"])
    hashed = {k: v for k, v in head.items() if k not in _UNHASHED}
    hashed["result"] = _RESULT_MARKER
    hashed["result_hash"] = _sha256_hex(result_text)
    record_text = canonical_json(hashed).replace(_RESULT_MARKER_JSON, result_text, 1)
    return hashed["result_hash"], _sha256_hex(record_text)


def record_hash_by_definition(head: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the head without ``record_hash``, ``disclosure`` and ``internal``."""
    return _sha256_hex(canonical_json({k: v for k, v in head.items() if k not in _UNHASHED}))


def run_draw(
    *,
    pool: CandidatePool,
    parameters: DrawParameters,
    seed: Seed,
    timeline: Timeline,
    inspectors: Iterable[Inspector | tuple[str, str]] | InspectorPool | None = None,
    conflicts: ConflictSet | None = None,
    task: Mapping[str, Any] | None = None,
    criteria: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Run a draw over a frozen pool and return the record head (public form, with both hashes).

    ``inspectors=None`` draws entities only (no teams). ``task`` (id, name …) and ``criteria`` (the pool's
    selection steps with their counts, ``[{"criterion": text, "count": n}]``) are descriptive, hashed with the
    record. Write the record file with ``record_chunks``. Raises ``RulebookError`` (``draw.*`` codes) for
    invalid inputs and ``DrawStaffingError`` when no lawful team assignment exists.
    """
    with _GcPaused():
        _check_seed_record(seed)
        for key in ("plan_published_at", "pool_published_at", "drawn_at"):
            parse_time(f"timeline.{key}", getattr(timeline, key))
        if conflicts is None:
            conflicts = freeze_conflicts((), salt=pool.salt)
        chosen, sizes = _select(pool, parameters, seed)
        teams: dict[str, list[str]] | None = None
        inspector_pool: InspectorPool | None = None
        cap: int | None = None
        if inspectors is not None:
            inspector_pool = inspectors if isinstance(inspectors, InspectorPool) else freeze_inspectors(inspectors)
            teams = assign_teams([s.uscc for s in chosen], inspector_pool, conflicts.pairs, parameters, seed)
            if chosen:
                cap = workload_cap(len(chosen) * parameters.team_size, len(inspector_pool.inspectors))
        head: dict[str, Any] = {
            "algorithm": ALGORITHM,
            "task": None if task is None else dict(task),
            "parameters": parameters_dict(parameters),
            "timeline": {
                "plan_published_at": timeline.plan_published_at,
                "pool_published_at": timeline.pool_published_at,
                "drawn_at": timeline.drawn_at,
            },
            "seed": _seed_dict(seed),
            "candidate_pool": {
                "count": len(pool),
                "hash": pool.hash,
                "strata": _strata_list(pool.strata, parameters.strata_ratios is not None),
                "criteria": [dict(c) for c in criteria],
            },
            "inspector_pool": None
            if inspector_pool is None
            else {"inspectors": [list(i) for i in inspector_pool.inspectors], "hash": inspector_pool.hash},
            "conflicts": {
                "pairs": [list(p) for p in conflicts.pairs],
                "pairs_hash": conflicts.pairs_hash,
                "count": len(conflicts.conflicts),
                "reasons_commitment": conflicts.reasons_commitment,
            },
            "result": _result_dict([(s.digest, s.uscc, s.stratum) for s in chosen], sizes, teams, cap),
        }
        head["result_hash"], head["record_hash"] = _hashes(head)
        return head


def selected_strata(pool: CandidatePool, head: Mapping[str, Any]) -> list[str | None]:
    """The risk class of each selected entity in rank order (internal: the staff screens show it)."""
    index = {u: i for i, u in enumerate(pool.usccs)} if len(pool) < 50_000 else None
    out: list[str | None] = []
    for s in head["result"]["selected"]:
        i = index[s["uscc"]] if index is not None else bisect.bisect_left(pool.usccs, s["uscc"])
        out.append(pool.risk_classes[i])
    return out


def record_chunks(
    head: Mapping[str, Any],
    pool: CandidatePool,
    *,
    disclosure: Disclosure,
    conflicts: ConflictSet | None = None,
    lines_per_chunk: int = 65536,
) -> Iterator[str]:
    """The record file as text chunks: the head line, then one line per candidate.

    ``public``: ``uscc TAB commitment``; ``full`` (oversight and audit roles): ``uscc TAB risk class`` and the
    head's ``internal`` object with the salt and the conflict triples (``conflicts`` required).
    """
    out = {k: v for k, v in head.items() if k not in ("disclosure", "internal")}
    out["disclosure"] = disclosure
    if disclosure == "full":
        if conflicts is None:
            raise _bad_parameters("完整记录需要回避清单（含事由）。", field="conflicts")
        out["internal"] = {"salt": pool.salt, "conflicts": [list(c) for c in conflicts.conflicts]}
    elif disclosure != "public":
        raise _bad_parameters(f"记录的公开范围只能是 public 或 full，收到 {disclosure!r}。", field="disclosure")
    yield canonical_json(out) + "\n"
    second: Sequence[str]
    if disclosure == "public":
        second = pool.commitments()
    else:
        second = ["" if r is None else r for r in pool.risk_classes]
    for start in range(0, len(pool), lines_per_chunk):
        usccs = pool.usccs[start : start + lines_per_chunk]
        n = len(usccs)
        parts: list[Any] = [None] * (4 * n)
        parts[0::4] = usccs
        parts[1::4] = itertools.repeat("\t", n)
        parts[2::4] = second[start : start + lines_per_chunk]
        parts[3::4] = itertools.repeat("\n", n)
        yield "".join(parts)


def record_text(
    head: Mapping[str, Any], pool: CandidatePool, *, disclosure: Disclosure, conflicts: ConflictSet | None = None
) -> str:
    """``record_chunks`` joined (tests and small records)."""
    return "".join(record_chunks(head, pool, disclosure=disclosure, conflicts=conflicts))


# --------------------------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------------------------

EXIT_MATCH = 0
EXIT_DIFFERS = 1
EXIT_MALFORMED = 2
EXIT_ORDER = 4
EXIT_COMMITMENT = 5
EXIT_INCOMPLETE = 6  # the verification could not be finished (``VerifyIncomplete``); nothing decided


@dataclass
class VerifyReport:
    """What ``verify_stream`` found.

    ``differences`` (exit 1): fields whose re-computation differs. ``order`` (exit 4): publication times in the
    wrong order — above all a seed fixed before the pool hash was published. ``commitments`` (exit 5): a
    commitment that does not open (the secret seed, or — full records — the risk classes or recusal reasons).
    ``unchecked``: what this record cannot show (a public record of a stratified draw hides the strata).
    """

    disclosure: str
    record_hash: str
    differences: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """4 before 5 before 1 (the most telling failure wins); 0 when everything checked matches."""
        if self.order:
            return EXIT_ORDER
        if self.commitments:
            return EXIT_COMMITMENT
        if self.differences:
            return EXIT_DIFFERS
        return EXIT_MATCH

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_MATCH


def _malformed(where: str, what: str) -> RulebookError:
    what = what.rstrip("。")
    text = what if what.startswith(where) else f"{where} {what}"  # a message of a check names the field already
    return RulebookError("draw.malformed_record", f"抽取记录格式不对：{text}。", field=where)


def _object(where: str, value: Any, keys: Sequence[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _malformed(where or "记录头", "应为对象")
    for key in keys:
        if key not in value:
            raise _malformed(f"{where}.{key}" if where else key, "缺失")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise _malformed(f"{where}.{extra[0]}" if where else extra[0], "不应出现")
    return value


def _text(where: str, value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _malformed(where, "应为文本" + ("或 null" if optional else ""))
    return value


def _int(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _malformed(where, "应为非负整数")
    return value


def _rows(where: str, value: Any, width: int) -> list[tuple[str, ...]]:
    if not isinstance(value, list):
        raise _malformed(where, "应为数组")
    rows = []
    for n, row in enumerate(value):
        if not isinstance(row, list) or len(row) != width or not all(isinstance(c, str) for c in row):
            raise _malformed(f"{where}[{n}]", f"应为 {width} 项文本的数组")
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


_HEAD_KEYS = (
    "algorithm",
    "disclosure",
    "task",
    "parameters",
    "timeline",
    "seed",
    "candidate_pool",
    "inspector_pool",
    "conflicts",
    "result",
    "result_hash",
    "record_hash",
)
_PARAMETER_KEYS = ("size", "ratio", "strata_ratios", "team_size", "require_each_department", "departments")
_SEED_KEYS = ("kind", "source", "value", "announced_at", "fixed_at", "confirmed_at", "commitment", "replaces")
_REPLACEMENT_KEYS = (
    "kind",
    "source",
    "announced_at",
    "draw_at",
    "commitment",
    "value",
    "reason",
    "requested_at",
    "approved_by",
    "approved_at",
)


@dataclass
class _Parsed:
    head: dict[str, Any]
    disclosure: Disclosure
    parameters: DrawParameters
    seed: Seed
    timeline: Timeline
    inspectors: InspectorPool | None
    pairs: list[tuple[str, str]]
    salt: str | None
    conflicts: list[tuple[str, ...]] | None
    count: int
    stated_strata: dict[str | None, int]


def _parse_head(text: str) -> _Parsed:
    """Read the head line, naming the first malformed field (``draw.malformed_record``)."""
    try:
        head = json.loads(text)
    except json.JSONDecodeError as exc:
        what = "为空" if not text.strip() else f"不是有效的 JSON（第 {exc.colno} 个字符处无法解析）"
        raise _malformed("记录头（第 1 行）", what) from None
    if isinstance(head, dict) and head.get("algorithm") != ALGORITHM:
        raise _malformed("algorithm", f"为 {head.get('algorithm')!r}，本程序只能验证 {ALGORITHM}")
    if isinstance(head, dict) and head.get("disclosure") not in DISCLOSURES:
        raise _malformed("disclosure", "只能是 public 或 full")
    keys = _HEAD_KEYS + (("internal",) if isinstance(head, dict) and head.get("disclosure") == "full" else ())
    data = _object("", head, keys)
    disclosure = data["disclosure"]
    if data["task"] is not None and not isinstance(data["task"], dict):
        raise _malformed("task", "应为对象或 null")
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
    ratios = None
    if strata is not None:
        ratios = {}
        for k, v in strata.items():
            ratio = _ratio(f"parameters.strata_ratios.{k}", v)
            if ratio is None:
                raise _malformed(f"parameters.strata_ratios.{k}", "不能为 null")
            ratios[k] = ratio
    parameters = DrawParameters(
        size=p["size"],
        ratio=_ratio("parameters.ratio", p["ratio"]),
        strata_ratios=ratios,
        team_size=p["team_size"],
        require_each_department=p["require_each_department"],
        departments=tuple(p["departments"]),
    )
    t = _object("timeline", data["timeline"], ("plan_published_at", "pool_published_at", "drawn_at"))
    timeline = Timeline(**{k: _text(f"timeline.{k}", t[k]) for k in t})
    s = _object("seed", data["seed"], _SEED_KEYS)
    for key in ("kind", "source", "value", "announced_at", "fixed_at"):
        _text(f"seed.{key}", s[key])
    for key in ("confirmed_at", "commitment"):
        _text(f"seed.{key}", s[key], optional=True)
    if not isinstance(s["replaces"], list):
        raise _malformed("seed.replaces", "应为数组")
    replaces = []
    for n, r in enumerate(s["replaces"]):
        r = _object(f"seed.replaces[{n}]", r, _REPLACEMENT_KEYS)
        for key in _REPLACEMENT_KEYS:
            _text(f"seed.replaces[{n}].{key}", r[key], optional=key in ("draw_at", "commitment", "value"))
        replaces.append(Replacement(**r))
    seed = Seed(
        kind=s["kind"],
        value=s["value"],
        source=s["source"],
        announced_at=s["announced_at"],
        fixed_at=s["fixed_at"],
        confirmed_at=s["confirmed_at"],
        commitment=s["commitment"],
        replaces=tuple(replaces),
    )
    cp = _object("candidate_pool", data["candidate_pool"], ("count", "hash", "strata", "criteria"))
    count = _int("candidate_pool.count", cp["count"])
    _text("candidate_pool.hash", cp["hash"])
    if not isinstance(cp["strata"], list):
        raise _malformed("candidate_pool.strata", "应为数组")
    stated: dict[str | None, int] = {}
    for n, row in enumerate(cp["strata"]):
        row = _object(f"candidate_pool.strata[{n}]", row, ("stratum", "candidates"))
        stated[_text(f"candidate_pool.strata[{n}].stratum", row["stratum"], optional=True)] = _int(
            f"candidate_pool.strata[{n}].candidates", row["candidates"]
        )
    if not isinstance(cp["criteria"], list):
        raise _malformed("candidate_pool.criteria", "应为数组")
    inspectors = None
    if data["inspector_pool"] is not None:
        ip = _object("inspector_pool", data["inspector_pool"], ("inspectors", "hash"))
        _text("inspector_pool.hash", ip["hash"])
        rows = _rows("inspector_pool.inspectors", ip["inspectors"], 2)
        inspectors = InspectorPool(tuple(Inspector(c, d) for c, d in rows), ip["hash"])
    c = _object("conflicts", data["conflicts"], ("pairs", "pairs_hash", "count", "reasons_commitment"))
    pairs = cast(list[tuple[str, str]], _rows("conflicts.pairs", c["pairs"], 2))
    _text("conflicts.pairs_hash", c["pairs_hash"])
    _text("conflicts.reasons_commitment", c["reasons_commitment"])
    _int("conflicts.count", c["count"])
    for key in ("result_hash", "record_hash"):
        _text(key, data[key])
    r = _object("result", data["result"], ("selected", "strata", "teams", "workload_cap"))
    if not isinstance(r["selected"], list) or not isinstance(r["strata"], list):
        raise _malformed("result", "selected 与 strata 应为数组")
    for n, row in enumerate(r["selected"]):
        if not isinstance(row, dict) or not isinstance(row.get("uscc"), str) or set(row) != {"rank", "uscc", "digest"}:
            raise _malformed(f"result.selected[{n}]", "应为含 rank、uscc、digest 的对象")
    salt = conflicts = None
    if disclosure == "full":
        internal = _object("internal", data["internal"], ("salt", "conflicts"))
        salt = _text("internal.salt", internal["salt"])
        conflicts = _rows("internal.conflicts", internal["conflicts"], 3)
    try:
        _check_seed(seed)
        _check_seed_record(seed)
        for key in ("plan_published_at", "pool_published_at", "drawn_at"):
            parse_time(f"timeline.{key}", getattr(timeline, key))
        if salt is not None:
            _check_hex64("internal.salt", salt)
    except RulebookError as exc:
        raise _malformed(str(exc.params.get("field", exc.code)), exc.message) from None
    return _Parsed(
        head=data,
        disclosure=disclosure,
        parameters=parameters,
        seed=seed,
        timeline=timeline,
        inspectors=inspectors,
        pairs=pairs,
        salt=salt,
        conflicts=conflicts,
        count=count,
        stated_strata=stated,
    )


def order_problems(seed: Seed, timeline: Timeline) -> list[str]:
    """The commit-then-reveal order (docs/draw-algorithm.md §4): plan → pool hash → seed → draw."""
    plan = parse_time("timeline.plan_published_at", timeline.plan_published_at)
    pool = parse_time("timeline.pool_published_at", timeline.pool_published_at)
    drawn = parse_time("timeline.drawn_at", timeline.drawn_at)
    announced = parse_time("seed.announced_at", seed.announced_at)
    fixed = parse_time("seed.fixed_at", seed.fixed_at)
    problems = []
    if plan > pool:
        problems.append("timeline：抽查计划公布晚于名录库哈希公布（应先公布计划）")
    if fixed < pool:
        problems.append("seed.fixed_at：随机种子在名录库哈希公布之前就已确定（先公布名录库，再确定种子）")
    if seed.kind == "lottery":
        if fixed <= announced:
            problems.append("seed.announced_at：开奖号码产生时尚未公告采用哪一期开奖（须事先公告）")
        confirmed = parse_time("seed.confirmed_at", seed.confirmed_at)
        if confirmed < fixed:
            problems.append("seed.confirmed_at：开奖号码在开奖之前就已录入")
        if drawn < confirmed:
            problems.append("timeline.drawn_at：抽取早于开奖号码录入确认")
    elif announced < fixed:
        problems.append("seed.announced_at：系统密钥的承诺值在密钥生成之前公布，记录自相矛盾")
    elif announced > pool and not seed.replaces:
        # A secret first committed after the pool was known could have been chosen for that pool: its commitment
        # is published together with the pool hash (§0 step 2); only an approved replacement comes later.
        problems.append("seed.announced_at：系统密钥的承诺值晚于名录库哈希公布（应与名录库哈希同时公布）")
    if drawn < fixed or drawn < pool:
        problems.append("timeline.drawn_at：抽取早于名录库公布或种子确定")
    last_approval = None
    for n, r in enumerate(seed.replaces):
        approved = parse_time(f"seed.replaces[{n}].approved_at", r.approved_at)
        if approved < parse_time(f"seed.replaces[{n}].requested_at", r.requested_at):
            problems.append(f"seed.replaces[{n}]：领导批准早于更换申请")
        last_approval = approved if last_approval is None else max(last_approval, approved)
    if last_approval is not None and announced < last_approval:
        problems.append("seed.announced_at：现用种子在更换获批之前就已公告")
    return problems


def _commitment_problems(parsed: _Parsed) -> list[str]:
    seed = parsed.seed
    problems = []
    if seed.kind == "secret" and seed_commitment(seed.value) != seed.commitment:
        problems.append("seed.commitment：公布的系统密钥与事先公布的承诺值不符")
    for n, r in enumerate(seed.replaces):
        if r.kind == "secret" and r.value is not None and seed_commitment(r.value) != r.commitment:
            problems.append(f"seed.replaces[{n}].commitment：被更换的系统密钥与其承诺值不符")
    if parsed.conflicts is not None and parsed.salt is not None:
        try:
            frozen = freeze_conflicts(parsed.conflicts, salt=parsed.salt)  # type: ignore[arg-type]
        except RulebookError as exc:
            raise _malformed("internal.conflicts", exc.message) from None
        if frozen.reasons_commitment != parsed.head["conflicts"]["reasons_commitment"]:
            problems.append("conflicts.reasons_commitment：回避事由与公布的哈希不符")
        if [list(p) for p in frozen.pairs] != parsed.head["conflicts"]["pairs"]:
            problems.append("conflicts.pairs：回避清单与完整记录中的回避事由不符")
        if len(frozen.conflicts) != parsed.head["conflicts"]["count"]:
            problems.append("conflicts.count：回避条目数与完整记录不符")
    return problems


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


_SEPARATORS_ONLY = bytes(b for b in range(256) if b not in (0x09, 0x0A))  # delete table: keep TAB and LF


def _public_lines(salt: str, usccs: Sequence[bytes], risks: Sequence[bytes]) -> bytes:
    """The public pool lines (``uscc TAB commitment LF``) of a block of full-record lines."""
    n = len(usccs)
    parts: list[Any] = [None] * (4 * n)
    parts[0::4] = b"\n".join(usccs).decode("ascii").split("\n")
    parts[1::4] = itertools.repeat("\t", n)
    parts[2::4] = _commitments(salt, usccs, risks)
    parts[3::4] = itertools.repeat("\n", n)
    return "".join(parts).encode("ascii")


def _whole_lines(chunks: Iterable[bytes]) -> Generator[bytes, None, bytes]:
    """Blocks of whole lines, each ending with LF (a chunk boundary may fall inside a line); the generator's
    return value is what followed the last LF (empty for a well-formed body)."""
    rest = b""
    for chunk in chunks:
        if not chunk:
            continue
        cut = chunk.rfind(b"\n") + 1
        if not cut:
            rest += chunk
            continue
        yield rest + chunk[:cut] if rest else chunk[:cut]
        rest = chunk[cut:]
    return rest


def full_pool_hash(salt: str, chunks: Iterable[bytes]) -> str:
    """The published pool hash recomputed from a full record's candidate lines (``uscc TAB risk class LF``, read
    in chunks of any size): SHA-256 of the public lines, each risk class replaced by its salted commitment.

    The same computation ``verify_stream`` does in its pass; a caller may run it in a second process (a
    ``PoolHashWorker``). It checks only the two-cell layout — the pass checks and names every bad line."""
    check_salt(salt)
    pool_hash = hashlib.sha256()
    blocks = _whole_lines(chunks)
    while True:
        try:
            block = next(blocks)
        except StopIteration as end:
            if end.value:
                raise _malformed("对象库最后一行", "缺少结尾的换行符") from None
            break
        cells = block.replace(b"\n", b"\t").split(b"\t")
        if len(cells) % 2 != 1:
            raise _malformed("对象库", "每行应为“统一社会信用代码<TAB>第二列”")
        pool_hash.update(_public_lines(salt, cells[0:-1:2], cells[1:-1:2]))
    return pool_hash.hexdigest()


class PoolHashWorker(Protocol):
    """A full record's pool hash being computed elsewhere (e.g. a second process while the pass ranks)."""

    def result(self) -> str:
        """The hash (``full_pool_hash``). A worker that died, hung or answered nonsense raises
        ``VerifyIncomplete``: the verification stops there, it never decides anything without that hash."""

    def cancel(self) -> None:
        """Stop the worker (the pass failed before asking for the result)."""


class VerifyIncomplete(RulebookError):
    """The verification could not be finished (a helper computing part of it failed): nothing is decided about
    the record; ``fazhi draw verify`` exits with ``EXIT_INCOMPLETE``."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__("draw.verify_incomplete", message, **params)


class _BodyReader:
    """One streaming pass over the candidate lines: checks their layout and order, hashes, ranks, keeps.

    Works on blocks of whole lines as read (never one Python object per line beyond the two cells): the layout
    check is one ``translate`` (TAB and LF must alternate), the cells one ``split``, the public pool hash is fed the
    block itself."""

    def __init__(self, parsed: _Parsed, seed_bytes: bytes, cuts: Mapping[Any, bytes], selected: set[bytes]):
        self.public = parsed.disclosure == "public"
        self.salt = parsed.salt
        self.seed_bytes = seed_bytes
        self.cuts = cuts
        self.stratified = parsed.parameters.strata_ratios is not None
        self.selected = selected
        self.found: set[bytes] = set()
        self.pool_hash = hashlib.sha256()
        self.count = 0
        self.strata: Counter[bytes] = Counter()
        self.kept: list[tuple[bytes, bytes, Any]] = []
        self.last = b""
        self.hash_elsewhere = False  # a full record's pool hash computed by a worker (``verify_stream``)

    def lines(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """Blocks of whole lines, each ending with LF (a chunk boundary may fall inside a line)."""
        rest = yield from _whole_lines(chunks)
        if rest:
            raise _malformed(f"对象库第 {self.count + 1} 行", "缺少结尾的换行符")

    def batch(self, block: bytes, *, rank_stratum: Any = None, rank_only: bool = False) -> None:
        where = self.count + 2  # file line number of the first line of the block
        n = block.count(b"\n")
        if block.translate(None, _SEPARATORS_ONLY) != b"\t\n" * n:
            raise _malformed(f"对象库第 {where} 行起", "每行应为“统一社会信用代码<TAB>第二列”")
        cells = block.replace(b"\n", b"\t").split(b"\t")
        usccs = cells[0:-1:2]
        second = cells[1:-1:2]
        joined = b"".join(usccs)
        if not all(usccs) or not (joined.isalnum() and joined.isascii() and joined == joined.upper()):
            raise _malformed(f"对象库第 {where} 行起", "统一社会信用代码只能是大写字母和数字")
        if not all(map(operator.lt, itertools.chain((self.last,), usccs), usccs)):
            raise _malformed(f"对象库第 {where} 行起", "未按统一社会信用代码严格升序排列（或有重复）")
        self.last = usccs[-1]
        self.count += n
        if rank_only:
            self._rank(usccs, second, rank_stratum)
            return
        if self.public:
            if set(map(len, second)) != {COMMITMENT_HEX}:
                raise _malformed(f"对象库第 {where} 行起", f"承诺值应为 {COMMITMENT_HEX} 位十六进制")
            self.pool_hash.update(block)
            if self.stratified:  # the selection cannot be re-run: each selected entity is looked up instead
                self.found |= self.selected.intersection(usccs)
        else:
            self.strata.update(second)
            if not self.hash_elsewhere:
                assert self.salt is not None
                self.pool_hash.update(_public_lines(self.salt, usccs, second))
        self._rank(usccs, second, None)

    def _rank(self, usccs: list[bytes], second: list[bytes], only: Any) -> None:
        if self.public and self.stratified:
            return  # the strata are hidden: nothing to rank (the selected entities are checked one by one)
        digests = _digests(self.seed_bytes, usccs)
        if not self.stratified:
            if only is not None:
                self.kept.extend(zip(digests, usccs, itertools.repeat(None)))
            else:
                self.kept.extend(_keep(digests, usccs, None, self.cuts))
            return
        names = {c: c.decode("utf-8") or None for c in set(second)}
        strata = list(map(names.__getitem__, second))
        if only is not None:
            self.kept.extend((d, u, r) for d, u, r in zip(digests, usccs, strata, strict=True) if r == only[0])
        else:
            self.kept.extend(_keep(digests, usccs, strata, self.cuts))


def verify_stream(
    head_line: str,
    body: Callable[[], Iterable[bytes]],
    *,
    pool_hash_worker: Callable[[str], PoolHashWorker] | None = None,
) -> VerifyReport:
    """Verify a record: its head (line 1, text) and its candidate lines (``body()`` yields bytes, re-callable).

    Re-computes the pool hash, the selection (when the record allows it: a public record of a stratified draw
    hides the strata), the teams, both hashes; checks the publication order and the commitments. A record that
    cannot be read raises ``RulebookError`` ``draw.malformed_record`` naming the field or the line.

    ``pool_hash_worker(salt)``, for a full record, starts computing ``full_pool_hash(salt, body())`` elsewhere
    while the pass checks and ranks the lines (the command line runs it in a second process); same result.
    """
    with _GcPaused():
        return _verify_stream(head_line, body, pool_hash_worker)


def _verify_stream(
    head_line: str, body: Callable[[], Iterable[bytes]], pool_hash_worker: Callable[[str], PoolHashWorker] | None
) -> VerifyReport:
    parsed = _parse_head(head_line)
    head = parsed.head
    report = VerifyReport(disclosure=parsed.disclosure, record_hash=head["record_hash"])
    public = parsed.disclosure == "public"
    stratified = parsed.parameters.strata_ratios is not None
    seed_bytes = _check_seed(parsed.seed)
    report.order = order_problems(parsed.seed, parsed.timeline)
    report.commitments = _commitment_problems(parsed)
    report.checked.append("公布时间顺序：计划 → 名录库哈希 → 随机种子 → 抽取")
    if parsed.seed.kind == "secret":
        report.checked.append("系统密钥与事先公布的承诺值")

    # Sizes from the stated counts, only to set the speed-up cuts (the real sizes come from the pass below).
    stated: dict[str | None, int] = dict(parsed.stated_strata) if stratified else {None: parsed.count}
    try:
        cut_sizes = stratum_sizes(stated, parsed.parameters)
    except RulebookError:
        cut_sizes = {}
    selected_usccs = {s["uscc"].encode("ascii", "replace") for s in head["result"]["selected"]}
    reader = _BodyReader(parsed, seed_bytes, _cuts(cut_sizes), selected_usccs)
    worker = None
    if pool_hash_worker is not None and not public and parsed.salt is not None:
        worker = pool_hash_worker(parsed.salt)
        reader.hash_elsewhere = True
    try:
        for block in reader.lines(body()):
            reader.batch(block)
        return _after_pass(parsed, report, reader, body, seed_bytes, worker)
    except BaseException:
        if worker is not None:
            worker.cancel()
        raise


def _after_pass(
    parsed: _Parsed,
    report: VerifyReport,
    reader: _BodyReader,
    body: Callable[[], Iterable[bytes]],
    seed_bytes: bytes,
    worker: PoolHashWorker | None,
) -> VerifyReport:
    """The rest of ``verify_stream`` once the candidate lines were read: sizes, selection, teams, hashes. A full
    record's pool hash is asked of the worker last, so that it runs alongside all of this."""
    head = parsed.head
    public = parsed.disclosure == "public"
    stratified = parsed.parameters.strata_ratios is not None
    recomputed = dict(head)
    recomputed_pool = {**head["candidate_pool"], "count": reader.count}
    if public:
        recomputed_pool["hash"] = reader.pool_hash.hexdigest()
    report.checked.append("名录库哈希（逐行" + ("承诺值" if public else "由风险等级和盐值重算承诺值") + "）")
    counts: dict[str | None, int]
    if not stratified:
        counts = {None: reader.count}
        recomputed_pool["strata"] = _strata_list(counts, False)
    elif public:
        counts = parsed.stated_strata
        if sum(counts.values()) != reader.count:
            report.differences.append("candidate_pool.strata（各层对象数之和与名录库行数不符）")
    else:
        counts = {(k.decode("utf-8") or None): v for k, v in reader.strata.items()}
        recomputed_pool["strata"] = _strata_list(counts, True)
    recomputed["candidate_pool"] = recomputed_pool
    try:
        sizes = stratum_sizes(counts, parsed.parameters)
    except RulebookError as exc:
        raise _malformed(str(exc.params.get("field", "parameters")), exc.message) from None

    if public and stratified:
        chosen = _public_stratified(parsed, head, sizes, seed_bytes, reader, report)
    else:

        def everything(stratum: Any) -> list[tuple[bytes, Any, Any]]:
            again = _BodyReader(parsed, seed_bytes, {}, set())
            for block in again.lines(body()):
                again.batch(block, rank_stratum=(stratum,), rank_only=True)
            return again.kept

        chosen_bytes = _choose(reader.kept, sizes, everything)
        chosen = [(d, u.decode("ascii"), r) for d, u, r in chosen_bytes]
        report.checked.append("抽中对象（按分层重新抽取）" if stratified else "抽中对象（重新抽取）")
    teams = None
    cap = None
    if parsed.inspectors is not None:
        try:
            check_team_parameters(parsed.parameters, parsed.inspectors)
            frozen = freeze_inspectors(parsed.inspectors.inspectors)
        except RulebookError as exc:
            raise _malformed(str(exc.params.get("field", "inspector_pool")), exc.message) from None
        if frozen.hash != parsed.inspectors.hash:
            report.differences.append("inspector_pool.hash")
        try:
            teams = assign_teams([u for _, u, _ in chosen], frozen, parsed.pairs, parsed.parameters, parsed.seed)
        except DrawStaffingError as exc:
            report.differences.append(f"result.teams（重新执行时无法配齐检查人员：{exc.message}）")
            teams = None
        if chosen:
            cap = workload_cap(len(chosen) * parsed.parameters.team_size, len(frozen.inspectors))
        report.checked.append("检查人员分组（含回避和工作量上限）")
    if _sha256_hex(_tsv(parsed.pairs)) != head["conflicts"]["pairs_hash"]:
        report.differences.append("conflicts.pairs_hash")
    result = _result_dict(chosen, sizes, teams, cap)
    if parsed.inspectors is not None and teams is None:
        result["teams"] = head["result"]["teams"]  # already reported above
    recomputed["result"] = result
    recomputed["result_hash"], recomputed["record_hash"] = _hashes(recomputed)
    if not public:
        pool_hash = reader.pool_hash.hexdigest() if worker is None else worker.result()
        if pool_hash != head["candidate_pool"]["hash"]:
            report.commitments.append("candidate_pool.hash：由风险等级和盐值算出的承诺值与公布的名录库哈希不符")
    differences: list[str] = []
    _differences("", head, recomputed, differences)
    report.differences.extend(differences)
    report.checked.append("结果哈希与记录哈希")
    if not public:
        report.checked.append("风险等级承诺值与回避事由哈希（完整记录）")
    if len(report.differences) > _MAX_DIFFERENCES:
        rest = len(report.differences) - _MAX_DIFFERENCES
        report.differences = [*report.differences[:_MAX_DIFFERENCES], f"……另有 {rest} 处不一致"]
    return report


def _public_stratified(
    parsed: _Parsed,
    head: Mapping[str, Any],
    sizes: Mapping[str | None, tuple[int, int]],
    seed_bytes: bytes,
    reader: _BodyReader,
    report: VerifyReport,
) -> list[tuple[bytes, str, Any]]:
    """A public record of a stratified draw: the strata are hidden, so the selection cannot be re-run. What can
    be checked: each selected entity is in the pool, its digest, the rank order, and the per-stratum sizes."""
    chosen: list[tuple[bytes, str, Any]] = []
    selected = head["result"]["selected"]
    usccs = [s["uscc"] for s in selected]
    for n, uscc in enumerate(usccs):
        if uscc.encode("ascii", "replace") not in reader.found:
            report.differences.append(f"result.selected[{n}].uscc（不在名录库中）")
    digests = _digests(seed_bytes, [u.encode("utf-8") for u in usccs])
    chosen.extend(zip(digests, usccs, itertools.repeat(None)))
    chosen.sort()
    if len(chosen) != sum(k for _, k in sizes.values()):
        report.differences.append("result.selected（抽中数与各层应抽数之和不符）")
    report.checked.append("抽中对象的排序摘要、名次和各层应抽数（各对象所属风险等级不公开，无法重新分层抽取）")
    report.unchecked.append(
        "公开记录不含各对象的风险等级：无法核对每个抽中对象是否为其所在层摘要最小者；监督和审计人员可用完整记录核对。"
    )
    return chosen
