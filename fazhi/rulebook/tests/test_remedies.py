"""行政复议、行政诉讼规则表：结果类型（2024年1月1日两侧）、纠错与撤回公示、负责人出庭（期望值手写）。"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from fazhi.rulebook import remedies
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import Status

D = dt.date
OLD, NEW = D(2023, 12, 31), D(2024, 1, 1)

# 行政处罚法第四十八条第二款: changed, revoked, confirmed unlawful or void → withdraw within 3 days.
WITHDRAWS = {"changed", "revoked", "confirmed_unlawful", "confirmed_void"}
CORRECTS = WITHDRAWS | {"ordered_to_perform"}


def test_规则表可严格加载():
    assert remedies.check_tables() == {"outcomes": 26, "absence_reasons": 4}


@pytest.mark.parametrize(
    ("proceeding", "on", "ids"),
    [
        (
            "reconsideration",
            OLD,
            {"maintained", "ordered_to_perform", "revoked", "changed", "confirmed_unlawful", "dismissed", "mediated",
             "withdrawn"},
        ),
        (
            "reconsideration",
            NEW,
            {"changed", "revoked", "confirmed_unlawful", "ordered_to_perform", "confirmed_void", "maintained",
             "dismissed", "mediated", "withdrawn"},
        ),
        (
            "litigation",
            NEW,
            {"claims_dismissed", "revoked", "ordered_to_perform", "confirmed_unlawful", "confirmed_void", "changed",
             "mediated", "withdrawn", "suit_dismissed"},
        ),
    ],
)  # fmt: skip
def test_结果类型按决定日期选用(proceeding, on, ids):
    assert {o.id for o in remedies.outcomes(proceeding, on)} == ids


def test_复议撤销的依据_2024年前后不同():
    assert remedies.outcome("reconsideration", "revoked", OLD).citation.article == "第二十八条第一款第（三）项"
    new = remedies.outcome("reconsideration", "revoked", NEW)
    assert new.citation.article == "第六十四条" and new.status is Status.TEXT


def test_确认无效是2024年起的复议决定类型():
    with pytest.raises(RulebookError) as exc:
        remedies.outcome("reconsideration", "confirmed_void", OLD)
    assert exc.value.code == "remedies.unknown_outcome" and "维持" in exc.value.message
    assert remedies.outcome("reconsideration", "confirmed_void", NEW).withdraws_publicity


@pytest.mark.parametrize("proceeding", ["reconsideration", "litigation"])
@pytest.mark.parametrize("on", [OLD, NEW])
def test_纠错与撤回公示如行政处罚法第四十八条(proceeding, on):
    for o in remedies.outcomes(proceeding, on):
        assert o.withdraws_publicity == (o.id in WITHDRAWS), o.id
        assert o.corrects == (o.id in CORRECTS), o.id
        assert o.as_dict()["proceeding"] == proceeding


def test_未知程序报错():
    with pytest.raises(RulebookError) as exc:
        remedies.outcomes("appeal", NEW)
    assert exc.value.code == "remedies.bad_proceeding"


def test_负责人出庭义务_诉讼自2015年起_复议听证自2024年起():
    assert remedies.appearance_duty("litigation", D(2015, 5, 1)).dated.citation.article == "第三条第三款"
    assert remedies.appearance_duty("litigation", D(2015, 4, 30)) is None
    assert remedies.appearance_duty("reconsideration", OLD) is None
    assert remedies.appearance_duty("reconsideration", NEW).dated.citation.article == "第五十一条第二款"


def test_负责人范围与不能出庭的理由():
    assert [p.id for p in remedies.head_positions(D(2023, 6, 1))] == ["principal", "deputy", "other_in_charge"]
    assert remedies.head_position("deputy", D(2023, 6, 1)).label == "副职负责人"
    with pytest.raises(RulebookError) as exc:
        remedies.head_position("section_chief", D(2023, 6, 1))
    assert exc.value.code == "remedies.not_a_head"
    assert remedies.head_positions(D(2020, 6, 30)) == ()
    reason = remedies.absence_reason("official_duty", D(2023, 6, 1))
    assert reason.needs_explanation and not remedies.absence_reason("force_majeure", D(2023, 6, 1)).needs_explanation
    assert len(remedies.absence_reasons(D(2023, 6, 1))) == 4
    with pytest.raises(RulebookError) as exc:
        remedies.absence_reason("busy", D(2023, 6, 1))
    assert exc.value.code == "remedies.bad_absence_reason" and "不可抗力" in exc.value.message


# ------------------------------------------------------------------------------------------- strict loading


def _copy(tmp_path: Path, name: str, mutate) -> Path:
    for path in Path(remedies.REMEDIES_DIR).glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == name:
            mutate(data)
        (tmp_path / path.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "mutate", "code"),
    [
        ("litigation_law.yaml", lambda d: d.update(proceeding="appeal"), "remedies.bad_proceeding"),
        ("litigation_law.yaml", lambda d: d["outcomes"][0].update(corrects="no"), "remedies.bad_flag"),
        ("litigation_law.yaml", lambda d: d["outcomes"][0].update(withdraws_publicity=True), "remedies.bad_flag"),
        ("litigation_law.yaml", lambda d: d["outcomes"][0].update(effective_to="2010-01-01"), "table.bad_period"),
        ("litigation_law.yaml", lambda d: d["outcomes"].append(dict(d["outcomes"][0])), "table.overlapping_versions"),
        ("litigation_law.yaml", lambda d: d["outcomes"][0].pop("citation"), "table.missing_key"),
        ("head_appearance.yaml", lambda d: d["duties"][0].update(id="appeal"), "remedies.bad_proceeding"),
        ("head_appearance.yaml", lambda d: d["absence_reasons"][0].update(needs_explanation=1), "remedies.bad_flag"),
        ("head_appearance.yaml", lambda d: d.update(positions=[]), "remedies.missing_table"),
        ("head_appearance.yaml", lambda d: d.update(extra=1), "table.unknown_key"),
    ],
)
def test_规则表严格加载_错误有代码(tmp_path, name, mutate, code):
    with pytest.raises(TableError) as exc:
        remedies.load_tables(_copy(tmp_path, name, mutate))
    assert exc.value.code == code
