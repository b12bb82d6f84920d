"""The earlier draw ``fazhi-draw/1`` (kept for the case-file review rounds): selection, recusal, records and
verification, with its published test vector."""

from __future__ import annotations

import copy
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

from fazhi.rulebook import draws_v1 as draws
from fazhi.rulebook.draws_v1 import (
    Candidate,
    Conflict,
    DrawParameters,
    DrawStaffingError,
    Inspector,
    Seed,
    assign_teams,
    canonical_json,
    freeze_candidates,
    freeze_conflicts,
    freeze_inspectors,
    record_json,
    round_half_up,
    run_draw,
    select,
    verify_record,
    workload_cap,
)
from fazhi.rulebook.errors import RulebookError

VECTOR = json.loads((Path(__file__).parent / "cases" / "draw_vector_1.json").read_text(encoding="utf-8"))
SEED = Seed("csprng", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "审计链事件 #42")
JOINT = ("区卫健委", "区市场监管局")


def usccs(n: int, prefix: str = "91120110MA") -> list[str]:
    return [f"{prefix}{i:08d}" for i in range(n)]


def vector_inputs() -> dict:
    given_ = VECTOR["inputs"]
    p = given_["parameters"]
    return {
        "candidates": [tuple(c) for c in given_["candidates"]],
        "parameters": DrawParameters(
            size=p["size"],
            ratio=None,
            strata_ratios={k: Decimal(v) for k, v in p["strata_ratios"].items()},
            team_size=p["team_size"],
            require_each_department=p["require_each_department"],
            departments=tuple(p["departments"]),
        ),
        "seed": Seed(**given_["seed"]),
        "inspectors": [tuple(i) for i in given_["inspectors"]],
        "conflicts": [tuple(c) for c in given_["conflicts"]],
    }


def small_record(**overrides) -> dict:
    arguments = {
        "candidates": [Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12))],
        "parameters": DrawParameters(
            strata_ratios={"A": Decimal("0.5"), "B": Decimal("0.5")},
            team_size=2,
            require_each_department=True,
            departments=JOINT,
        ),
        "seed": SEED,
        "inspectors": [Inspector(f"C{i}", JOINT[i % 2]) for i in range(6)],
        "conflicts": [Conflict("C0", usccs(12)[3], "近亲属")],
    }
    arguments.update(overrides)
    return run_draw(**arguments)


# --- the published test vector --------------------------------------------------------------------------------


def test_公开测试向量_重新执行结果完全一致():
    record = run_draw(**vector_inputs())
    expected = VECTOR["expected"]
    assert [[s["uscc"], s["stratum"], s["digest"]] for s in record["result"]["selected"]] == expected["selected"]
    assert [[t["uscc"], t["inspectors"]] for t in record["result"]["teams"]] == expected["teams"]
    for key in ("candidate_pool_hash", "inspector_pool_hash", "conflicts_hash", "result_hash", "record_hash"):
        assert record[key] == expected[key], key
    assert record["result"]["workload_cap"] == expected["workload_cap"]
    assert verify_record(json.loads(record_json(record))).ok


def test_测试向量的排序摘要和对象库哈希可按文档独立算出():
    """docs/draw-algorithm.md §2–3, re-implemented here with hashlib only."""
    inputs = VECTOR["inputs"]
    seed_bytes = inputs["seed"]["value"].encode("utf-8")
    for uscc, _, digest in VECTOR["expected"]["selected"]:
        assert hashlib.sha256(seed_bytes + b"\x00" + uscc.encode("ascii")).hexdigest() == digest
    rows = sorted(inputs["candidates"])
    tsv = "".join(f"{u}\t{r or ''}\n" for u, r in rows)
    assert hashlib.sha256(tsv.encode("utf-8")).hexdigest() == VECTOR["expected"]["candidate_pool_hash"]
    officers = "".join(f"{c}\t{d}\n" for c, d in sorted(inputs["inspectors"]))
    assert hashlib.sha256(officers.encode("utf-8")).hexdigest() == VECTOR["expected"]["inspector_pool_hash"]


# --- determinism ------------------------------------------------------------------------------------------------


def test_相同输入得到逐字节相同的记录_与输入顺序和完全重复项无关():
    first = record_json(small_record())
    shuffled = [Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12))]
    random.Random(3).shuffle(shuffled)
    second = record_json(small_record(candidates=shuffled + shuffled[:3]))
    assert first == second
    assert first == canonical_json(json.loads(first))


