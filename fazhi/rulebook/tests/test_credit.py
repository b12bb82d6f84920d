"""信用监管规则表：年报义务、列入事由、严重违法失信名单、信用修复、风险分类（日期两侧都测）。"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rulebook import credit
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import Status, load_yaml

D = dt.date


def test_规则表全部可严格加载():
    counts = credit.check_tables()
    assert counts["obligations"] == 4 and counts["repair"] == 3


@pytest.mark.parametrize(
    ("kind", "consequence"),
    [
        ("enterprise", "abnormal_list"),
        ("branch", "abnormal_list"),
        ("cooperative", "abnormal_list"),
        ("individual", "abnormal_mark"),
    ],
)
def test_企业合作社分支机构列入名录_个体工商户标记异常状态(kind, consequence):
    assert credit.annual_report_obligation(kind, 2022).consequence == consequence


def test_年报期间为次年1月1日至6月30日():
    assert credit.annual_report_obligation("enterprise", 2022).window(2022) == (D(2023, 1, 1), D(2023, 6, 30))


def test_当年设立的主体自下一年起报送设立当年的年报():
    ob = credit.annual_report_obligation("enterprise", 2022)
    assert ob.must_file(established_on=D(2022, 12, 31), report_year=2022)
    assert not ob.must_file(established_on=D(2023, 1, 1), report_year=2022)


def test_年报期满前不能清查_期满次日起可以():
    assert not credit.sweep_year_open(sweep_year=2023, as_of=D(2023, 6, 30))
    assert credit.sweep_year_open(sweep_year=2023, as_of=D(2023, 7, 1))


def test_2014年10月1日前没有年报义务():
    with pytest.raises(RulebookError) as exc:
        credit.annual_report_obligation("enterprise", 2013)  # chosen on 2014-01-01
    assert exc.value.code == "credit.no_obligation"
    assert credit.annual_report_obligation("enterprise", 2014).provenance.status is Status.TEXT


def test_列入事由带依据_未知事由列出可选事由():
    ground = credit.listing_ground("abnormal_list", "unreachable", D(2023, 5, 1))
    assert "第九条" in ground.basis_ref and ground.cure == "address_fixed"
    with pytest.raises(RulebookError) as exc:
        credit.listing_ground("abnormal_mark", "not_disclosed", D(2023, 5, 1))
    assert exc.value.code == "credit.unknown_ground"
    with pytest.raises(RulebookError):
        credit.listing_ground("abnormal_list", "unreachable", D(2014, 9, 30))
    assert credit.listing_ground("abnormal_list", "unreachable", D(2014, 10, 1))
    assert {g.id for g in credit.listing_grounds("abnormal_list", D(2023, 1, 1))} == {
        "annual_report",
        "not_disclosed",
        "false_information",
        "unreachable",
    }


def test_严重违法失信名单_2021年9月1日起施行_期间和提前移出():
    with pytest.raises(RulebookError) as exc:
        credit.serious_list_rules(D(2021, 8, 31))
    assert exc.value.code == "credit.no_serious_rules"
    rules = credit.serious_list_rules(D(2021, 9, 1))
    assert rules.period_end(D(2023, 9, 28)) == D(2026, 9, 28)
    # A burden is never rolled: 3 years from 2023-02-14 end on 2026-02-14, a Saturday in the Spring Festival break.
    assert rules.period_end(D(2023, 2, 14)) == D(2026, 2, 14)
    # Listed after 3 years on the abnormal list: removal after 5 years (条例第十七条第三款, 2014 text).
    assert rules.period_end(D(2020, 3, 2), "abnormal_list_3_years") == D(2025, 3, 2)
    assert rules.deciding_authority["abnormal_list_3_years"].decides == "upper"
    assert rules.early_removal_from(D(2023, 9, 28)) == D(2024, 9, 28)
    assert rules.abnormal_due(D(2020, 2, 29)) == D(2023, 2, 28)
    assert rules.values["period_years"].status is Status.UNCONFIRMED
    assert rules.values["abnormal_list_years"].status is Status.TEXT
    assert "heavy_penalty" in rules.grounds


def _repair(**kw):
    base = dict(
        penalty_kinds=["fine"],
        domain="advertising",
        published_on=D(2023, 1, 10),
        applied_on=D(2023, 7, 10),
        performed=True,
        harm_removed=True,
        repeated=False,
        listed=False,
    )
    base.update(kw)
    return credit.repair_eligibility(**base)


def test_一般处罚公示满6个月可修复_差一天不可():
    assert _repair().eligible
    no = _repair(applied_on=D(2023, 7, 9))
    assert not no.eligible and no.failed == ("min_period",) and no.earliest_on == D(2023, 7, 10)


def test_食品药品特种设备须公示满1年():
    assert not _repair(domain="food", applied_on=D(2024, 1, 9)).eligible
    assert _repair(domain="special_equipment", applied_on=D(2024, 1, 10)).eligible


@pytest.mark.parametrize("kind", ["suspension", "licence_revoked", "business_licence_revoked", "business_restricted"])
def test_停产停业吊销等处罚不得修复(kind):
    result = _repair(penalty_kinds=["fine", kind], applied_on=D(2024, 6, 1))
    assert not result.eligible and result.failed == ("excluded_kind",)


def test_警告通报批评较低罚款无需修复():
    assert _repair(penalty_kinds=["warning"]).failed == ("short_publicity",)


@pytest.mark.parametrize(
    ("field", "value", "failed"),
    [
        ("performed", False, "performed"),
        ("harm_removed", False, "harm_removed"),
        ("repeated", True, "no_repeat"),
        ("listed", True, "not_listed"),
    ],
)
def test_修复条件逐项核对(field, value, failed):
    result = _repair(**{field: value})
    assert not result.eligible and failed in result.failed


def test_2025年方案与2026年发改委办法作为分版本_最短公示期不悄然降为3个月():
    before = _repair(published_on=D(2025, 3, 1), applied_on=D(2025, 6, 21))
    after = _repair(published_on=D(2025, 3, 1), applied_on=D(2025, 6, 22))
    assert before.provenance.rule_id == "repair.samr_2021" and not before.eligible
    # 国办发〔2025〕22号 sets only ranges (general 3 months – 1 year): the 6-month minimum stays, UNCONFIRMED.
    assert after.provenance.rule_id == "repair.national_2025" and not after.eligible
    assert after.failed == ("min_period",) and after.earliest_on == D(2025, 9, 1)
    assert after.provenance.status is Status.UNCONFIRMED and after.min_rule_version == "2025-06-22"
    ndrc = _repair(published_on=D(2025, 10, 1), applied_on=D(2026, 4, 1))
    assert ndrc.provenance.rule_id == "repair.ndrc_2026" and ndrc.eligible and ndrc.min_rule_version == "2026-04-01"
    last_day_of_2025_plan = _repair(published_on=D(2025, 10, 1), applied_on=D(2026, 3, 31))
    assert last_day_of_2025_plan.provenance.rule_id == "repair.national_2025"


def test_风险分类阈值两侧():
    scoring = credit.risk_scoring(D(2023, 1, 1))
    assert scoring.classify(scoring.a_below - 1) == "A" and scoring.classify(scoring.a_below) == "B"
    assert scoring.classify(scoring.b_below) == "C" and scoring.classify(scoring.c_below) == "D"
    assert credit.risk_class({}, D(2023, 1, 1)) == (0, "A")
    assert credit.risk_class({"serious_listed": 1}, D(2023, 1, 1))[1] == "D"
    with pytest.raises(RulebookError):
        credit.risk_scoring(D(2022, 1, 12))


@given(st.dictionaries(st.sampled_from(credit.RISK_FACTORS), st.integers(0, 50)), st.sampled_from(credit.RISK_FACTORS))
def test_记录越多风险分类不会更低(counts, factor):
    scoring = credit.risk_scoring(D(2024, 1, 1))
    more = {**counts, factor: counts.get(factor, 0) + 1}
    assert scoring.score(more) >= scoring.score(counts)
    assert scoring.classify(scoring.score(more)) >= scoring.classify(scoring.score(counts))


def test_严格加载拒绝未知字段和重叠期间(tmp_path: Path):
    src = (credit.CREDIT_DIR / "repair.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "repair.yaml"
    bad.write_text(src.replace("effective_to: 2025-06-22", "effective_to: 2025-07-01"), encoding="utf-8")
    with pytest.raises(TableError) as exc:
        credit.load_repair_rules(bad)
    assert exc.value.code == "table.overlapping_versions"
    bad.write_text(src.replace("conditions: [performed", "colour: red\n  conditions: [performed", 1), encoding="utf-8")
    with pytest.raises(TableError) as exc:
        credit.load_repair_rules(bad)
    assert exc.value.code == "table.unknown_key"


CASES = load_yaml(Path(__file__).parent / "cases" / "credit.yaml")


@pytest.mark.parametrize("case", CASES["sweep_open"], ids=lambda c: c["name"])
def test_清查时点用例(case):
    assert credit.sweep_year_open(sweep_year=case["year"], as_of=case["as_of"]) is case["expect"]


@pytest.mark.parametrize("case", CASES["must_file"], ids=lambda c: c["name"])
def test_报送义务用例(case):
    ob = credit.annual_report_obligation(case["kind"], case["report_year"])
    assert ob.must_file(established_on=case["established_on"], report_year=case["report_year"]) is case["expect"]


@pytest.mark.parametrize("case", CASES["repair"], ids=lambda c: c["name"])
def test_信用修复用例(case):
    result = _repair(
        penalty_kinds=case.get("penalty_kinds", ["fine"]),
        domain=case["domain"],
        published_on=case["published_on"],
        applied_on=case["applied_on"],
        performed=case.get("performed", True),
        listed=case.get("listed", False),
    )
    assert result.eligible is case["expect"]
    if "failed" in case:
        assert list(result.failed) == case["failed"]


@pytest.mark.parametrize(
    ("file", "old", "new", "code"),
    [
        ("annual_report.yaml", "effective_to: null", "effective_to: 2014-09-01", "table.bad_period"),
        ("annual_report.yaml", "kinds: [enterprise]", "kinds: [company]", "table.bad_value"),
        ("annual_report.yaml", 'window_to: "06-30"', 'window_to: "06-31"', "table.bad_month_day"),
        (
            "annual_report.yaml",
            "  first_report_year: establishment_year",
            "  first_report_year: next_year",
            "table.bad_value",
        ),
        ("repair.yaml", "{general: 6,", "{general: 0,", "table.bad_length"),
        ("risk_scoring.yaml", "a_below: 6,", "a_below: 60,", "table.bad_thresholds"),
    ],
)
def test_规则表错误被严格拒绝(tmp_path: Path, file, old, new, code):
    src = (credit.CREDIT_DIR / file).read_text(encoding="utf-8")
    assert old in src
    bad = tmp_path / file
    bad.write_text(src.replace(old, new, 1), encoding="utf-8")
    loader = {
        "annual_report.yaml": credit.load_obligations,
        "repair.yaml": credit.load_repair_rules,
        "risk_scoring.yaml": credit.load_risk_scoring,
    }[file]
    with pytest.raises(TableError) as exc:
        loader(bad)
    assert exc.value.code == code


def test_2021年9月1日前没有信用修复规则_结果可序列化():
    with pytest.raises(RulebookError) as exc:
        _repair(published_on=D(2021, 1, 1), applied_on=D(2021, 8, 31))
    assert exc.value.code == "credit.no_repair_rules"
    data = _repair(published_on=D(2023, 8, 31), applied_on=D(2024, 2, 29)).as_dict()
    assert data["eligible"] and data["earliest_on"] == "2024-02-29" and data["rule_id"] == "repair.samr_2021"
    assert (
        credit.listing_ground("abnormal_list", "unreachable", D(2023, 1, 1)).provenance.as_dict()["status"]
        == "SECONDARY"
    )
