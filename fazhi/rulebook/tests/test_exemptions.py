"""No-penalty lists (首违不罚 / 轻微免罚) and the no-coercion list, as dated data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from fazhi.rulebook.discretion import CaseFacts
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.exemptions import (
    EXEMPTIONS_DIR,
    ListKind,
    default_exemptions,
    exemption_candidates,
    load_exemptions,
    match_exemption,
    match_no_coercion,
)

SPEC = yaml.safe_load((Path(__file__).parent / "cases" / "discretion_exemptions.yaml").read_text(encoding="utf-8"))


def _facts(data: dict[str, Any]) -> CaseFacts:
    return CaseFacts.from_dict({"party_kind": "organisation", **data})


@pytest.mark.parametrize("case", SPEC["exemptions"], ids=[c["case"] for c in SPEC["exemptions"]])
def test_免罚清单匹配(case: dict[str, Any]) -> None:
    facts = _facts(case["facts"])
    match = match_exemption(case["subject"], facts, on=case["day"])
    if case["expect"] is None:
        assert match is None
    else:
        assert match is not None and match.item_id == case["expect"]
        assert match.education_required  # 行政处罚法第三十三条第三款：不予处罚的应当教育
        if "discretionary" in case:
            assert match.discretionary is case["discretionary"]
    if "failed" in case:
        candidates = exemption_candidates(case["subject"], facts, on=case["day"])
        failed = {c.condition for _, checks in candidates for c in checks if not c.satisfied}
        assert failed == set(case["failed"])


@pytest.mark.parametrize("case", SPEC["no_coercion"], ids=[c["case"] for c in SPEC["no_coercion"]])
def test_不予实施行政强制措施清单(case: dict[str, Any]) -> None:
    match = match_no_coercion(case["subject"], _facts(case["facts"]), on=case["day"])
    if case["expect"] is None:
        assert match is None
    else:
        assert match is not None and match.item_id == case["expect"]
        assert match.list is ListKind.NO_COERCION and not match.education_required


def test_清单条目数与状态() -> None:
    items = default_exemptions().items
    count = {(kind, batch): 0 for kind in ListKind for batch in ("1", "2")}
    for item in items:
        if item.list is not ListKind.NO_COERCION:
            count[(item.list, item.id[2])] += 1
    assert count[(ListKind.FIRST_VIOLATION, "1")] == 8 and count[(ListKind.MINOR_VIOLATION, "1")] == 4
    # No second batch: it was only announced (press conference of 2025-12-16); no published text exists.
    assert count[(ListKind.FIRST_VIOLATION, "2")] == 0 and count[(ListKind.MINOR_VIOLATION, "2")] == 0
    assert all(item.status.value in ("SECONDARY", "UNCONFIRMED") for item in items)  # never presented as TEXT


def test_匹配结果可序列化并写明教育依据() -> None:
    spec = SPEC["exemptions"][0]
    match = match_exemption(spec["subject"], _facts(spec["facts"]), on=spec["day"])
    assert match is not None
    data = json.loads(json.dumps(match.as_dict(), ensure_ascii=False))
    assert data["list_label"] == "首违不罚"
    assert data["education_citation"]["article"] == "第三十三条第三款"
    assert data["status"] == "SECONDARY"
    coercion = match_no_coercion(
        "nc.other_means_sufficient",
        _facts({"harm": "none", "factors": ["exemption.can_preserve_otherwise"]}),
        on=dt.date(2025, 3, 1),
    )
    assert coercion is not None and coercion.as_dict()["education_citation"] is None


def test_未知编号报错() -> None:
    with pytest.raises(RulebookError) as err:
        match_exemption("fv9.nothing", _facts({}), on=dt.date(2025, 3, 1))
    assert err.value.code == "exemptions.unknown_item"


BAD = [
    (
        "未知字段",
        "samr_2025_first_batch.yaml",
        "  list: first_violation\n  name: 经营超过保质期的食品\n",
        "  list: first_violation\n  colour: red\n  name: 经营超过保质期的食品\n",
        "table.unknown_key",
    ),
    (
        "未知条件",
        "samr_2025_first_batch.yaml",
        "max_goods_value: 500,",
        "max_goods_value: 500, weather: sunny,",
        "table.unknown_key",
    ),
    (
        "缺少法律依据",
        "no_coercion_list.yaml",
        "  citation: {instrument: 中华人民共和国行政强制法, article: 第十六条第二款}\n",
        "  citation: null\n",
        "table.missing_citation",
    ),
    (
        "未定义的条件事实",
        "no_coercion_list.yaml",
        "[exemption.can_preserve_otherwise]",
        "[exemption.nothing]",
        "exemptions.unknown_fact",
    ),
    ("未知清单类型", "no_coercion_list.yaml", "list: no_coercion", "list: whatever", "exemptions.bad_list"),
    ("金额不是数字", "no_coercion_list.yaml", "max_goods_value: 5000", "max_goods_value: lots", "table.bad_number"),
    ("金额是列表", "no_coercion_list.yaml", "max_goods_value: 5000", "max_goods_value: [5000]", "table.bad_number"),
    (
        "重复定义条件事实",
        "no_coercion_list.yaml",
        "- {id: exemption.stopped_violation,",
        "- {id: exemption.supplier_shown,",
        "exemptions.duplicate_fact",
    ),
    (
        "同一条目期间重叠",
        "no_coercion_list.yaml",
        "- id: nc.other_means_sufficient",
        "- id: nc.small_value_goods",
        "table.overlapping_versions",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_规则表严格校验(tmp_path: Path, case: tuple[str, str, str, str, str]) -> None:
    _, file, old, new, code = case
    target = tmp_path / "exemptions"
    shutil.copytree(EXEMPTIONS_DIR, target)
    text = (target / file).read_text(encoding="utf-8")
    assert old in text, old
    (target / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_exemptions(target)
    assert err.value.code == code


def test_未列出的条件不检查(tmp_path: Path) -> None:
    target = tmp_path / "exemptions"
    shutil.copytree(EXEMPTIONS_DIR, target)
    path = target / "no_coercion_list.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "{harm_at_most: none, required_facts: [exemption.can_preserve_otherwise]}",
            "{required_facts: [exemption.can_preserve_otherwise]}",
        ),
        encoding="utf-8",
    )
    facts = _facts({"harm": "serious", "factors": ["exemption.can_preserve_otherwise"]})
    match = match_no_coercion(
        "nc.other_means_sufficient", facts, on=dt.date(2025, 3, 1), tables=load_exemptions(target)
    )
    assert match is not None and [c.condition for c in match.checks] == ["exemption.can_preserve_otherwise"]