def test_换一个种子或换一个对象库_抽中的对象不同():
    base = [s["uscc"] for s in small_record()["result"]["selected"]]
    other_seed = small_record(seed=Seed("csprng", "another", "审计链事件 #43"))
    assert [s["uscc"] for s in other_seed["result"]["selected"]] != base
    pool = [Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(12, prefix="92120110MA"))]
    assert [s["uscc"] for s in small_record(candidates=pool)["result"]["selected"]] != base


def test_种子类型和来源写入记录_但不影响抽取结果():
    announced = small_record(seed=Seed("public_announced", SEED.value, "双色球 2024001 期"))
    assert announced["seed"] == {"kind": "public_announced", "value": SEED.value, "source": "双色球 2024001 期"}
    assert announced["result"] == small_record()["result"]
    assert announced["record_hash"] != small_record()["record_hash"]


# --- selection ---------------------------------------------------------------------------------------------------


def test_分层抽样_每层按比例四舍五入():
    pool = [Candidate(u, "ABCD"[i % 4]) for i, u in enumerate(usccs(40))]  # 10 per class
    ratios = {"A": Decimal("0.05"), "B": Decimal("0.15"), "C": Decimal("0.25"), "D": Decimal("1")}
    record = run_draw(candidates=pool, parameters=DrawParameters(strata_ratios=ratios), seed=SEED)
    assert record["result"]["strata"] == [
        {"stratum": "A", "candidates": 10, "size": 1},  # 0.5 rounds half up
        {"stratum": "B", "candidates": 10, "size": 2},  # 1.5 → 2
        {"stratum": "C", "candidates": 10, "size": 3},  # 2.5 → 3
        {"stratum": "D", "candidates": 10, "size": 10},
    ]
    counts = Counter(s["stratum"] for s in record["result"]["selected"])
    assert counts == {"A": 1, "B": 2, "C": 3, "D": 10}
    digests = [s["digest"] for s in record["result"]["selected"]]
    assert digests == sorted(digests)
    assert record["result"]["teams"] is None and record["inspector_pool"] is None


def test_四舍五入_一半进一():
    assert [round_half_up(Decimal(x)) for x in ("0.49", "0.5", "1.5", "2.5", "2.49")] == [0, 1, 2, 3, 2]


def test_按比例抽取与按数量抽取():
    pool = [Candidate(u) for u in usccs(30)]
    by_ratio = run_draw(candidates=pool, parameters=DrawParameters(ratio=Decimal("0.1")), seed=SEED)
    by_size = run_draw(candidates=pool, parameters=DrawParameters(size=3), seed=SEED)
    assert by_ratio["result"]["selected"] == by_size["result"]["selected"]
    assert by_ratio["parameters"]["ratio"] == "0.1" and by_size["parameters"]["size"] == 3
    assert by_ratio["result"]["selected"][0]["stratum"] is None


def test_抽取数为零时不分组():
    pool = [Candidate(u, "A") for u in usccs(5)]
    record = run_draw(
        candidates=pool,
        parameters=DrawParameters(strata_ratios={"A": Decimal("0")}),
        seed=SEED,
        inspectors=[Inspector("C1", "局"), Inspector("C2", "局")],
    )
    assert record["result"]["selected"] == [] and record["result"]["teams"] == []
    assert record["result"]["workload_cap"] is None


def test_快速筛选不足k个时退回全量排序_结果不变(monkeypatch):
    pool = freeze_candidates([Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(50))])
    for params in (DrawParameters(size=7), DrawParameters(strata_ratios={"A": Decimal("0.2"), "B": Decimal("0.4")})):
        expected = select(pool, params, SEED)
        monkeypatch.setattr(draws, "_cut", lambda k, n: b"\x00")
        assert select(pool, params, SEED) == expected
        monkeypatch.undo()


def test_层内抽样均匀_卡方检验():
    """20 candidates, draw 5, 2000 seeds: each is drawn ~500 times.

    Chi-square with 19 degrees of freedom; the critical value at α = 0.001 is 43.82 (standard table). Sampling
    without replacement makes the statistic smaller (variance factor 15/19), so the test is conservative.
    """
    pool = freeze_candidates([Candidate(u, "A") for u in usccs(20)] + [Candidate(u, "B") for u in usccs(7, "93")])
    params = DrawParameters(strata_ratios={"A": Decimal("0.25"), "B": Decimal("0")})
    counts = Counter(s.uscc for n in range(2000) for s in select(pool, params, Seed("csprng", f"seed-{n}", "test")))
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
            freeze_conflicts([(c, e, "回避") for c, e in conflicts]),
            params,
            Seed("csprng", seed, "test"),
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
    teams = assign_teams(selected, freeze_inspectors(inspectors), freeze_conflicts(conflicts), params, SEED)
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
            freeze_conflicts([("C1", "E2", "近亲属"), ("C2", "E2", "原单位"), ("C9", "E2", "不在库中")]),
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
            freeze_conflicts([("C1", "E1", "近亲属")]),
            DrawParameters(size=1, team_size=2, require_each_department=True, departments=JOINT),
            SEED,
        )
    assert exc.value.failures[0].reason.startswith("缺少 区卫健委 的执法人员")


