"""The verifiable draw ``fazhi-draw/2`` (issue 5 §2, issue 12): selection, recusal, commitments, the record
file, the commit-then-reveal order and verification (exit codes 0 / 1 / 2 / 4 / 5)."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.rulebook import draws
from fazhi.rulebook.draws import (
    Candidate,
    Conflict,
    DrawParameters,
    DrawStaffingError,
    Inspector,
    Replacement,
    Seed,
    Timeline,
    assign_teams,
    candidate_commitment,
    canonical_json,
    freeze_candidates,
    freeze_conflicts,
    freeze_inspectors,
    record_chunks,
    record_text,
    round_half_up,
    run_draw,
    seed_commitment,
    select,
    verify_stream,
    workload_cap,
)
from fazhi.rulebook.errors import RulebookError

VECTOR = json.loads((Path(__file__).parent / "cases" / "draw_vector_2.json").read_text(encoding="utf-8"))
SALT = "5a" * 32
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0" * 2
JOINT = ("区卫健委", "区市场监管局")
PLAN_AT, POOL_AT, FIXED_AT, DRAWN_AT = (
    "2026-11-20T09:00:00+08:00",
    "2026-12-01T10:00:00+08:00",
    "2026-12-01T10:00:00+08:00",
    "2026-12-02T09:30:00+08:00",
)
TIMELINE = Timeline(PLAN_AT, POOL_AT, DRAWN_AT)


def secret_seed(value: str = SECRET, **changes) -> Seed:
    seed = Seed(
        kind="secret",
        value=value,
        source="系统密钥（承诺值随名录库哈希公布）",
        announced_at=POOL_AT,
        fixed_at=FIXED_AT,
        commitment=seed_commitment(value),
    )
    return dataclasses.replace(seed, **changes)


def lottery_seed(**changes) -> Seed:
    seed = Seed(
        kind="lottery",
        value="03 07 12 19 25 31 + 09",
        source="中国福利彩票双色球第2026141期开奖号码",
        announced_at=POOL_AT,
        fixed_at="2026-12-01T21:15:00+08:00",
        confirmed_at="2026-12-02T09:05:00+08:00",
    )
    return dataclasses.replace(seed, **changes)


SEED = secret_seed()


def usccs(n: int, prefix: str = "91120110MA") -> list[str]:
    return [f"{prefix}{i:08d}" for i in range(n)]


def pool_of(candidates, salt: str = SALT):
    return freeze_candidates(candidates, salt=salt)


def small(**overrides):
    """(head, pool, conflicts) of a small joint, stratified draw with one recusal."""
    arguments = {
        "pool": pool_of([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12))]),
        "parameters": DrawParameters(
            strata_ratios={"A": Decimal("0.5"), "B": Decimal("0.5")},
            team_size=2,
            require_each_department=True,
            departments=JOINT,
        ),
        "seed": SEED,
        "timeline": TIMELINE,
        "inspectors": [Inspector(f"C{i}", JOINT[i % 2]) for i in range(6)],
        "conflicts": freeze_conflicts([Conflict("C0", usccs(12)[3], "近亲属")], salt=SALT),
        "task": {"id": 7, "name": "测试任务"},
        "criteria": [{"criterion": "管辖范围：全区", "count": 12}],
    }
    arguments.update(overrides)
    return run_draw(**arguments), arguments["pool"], arguments["conflicts"]


def verify_text(text: str, chunk: int = 7):
    """``verify_stream`` over a record text, the body cut into small chunks (lines straddle the cuts)."""
    head, body = text.split("\n", 1)
    data = body.encode("utf-8")
    return verify_stream(head, lambda: (data[i : i + chunk] for i in range(0, len(data), chunk)))


def verify(head, pool, conflicts, disclosure="public"):
    return verify_text(record_text(head, pool, disclosure=disclosure, conflicts=conflicts))


def fails(text: str) -> bool:
    """Verification refuses the record: a failed check or a malformed record."""
    try:
        return not verify_text(text).ok
    except RulebookError as exc:
        assert exc.code == "draw.malformed_record"
        return True


def edited(text: str, change) -> str:
    """The record text with ``change(head_dict)`` applied to its head line."""
    head, body = text.split("\n", 1)
    data = json.loads(head)
    change(data)
    return canonical_json(data) + "\n" + body


# --- the published test vector --------------------------------------------------------------------------------


def vector_draw():
    given_ = VECTOR["inputs"]
    p = given_["parameters"]
    params = DrawParameters(
        size=p["size"],
        ratio=None,
        strata_ratios={k: Decimal(v) for k, v in p["strata_ratios"].items()},
        team_size=p["team_size"],
        require_each_department=p["require_each_department"],
        departments=tuple(p["departments"]),
    )
    salt = given_["salt"]
    pool = freeze_candidates([tuple(c) for c in given_["candidates"]], salt=salt)
    conflicts = freeze_conflicts([tuple(c) for c in given_["conflicts"]], salt=salt)
    s = given_["seed"]
    seed = Seed(
        kind=s["kind"],
        value=s["value"],
        source=s["source"],
        announced_at=s["announced_at"],
        fixed_at=s["fixed_at"],
        confirmed_at=s["confirmed_at"],
    )
    head = run_draw(
        pool=pool,
        parameters=params,
        seed=seed,
        timeline=Timeline(**given_["timeline"]),
        inspectors=[tuple(i) for i in given_["inspectors"]],
        conflicts=conflicts,
        task=given_["task"],
        criteria=given_["criteria"],
    )
    return head, pool, conflicts


def test_公开测试向量_重新执行结果完全一致():
    head, pool, conflicts = vector_draw()
    expected = VECTOR["expected"]
    assert dict(zip(pool.usccs, pool.commitments(), strict=True)) == expected["commitments"]
    assert head["candidate_pool"]["hash"] == expected["candidate_pool_hash"]
    assert head["inspector_pool"]["hash"] == expected["inspector_pool_hash"]
    assert head["conflicts"]["pairs_hash"] == expected["conflict_pairs_hash"]
    assert head["conflicts"]["reasons_commitment"] == expected["reasons_commitment"]
    assert [[s["uscc"], s["digest"]] for s in head["result"]["selected"]] == expected["selected"]
    assert head["result"]["strata"] == expected["strata"]
    assert [[t["uscc"], t["inspectors"]] for t in head["result"]["teams"]] == expected["teams"]
    assert head["result"]["workload_cap"] == expected["workload_cap"]
    assert (head["result_hash"], head["record_hash"]) == (expected["result_hash"], expected["record_hash"])
    public = record_text(head, pool, disclosure="public")
    assert hashlib.sha256(public.encode()).hexdigest() == expected["public_record_sha256"]
    assert verify_text(public).exit_code == 0
    assert verify_text(record_text(head, pool, disclosure="full", conflicts=conflicts)).exit_code == 0


def test_测试向量的承诺值_摘要和哈希只用_hashlib_即可按文档算出():
    """docs/draw-algorithm.md §1–§5 re-implemented here with hashlib and json only."""

    def h(data: str) -> str:
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    inputs, expected = VECTOR["inputs"], VECTOR["expected"]
    salt = inputs["salt"]
    rows = sorted(inputs["candidates"])
    commitments = {u: h(f"{salt}\x00{r or ''}\x00{u}")[:32] for u, r in rows}
    assert commitments == expected["commitments"]
    body = "".join(f"{u}\t{commitments[u]}\n" for u, _ in rows)
    assert h(body) == expected["candidate_pool_hash"]
    seed = inputs["seed"]["value"]
    for uscc, digest in expected["selected"]:
        assert h(f"{seed}\x00{uscc}") == digest
    ranked = sorted((h(f"{seed}\x00{u}"), u) for u, _ in rows)
    by_class = {r: [u for d, u in ranked if dict(rows)[u] == r] for r in "ABCD"}
    ratios = {k: Decimal(v) for k, v in inputs["parameters"]["strata_ratios"].items()}
    chosen = {u for r, members in by_class.items() for u in members[: round_half_up(ratios[r] * len(members))]}
    assert chosen == {u for u, _ in expected["selected"]}
    officers = "".join(f"{c}\t{d}\n" for c, d in sorted(inputs["inspectors"]))
    assert h(officers) == expected["inspector_pool_hash"]
    pairs = "".join(f"{c}\t{u}\n" for c, u in sorted({(c, u) for c, u, _ in inputs["conflicts"]}))
    assert h(pairs) == expected["conflict_pairs_hash"]
    triples = "".join(f"{c}\t{u}\t{r}\n" for c, u, r in sorted(map(tuple, inputs["conflicts"])))
    assert h(f"{salt}\x00conflicts\x00{triples}") == expected["reasons_commitment"]
    secret = VECTOR["secret_seed"]
    assert h(secret["value"]) == secret["commitment"]
    # The record hash is SHA-256 of the canonical head without record_hash, disclosure and internal.
    head_line = record_text(*vector_draw()[:2], disclosure="public").split("\n", 1)[0]
    head = json.loads(head_line)
    for key in ("record_hash", "disclosure"):
        head.pop(key)
    assert (
        h(json.dumps(head["result"], sort_keys=True, ensure_ascii=False, separators=(",", ":")))
        == (expected["result_hash"])
    )
    assert h(json.dumps(head, sort_keys=True, ensure_ascii=False, separators=(",", ":"))) == expected["record_hash"]


# --- freezing and commitments -------------------------------------------------------------------------------------


def test_承诺值按文档定义_无盐值无法区分风险等级():
    assert candidate_commitment(SALT, "9112", "A") == hashlib.sha256(f"{SALT}\x00A\x009112".encode()).hexdigest()[:32]
    assert candidate_commitment(SALT, "9112", None) == hashlib.sha256(f"{SALT}\x00\x009112".encode()).hexdigest()[:32]
    pool = pool_of([Candidate("9112", "A"), Candidate("9113", "A"), Candidate("9114")])
    assert pool.commitments() == [
        candidate_commitment(SALT, "9112", "A"),
        candidate_commitment(SALT, "9113", "A"),
        candidate_commitment(SALT, "9114", None),
    ]
    assert len(set(pool.commitments())) == 3  # same class, different entity: different commitments
    other_salt = pool_of([Candidate("9112", "A")], salt="6b" * 32)
    assert other_salt.commitments() != pool.commitments()[:1] and other_salt.hash != pool.hash


def test_公开的名录库哈希覆盖承诺值_风险等级变了哈希就变():
    a = pool_of([Candidate("9112", "A"), Candidate("9113", "B")])
    b = pool_of([Candidate("9112", "A"), Candidate("9113", "C")])
    body = f"9112\t{candidate_commitment(SALT, '9112', 'A')}\n9113\t{candidate_commitment(SALT, '9113', 'B')}\n"
    assert a.hash == hashlib.sha256(body.encode()).hexdigest() and a.hash != b.hash
    assert a.strata == {"A": 1, "B": 1}
    assert pool_of([]).hash == hashlib.sha256(b"").hexdigest()


def test_相同输入得到逐字节相同的记录_与输入顺序和完全重复项无关():
    first = record_text(*small()[:2], disclosure="public")
    shuffled = [Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12))]
    random.Random(3).shuffle(shuffled)
    second = record_text(*small(pool=pool_of(shuffled + shuffled[:3]))[:2], disclosure="public")
    assert first == second


def test_存储的名录库读回后与原库一致():
    pool = pool_of([Candidate(u, "ABC"[i % 3]) for i, u in enumerate(usccs(30))])
    stored = draws.stored_pool("\n".join(pool.usccs).encode(), list(pool.risk_classes), salt=SALT, pool_hash=pool.hash)
    assert stored.commitments() == pool.commitments() and stored.strata == pool.strata
    params = DrawParameters(strata_ratios={"A": Decimal("0.3"), "B": Decimal("0.3"), "C": Decimal("0.3")})
    assert select(stored, params, SEED) == select(pool, params, SEED)
    with pytest.raises(RulebookError) as exc:
        draws.stored_pool(b"9113\n9112", ["A", "A"], salt=SALT, pool_hash="x")
    assert exc.value.code == "draw.stored_pool_damaged"
    with pytest.raises(RulebookError) as exc:
        draws.stored_pool(b"9112", ["A", "A"], salt=SALT, pool_hash="x")
    assert exc.value.code == "draw.invalid_parameters"


def test_回避清单_公开的是人员与对象的配对_事由只以加盐哈希公开():
    frozen = freeze_conflicts(
        [("C1", "E1", "亲属关系"), ("C1", "E1", "曾在该主体任职"), ("C2", "E1", "亲属关系")], salt=SALT
    )
    assert frozen.pairs == (("C1", "E1"), ("C2", "E1")) and len(frozen.conflicts) == 3
    assert frozen.pairs_hash == hashlib.sha256(b"C1\tE1\nC2\tE1\n").hexdigest()
    other = freeze_conflicts([("C1", "E1", "其他利害关系"), ("C2", "E1", "亲属关系")], salt=SALT)
    assert other.pairs == frozen.pairs[:2] and other.reasons_commitment != frozen.reasons_commitment
    head, _, _ = small()
    assert "近亲属" not in canonical_json(head)


# --- selection ---------------------------------------------------------------------------------------------------


def test_换一个种子或换一个对象库_抽中的对象不同():
    base = [s["uscc"] for s in small()[0]["result"]["selected"]]
    other_seed = small(seed=secret_seed("ab" * 32))
    assert [s["uscc"] for s in other_seed[0]["result"]["selected"]] != base
    pool = pool_of([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12, prefix="92120110MA"))])
    assert [s["uscc"] for s in small(pool=pool)[0]["result"]["selected"]] != base


def test_种子来源和时间写入记录_但不影响抽取结果():
    lottery = lottery_seed(value=SEED.value)
    head = small(seed=lottery)[0]
    assert head["seed"]["kind"] == "lottery" and head["seed"]["source"].startswith("中国福利彩票")
    assert head["result"] == small()[0]["result"]
    assert head["record_hash"] != small()[0]["record_hash"]


def test_分层抽样_每层按比例四舍五入():
    pool = pool_of([Candidate(u, "ABCD"[i % 4]) for i, u in enumerate(usccs(40))])  # 10 per class
    ratios = {"A": Decimal("0.05"), "B": Decimal("0.15"), "C": Decimal("0.25"), "D": Decimal("1")}
    head = run_draw(pool=pool, parameters=DrawParameters(strata_ratios=ratios), seed=SEED, timeline=TIMELINE)
    assert head["result"]["strata"] == [
        {"stratum": "A", "candidates": 10, "size": 1},  # 0.5 rounds half up
        {"stratum": "B", "candidates": 10, "size": 2},  # 1.5 → 2
        {"stratum": "C", "candidates": 10, "size": 3},  # 2.5 → 3
        {"stratum": "D", "candidates": 10, "size": 10},
    ]
    counts = Counter(pool.risk_classes[pool.usccs.index(s["uscc"])] for s in head["result"]["selected"])
    assert counts == {"A": 1, "B": 2, "C": 3, "D": 10}
    assert draws.selected_strata(pool, head) == [
        pool.risk_classes[pool.usccs.index(s["uscc"])] for s in head["result"]["selected"]
    ]
    digests = [s["digest"] for s in head["result"]["selected"]]
    assert digests == sorted(digests)
    assert head["result"]["teams"] is None and head["inspector_pool"] is None
    assert head["candidate_pool"]["strata"] == [{"stratum": r, "candidates": 10} for r in "ABCD"]
    assert "stratum" not in head["result"]["selected"][0]  # the strata of the selected stay internal


def test_四舍五入_一半进一():
    assert [round_half_up(Decimal(x)) for x in ("0.49", "0.5", "1.5", "2.5", "2.49")] == [0, 1, 2, 3, 2]


def test_按比例抽取与按数量抽取():
    pool = pool_of([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(30))])
    by_ratio = run_draw(pool=pool, parameters=DrawParameters(ratio=Decimal("0.1")), seed=SEED, timeline=TIMELINE)
    by_size = run_draw(pool=pool, parameters=DrawParameters(size=3), seed=SEED, timeline=TIMELINE)
    assert by_ratio["result"]["selected"] == by_size["result"]["selected"]
    assert by_ratio["parameters"]["ratio"] == "0.1" and by_size["parameters"]["size"] == 3
    # A plain draw publishes no class counts at all.
    assert by_size["candidate_pool"]["strata"] == [{"stratum": None, "candidates": 30}]
    assert by_size["result"]["strata"] == [{"stratum": None, "candidates": 30, "size": 3}]


def test_抽取数为零时不分组():
    pool = pool_of([Candidate(u, "A") for u in usccs(5)])
    head = run_draw(
        pool=pool,
        parameters=DrawParameters(strata_ratios={"A": Decimal("0")}),
        seed=SEED,
        timeline=TIMELINE,
        inspectors=[Inspector("C1", "局"), Inspector("C2", "局")],
    )
    assert head["result"]["selected"] == [] and head["result"]["teams"] == []
    assert head["result"]["workload_cap"] is None
    assert verify(head, pool, freeze_conflicts([], salt=SALT), "full").exit_code == 0


def test_快速筛选不足k个时退回全量排序_结果不变(monkeypatch):
    pool = pool_of([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(50))])
    for params in (DrawParameters(size=7), DrawParameters(strata_ratios={"A": Decimal("0.2"), "B": Decimal("0.4")})):
        expected = select(pool, params, SEED)
        head = run_draw(pool=pool, parameters=params, seed=SEED, timeline=TIMELINE)
        monkeypatch.setattr(draws, "_cut", lambda k, n: b"\x00")
        assert select(pool, params, SEED) == expected
        for disclosure in ("public", "full"):
            assert verify(head, pool, freeze_conflicts([], salt=SALT), disclosure).exit_code == 0
        monkeypatch.undo()


def test_层内抽样均匀_卡方检验():
    """20 candidates, draw 5, 2000 seeds: each is drawn ~500 times.

    Chi-square with 19 degrees of freedom; the critical value at α = 0.001 is 43.82 (standard table). Sampling
    without replacement makes the statistic smaller (variance factor 15/19), so the test is conservative.
    """
    pool = pool_of([Candidate(u, "A") for u in usccs(20)] + [Candidate(u, "B") for u in usccs(7, "93")])
    params = DrawParameters(strata_ratios={"A": Decimal("0.25"), "B": Decimal("0")})
    counts = Counter(s.uscc for n in range(2000) for s in select(pool, params, secret_seed(f"seed-{n}")))
    assert set(counts) == set(usccs(20))
    expected = 2000 * 5 / 20
    chi_square = sum((counts[u] - expected) ** 2 / expected for u in usccs(20))
    assert chi_square < 43.82


# --- team assignment -------------------------------------------------------------------------------------------


def brute_force_feasible(entities, inspectors, blocked, k, required) -> bool:
    cap = workload_cap(len(entities) * k, len(inspectors))
    options = []
    for e in entities:
        allowed = [i for i in inspectors if i.certificate not in blocked.get(e, set())]
        teams = [t for t in itertools.combinations(allowed, k) if not required or required <= {i.department for i in t}]
        options.append(teams)
    for choice in itertools.product(*options):
        load = Counter(i.certificate for team in choice for i in team)
        if not load or max(load.values()) <= cap:
            return True
    return False


def check_lawful(teams, entities, inspectors, blocked, k, required):
    cap = workload_cap(len(entities) * k, len(inspectors))
    department = {i.certificate: i.department for i in inspectors}
    assert set(teams) == set(entities)
    for e, team in teams.items():
        assert len(set(team)) == k == len(team)
        assert not set(team) & blocked.get(e, set())
        assert required <= {department[c] for c in team}
    load = Counter(c for team in teams.values() for c in team)
    assert max(load.values()) <= cap


@st.composite
def instances(draw):
    n_entities = draw(st.integers(1, 4))
    n_inspectors = draw(st.integers(2, 5))
    k = draw(st.integers(2, 3))
    departments = ["甲", "乙"][: draw(st.integers(1, 2))]
    require = draw(st.booleans()) and k >= len(departments)
    inspectors = [
        Inspector(f"C{i}", departments[draw(st.integers(0, len(departments) - 1))]) for i in range(n_inspectors)
    ]
    if require:  # every participating department has somebody (otherwise the engine refuses up front)
        inspectors = [Inspector(f"C{i}", departments[i % len(departments)]) for i in range(n_inspectors)]
    entities = [f"E{i}" for i in range(n_entities)]
    pairs = [(i.certificate, e) for i in inspectors for e in entities]
    conflicts = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    seed = draw(st.text("0123456789abcdef", min_size=1, max_size=8))
    return entities, inspectors, conflicts, k, departments if require else [], seed


def _run_instance(entities, inspectors, conflicts, k, departments, seed, *, force_fallback=False, monkeypatch=None):
    blocked: dict[str, set[str]] = {}
    for c, e in conflicts:
        blocked.setdefault(e, set()).add(c)
    params = DrawParameters(
        size=1, team_size=k, require_each_department=bool(departments), departments=tuple(departments)
    )
    feasible = brute_force_feasible(entities, inspectors, blocked, k, set(departments))
    try:
        teams = assign_teams(
            entities,
            freeze_inspectors(inspectors),
            conflicts,
            params,
            secret_seed(seed),
        )
    except DrawStaffingError as exc:
        assert not feasible, exc.failures
        assert exc.failures and all(f.uscc in entities and f.reason for f in exc.failures)
        return
    assert feasible
    check_lawful(teams, entities, inspectors, blocked, k, set(departments))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_只要存在合法分组_回避就一定成功(instance):
    _run_instance(*instance)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_最大流兜底单独使用也精确(instance):
    original = draws._greedy
    draws._greedy = lambda *args: None
    try:
        _run_instance(*instance)
    finally:
        draws._greedy = original


def test_贪心失败时最大流兜底找到合法分组():
    """A known instance (seed s487) where least-loaded-first gets stuck but a lawful assignment exists."""
    inspectors = [Inspector(f"C{i}", "甲乙"[i % 2]) for i in range(5)]
    conflicts = [("C1", "E1"), ("C1", "E2"), ("C1", "E3"), ("C2", "E1"), ("C4", "E1"), ("C4", "E3")]
    entities = ["E0", "E1", "E2", "E3"]
    blocked: dict[str, set[str]] = {}
    for c, e in conflicts:
        blocked.setdefault(e, set()).add(c)
    frozen = freeze_inspectors(inspectors)
    ring = draws._ring(b"s487", frozen.inspectors)
    offsets = {e: draws._offset(b"s487", e) for e in entities}
    assert draws._greedy(entities, ring, blocked, 2, frozenset("甲乙"), 3, offsets) is None
    _run_instance(entities, inspectors, conflicts, 2, ["甲", "乙"], "s487")


def test_工作量均衡_每人不超过平均向上取整加一():
    inspectors = [Inspector(f"C{i:03d}", JOINT[i % 2]) for i in range(37)]
    selected = usccs(500)
    r = random.Random(7)
    conflicts = [(f"C{r.randrange(37):03d}", u, "上一轮检查该对象") for u in selected for _ in range(3)]
    params = DrawParameters(size=1, team_size=3, require_each_department=True, departments=JOINT)
    teams = assign_teams(selected, freeze_inspectors(inspectors), [(c, u) for c, u, _ in conflicts], params, SEED)
    blocked: dict[str, set[str]] = {}
    for c, u, _ in conflicts:
        blocked.setdefault(u, set()).add(c)
    check_lawful(teams, selected, inspectors, blocked, 3, set(JOINT))
    assert workload_cap(1500, 37) == 42


def test_回避后人数不足_指明对象和原因():
    inspectors = [Inspector("C1", "局"), Inspector("C2", "局"), Inspector("C3", "局")]
    with pytest.raises(DrawStaffingError) as exc:
        assign_teams(
            ["E1", "E2"],
            freeze_inspectors(inspectors),
            [("C1", "E2"), ("C2", "E2"), ("C9", "E2")],
            DrawParameters(size=1, team_size=2),
            SEED,
        )
    assert exc.value.code == "draw.team_unstaffable"
    assert [(f.uscc, f.reason) for f in exc.value.failures] == [("E2", "可用执法人员不足（需要 2 人，回避后仅 1 人）")]


def test_联合抽查回避后某部门无人_指明缺少的部门():
    inspectors = [Inspector("C1", "区卫健委"), Inspector("C2", "区市场监管局"), Inspector("C3", "区市场监管局")]
    with pytest.raises(DrawStaffingError) as exc:
        assign_teams(
            ["E1"],
            freeze_inspectors(inspectors),
            [("C1", "E1")],
            DrawParameters(size=1, team_size=2, require_each_department=True, departments=JOINT),
            SEED,
        )
    assert exc.value.failures[0].reason.startswith("缺少 区卫健委 的执法人员")


def test_工作量上限使分组不可行时_由最大流指明对象():
    inspectors = [Inspector("W1", "区卫健委")] + [Inspector(f"M{i}", "区市场监管局") for i in range(3)]
    params = DrawParameters(size=1, team_size=2, require_each_department=True, departments=JOINT)
    with pytest.raises(DrawStaffingError) as exc:
        assign_teams(usccs(8), freeze_inspectors(inspectors), [], params, SEED)
    assert len(exc.value.failures) == 3  # W1 can take at most ⌈16/4⌉+1 = 5 of the 8 entities
    assert "工作量上限（每人最多 5 次）" in exc.value.failures[0].reason
    assert "另有" not in exc.value.message


def test_无法配齐的对象超过五户时_消息只列前五户():
    error = DrawStaffingError([draws.StaffingFailure(f"E{i}", "原因") for i in range(7)])
    assert "另有 2 户" in error.message and len(error.params["failures"]) == 7


# --- input errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidates", "code"),
    [
        ([Candidate("91120110ma0001")], "draw.invalid_uscc"),
        ([Candidate(" 911201")], "draw.invalid_uscc"),
        ([Candidate("")], "draw.invalid_uscc"),
        ([Candidate("9112"), Candidate("")], "draw.invalid_uscc"),
        ([(12345, None)], "draw.invalid_uscc"),
        ([Candidate("9112"), Candidate("9112-3")], "draw.invalid_uscc"),
        ([Candidate("9112\n9113")], "draw.invalid_uscc"),
        ([Candidate("91１2")], "draw.invalid_uscc"),
        ([Candidate("9112", "A"), Candidate("9112", "B")], "draw.duplicate_candidate"),
        ([Candidate("9112", "A\t")], "draw.invalid_text"),
        ([Candidate("9112", 3)], "draw.invalid_text"),
    ],
)
def test_对象库输入错误有明确代码(candidates, code):
    with pytest.raises(RulebookError) as exc:
        freeze_candidates(candidates, salt=SALT)
    assert exc.value.code == code


@pytest.mark.parametrize("salt", ["", "5A" * 32, "5a" * 31, 42, "zz" * 32])
def test_盐值必须是64位小写十六进制(salt):
    with pytest.raises(RulebookError) as exc:
        freeze_candidates([Candidate("9112")], salt=salt)
    assert exc.value.code == "draw.invalid_parameters"


def test_两列长度不一致时拒绝():
    with pytest.raises(RulebookError) as exc:
        draws.freeze_lists(["9112"], [], salt=SALT)
    assert exc.value.code == "draw.invalid_parameters"


def test_执法人员和回避申报输入错误有明确代码():
    with pytest.raises(RulebookError) as exc:
        freeze_inspectors([("C1", "甲"), ("C1", "乙")])
    assert exc.value.code == "draw.duplicate_inspector"
    with pytest.raises(RulebookError) as exc:
        freeze_inspectors([("C1", "")])
    assert exc.value.code == "draw.invalid_text"
    with pytest.raises(RulebookError) as exc:
        freeze_conflicts([("C1", "E1", "")], salt=SALT)
    assert exc.value.code == "draw.invalid_text"
    with pytest.raises(RulebookError) as exc:
        freeze_conflicts([("C1", "e1", "亲属")], salt=SALT)
    assert exc.value.code == "draw.invalid_uscc"
    frozen = freeze_conflicts([("C1", "E1", "亲属"), ("C1", "E1", "亲属")], salt=SALT)
    assert frozen.conflicts == (Conflict("C1", "E1", "亲属"),)


POOL = pool_of([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(10))])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        (DrawParameters(), "draw.invalid_parameters"),
        (DrawParameters(size=1, ratio=Decimal("0.1")), "draw.invalid_parameters"),
        (DrawParameters(strata_ratios={}), "draw.invalid_parameters"),
        (DrawParameters(strata_ratios={"A": Decimal("0.1")}), "draw.invalid_parameters"),
        (DrawParameters(strata_ratios={"A": Decimal("0.1"), "B": 0.1}), "draw.invalid_parameters"),  # type: ignore[dict-item]
        (DrawParameters(strata_ratios={"A": Decimal("-0.1"), "B": Decimal("0")}), "draw.invalid_parameters"),
        (DrawParameters(size=0), "draw.invalid_parameters"),
        (DrawParameters(size=True), "draw.invalid_parameters"),
        (DrawParameters(size=11), "draw.size_exceeds_pool"),
        (DrawParameters(ratio=Decimal("0")), "draw.invalid_parameters"),
        (DrawParameters(ratio=Decimal("1.01")), "draw.invalid_parameters"),
        (DrawParameters(ratio=Decimal("NaN")), "draw.invalid_parameters"),
    ],
)
def test_抽取参数错误有明确代码(params, code):
    with pytest.raises(RulebookError) as exc:
        run_draw(pool=POOL, parameters=params, seed=SEED, timeline=TIMELINE)
    assert exc.value.code == code


def test_对象没有风险等级而任务按等级抽取_报缺少比例():
    with pytest.raises(RulebookError) as exc:
        run_draw(
            pool=pool_of([Candidate("9112")]),
            parameters=DrawParameters(strata_ratios={"A": Decimal(1)}),
            seed=SEED,
            timeline=TIMELINE,
        )
    assert exc.value.params["missing"] == ["None"]


OFFICERS = [Inspector("C1", "区卫健委"), Inspector("C2", "区市场监管局")]


@pytest.mark.parametrize(
    ("params", "officers", "code"),
    [
        (DrawParameters(size=1, team_size=1), OFFICERS, "draw.invalid_parameters"),
        (DrawParameters(size=1, team_size=False), OFFICERS, "draw.invalid_parameters"),
        (DrawParameters(size=1, departments=("甲", "甲")), OFFICERS, "draw.invalid_parameters"),
        (DrawParameters(size=1, require_each_department=True), OFFICERS, "draw.invalid_parameters"),
        (
            DrawParameters(size=1, team_size=2, require_each_department=True, departments=("甲", "乙", "丙")),
            OFFICERS,
            "draw.invalid_parameters",
        ),
        (DrawParameters(size=1, departments=("区卫健委",)), OFFICERS, "draw.inspector_department_not_participating"),
        (
            DrawParameters(size=1, require_each_department=True, departments=JOINT),
            OFFICERS[:1],
            "draw.department_without_inspectors",
        ),
    ],
)
def test_分组参数错误有明确代码(params, officers, code):
    with pytest.raises(RulebookError) as exc:
        run_draw(pool=POOL, parameters=params, seed=SEED, timeline=TIMELINE, inspectors=officers)
    assert exc.value.code == code


def test_非联合抽查列出参与部门_只核对人员所属部门():
    head = run_draw(
        pool=POOL,
        parameters=DrawParameters(size=2, departments=JOINT),
        seed=SEED,
        timeline=TIMELINE,
        inspectors=OFFICERS,
    )
    assert head["parameters"]["departments"] == sorted(JOINT)


@pytest.mark.parametrize(
    "seed",
    [
        secret_seed(kind="csprng"),
        secret_seed(value=""),
        secret_seed(value=" 1"),
        secret_seed(source=""),
        secret_seed(commitment=None),
        secret_seed(commitment="AB" * 32),
        secret_seed(announced_at="2026-12-01 10:00"),
        secret_seed(fixed_at="2026-12-01T10:00:00"),  # no offset
        secret_seed(confirmed_at=POOL_AT),
        lottery_seed(confirmed_at=None),
        lottery_seed(commitment="ab" * 32),
        secret_seed(replaces=(Replacement("secret", "旧密钥", POOL_AT, "", POOL_AT, "王局长", POOL_AT),)),
        secret_seed(replaces=(Replacement("csprng", "旧密钥", POOL_AT, "理由", POOL_AT, "王局长", POOL_AT),)),  # type: ignore[arg-type]
        secret_seed(replaces=(Replacement("secret", "旧密钥", POOL_AT, "理由", "昨天", "王局长", POOL_AT),)),
        secret_seed(replaces=(Replacement("secret", "旧", POOL_AT, "理由", POOL_AT, "王", POOL_AT, commitment="x"),)),
        secret_seed(replaces=(Replacement("lottery", "旧", POOL_AT, "理由", POOL_AT, "王", POOL_AT, draw_at="x"),)),
        secret_seed(replaces=(Replacement("secret", "旧", POOL_AT, "理由", POOL_AT, "王", POOL_AT, value=" x"),)),
    ],
)
def test_随机种子必须合规(seed):
    with pytest.raises(RulebookError) as exc:
        run_draw(pool=POOL, parameters=DrawParameters(size=1), seed=seed, timeline=TIMELINE)
    assert exc.value.code in {"draw.invalid_parameters", "draw.invalid_text"}


def test_时间必须带时区():
    with pytest.raises(RulebookError) as exc:
        run_draw(
            pool=POOL,
            parameters=DrawParameters(size=1),
            seed=SEED,
            timeline=Timeline(PLAN_AT, POOL_AT, "2026-12-02T09:30:00"),
        )
    assert exc.value.code == "draw.invalid_parameters"
    import datetime as dt

    assert draws.time_text(dt.datetime(2026, 12, 1, 10, 0, 0, 123, tzinfo=dt.UTC)) == "2026-12-01T10:00:00+00:00"
    with pytest.raises(RulebookError):
        draws.time_text(dt.datetime(2026, 12, 1, 10, 0))
    with pytest.raises(RulebookError):
        draws.parse_time("x", 3)


def test_空对象库按等级抽取得到空结果():
    empty = pool_of([])
    head = run_draw(
        pool=empty, parameters=DrawParameters(strata_ratios={"A": Decimal(1)}), seed=SEED, timeline=TIMELINE
    )
    assert head["result"]["selected"] == [] and head["candidate_pool"]["hash"] == hashlib.sha256(b"").hexdigest()
    assert verify(head, empty, freeze_conflicts([], salt=SALT)).exit_code == 0


# --- the record file ---------------------------------------------------------------------------------------------


def test_公开记录不含风险等级和回避事由_完整记录含盐值和事由():
    head, pool, conflicts = small()
    public = record_text(head, pool, disclosure="public")
    head_line, body = public.split("\n", 1)
    assert json.loads(head_line)["disclosure"] == "public" and "internal" not in json.loads(head_line)
    assert "近亲属" not in public and SALT not in public
    assert body.splitlines()[0] == f"{pool.usccs[0]}\t{pool.commitments()[0]}"
    assert not any(line.endswith(("\tA", "\tB")) for line in body.splitlines())
    full = record_text(head, pool, disclosure="full", conflicts=conflicts)
    full_head = json.loads(full.split("\n", 1)[0])
    assert full_head["disclosure"] == "full"
    assert full_head["internal"] == {"salt": SALT, "conflicts": [["C0", usccs(12)[3], "近亲属"]]}
    assert full.split("\n", 1)[1].splitlines()[0] == f"{pool.usccs[0]}\tA"
    # Both name the same record.
    assert json.loads(head_line)["record_hash"] == full_head["record_hash"] == draws.record_hash_by_definition(head)
    with pytest.raises(RulebookError):
        record_text(head, pool, disclosure="full")
    with pytest.raises(RulebookError):
        record_text(head, pool, disclosure="secret")  # type: ignore[arg-type]


def test_记录按块输出_拼起来与整体相同():
    head, pool, conflicts = small()
    chunks = list(record_chunks(head, pool, disclosure="public", lines_per_chunk=5))
    assert len(chunks) == 1 + 3 and "".join(chunks) == record_text(head, pool, disclosure="public")


def test_记录哈希的快速计算与按定义计算一致():
    import gc

    from fazhi.rulebook.draws import _GcPaused

    head, _, _ = small()
    assert head["record_hash"] == draws.record_hash_by_definition(head)
    gc.disable()  # a caller that already paused the collector keeps it paused
    try:
        with _GcPaused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- verification: 0 match ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("disclosure", ["public", "full"])
@pytest.mark.parametrize("seed", [SEED, lottery_seed()])
@pytest.mark.parametrize(
    "params",
    [
        DrawParameters(size=4, team_size=2),
        DrawParameters(ratio=Decimal("0.30")),
        DrawParameters(strata_ratios={"A": Decimal("0.5"), "B": Decimal("0.25")}),
    ],
)
def test_正确的记录验证一致(disclosure, seed, params):
    head, pool, conflicts = small(seed=seed, parameters=params, inspectors=[Inspector(f"C{i}", "局") for i in range(6)])
    report = verify(head, pool, conflicts, disclosure)
    assert report.exit_code == 0 and report.ok, (report.differences, report.order, report.commitments)
    assert report.record_hash == head["record_hash"] and report.disclosure == disclosure
    hidden = disclosure == "public" and params.strata_ratios is not None
    assert bool(report.unchecked) == hidden
    if disclosure == "full":
        assert any("完整记录" in line for line in report.checked)


def test_块边界落在一行中间也能正确读取():
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="full", conflicts=conflicts)
    for chunk in (1, 2, 19, 20, 21, 10_000):
        assert verify_text(text, chunk=chunk).exit_code == 0
    first, body = text.split("\n", 1)
    assert verify_stream(first, lambda: [b"", body.encode(), b""]).exit_code == 0


# --- verification: 1 differs -------------------------------------------------------------------------------------


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for n, item in enumerate(value):
            yield from leaves(item, (*path, n))
    else:
        yield path, value


def mutated(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("0" if value[-1:] != "0" else "1") if value else "X"
    if value is None:
        return "X"
    return ["X"]  # an empty list


@pytest.mark.parametrize("disclosure", ["public", "full"])
def test_修改记录头中任何一个字段_验证都失败(disclosure):
    head, pool, conflicts = small(seed=lottery_seed())
    text = record_text(head, pool, disclosure=disclosure, conflicts=conflicts)
    original = json.loads(text.split("\n", 1)[0])
    checked = 0
    for path, value in leaves(original):
        if path in (("disclosure",),):
            continue
        changed_value = mutated(value)

        def change(data, path=path, changed_value=changed_value):
            target = data
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = changed_value

        try:
            report = verify_text(edited(text, change))
        except RulebookError as exc:
            assert exc.code == "draw.malformed_record", path
        else:
            assert not report.ok, path
        checked += 1
    assert checked > 80


@pytest.mark.parametrize("disclosure", ["public", "full"])
def test_修改名录库任何一行_验证都失败(disclosure):
    head, pool, conflicts = small(parameters=DrawParameters(size=4))
    text = record_text(head, pool, disclosure=disclosure, conflicts=conflicts)
    first, body = text.split("\n", 1)
    lines = body.splitlines()
    for n, line in enumerate(lines):
        uscc, second = line.split("\t")
        for changed in (f"{uscc}\t{second[:-1]}{'0' if second[-1:] != '0' else '1'}", f"{uscc}\t"):
            if changed == line:
                continue
            new = "\n".join([*lines[:n], changed, *lines[n + 1 :]]) + "\n"
            assert fails(first + "\n" + new), (n, changed)
    # A missing or an added candidate.
    assert fails(first + "\n" + "\n".join(lines[1:]) + "\n")
    extra = f"99999999999999999Z\t{'0' * 32 if disclosure == 'public' else 'A'}"
    assert fails(first + "\n" + "\n".join([*lines, extra]) + "\n")


def test_验证结果指明不一致的字段():
    head, pool, conflicts = small(parameters=DrawParameters(size=4))
    text = record_text(head, pool, disclosure="public")

    def change(data):
        data["result"]["selected"][1]["uscc"] = "9999"

    report = verify_text(edited(text, change))
    assert report.exit_code == 1 and "result.selected[1].uscc" in report.differences
    first, body = text.split("\n", 1)
    report = verify_text(first + "\n" + body.replace(pool.commitments()[0], "0" * 32))
    assert "candidate_pool.hash" in report.differences


def test_不一致之处过多时只列前五十处():
    pool = pool_of([Candidate(u) for u in usccs(200)])
    head = run_draw(pool=pool, parameters=DrawParameters(size=100), seed=SEED, timeline=TIMELINE)
    text = record_text(head, pool, disclosure="public")

    def change(data):
        for s in data["result"]["selected"]:
            s["digest"] = "0" * 64

    differences = verify_text(edited(text, change)).differences
    assert len(differences) == 51 and differences[-1].startswith("……另有")


def test_重新执行时无法配齐人员_验证失败并说明():
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="public")

    def change(data):
        selected = data["result"]["selected"][0]["uscc"]
        data["conflicts"]["pairs"] = sorted([c, selected] for c in ("C0", "C2", "C4"))

    report = verify_text(edited(text, change))
    assert report.exit_code == 1 and any(d.startswith("result.teams（") for d in report.differences)


def test_公开记录的分层抽取_抽中对象不在名录库或各层数目不符时失败():
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="public")

    def outsider(data):
        data["result"]["selected"][0]["uscc"] = "91120110MA99999999"

    report = verify_text(edited(text, outsider))
    assert any("不在名录库中" in d for d in report.differences)

    def counts(data):
        data["candidate_pool"]["strata"][0]["candidates"] += 1

    assert any("各层对象数之和" in d for d in verify_text(edited(text, counts)).differences)

    def fewer(data):
        data["result"]["selected"].pop()

    assert any("抽中数与各层应抽数之和不符" in d for d in verify_text(edited(text, fewer)).differences)


# --- verification: 4 order, 5 commitments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "timeline", "problem"),
    [
        (
            secret_seed(fixed_at="2026-12-01T09:59:59+08:00", announced_at="2026-12-01T09:59:59+08:00"),
            TIMELINE,
            "seed.fixed_at",
        ),
        (
            lottery_seed(fixed_at="2026-12-01T09:00:00+08:00", announced_at="2026-11-30T09:00:00+08:00"),
            TIMELINE,
            "seed.fixed_at",
        ),
        (lottery_seed(announced_at="2026-12-01T21:15:00+08:00"), TIMELINE, "seed.announced_at"),
        (lottery_seed(confirmed_at="2026-12-01T21:00:00+08:00"), TIMELINE, "seed.confirmed_at"),
        (lottery_seed(), Timeline(PLAN_AT, POOL_AT, "2026-12-02T09:00:00+08:00"), "timeline.drawn_at"),
        (SEED, Timeline("2026-12-01T10:00:01+08:00", POOL_AT, DRAWN_AT), "timeline"),
        (SEED, Timeline(PLAN_AT, POOL_AT, "2026-12-01T09:00:00+08:00"), "timeline.drawn_at"),
        (secret_seed(announced_at="2026-12-01T09:59:00+08:00"), TIMELINE, "seed.announced_at"),
        (
            secret_seed(
                announced_at="2026-12-01T11:00:00+08:00",
                fixed_at="2026-12-01T11:00:00+08:00",
                replaces=(
                    Replacement(
                        "secret",
                        "系统密钥",
                        POOL_AT,
                        "密钥可能泄露",
                        "2026-12-01T10:30:00+08:00",
                        "局领导 王某",
                        "2026-12-01T10:20:00+08:00",
                        commitment="ab" * 32,
                    ),
                ),
            ),
            TIMELINE,
            "seed.replaces[0]",
        ),
        (
            secret_seed(
                replaces=(
                    Replacement(
                        "secret",
                        "系统密钥",
                        POOL_AT,
                        "密钥可能泄露",
                        POOL_AT,
                        "局领导 王某",
                        "2026-12-01T10:20:00+08:00",
                        commitment="ab" * 32,
                    ),
                ),
            ),
            TIMELINE,
            "seed.announced_at",
        ),
    ],
)
def test_时间顺序不对时退出码为4(seed, timeline, problem):
    head, pool, conflicts = small(seed=seed, timeline=timeline)
    report = verify(head, pool, conflicts)
    assert report.exit_code == 4 and any(p.startswith(problem) for p in report.order), report.order


def test_种子在名录库哈希公布之前确定_即使其余全部一致也退出4():
    early = secret_seed(fixed_at="2026-12-01T09:00:00+08:00", announced_at="2026-12-01T09:00:00+08:00")
    head, pool, conflicts = small(seed=early)
    report = verify(head, pool, conflicts, "full")
    assert report.order == ["seed.fixed_at：随机种子在名录库哈希公布之前就已确定（先公布名录库，再确定种子）"]
    assert not report.differences and not report.commitments and report.exit_code == 4


def test_系统密钥与承诺值不符时退出码为5():
    head, pool, conflicts = small(seed=secret_seed(commitment=seed_commitment("another")))
    report = verify(head, pool, conflicts)
    assert report.exit_code == 5 and report.commitments[0].startswith("seed.commitment")
    replaced = Replacement(
        "secret", "系统密钥", POOL_AT, "密钥可能泄露", POOL_AT, "局领导 王某", POOL_AT, commitment="ab" * 32, value="x"
    )
    head, pool, conflicts = small(seed=secret_seed(replaces=(replaced,)))
    assert verify(head, pool, conflicts).commitments == ["seed.replaces[0].commitment：被更换的系统密钥与其承诺值不符"]


def test_完整记录的风险等级或回避事由被改_退出码为5():
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="full", conflicts=conflicts)
    first, body = text.split("\n", 1)
    changed = body.replace("\tA\n", "\tB\n", 1)
    report = verify_text(first + "\n" + changed)
    assert report.exit_code == 5 and report.commitments[0].startswith("candidate_pool.hash")

    def reason(data):
        data["internal"]["conflicts"][0][2] = "其他利害关系"

    assert verify_text(edited(text, reason)).commitments == ["conflicts.reasons_commitment：回避事由与公布的哈希不符"]

    def pair(data):
        data["internal"]["conflicts"][0][0] = "C2"

    report = verify_text(edited(text, pair))
    assert "conflicts.pairs：回避清单与完整记录中的回避事由不符" in report.commitments

    def more(data):
        data["internal"]["conflicts"].append(["C0", usccs(12)[3], "其他利害关系"])

    assert "conflicts.count：回避条目数与完整记录不符" in verify_text(edited(text, more)).commitments

    def salt(data):
        data["internal"]["salt"] = "6b" * 32

    assert verify_text(edited(text, salt)).exit_code == 5


def test_退出码优先级_4先于5先于1():
    report = draws.VerifyReport("public", "x", differences=["a"], order=["b"], commitments=["c"])
    assert report.exit_code == 4
    report.order = []
    assert report.exit_code == 5
    report.commitments = []
    assert report.exit_code == 1


# --- verification: 2 malformed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("algorithm",), "fazhi-draw/1", "algorithm"),
        (("seed",), KeyError, "seed"),
        (("extra",), 1, "extra"),
        (("disclosure",), "secret", "disclosure"),
        (("task",), [], "task"),
        (("parameters", "extra"), 1, "parameters.extra"),
        (("parameters",), [], "parameters"),
        (("parameters", "size"), "5", "parameters.size"),
        (("parameters", "size"), True, "parameters.size"),
        (("parameters", "team_size"), "2", "parameters.team_size"),
        (("parameters", "require_each_department"), 1, "parameters.require_each_department"),
        (("parameters", "departments"), "甲", "parameters.departments"),
        (("parameters", "departments"), [1], "parameters.departments"),
        (("parameters", "strata_ratios"), [], "parameters.strata_ratios"),
        (("parameters", "strata_ratios", "A"), None, "parameters.strata_ratios.A"),
        (("parameters", "strata_ratios", "A"), 0.5, "parameters.strata_ratios.A"),
        (("parameters", "strata_ratios", "A"), "half", "parameters.strata_ratios.A"),
        (("timeline", "drawn_at"), "明天", "timeline.drawn_at"),
        (("timeline", "drawn_at"), 3, "timeline.drawn_at"),
        (("seed", "kind"), 1, "seed.kind"),
        (("seed", "kind"), "csprng", "seed.kind"),
        (("seed", "confirmed_at"), 1, "seed.confirmed_at"),
        (("seed", "replaces"), {}, "seed.replaces"),
        (("seed", "replaces"), [{}], "seed.replaces[0].kind"),
        (("candidate_pool",), [], "candidate_pool"),
        (("candidate_pool", "count"), -1, "candidate_pool.count"),
        (("candidate_pool", "hash"), 1, "candidate_pool.hash"),
        (("candidate_pool", "strata"), {}, "candidate_pool.strata"),
        (("candidate_pool", "strata", 0), {"stratum": "A"}, "candidate_pool.strata[0].candidates"),
        (("candidate_pool", "criteria"), {}, "candidate_pool.criteria"),
        (("inspector_pool",), "C1", "inspector_pool"),
        (("inspector_pool", "inspectors", 0), ["C1"], "inspector_pool.inspectors[0]"),
        (("inspector_pool", "hash"), None, "inspector_pool.hash"),
        (("conflicts", "pairs", 0), ["C0"], "conflicts.pairs[0]"),
        (("conflicts", "pairs"), {}, "conflicts.pairs"),
        (("internal", "conflicts", 0, 2), "", "internal.conflicts"),
        (("result", "selected", 0), "x", "result.selected[0]"),
        (("conflicts", "count"), "1", "conflicts.count"),
        (("result_hash",), None, "result_hash"),
        (("result",), [], "result"),
        (("result", "selected"), {}, "result"),
        (("internal", "salt"), "x", "internal.salt"),
        (("internal", "conflicts", 0), ["C0"], "internal.conflicts[0]"),
    ],
)
def test_格式错误的记录报_malformed_record_并指明字段(path, value, field):
    head, pool, conflicts = small(seed=lottery_seed())
    text = record_text(head, pool, disclosure="full", conflicts=conflicts)

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    with pytest.raises(RulebookError) as exc:
        verify_text(edited(text, change))
    assert exc.value.code == "draw.malformed_record"
    assert exc.value.params["field"] == field


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("91120110MA00000001\tA", "缺少结尾的换行符"),
        ("91120110MA00000001\n", "每行应为"),
        ("91120110MA00000001\tA\tB\n", "每行应为"),
        # two cells too many on one line, two too few on the next: the totals agree, the layout does not
        ("91120110MA00000001\tA\t91120110MA00000002\n91120110MA00000003\n", "每行应为"),
        ("\n", "每行应为"),
        ("91120110ma00000001\tA\n", "大写字母和数字"),
        ("\tA\n", "大写字母和数字"),
        ("91120110MA00000002\tA\n91120110MA00000001\tA\n", "严格升序"),
        ("91120110MA00000001\tA\n91120110MA00000001\tA\n", "严格升序"),
    ],
)
def test_名录库行格式错误时报_malformed_record(body, where):
    head, pool, conflicts = small()
    first = record_text(head, pool, disclosure="full", conflicts=conflicts).split("\n", 1)[0]
    with pytest.raises(RulebookError) as exc:
        verify_text(first + "\n" + body)
    assert exc.value.code == "draw.malformed_record" and where in exc.value.message


def test_公开记录的承诺值长度不对时报_malformed_record():
    head, pool, conflicts = small()
    first = record_text(head, pool, disclosure="public").split("\n", 1)[0]
    with pytest.raises(RulebookError) as exc:
        verify_text(first + "\n91120110MA00000001\tabc\n")
    assert "承诺值" in exc.value.message


@pytest.mark.parametrize("text", ["{not json", "[]", '"x"'])
def test_记录头不是_JSON_对象时报格式错误(text):
    with pytest.raises(RulebookError) as exc:
        verify_stream(text, lambda: [])
    assert exc.value.code == "draw.malformed_record"


def test_记录中的参数无法重新执行时报格式错误():
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="public")

    def change(data):
        data["parameters"]["strata_ratios"] = {"A": "0.5"}  # the pool has a B stratum too

    with pytest.raises(RulebookError) as exc:
        verify_text(edited(text, change))
    assert exc.value.code == "draw.malformed_record"

    def team(data):
        data["parameters"]["team_size"] = 1

    with pytest.raises(RulebookError) as exc:
        verify_text(edited(text, team))
    assert exc.value.params["field"] == "team_size"


# --- property: any record the engine writes verifies; any one-byte change of its body fails ----------------------


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(0, 30),
    classes=st.lists(st.sampled_from(["A", "B", "C", None]), min_size=30, max_size=30),
    stratified=st.booleans(),
    disclosure=st.sampled_from(["public", "full"]),
    value=st.text("0123456789abcdef", min_size=1, max_size=10),
    chunk=st.integers(1, 80),
)
def test_引擎写出的记录总能通过验证(n, classes, stratified, disclosure, value, chunk):
    pool = pool_of([Candidate(u, classes[i] if stratified else None) for i, u in enumerate(usccs(n))])
    if stratified:
        params = DrawParameters(strata_ratios={"A": Decimal("0.5"), "B": Decimal("0.3"), "C": Decimal("1")})
        if None in pool.strata:
            params = DrawParameters(ratio=Decimal("0.4"))
    else:
        params = DrawParameters(ratio=Decimal("0.4"))
    if n == 0 and params.ratio is not None:
        params = DrawParameters(strata_ratios={"A": Decimal("0.5")})
    conflicts = freeze_conflicts([], salt=SALT)
    head = run_draw(pool=pool, parameters=params, seed=secret_seed(value), timeline=TIMELINE, conflicts=conflicts)
    text = record_text(head, pool, disclosure=disclosure, conflicts=conflicts)
    assert verify_text(text, chunk=chunk).exit_code == 0


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_完整记录的名录库哈希可单独重算_与公布的哈希相同(chunk):
    """``full_pool_hash`` (what the command line computes in a second process) opens the published pool hash from
    the full record's lines, whatever the read size; a changed class, a changed salt or a cut line does not."""
    head, pool, conflicts = small()
    body = record_text(head, pool, disclosure="full", conflicts=conflicts).split("\n", 1)[1].encode()

    def chunks(data: bytes = body):
        return (data[i : i + chunk] for i in range(0, len(data), chunk))

    assert draws.full_pool_hash(SALT, chunks()) == head["candidate_pool"]["hash"] == pool.hash
    changed = body.replace(b"\tA\n", b"\tB\n", 1)
    assert draws.full_pool_hash(SALT, chunks(changed)) != pool.hash
    assert draws.full_pool_hash("6b" * 32, chunks()) != pool.hash
    with pytest.raises(RulebookError) as exc:
        draws.full_pool_hash(SALT, chunks(body[:-1]))
    assert exc.value.code == "draw.malformed_record"
    with pytest.raises(RulebookError):
        draws.full_pool_hash("not a salt", chunks())


