"""The deadline engine: spec cases, invariants, strict rule tables (ADR 0002, ADR 0003)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.rulebook import deadlines
from fazhi.rulebook.calendar import Calendar, YearTable, default_calendar
from fazhi.rulebook.deadlines import (
    DEADLINES_DIR,
    Unit,
    add_months,
    check_tables,
    compute_deadline,
    get_rule,
    list_rules,
    load_rules,
)
from fazhi.rulebook.errors import RulebookError, TableError

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "deadlines.yaml").read_text(encoding="utf-8"))
D = dt.date
REQUIRED_RULES = [
    "complaint.acceptance",
    "complaint.mediation",
    "tip.verification",
    "case.clue_verification",
    "case.handling",
    "case.hearing_request",
    "publicity.penalty_decision",
    "publicity.withdrawal",
    "inspection.result_publicity",
    "disclosure.reply",
    "reconsideration.response",
    "litigation.defence",
    "abnormal_list.removal_decision",
    "credit_repair.decision",
]


def _run(case: dict[str, Any]) -> deadlines.DeadlineResult:
    return compute_deadline(
        case["rule"],
        case["start"],
        excluded=[tuple(x) for x in case.get("excluded", ())],
        extensions=[x if isinstance(x, str) else tuple(x) for x in case.get("extensions", ())],
        selecting_date=case.get("selecting_date"),
        as_of=case.get("as_of"),
        provisional=case.get("provisional", False),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_期限规格用例(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(RulebookError) as err:
            _run(case)
        assert err.value.code == case["error"]
        return
    result = _run(case)
    expect = case["expect"]
    actual = {
        "due": result.due,
        "version": D.fromisoformat(result.version),
        "length": result.length,
        "unit": result.unit.value,
        "status": result.status.value,
        "progress": result.progress,
        "provisional": result.provisional,
    }
    assert {k: actual[k] for k in expect} == expect


@pytest.mark.parametrize("rule_id", REQUIRED_RULES)
def test_议题要求的规则都存在且有出处(rule_id: str) -> None:
    rule = get_rule(rule_id)
    assert rule.versions and all(v.citation.instrument for v in rule.versions)


def test_json_输出包含约定的键() -> None:
    result = compute_deadline("complaint.acceptance", D(2023, 9, 27), as_of=D(2023, 10, 9))
    data = result.as_json()
    assert list(data)[:8] == ["rule", "version", "due", "unit", "length", "citation", "status", "trace"]
    assert data["due"] == "2023-10-12" and data["version"] == "2020-01-01"
    assert data["citation"].startswith("《市场监督管理投诉举报处理暂行办法")
    assert data["rulebook_version"].startswith("rb-") and data["provisional"] is False
    notes = [t["note"] for t in data["trace"]]
    assert "2023-10-02 国庆节 不计入" in notes
    assert "2023-10-07 国庆节调休上班日 计入" in notes
    assert data["elapsed"] == 4 and data["remaining"] == 3


def test_解释记录中止与延长() -> None:
    result = compute_deadline(
        "case.handling",
        D(2023, 3, 1),
        excluded=[(D(2023, 4, 1), D(2023, 4, 10), "suspension")],
        extensions=["head_approval"],
    )
    notes = [t.note for t in result.trace]
    assert "中止 2023-04-01~2023-04-10 顺延 10 日" in notes
    assert "延长 30 日（市场监督管理部门负责人批准（案情复杂））" in notes
    wd = compute_deadline(
        "disclosure.reply", D(2023, 5, 1), excluded=[(D(2023, 5, 1), D(2023, 5, 10), "third_party_consultation")]
    )
    assert "征求第三方意见 2023-05-02~2023-05-10 顺延 6 个工作日" in [t.note for t in wd.trace]


def test_扣除期间重叠时合并_起算日及以前的部分不扣除() -> None:
    base = compute_deadline("case.handling", D(2023, 3, 1))
    merged = compute_deadline(
        "case.handling",
        D(2023, 3, 1),
        excluded=[(D(2023, 3, 5), D(2023, 3, 10), "suspension"), (D(2023, 3, 8), D(2023, 3, 14), "hearing")],
    )
    assert merged.due == base.due + dt.timedelta(days=10)
    before = compute_deadline("case.handling", D(2023, 3, 1), excluded=[(D(2023, 2, 1), D(2023, 3, 1), "suspension")])
    assert before.due == base.due
    late = compute_deadline("case.handling", D(2023, 3, 1), excluded=[(D(2024, 1, 1), D(2024, 1, 5), "suspension")])
    assert late.due == base.due  # an interval after the period ended does not revive it
    same = compute_deadline(
        "case.handling",
        D(2023, 3, 1),
        excluded=[(D(2023, 3, 5), D(2023, 3, 6), "suspension"), (D(2023, 3, 7), D(2023, 3, 8), "suspension")],
    )
    assert same.due == D(2023, 6, 5)  # 2023-05-30 + 4 日 = 2023-06-03（周六），顺延至周一
    assert "中止 2023-03-05~2023-03-08 顺延 4 日" in [t.note for t in same.trace]
    wd_base = compute_deadline("disclosure.reply", D(2023, 3, 1))
    wd_late = compute_deadline(
        "disclosure.reply", D(2023, 3, 1), excluded=[(D(2023, 6, 1), D(2023, 6, 5), "third_party_consultation")]
    )
    assert wd_late.due == wd_base.due


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"excluded": [(D(2023, 3, 10), D(2023, 3, 5), "suspension")]}, "deadline.bad_interval"),
        ({"excluded": [(D(2023, 3, 5), D(2023, 3, 10), "vacation")]}, "deadline.exclusion_not_allowed"),
        ({"extensions": ["nonexistent"]}, "deadline.unknown_extension"),
        ({"extensions": [("head_approval", 10)]}, "deadline.bad_extension_length"),
        ({"extensions": ["head_approval", ("collective_discussion", 0)]}, "deadline.bad_extension_length"),
        ({"extensions": [("collective_discussion", 10)]}, "deadline.extension_order"),
        ({"excluded": [(D(2023, 3, 5), D(2023, 3, 10))]}, "deadline.exclusion_kind_required"),
    ],
)
def test_错误的调用参数给出代码(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(RulebookError) as err:
        compute_deadline("case.handling", D(2023, 3, 1), **kwargs)
    assert err.value.code == code


def test_没有扣除期间的规则拒绝扣除() -> None:
    with pytest.raises(RulebookError) as err:
        compute_deadline("case.hearing_request", D(2023, 3, 1), excluded=[(D(2023, 3, 2), D(2023, 3, 3), "hearing")])
    assert err.value.code == "deadline.exclusion_not_allowed"
    with pytest.raises(RulebookError) as err:
        compute_deadline("reconsideration.response", D(2024, 3, 1), extensions=["head_approval"])
    assert err.value.code == "deadline.unknown_extension"


def test_未知规则给出相近编号() -> None:
    with pytest.raises(RulebookError) as err:
        get_rule("complaint.mediaton")
    assert err.value.code == "deadline.unknown_rule"
    assert "complaint.mediation" in err.value.params["suggestions"]
    with pytest.raises(RulebookError) as err:
        get_rule("zzz")
    assert err.value.params["suggestions"] == []


def test_进度_工作日期间扣除中止与自然日期间超期() -> None:
    wd = compute_deadline(
        "disclosure.reply",
        D(2023, 9, 25),
        excluded=[(D(2023, 10, 9), D(2023, 10, 12), "third_party_consultation")],
        as_of=D(2023, 10, 20),
    )
    assert (wd.elapsed, wd.remaining, wd.progress) == (11, 9, "已用 11 个工作日，剩余 9 个")
    before_start = compute_deadline("disclosure.reply", D(2023, 9, 25), as_of=D(2023, 9, 20))
    assert before_start.elapsed == 0
    nd = compute_deadline(
        "case.handling",
        D(2023, 3, 1),
        excluded=[(D(2023, 3, 5), D(2023, 3, 6), "suspension"), (D(2023, 5, 1), D(2023, 5, 2), "suspension")],
        as_of=D(2023, 8, 1),
    )
    # 2023-05-30 + 4 日顺延至 2023-06-05；到期日前已用 96 - 4 = 92 日。
    assert nd.elapsed == 92 and nd.remaining < 0 and nd.progress.startswith("已超过期限")
    early = compute_deadline(
        "case.handling", D(2023, 3, 1), excluded=[(D(2023, 5, 1), D(2023, 5, 2), "suspension")], as_of=D(2023, 3, 11)
    )
    assert early.elapsed == 10
    wd_early = compute_deadline(
        "disclosure.reply",
        D(2023, 3, 1),
        excluded=[(D(2023, 3, 20), D(2023, 3, 21), "third_party_consultation")],
        as_of=D(2023, 3, 3),
    )
    assert (wd_early.elapsed, wd_early.remaining) == (2, 18)
    nd_early = compute_deadline(
        "case.handling", D(2023, 3, 1), excluded=[(D(2023, 3, 20), D(2023, 3, 21), "suspension")], as_of=D(2023, 3, 3)
    )
    assert (nd_early.elapsed, nd_early.remaining) == (2, 88)  # 92 - 2 - 2 excluded days ahead


def test_倒算期限的自然日与按月() -> None:
    rule = deadlines.Rule(
        "x.before",
        "测试",
        (
            deadlines.RuleVersion(
                3,
                Unit.NATURAL_DAYS,
                "听证日",
                (),
                frozenset(),
                D(2020, 1, 1),
                None,
                deadlines.Citation("某法", "第一条"),
                deadlines.Status.TEXT,
                D(2026, 1, 1),
            ),
        ),
        "before",
    )
    months = deadlines.Rule(
        "x.months",
        "测试",
        (rule.versions[0].__class__(**{**_fields(rule.versions[0]), "unit": Unit.MONTHS}),),
        "before",
    )
    years = deadlines.Rule(
        "x.years", "测试", (rule.versions[0].__class__(**{**_fields(rule.versions[0]), "unit": Unit.YEARS}),), "before"
    )
    table = {r.id: r for r in (rule, months, years)}
    original = deadlines._default_rules
    deadlines._default_rules = lambda: table  # type: ignore[assignment]
    try:
        # "3 日前": 3 whole days between the notice and the event, neither counted → the day before the 3rd day back.
        assert compute_deadline("x.before", D(2023, 10, 10)).due == D(2023, 10, 6)
        assert compute_deadline("x.months", D(2023, 10, 10)).due == D(2023, 7, 9)
        assert compute_deadline("x.years", D(2023, 10, 10)).due == D(2020, 10, 9)
    finally:
        deadlines._default_rules = original  # type: ignore[assignment]


def _fields(version: deadlines.RuleVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in version.__slots__}


def test_按月加减取对应日或月末() -> None:
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2023, 12, 15), 1) == D(2024, 1, 15)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)


def test_数据库录入年份的计算带有日历版本后缀() -> None:
    extra = YearTable.from_mapping(
        {
            "year": 2027,
            "citation": {"instrument": "国务院办公厅关于2027年部分节假日安排的通知", "article": "全文"},
            "status": "TEXT",
            "last_verified_on": "2026-11-26",
            "holidays": {"2027-01-01": "元旦"},
            "makeup_working_days": {},
        },
        source="database",
    )
    cal = Calendar.build(extra_years=[extra])
    result = compute_deadline("complaint.acceptance", D(2026, 12, 28), calendar=cal)
    assert result.due == D(2027, 1, 7) and not result.provisional
    assert "+cal-" in result.rulebook_version


def test_规则表全部严格加载() -> None:
    summary = check_tables()
    assert summary["rules"] == len(list_rules()) >= 40
    assert summary["calendar_years"] == 23
    mediation = get_rule("complaint.mediation")
    assert [v.effective_from for v in mediation.versions] == [D(2020, 1, 1), D(2026, 4, 15)]
    assert Unit.MONTHS.label == "个月"
    assert deadlines.ExclusionKind.REFUND_ORDER.label == "责令退还多收价款"


# --- Loader rejection, with tmp tables --------------------------------------------------------------------------

BASE_FILE = {
    "instrument": "某法",
    "rules": [
        {
            "id": "x.rule",
            "name": "测试期限",
            "bearer": "authority",
            "versions": [
                {
                    "length": 5,
                    "unit": "working_days",
                    "starts": "收到之日",
                    "extensions": [{"id": "e", "length": 5, "unit": "working_days", "approver": "负责人"}],
                    "excluded": ["suspension"],
                    "effective_from": "2020-01-01",
                    "effective_to": "2022-01-01",
                    "citation": {"instrument": "某法", "article": "第一条"},
                    "status": "TEXT",
                    "last_verified_on": "2026-11-26",
                }
            ],
        }
    ],
}


def _write(tmp_path: Path, *files: dict[str, Any]) -> Path:
    for i, data in enumerate(files):
        (tmp_path / f"f{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _version(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_FILE)
    data["rules"][0]["versions"][0].update(changes)
    return data


def test_合法的临时规则表可以加载且同一规则可分文件(tmp_path: Path) -> None:
    later = _version(effective_from="2022-01-01", effective_to=None, length=7)
    rules = load_rules(_write(tmp_path, BASE_FILE, later))
    assert [v.length for v in rules["x.rule"].versions] == [5, 7]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_version(colour="red"), "table.unknown_key"),
        (_version(citation=None), "table.missing_citation"),
        (_version(unit="weeks"), "deadline.bad_unit"),
        (_version(length=0), "deadline.bad_length"),
        (_version(length=True), "deadline.bad_length"),
        (_version(excluded=["lunch"]), "deadline.bad_exclusion"),
        (_version(effective_to="2019-01-01"), "deadline.bad_period"),
        (_version(starts=""), "deadline.missing_start"),
        (_version(status="MAYBE"), "table.bad_status"),
        (
            _version(extensions=[{"id": "e", "length": 5, "unit": "natural_days", "approver": "x"}]),
            "deadline.extension_unit",
        ),
        (
            _version(extensions=[{"id": "e", "length": 5, "unit": "working_days", "approver": "x"}] * 2),
            "deadline.duplicate_extension",
        ),
        (_version(extensions=[{"id": "e", "length": 5, "unit": "working_days"}]), "table.missing_key"),
        (
            {"instrument": "某法", "rules": [{"id": "x", "name": "n", "bearer": "party", "versions": []}]},
            "deadline.no_versions",
        ),
        (
            {
                "instrument": "某法",
                "rules": [{"id": "x", "name": "n", "bearer": "party", "versions": None, "direction": "up"}],
            },
            "deadline.bad_direction",
        ),
        ({**BASE_FILE, "rules": [{**BASE_FILE["rules"][0], "bearer": "bureau"}]}, "deadline.bad_bearer"),
        (
            {**BASE_FILE, "rules": [{k: v for k, v in BASE_FILE["rules"][0].items() if k != "bearer"}]},
            "table.missing_key",
        ),
        (
            _version(extensions=[{"id": "e", "length": 5, "unit": "working_days", "approver": "x", "requires": "f"}]),
            "deadline.bad_extension_order",
        ),
        ({**BASE_FILE, "rules": [{**BASE_FILE["rules"][0], "direction": "before"}]}, "deadline.bad_direction"),
        ({"rules": []}, "table.missing_key"),
    ],
)
def test_规则表加载器严格拒绝错误数据(tmp_path: Path, data: dict[str, Any], code: str) -> None:
    with pytest.raises(TableError) as err:
        load_rules(_write(tmp_path, data))
    assert err.value.code == code


def test_同一规则的版本重叠或名称不一致被拒绝(tmp_path: Path) -> None:
    overlap = _version(effective_from="2021-06-01", effective_to=None)
    with pytest.raises(TableError) as err:
        load_rules(_write(tmp_path, BASE_FILE, overlap))
    assert err.value.code == "table.overlapping_versions"
    renamed = copy.deepcopy(_version(effective_from="2022-01-01", effective_to=None))
    renamed["rules"][0]["name"] = "别的名称"
    with pytest.raises(TableError) as err:
        load_rules(_write(tmp_path, BASE_FILE, renamed))
    assert err.value.code == "deadline.name_mismatch"
    rebeared = copy.deepcopy(_version(effective_from="2022-01-01", effective_to=None))
    rebeared["rules"][0]["bearer"] = "party"
    with pytest.raises(TableError) as err:
        load_rules(_write(tmp_path, BASE_FILE, rebeared))
    assert err.value.code == "deadline.name_mismatch"


def test_仓库规则目录就是默认目录() -> None:
    assert load_rules(DEADLINES_DIR).keys() == {r.id for r in list_rules()}


# --- Properties ------------------------------------------------------------------------------------------------

WD_RULES = [r.id for r in list_rules() if r.direction == "after" and r.versions[-1].unit is Unit.WORKING_DAYS]
ALL_AFTER = [r.id for r in list_rules() if r.direction == "after"]
STARTS = st.dates(D(2024, 1, 1), D(2025, 12, 31))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(WD_RULES), STARTS)
def test_工作日期间的届满日总是工作日(rule_id: str, start: dt.date) -> None:
    result = compute_deadline(rule_id, start)
    assert default_calendar().is_working_day(result.due)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ALL_AFTER), STARTS, st.integers(1, 40))
def test_起算日推后届满日不会提前(rule_id: str, start: dt.date, shift: int) -> None:
    later = start + dt.timedelta(days=shift)
    # Same version on both dates, so that only the counting is compared.
    first = compute_deadline(rule_id, start, provisional=True)
    assert compute_deadline(rule_id, later, selecting_date=start, provisional=True).due >= first.due


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["case.handling", "case.clue_verification", "reconsideration.decision"]), STARTS, st.integers(1, 60)
)
def test_多一天的期间绝不早于少一天的期间(rule_id: str, start: dt.date, n: int) -> None:
    shorter = compute_deadline(
        rule_id, start, extensions=["head_approval", ("collective_discussion", n)] if rule_id == "case.handling" else []
    )
    if rule_id == "case.handling":
        longer = compute_deadline(rule_id, start, extensions=["head_approval", ("collective_discussion", n + 1)])
        assert longer.due >= shorter.due
    else:
        cal = default_calendar()
        assert cal.add_working_days(start, n + 1) > cal.add_working_days(start, n)


def test_反推已届满的最晚起算日() -> None:
    # 列入经营异常名录 2023-02-15：三年整改期届满于 2026-02-15（春节假期）→ 当事人的期间顺延至 2026-02-24；
    # 2023-02-14 列入的届满于 2026-02-14（调休上班的周六）。
    assert compute_deadline("abnormal_list.to_serious_list", D(2023, 2, 15)).due == D(2026, 2, 24)
    assert compute_deadline("abnormal_list.to_serious_list", D(2023, 2, 14)).due == D(2026, 2, 14)
    assert deadlines.last_start_ended_before("abnormal_list.to_serious_list", D(2026, 2, 24)) == D(2023, 2, 14)
    # On 2026-02-25 everything listed up to 2023-02-24 has ended (2023-02-16…02-23 all end on 2026-02-24).
    assert deadlines.last_start_ended_before("abnormal_list.to_serious_list", D(2026, 2, 25)) == D(2023, 2, 24)
    # Before any trigger day could have ended: the day before the rule's first version.
    assert deadlines.last_start_ended_before("abnormal_list.to_serious_list", D(2015, 1, 1)) == D(2014, 9, 30)