def test_工作量上限使分组不可行时_由最大流指明对象():
    inspectors = [Inspector("W1", "区卫健委")] + [Inspector(f"M{i}", "区市场监管局") for i in range(3)]
    params = DrawParameters(size=1, team_size=2, require_each_department=True, departments=JOINT)
    with pytest.raises(DrawStaffingError) as exc:
        assign_teams(usccs(8), freeze_inspectors(inspectors), freeze_conflicts([]), params, SEED)
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
        ([(12345, None)], "draw.invalid_uscc"),
        ([Candidate("9112"), Candidate("9112-3")], "draw.invalid_uscc"),
        ([Candidate("9112", "A"), Candidate("9112", "B")], "draw.duplicate_candidate"),
        ([Candidate("9112", "A\t")], "draw.invalid_text"),
        ([Candidate("9112", 3)], "draw.invalid_text"),
    ],
)
def test_对象库输入错误有明确代码(candidates, code):
    with pytest.raises(RulebookError) as exc:
        freeze_candidates(candidates)
    assert exc.value.code == code


def test_执法人员和回避申报输入错误有明确代码():
    with pytest.raises(RulebookError) as exc:
        freeze_inspectors([("C1", "甲"), ("C1", "乙")])
    assert exc.value.code == "draw.duplicate_inspector"
    with pytest.raises(RulebookError) as exc:
        freeze_inspectors([("C1", "")])
    assert exc.value.code == "draw.invalid_text"
    with pytest.raises(RulebookError) as exc:
        freeze_conflicts([("C1", "E1", "")])
    assert exc.value.code == "draw.invalid_text"
    with pytest.raises(RulebookError) as exc:
        freeze_conflicts([("C1", "e1", "亲属")])
    assert exc.value.code == "draw.invalid_uscc"
    assert freeze_conflicts([("C1", "E1", "亲属"), ("C1", "E1", "亲属")]).conflicts == (Conflict("C1", "E1", "亲属"),)


POOL = [Candidate(u, "AB"[i % 2]) for i, u in enumerate(usccs(10))]


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
        run_draw(candidates=POOL, parameters=params, seed=SEED)
    assert exc.value.code == code


def test_对象没有风险等级而任务按等级抽取_报缺少比例():
    with pytest.raises(RulebookError) as exc:
        run_draw(candidates=[Candidate("9112")], parameters=DrawParameters(strata_ratios={"A": Decimal(1)}), seed=SEED)
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
        run_draw(candidates=POOL, parameters=params, seed=SEED, inspectors=officers)
    assert exc.value.code == code


def test_非联合抽查列出参与部门_只核对人员所属部门():
    record = run_draw(
        candidates=POOL, parameters=DrawParameters(size=2, departments=JOINT), seed=SEED, inspectors=OFFICERS
    )
    assert record["parameters"]["departments"] == sorted(JOINT)


@pytest.mark.parametrize(
    "seed",
    [Seed("lottery", "1", "x"), Seed("csprng", "", "x"), Seed("csprng", " 1", "x"), Seed("csprng", "1", "")],  # type: ignore[arg-type]
)
def test_随机种子必须合规(seed):
    with pytest.raises(RulebookError) as exc:
        run_draw(candidates=POOL, parameters=DrawParameters(size=1), seed=seed)
    assert exc.value.code in {"draw.invalid_parameters", "draw.invalid_text"}


def test_空对象库按等级抽取得到空结果():
    record = run_draw(candidates=[], parameters=DrawParameters(strata_ratios={"A": Decimal(1)}), seed=SEED)
    assert record["result"]["selected"] == [] and record["candidate_pool_hash"] == hashlib.sha256(b"").hexdigest()


def test_对象库无风险等级时哈希行末为空字段():
    pool = freeze_candidates([Candidate("9112"), Candidate("9113", "A")])
    assert pool.hash == hashlib.sha256(b"9112\t\n9113\tA\n").hexdigest()


