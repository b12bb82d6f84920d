"""Penalty publicity by penalty type (SAMR Order 45 Art. 2, 13, 14 — read in full), cases written from the text."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml

from fazhi.rulebook import penalty_publicity as pp
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.penalty_publicity import display_period, is_published

ON = dt.date(2023, 6, 1)
D = dt.date


@pytest.mark.parametrize(
    ("kinds", "fine", "party", "rule", "stop_early"),
    [
        # 第十三条第一款：仅受到较低数额罚款的 → 三个月。较低数额须低于听证的较大数额（10000 / 100000 元起）。
        (["fine"], "9999.99", "natural_person", "publicity.display_low", True),
        (["fine"], "10000", "natural_person", "publicity.display_other", True),
        (["fine"], "99999.99", "organisation", "publicity.display_low", True),
        (["fine"], "100000", "organisation", "publicity.display_other", True),
        # 仅受到通报批评的 → 三个月。
        (["circulated_criticism"], "0", "organisation", "publicity.display_low", True),
        # 没收违法所得：不是“仅”通报批评或较低数额罚款 → 三年，无论罚款多少。
        (["fine", "confiscation"], "500", "organisation", "publicity.display_other", True),
        (["confiscation"], "0", "natural_person", "publicity.display_other", True),
        # 吊销许可证件、责令停产停业：三年，且不得提前停止公示（第十四条第三款）。
        (["fine", "licence_revoked"], "500", "organisation", "publicity.display_other", False),
        (["suspension"], "0", "organisation", "publicity.display_other", False),
        (["licence_or_business", "fine"], "100", "organisation", "publicity.display_other", False),
        # 警告本身不公示（第二条第二款）；与较低数额罚款并处的按较轻的三个月（解释，表中注明）。
        (["warning", "fine"], "200", "natural_person", "publicity.display_low", True),
    ],
)
def test_公示期按处罚种类(kinds, fine, party, rule, stop_early):
    period = display_period(penalty_kinds=kinds, fine=Decimal(fine), party_kind=party, on=ON)
    assert (period.rule_id, period.may_stop_early) == (rule, stop_early)


def test_限制从业超过三年的按实际期限_不超过的三年():
    long = display_period(
        penalty_kinds=["practice_restricted"], party_kind="natural_person", on=ON, restriction_months=60
    )
    assert long.rule_id == "publicity.display_restriction" and not long.may_stop_early
    assert long.end(D(2023, 6, 10)) == D(2028, 6, 10)
    short = display_period(
        penalty_kinds=["business_restricted"], party_kind="organisation", on=ON, restriction_months=24
    )
    assert short.rule_id == "publicity.display_other" and short.end(D(2023, 6, 10)) == D(2026, 6, 10)


def test_公示期满日由期限引擎计算且不因节假日顺延():
    low = display_period(penalty_kinds=["fine"], fine=Decimal("100"), party_kind="natural_person", on=ON)
    assert low.end(D(2024, 7, 1)) == D(2024, 10, 1)  # 国庆节当日届满，对当事人不利的状态不延长
    other = display_period(penalty_kinds=["confiscation"], party_kind="organisation", on=ON)
    assert other.end(D(2023, 2, 15)) == D(2026, 2, 15)


def test_较低数额的核对状态随结果带出():
    p = display_period(penalty_kinds=["fine"], fine=Decimal("100"), party_kind="organisation", on=ON)
    data = p.as_dict()
    assert data["low_fine_status"] == "UNCONFIRMED" and data["status"] == "TEXT" and data["low"] is True
    assert "三个月" in p.reason


def test_是否公示_普通程序_仅警告不公示():
    assert is_published(penalty_kinds=["fine"], procedure="ordinary", on=ON)
    assert not is_published(penalty_kinds=["warning"], procedure="ordinary", on=ON)
    assert is_published(penalty_kinds=["warning", "fine"], procedure="ordinary", on=ON)
    assert not is_published(penalty_kinds=["fine"], procedure="summary", on=ON)
    assert not is_published(warning_only=True, procedure="ordinary", on=ON)


def test_错误与施行前():
    with pytest.raises(RulebookError) as err:
        display_period(penalty_kinds=["fine"], party_kind="organisation", on=D(2021, 8, 31))
    assert err.value.code == "publicity.no_rule_in_force"
    with pytest.raises(RulebookError) as err:
        display_period(penalty_kinds=["detention"], party_kind="organisation", on=ON)
    assert err.value.code == "publicity.unknown_kind"
    assert display_period(penalty_kinds=["fine"], party_kind="organisation", on=D(2021, 9, 1)).low


def test_较低数额不得与听证较大数额重叠(tmp_path, monkeypatch):
    data = yaml.safe_load(pp.PUBLICITY_FILE.read_text(encoding="utf-8"))
    data["display_periods"][0]["low_fine"]["below"]["natural_person"] = 10001
    path = tmp_path / "publicity.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(pp, "PUBLICITY_FILE", path)
    monkeypatch.setattr(pp.load_display_rules, "__defaults__", (path,))
    with pytest.raises(TableError) as err:
        pp.check_tables()
    assert err.value.code == "publicity.low_fine_overlaps_hearing"


def test_表检查():
    assert pp.check_tables()["publicity_display_periods"] == 1