def test_另一进程计算名录库哈希时_结论与本进程计算相同():
    """``verify_stream(pool_hash_worker=…)``: the pass leaves the full record's pool hash to the worker and uses
    its answer, asked for last; a worker that fails stops the verification (``draw.verify_incomplete``, nothing is
    decided and nothing is computed in its place); a malformed body cancels it."""
    head, pool, conflicts = small()
    text = record_text(head, pool, disclosure="full", conflicts=conflicts)
    head_line, body = text.split("\n", 1)
    data = body.encode()
    calls: list[str] = []

    class Worker:
        def __init__(self, salt: str, answer: str | None) -> None:
            self.salt, self.answer = salt, answer
            calls.append("start")

        def result(self) -> str:
            calls.append("result")
            if self.answer is None:
                raise draws.VerifyIncomplete("校验未完成")
            return self.answer

        def cancel(self) -> None:
            calls.append("cancel")

    serial = verify_stream(head_line, lambda: [data])
    assert verify_stream(head_line, lambda: [data], pool_hash_worker=lambda s: Worker(s, pool.hash)) == serial
    assert calls == ["start", "result"] and serial.exit_code == 0
    wrong = verify_stream(head_line, lambda: [data], pool_hash_worker=lambda s: Worker(s, "0" * 64))
    assert wrong.exit_code == 5 and any(c.startswith("candidate_pool.hash") for c in wrong.commitments)
    calls.clear()
    with pytest.raises(RulebookError) as exc:
        verify_stream(head_line, lambda: [data], pool_hash_worker=lambda s: Worker(s, None))
    assert exc.value.code == "draw.verify_incomplete" and calls == ["start", "result", "cancel"]
    calls.clear()
    with pytest.raises(RulebookError):
        verify_stream(head_line, lambda: [data[:-1]], pool_hash_worker=lambda s: Worker(s, pool.hash))
    assert calls == ["start", "cancel"]
    public = record_text(head, pool, disclosure="public").split("\n", 1)
    calls.clear()
    verify_stream(public[0], lambda: [public[1].encode()], pool_hash_worker=lambda s: Worker(s, None))
    assert calls == []  # a public record's pool hash is one hash over its lines: nothing to hand over
