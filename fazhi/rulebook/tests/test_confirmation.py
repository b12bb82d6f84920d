"""A guess never decides alone (issue 13 §3): the scan of UNCONFIRMED values, their uses and the gate."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fazhi.rulebook import confirmation as c
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.sources import Status

D = dt.date


def test_每个未经确认的值都登记了用途_表检查通过() -> None:
    summary = c.check_tables()
    assert summary["unconfirmed"] == len(c.unconfirmed_values()) > 30
    assert all(v.uses for v in c.unconfirmed_values())


def test_严重违法失信名单期满移出的期间未经确认_用于结束名单() -> None:
    value = c.deadline_value("serious_list.auto_removal", D(2023, 1, 1))
    assert value.status is Status.UNCONFIRMED and value.value == "3年"
    assert value.ref == "deadlines/serious_list_measures.yaml#rules/serious_list.auto_removal/versions/2021-09-01"
    assert any(u.id == "credit.serious_list_expire" and u.purpose is c.Purpose.END_LISTING for u in value.uses)
    same = c.deadline_value(compute_deadline("serious_list.auto_removal", D(2023, 1, 1)))
    assert same == value


def test_闸门_未确认的值不能单独决定_确认后可以_内容变更后确认失效() -> None:
    value = c.deadline_value("serious_list.auto_removal", D(2023, 1, 1))
    text = c.deadline_value("case.hearing_request", D(2023, 1, 1))
    assert text.status is Status.TEXT
    gate = c.decision_gate([value, text], purpose="end_listing", confirmations={})
    assert not gate.decides_alone and gate.pending == (value,)
    assert "结束列入名单或公示" in gate.message and "法制审核" in gate.message and "3年" in gate.message
    assert c.decision_gate(
        [value], purpose=c.Purpose.END_LISTING, confirmations={value.ref: value.fingerprint}
    ).decides_alone
    stale = c.decision_gate([value], purpose=c.Purpose.END_LISTING, confirmations={value.ref: "0" * 16})
    assert not stale.decides_alone
    assert c.decision_gate([text], purpose="no_penalty", confirmations={}).as_dict()["decides_alone"] is True
    assert c.may_decide_alone(text, confirmed=False) and not c.may_decide_alone(value, confirmed=False)


def test_首违不罚清单项目未经确认_用于不予处罚() -> None:
    [item] = c.values_matching("exemptions/samr_2025_first_batch.yaml#items/fv1.unmarked_price")
    assert item.status is Status.UNCONFIRMED
    assert [u.purpose for u in item.uses] == [c.Purpose.NO_PENALTY]
    assert "首违不罚清单（一）" in str(item.citation)


def test_未知的规则值给出代码() -> None:
    with pytest.raises(RulebookError) as err:
        c.rule_value("deadlines/nope.yaml#x")
    assert err.value.code == "rules.unknown_value"
    with pytest.raises(RulebookError):
        c.deadline_value("case.hearing_request", D(2010, 1, 1))


def test_编号稳定且互不重复() -> None:
    refs = [v.ref for v in c.all_values()]
    assert len(refs) == len(set(refs))
    assert "credit/listing_grounds.yaml#grounds/unreachable@abnormal_mark" in refs


def test_规则值用中文字段名写出_不显示JSON() -> None:
    """The rule confirmation page and the gate's message show a value as a legal reviewer reads it."""
    node = {
        "id": "x",
        "label": "示例",
        "penalty_provision": {"instrument": "中华人民共和国价格法", "article": "第四十条第一款"},
        "confiscation": [],
        "other_penalties": ["警告", "责令停业"],
        "veto": True,
        "machine": None,
        "natural_person_min": 10000,
        "status": "TEXT",
    }
    assert c._value_text(node) == (
        "处罚依据：《中华人民共和国价格法》第四十条第一款，没收：无，其他处罚：警告、责令停业，一票否决：是，"
        "系统自动核对项：无，自然人起点：10000"
    )
    for value in c.all_values():
        for trace in ("{", "[]", '"', "None", "True", "False", "_min=", "_max="):
            assert trace not in value.value, (value.ref, value.value)


def test_代码值显示中文名称_编号留在数据中() -> None:
    """``split: tianjin_default_30_40_30`` and ``base: goods_value`` are code words; a person reads Chinese."""
    node = {
        "id": "advertising.false_advertising",
        "base": "goods_value",
        "split": "tianjin_default_30_40_30",
        "kinds": ["enterprise", "individual"],
        "grades": [{"id": "excellent", "min_points": 90}],
        "status": "TEXT",
    }
    text = c._value_text(node)
    assert text.startswith("计罚基数：货值金额，档次划分：天津市通用划分")
    assert "适用主体类型：企业、个体工商户" in text
    for code in ("goods_value", "tianjin_default", "enterprise", "individual", "excellent"):
        assert code not in text
    value = c.rule_value("discretion/advertising_law.yaml#violations/advertising.false_advertising/versions/2021-07-15")
    assert "计罚基数：广告费用" in value.value and "advertising_fees" not in value.value


