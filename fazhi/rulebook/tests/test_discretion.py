"""Discretion benchmarks: tiers, ranges, reasons, amounts, strict tables and replay (docs/rules/discretion.md)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.rulebook.discretion import (
    DISCRETION_DIR,
    CaseFacts,
    Harm,
    OutsideRange,
    PartyKind,
    Tier,
    assess,
    check_amount,
    default_benchmarks,
    load_benchmarks,
    replay,
    weakest,
)
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import Status

SPEC = yaml.safe_load((Path(__file__).parent / "cases" / "discretion.yaml").read_text(encoding="utf-8"))
DEFAULT_DAY = SPEC["defaults"]["decided_on"]


def _facts(data: dict[str, Any]) -> CaseFacts:
    data = dict(data)
    data.setdefault("party_kind", "organisation")
    return CaseFacts.from_dict(data)


def _run(case: dict[str, Any]):
    return assess(case["violation"], _facts(case["facts"]), decided_on=case.get("decided_on", DEFAULT_DAY))


def _pair(values: list[str]) -> tuple[Decimal, Decimal]:
    return Decimal(values[0]), Decimal(values[1])


@pytest.mark.parametrize("case", SPEC["assess"], ids=[c["case"] for c in SPEC["assess"]])
def test_裁量档次与幅度(case: dict[str, Any]) -> None:
    result = _run(case)
    if "tier" in case:
        assert result.tier is Tier(case["tier"])
    if "statutory" in case:
        assert (result.statutory.min, result.statutory.max) == _pair(case["statutory"])
    if "permitted" in case:
        assert (result.permitted.min, result.permitted.max) == _pair(case["permitted"])
    if "discretionary" in case:
        assert result.discretionary is case["discretionary"]
    if "below_statutory_minimum" in case:
        assert result.below_statutory_minimum is case["below_statutory_minimum"]
    if "if_penalised" in case:
        tier, low, high = case["if_penalised"]
        assert result.if_penalised_tier is Tier(tier)
        assert result.if_penalised is not None
        assert (result.if_penalised.min, result.if_penalised.max) == (Decimal(low), Decimal(high))
    if "reason_contains" in case:
        assert any(case["reason_contains"] in r.text for r in result.reasons)


@pytest.mark.parametrize("case", SPEC["amounts"], ids=[c["case"] for c in SPEC["amounts"]])
def test_拟处罚款金额核对(case: dict[str, Any]) -> None:
    result = _run(case)
    if case.get("error"):
        with pytest.raises(RulebookError) as err:
            check_amount(result, Decimal(case["amount"]))
        assert err.value.code == case["error"]
        return
    outcome = check_amount(result, Decimal(case["amount"]))
    if case["result"] == "ok":
        assert outcome is None
    else:
        assert isinstance(outcome, OutsideRange)
        assert outcome.requires_written_reason and outcome.requires_legal_review
        assert "法制审核" in outcome.message


@pytest.mark.parametrize("case", SPEC["errors"], ids=[c["case"] for c in SPEC["errors"]])
def test_错误输入给出错误代码(case: dict[str, Any]) -> None:
    if case["error"] is None:
        assert _run(case).tier is Tier.GENERAL
        return
    with pytest.raises(RulebookError) as err:
        _run(case)
    assert err.value.code == case["error"]


def test_超出法定幅度的错误写明法定幅度() -> None:
    result = assess("food.expired_food_sale", _facts({"goods_value": "9999.99"}), decided_on=DEFAULT_DAY)
    with pytest.raises(RulebookError) as err:
        check_amount(result, Decimal("100000.01"))
    assert err.value.params["min"] == Decimal("50000.00") and err.value.params["max"] == Decimal("100000.00")
    assert "50000.00–100000.00 元" in err.value.message


def test_至少十五个常见违法行为覆盖各领域() -> None:
    ids = set(default_benchmarks().violations)
    assert len(ids) >= 15
    assert {i.split(".")[0] for i in ids} >= {
        "food", "product", "price", "advertising", "special_equipment", "drug", "cosmetics", "device", "trademark",
        "patent",
    }  # fmt: skip


def test_结果携带表版本状态与规则版本且可序列化() -> None:
    result = assess("food.expired_food_sale", _facts({"goods_value": "100"}), decided_on=DEFAULT_DAY)
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["table_id"] == "food_safety_law"
    assert data["table_version"] == "fsl-2021.1"
    assert data["table_status"] == "SECONDARY"
    assert data["split_status"] == "UNCONFIRMED"
    assert data["status"] == "UNCONFIRMED"  # the weakest input wins
    assert data["rulebook_version"].startswith("rb-")
    assert data["inputs"]["goods_value"] == "100"
    assert data["permitted"] == {"min": "65000.00", "max": "85000.00"}
    assert any("未经确认" in r["text"] for r in data["reasons"])
    assert all(r["citation"] is None or r["citation"]["instrument"] for r in data["reasons"])


def test_每个情节理由引用其来源() -> None:
    result = assess(
        "food.expired_food_sale",
        _facts({"goods_value": "100", "factors": ["apl32.removed_harm"]}),
        decided_on=DEFAULT_DAY,
    )
    reason = next(r for r in result.reasons if "主动消除" in r.text)
    assert reason.citation is not None and reason.citation.article.startswith("第三十二条")


def test_案件事实往返不变() -> None:
    facts = CaseFacts(
        party_kind=PartyKind.NATURAL_PERSON,
        goods_value=Decimal("1.50"),
        factors=frozenset({"apl32.confessed"}),
        first_violation_within_2_years=True,
        harm=Harm.MINOR,
        corrected_promptly=True,
    )
    assert CaseFacts.from_dict(json.loads(json.dumps(facts.as_dict()))) == facts


@pytest.mark.parametrize("value", [1.5, True, "abc", "NaN"])
def test_金额必须是确定的十进制数(value: Any) -> None:
    with pytest.raises(RulebookError) as err:
        CaseFacts(party_kind=PartyKind.ORGANISATION, goods_value=value)
    assert err.value.code == "discretion.bad_amount"


def test_清单条件事实不影响裁量() -> None:
    facts = _facts({"goods_value": "100", "factors": ["exemption.supplier_shown"]})
    assert assess("food.expired_food_sale", facts, decided_on=DEFAULT_DAY).tier is Tier.GENERAL


def test_标签与最弱状态() -> None:
    assert [t.label for t in Tier] == ["不予处罚", "减轻处罚", "从轻处罚", "一般处罚", "从重处罚"]
    assert weakest(Status.TEXT, Status.SECONDARY) is Status.SECONDARY


# ------------------------------------------------------------------------------------------------ replay


def _copy_tables(tmp_path: Path) -> Path:
    target = tmp_path / "discretion"
    shutil.copytree(DISCRETION_DIR, target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_复算冻结结果一致() -> None:
    frozen = assess("food.expired_food_sale", _facts({"goods_value": "12000"}), decided_on=DEFAULT_DAY).as_dict()
    matches, differences = replay(json.loads(json.dumps(frozen)))
    assert matches and differences == ()


def test_基准表新增版本后仍按冻结版本复算一致(tmp_path: Path) -> None:
    frozen = assess("food.expired_food_sale", _facts({"goods_value": "12000"}), decided_on=DEFAULT_DAY).as_dict()
    tables = _copy_tables(tmp_path)
    # A new version from 2027 with a different split: the frozen case still replays against fsl-2021.1.
    path = tables / "food_safety_law.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    violation = next(v for v in data["violations"] if v["id"] == "food.expired_food_sale")
    old = violation["versions"][0]
    new = {**old, "version": "fsl-2027.1", "effective_from": dt.date(2027, 1, 1), "split": "tianjin_2027"}
    old["effective_to"] = dt.date(2027, 1, 1)
    violation["versions"].append(new)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    split_path = tables / "tianjin_discretion_benchmark.yaml"
    splits = yaml.safe_load(split_path.read_text(encoding="utf-8"))
    splits["split_profiles"]["tianjin_2027"] = {
        **splits["split_profiles"]["tianjin_default_30_40_30"],
        "lighter": [0, 0.2],
        "general": [0.2, 0.8],
        "heavier": [0.8, 1],
    }
    split_path.write_text(yaml.safe_dump(splits, allow_unicode=True), encoding="utf-8")
    changed = load_benchmarks(tables)
    assert replay(frozen, benchmarks=changed).matches
    later = assess(
        "food.expired_food_sale", _facts({"goods_value": "12000"}), decided_on=dt.date(2027, 1, 1), benchmarks=changed
    )
    assert later.table_version == "fsl-2027.1"
    assert later.permitted.min == Decimal("144000.00")  # 120000 + 20 % of 120000


def test_基准表原版本被改动后复算报告差异(tmp_path: Path) -> None:
    frozen = assess("food.expired_food_sale", _facts({"goods_value": "12000"}), decided_on=DEFAULT_DAY).as_dict()
    tables = _copy_tables(tmp_path)
    _edit(tables / "tianjin_discretion_benchmark.yaml", "general: [0.3, 0.7]", "general: [0.3, 0.6]")
    outcome = replay(frozen, benchmarks=load_benchmarks(tables))
    assert not outcome.matches
    assert [d.field for d in outcome.differences] == ["permitted.max"]
    assert outcome.differences[0].frozen == "204000.00" and outcome.differences[0].recomputed == "192000.00"


def test_冻结版本已不存在时报错(tmp_path: Path) -> None:
    frozen = assess("food.expired_food_sale", _facts({"goods_value": "12000"}), decided_on=DEFAULT_DAY).as_dict()
    frozen["table_version"] = "fsl-1999.1"
    with pytest.raises(RulebookError) as err:
        replay(frozen)
    assert err.value.code == "discretion.table_version_unknown"


# ------------------------------------------------------------------------------------------------ loader


BAD_TABLES = [
    (
        "未知字段",
        "food_safety_law.yaml",
        "    status: SECONDARY\n",
        "    status: SECONDARY\n    colour: red\n",
        "table.unknown_key",
    ),
    (
        "缺少法律依据",
        "food_safety_law.yaml",
        "    penalty_provision: {instrument: 中华人民共和国食品安全法, article: 第一百二十二条第一款}\n",
        "    penalty_provision: null\n",
        "table.missing_citation",
    ),
    (
        "版本期间重叠",
        "patent_law.yaml",
        "  versions:\n",
        "  versions:\n  - version: pl-old\n    effective_from: 2021-01-01\n    effective_to: 2022-01-01\n    status: SECONDARY\n    last_verified_on: 2026-11-26\n    violated: {instrument: 专利法, article: 第六十八条}\n    penalty_provision: {instrument: 专利法, article: 第六十八条}\n    brackets: [{description: x, fine: {min: 0, max: 1}}]\n    split: tianjin_default_30_40_30\n",
        "table.overlapping_versions",
    ),
    (
        "版本号重复",
        "patent_law.yaml",
        "  versions:\n",
        "  versions:\n  - version: pl-2021.1\n    effective_from: 2020-01-01\n    effective_to: 2021-01-01\n    status: SECONDARY\n    last_verified_on: 2026-11-26\n    violated: {instrument: 专利法, article: 第六十八条}\n    penalty_provision: {instrument: 专利法, article: 第六十八条}\n    brackets: [{description: x, fine: {min: 0, max: 1}}]\n    split: tianjin_default_30_40_30\n",
        "discretion.duplicate_version",
    ),
    (
        "未定义的划分方式",
        "patent_law.yaml",
        "split: tianjin_default_30_40_30",
        "split: nowhere",
        "discretion.unknown_split",
    ),
    (
        "未定义的情节",
        "patent_law.yaml",
        "    - samr.heavier.emergency\n",
        "    - samr.heavier.nonexistent\n",
        "discretion.unknown_factor",
    ),
    (
        "重复的违法行为",
        "patent_law.yaml",
        "id: patent.passing_off",
        "id: price.price_fraud",
        "discretion.duplicate_violation",
    ),
    (
        "重复的情节",
        "tianjin_discretion_benchmark.yaml",
        "- id: samr.lighter.cooperated",
        "- id: apl32.confessed",
        "discretion.duplicate_factor",
    ),
    (
        "重复的划分方式",
        "administrative_penalty_law.yaml",
        "factors:\n",
        "split_profiles:\n  tianjin_default_30_40_30: {lighter: [0, 0.3], general: [0.3, 0.7], heavier: [0.7, 1], citation: {instrument: x, article: y}, status: TEXT}\nfactors:\n",
        "discretion.duplicate_split",
    ),
    (
        "档次比例越界",
        "tianjin_discretion_benchmark.yaml",
        "heavier: [0.7, 1]",
        "heavier: [0.7, 1.2]",
        "discretion.bad_split",
    ),
    (
        "档次比例不是两个数",
        "tianjin_discretion_benchmark.yaml",
        "heavier: [0.7, 1]",
        "heavier: 0.7",
        "discretion.bad_split",
    ),
    (
        "档次比例不是数字",
        "tianjin_discretion_benchmark.yaml",
        "heavier: [0.7, 1]",
        "heavier: [0.7, x]",
        "table.bad_number",
    ),
    (
        "档次未依次递增",
        "tianjin_discretion_benchmark.yaml",
        "lighter: [0, 0.3]",
        "lighter: [0, 0.8]",
        "discretion.bad_split",
    ),
    (
        "同时给出固定金额与倍数",
        "patent_law.yaml",
        "      fine: {min: 0, max: 250000}\n",
        "      fine: {min: 0, max: 250000}\n      multiple: {min: 0, max: 1}\n",
        "discretion.bad_bracket",
    ),
    (
        "罚款下限大于上限",
        "patent_law.yaml",
        "fine: {min: 0, max: 250000}",
        "fine: {min: 300000, max: 250000}",
        "discretion.bad_bracket",
    ),
    (
        "倍数下限大于上限",
        "patent_law.yaml",
        "multiple: {min: 0, max: 5}",
        "multiple: {min: 6, max: 5}",
        "discretion.bad_bracket",
    ),
    (
        "无基数时按倍数",
        "patent_law.yaml",
        "      when: {absent: true}\n      fine: {min: 0, max: 250000}\n",
        "      when: {absent: true}\n      multiple: {min: 0, max: 1}\n",
        "discretion.bad_bracket",
    ),
    ("按倍数但未写基数", "patent_law.yaml", "    base: illegal_gains\n", "", "discretion.bad_bracket"),
    (
        "没有计罚幅度",
        "special_equipment_safety_law.yaml",
        "    brackets:\n    - description: 逾期未改正的，处一万元以上十万元以下罚款\n      fine: {min: 10000, max: 100000}\n",
        "    brackets: []\n",
        "discretion.bad_bracket",
    ),
    (
        "没有版本",
        "patent_law.yaml",
        "  versions:\n  - version: pl-2021.1",
        "  versions: []\n  x:\n  - version: pl-2021.1",
        "table.unknown_key",
    ),
    (
        "情节列表不是文字列表",
        "special_equipment_safety_law.yaml",
        "    other_penalties: [责令停止使用有关特种设备]\n",
        "    other_penalties: 责令停止使用有关特种设备\n",
        "discretion.bad_list",
    ),
    (
        "全局不予处罚情节未定义",
        "administrative_penalty_law.yaml",
        "- apl33.no_fault\nglobal_mandatory_lighter",
        "- apl33.nothing\nglobal_mandatory_lighter",
        "discretion.unknown_factor",
    ),
]


@pytest.mark.parametrize("case", BAD_TABLES, ids=[c[0] for c in BAD_TABLES])
def test_规则表严格校验(tmp_path: Path, case: tuple[str, str, str, str, str]) -> None:
    _, file, old, new, code = case
    tables = _copy_tables(tmp_path)
    _edit(tables / file, old, new)
    with pytest.raises(TableError) as err:
        load_benchmarks(tables)
    assert err.value.code == code


def test_空版本列表被拒绝(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    (tables / "extra.yaml").write_text(
        "instrument: x\nviolations:\n- {id: x.y, name: z, versions: []}\n", encoding="utf-8"
    )
    with pytest.raises(TableError) as err:
        load_benchmarks(tables)
    assert err.value.code == "table.missing_key"


# ------------------------------------------------------------------------------------------------ properties

VIOLATIONS = sorted(default_benchmarks().violations)
FACTORS = sorted(default_benchmarks().factors)
money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
facts_strategy = st.builds(
    CaseFacts,
    party_kind=st.sampled_from(list(PartyKind)),
    goods_value=money,
    illegal_gains=st.one_of(st.none(), money),
    turnover=st.one_of(st.none(), money),
    advertising_fees=st.one_of(st.none(), money),
    factors=st.frozensets(st.sampled_from(FACTORS), max_size=4),
    first_violation_within_2_years=st.booleans(),
    harm=st.sampled_from(list(Harm)),
    corrected_promptly=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(violation=st.sampled_from(VIOLATIONS), facts=facts_strategy)
def test_建议幅度不超出法定幅度(violation: str, facts: CaseFacts) -> None:
    result = assess(violation, facts, decided_on=DEFAULT_DAY)
    ranges = [(result.tier, result.permitted)]
    if result.if_penalised is not None and result.if_penalised_tier is not None:
        ranges.append((result.if_penalised_tier, result.if_penalised))
    for tier, permitted in ranges:
        assert permitted.min <= permitted.max
        if tier is Tier.MITIGATED:
            assert permitted.max <= result.statutory.min
        elif tier is not Tier.NOT_PENALISED:
            assert result.statutory.min <= permitted.min and permitted.max <= result.statutory.max
    assert replay(result.as_dict()).matches


@settings(max_examples=200, deadline=None)
@given(violation=st.sampled_from(VIOLATIONS), amount=money)
def test_从轻上限不高于一般上限不高于从重上限(violation: str, amount: Decimal) -> None:
    base = {
        "party_kind": "organisation",
        "goods_value": str(amount),
        "illegal_gains": str(amount),
        "turnover": str(amount),
        "advertising_fees": str(amount),
    }
    lighter = assess(violation, CaseFacts.from_dict({**base, "factors": ["apl32.confessed"]}), decided_on=DEFAULT_DAY)
    general = assess(violation, CaseFacts.from_dict(base), decided_on=DEFAULT_DAY)
    heavier = assess(violation, CaseFacts.from_dict({**base, "harm": "serious"}), decided_on=DEFAULT_DAY)
    assert (lighter.tier, general.tier, heavier.tier) == (Tier.LIGHTER, Tier.GENERAL, Tier.HEAVIER)
    assert lighter.permitted.max <= general.permitted.max <= heavier.permitted.max
    assert lighter.permitted.min <= general.permitted.min <= heavier.permitted.min


def test_已核对原文的档次划分不再提示核对(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    _edit(
        tables / "tianjin_discretion_benchmark.yaml", "    status: UNCONFIRMED\nfactors:", "    status: TEXT\nfactors:"
    )
    result = assess(
        "food.expired_food_sale",
        _facts({"goods_value": "100"}),
        decided_on=DEFAULT_DAY,
        benchmarks=load_benchmarks(tables),
    )
    assert result.split_status is Status.TEXT and result.status is Status.SECONDARY
    assert not any("使用前须核对" in r.text for r in result.reasons)


def test_违法行为目录_常见领域五十项以上_每项写明违反条款和处罚依据() -> None:
    from fazhi.rulebook.discretion import violation_catalogue

    catalogue = violation_catalogue(on=dt.date(2026, 12, 6))
    decidable = [e for e in catalogue if e.decidable]
    assert len(decidable) >= 50
    assert all(e.violated.startswith("《") and e.penalty_provision.startswith("《") for e in decidable)
    prefixes = {e.id.split(".")[0] for e in decidable}
    # issue 11: food, advertising, prices, product quality, special equipment, unlicensed business, measurement,
    # trademarks
    assert {"food", "advertising", "price", "product", "special_equipment", "registration", "measurement",
            "trademark"} <= prefixes  # fmt: skip
    [other] = [e for e in catalogue if not e.decidable]
    assert (other.id, other.name) == ("other.unspecified", "其他违法行为")


def test_目录中每个违法行为以默认事实计算时只会要求录入基数() -> None:
    from fazhi.rulebook.discretion import violation_catalogue

    for entry in violation_catalogue(on=dt.date(2026, 12, 6)):
        if not entry.decidable:
            continue
        try:
            result = assess(entry.id, CaseFacts(party_kind=PartyKind.ORGANISATION), decided_on=dt.date(2026, 12, 6))
        except RulebookError as exc:
            assert exc.code == "discretion.base_amount_required", (entry.id, exc.code)
        else:
            assert result.statutory.min <= result.statutory.max
