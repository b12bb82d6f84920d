"""Complaint grounds are chosen by the day of receipt; Order 121 items keep their status."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rulebook import complaints
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.sources import Status, load_yaml


def test_表格可以加载():
    assert complaints.check_tables()["refusal"] == 2


def test_2026年4月14日收到的投诉适用第20号令的不予受理事由():
    lst = complaints.grounds_on("refusal", dt.date(2026, 4, 14))
    assert lst.citation.article == "第十五条" and lst.status is Status.TEXT
    with pytest.raises(RulebookError) as exc:
        complaints.check_ground("refusal", "identity_refused", dt.date(2026, 4, 14))
    assert exc.value.code == "complaints.unknown_ground"


def test_2026年4月15日收到的投诉适用第121号令的不予受理事由():
    ground = complaints.check_ground("refusal", "identity_refused", dt.date(2026, 4, 15))
    assert ground.status is Status.SECONDARY


def test_第121号令终止事由中引用第四十二条的部分未经确认():
    ground = complaints.check_ground("termination", "refusal_ground_found", dt.date(2026, 5, 1))
    assert ground.status is Status.UNCONFIRMED


def test_合并处理只适用于2026年4月15日以后收到的来件():
    with pytest.raises(RulebookError) as exc:
        complaints.grounds_on("merge", dt.date(2026, 4, 14))
    assert exc.value.code == "complaints.no_grounds"
    assert complaints.grounds_on("merge", dt.date(2026, 4, 15)).status is Status.UNCONFIRMED


def test_重复投诉窗口为30日且未经确认():
    window = complaints.repeat_window(dt.date(2023, 1, 1))
    assert window.length_days == 30 and window.status is Status.UNCONFIRMED


CASES = load_yaml(Path(__file__).parent / "cases" / "complaints_grounds.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_事由规格用例(case):
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(RulebookError) as exc:
            complaints.check_ground(case["kind"], case["ground"], case["received_on"])
        assert exc.value.code == expect["error"]
        return
    ground = complaints.check_ground(case["kind"], case["ground"], case["received_on"])
    if "article" in expect:
        assert ground.article == expect["article"]
    assert ground.status.value == expect["status"]


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_任何收到日都恰有一套不予受理和终止调解事由且每项事由都可用(day):
    for kind in ("refusal", "termination", "not_covered"):
        version = complaints.grounds_on(kind, day)
        assert version.in_force_on(day)
        for ground in version.grounds:
            assert complaints.check_ground(kind, ground.id, day) == ground


def test_表格严格校验未知字段(tmp_path):
    bad = tmp_path / "grounds.yaml"
    bad.write_text("instrument: x\ngroups: []\nrepeat_windows: []\nextra: 1\n", encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        complaints.load_tables(bad)
    assert exc.value.code == "table.unknown_key"


GOOD_VERSION = """
  - effective_from: 2020-01-01
    effective_to: null
    citation: {instrument: 办法, article: 第一条}
    status: TEXT
    last_verified_on: 2026-11-26
    grounds: GROUNDS
"""
WINDOW = """
- length_days: LENGTH
  effective_from: 2020-01-01
  effective_to: null
  citation: {instrument: 办法, article: 第一条}
  status: UNCONFIRMED
  last_verified_on: 2026-11-26
"""


def table(tmp_path, *, kind="refusal", grounds="[{id: a, text: 甲, article: 一}]", length="30"):
    text = (
        f"instrument: x\ngroups:\n- kind: {kind}\n  name: 事由\n  versions:"
        + GOOD_VERSION.replace("GROUNDS", grounds)
        + "repeat_windows:"
        + WINDOW.replace("LENGTH", length)
    )
    path = tmp_path / "grounds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "changes,code",
    [
        ({"grounds": "[{id: a, text: 甲, article: 一}, {id: a, text: 乙, article: 二}]"}, "table.duplicate_id"),
        ({"grounds": "[]"}, "table.empty"),
        ({"kind": "praise"}, "table.bad_kind"),
        ({"length": "0"}, "table.bad_length"),
    ],
)
def test_表格错误被拒绝(tmp_path, changes, code):
    with pytest.raises(RulebookError) as exc:
        complaints.load_tables(table(tmp_path, **changes))
    assert exc.value.code == code


def test_合格的最小表格可以加载(tmp_path):
    loaded = complaints.load_tables(table(tmp_path))
    assert loaded.lists["refusal"][0].get("a").text == "甲" and loaded.lists["refusal"][0].get("b") is None


def test_收录期间之前没有重复投诉认定口径():
    with pytest.raises(RulebookError) as exc:
        complaints.repeat_window(dt.date(2019, 12, 31))
    assert exc.value.code == "complaints.no_repeat_window"