def test_没有中文名称的代码值使表检查失败(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text(
        "items:\n- id: a\n  base: goods_value\n  status: TEXT\n- id: b\n  base: brand_new_base\n  status: TEXT\n",
        encoding="utf-8",
    )
    assert c.unlabelled_codes(tmp_path) == {"brand_new_base": "t.yaml#items/b"}
    assert c.unlabelled_codes(tmp_path, labels={"goods_value": "货值金额", "brand_new_base": "新基数"}) == {}


def test_代码名称表拒绝非中文名称(tmp_path) -> None:
    path = tmp_path / "code_labels.yaml"
    path.write_text("codes:\n  goods_value: goods value\n", encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        c.code_labels(path)
    assert err.value.code == "labels.not_chinese"


# A screen reads Chinese: no field name (excluded_kinds) and no dotted row id (food.expired_food_sale) in a value's
# text. Two patterns catch both whatever their spelling: snake_case words and dotted lower-case ids.
_RAW = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


def test_规则值的名称和文字中没有英文字段名和规则编号() -> None:
    raw = {v.ref: _RAW.findall(f"{v.label} {v.value}") for v in c.all_values()}
    assert {ref: found for ref, found in raw.items() if found} == {}


@pytest.mark.parametrize(
    ("ref", "shown", "hidden"),
    [
        # 调休上班日: the word of the State Council's notices (国务院办公厅关于2008年部分节假日安排的通知)
        ("calendar/2008.yaml#", "调休上班日：2008-02-02：春节", "makeup_working_days"),
        # 首违不罚清单 item: the violation by its own name in the discretion table, not by its id
        ("exemptions/samr_2025_first_batch.yaml#items/fv1.expired_food", "违法行为：经营超过保质期的食品", "food."),
        # 行政处罚法第三十三条第二款: 初次违法 (a condition of the 首违不罚 item), 是/否 in Chinese
        ("exemptions/samr_2025_first_batch.yaml#items/fv1.unmarked_price", "初次违法：是", "first_violation"),
        # 行政处罚法第三十二条 facts by their text in the discretion table
        ("discretion/food_safety_law.yaml#violations/food.unlicensed_operation/versions/2021-07-15",
         "主动消除或者减轻违法行为危害后果", "apl32."),
        # the derived fact 及时改正 (the discretion engine's own text)
        ("discretion/food_safety_law.yaml#violations/food.unlicensed_operation/versions/2021-07-15", "及时改正",
         "facts."),
    ],
)  # fmt: skip
def test_字段和规则编号以中文名称显示(ref, shown, hidden) -> None:
    value = c.rule_value(ref)
    assert shown in value.value and hidden not in value.value


def test_规则编号以小字保留_年历表以通知名称为题() -> None:
    value = c.rule_value("exemptions/samr_2025_first_batch.yaml#items/fv1.expired_food")
    assert value.rule_ids[0] == "food.expired_food_sale"
    assert c.rule_value("calendar/2008.yaml#").label == "国务院办公厅关于2008年部分节假日安排的通知"


def test_没有中文名称的字段使表检查失败(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text(
        "items:\n- id: a\n  conditions: {harm_at_most: none}\n  status: TEXT\n"
        "- id: b\n  brand_new_key: 3\n  status: TEXT\n",
        encoding="utf-8",
    )
    assert c.unlabelled_fields(tmp_path, labels={"conditions": "条件", "harm_at_most": "危害后果不超过"}) == {
        "brand_new_key": "t.yaml#items/b"
    }
    assert c.unlabelled_fields(tmp_path) == {"brand_new_key": "t.yaml#items/b"}


def test_没有行写明名称的规则编号使表检查失败(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text(
        "rows:\n- {id: x.named, name: 有名称的行, status: TEXT}\n"
        "- id: y\n  refers: [x.named, z.nowhere]\n  status: TEXT\n",
        encoding="utf-8",
    )
    assert c.untitled_rule_ids(tmp_path, titles={"x.named": "有名称的行"}) == {"z.nowhere": "t.yaml#rows/y"}


def test_表检查的字段缺少名称时报错(monkeypatch) -> None:
    monkeypatch.setattr(c, "unlabelled_fields", lambda: {"brand_new_key": "t.yaml#items/b"})
    with pytest.raises(RulebookError) as err:
        c.check_tables()
    assert err.value.code == "labels.missing_field"