# --- records and verification ------------------------------------------------------------------------------------


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


def test_修改记录中任何一个字段_验证都失败():
    record = small_record()
    assert verify_record(record).ok
    checked = 0
    for path, value in leaves(record):
        changed = copy.deepcopy(record)
        target = changed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = mutated(value)
        try:
            assert not verify_record(changed).ok, path
        except RulebookError as exc:
            assert exc.code == "draw.malformed_record", path
        checked += 1
    assert checked > 100


def test_验证结果指明不一致的字段():
    record = small_record()
    record["result"]["selected"][1]["uscc"] = "9999"
    record["candidate_pool"]["usccs"][0] = "91120110MA99999999"
    differences = verify_record(record).differences
    assert "candidate_pool_hash" in differences and "result.selected[1].uscc" in differences


def test_不一致之处过多时只列前五十处():
    pool = [Candidate(u) for u in usccs(200)]
    record = run_draw(candidates=pool, parameters=DrawParameters(size=100), seed=SEED)
    record["seed"]["value"] = "another"
    differences = verify_record(record).differences
    assert len(differences) == 51 and differences[-1].startswith("……另有")


def test_重新执行时无法配齐人员_验证失败并说明():
    record = small_record()
    record["conflicts"] = [
        [c, s["uscc"], "近亲属"] for s in record["result"]["selected"][:1] for c in ("C0", "C2", "C4")
    ]
    result = verify_record(record)
    assert not result.ok and result.differences[0].startswith("result.teams")


def break_field(record, path, value):
    target = record
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("algorithm",), "fazhi-draw/0", "algorithm"),
        (("seed",), KeyError, "seed"),
        (("extra",), 1, "extra"),
        (("parameters", "extra"), 1, "parameters.extra"),
        (("parameters",), [], "parameters"),
        (("parameters", "size"), "5", "parameters.size"),
        (("parameters", "size"), True, "parameters.size"),
        (("parameters", "team_size"), "2", "parameters.team_size"),
        (("parameters", "team_size"), 1, "team_size"),
        (("parameters", "require_each_department"), 1, "parameters.require_each_department"),
        (("parameters", "departments"), "甲", "parameters.departments"),
        (("parameters", "departments"), [1], "parameters.departments"),
        (("parameters", "strata_ratios"), [], "parameters.strata_ratios"),
        (("parameters", "strata_ratios", "A"), None, "parameters.strata_ratios.A"),
        (("parameters", "strata_ratios", "A"), 0.5, "parameters.strata_ratios.A"),
        (("parameters", "strata_ratios", "A"), "half", "parameters.strata_ratios.A"),
        (("seed", "kind"), 1, "seed.kind"),
        (("candidate_pool",), [], "candidate_pool"),
        (("candidate_pool", "usccs"), "9112", "candidate_pool.usccs"),
        (("candidate_pool", "usccs", 0), 9112, "candidate_pool.usccs"),
        (("candidate_pool", "risk_classes"), [], "candidate_pool.risk_classes"),
        (("candidate_pool", "risk_classes", 0), 1, "candidate_pool.risk_classes"),
        (("inspector_pool",), "C1", "inspector_pool"),
        (("inspector_pool", 0), ["C1"], "inspector_pool[0]"),
        (("conflicts", 0, 2), None, "conflicts[0][2]"),
        (("result_hash",), None, "result_hash"),
        (("result",), [], "result"),
    ],
)
def test_格式错误的记录报_malformed_record_并指明字段(path, value, field):
    record = small_record()
    break_field(record, path, value)
    with pytest.raises(RulebookError) as exc:
        verify_record(record)
    assert exc.value.code == "draw.malformed_record"
    assert exc.value.params["field"] == field


def test_记录不是对象时报格式错误():
    with pytest.raises(RulebookError) as exc:
        verify_record([])
    assert exc.value.code == "draw.malformed_record"


def test_按比例抽取的记录可以验证():
    record = run_draw(candidates=POOL, parameters=DrawParameters(ratio=Decimal("0.30")), seed=SEED)
    assert record["parameters"]["ratio"] == "0.3"
    assert verify_record(json.loads(record_json(record))).ok


def test_记录哈希的快速计算与按定义计算一致():
    import gc

    from fazhi.rulebook.draws_v1 import _GcPaused, _record_hash

    record = small_record()
    assert record["record_hash"] == _record_hash(record)
    gc.disable()  # a caller that already paused the collector keeps it paused
    try:
        with _GcPaused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
