"""General statutory amounts: summary limits, hearing and legal-review triggers, late-payment surcharge."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rulebook.discretion import PartyKind
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.penalties import (
    PENALTIES_FILE,
    hearing_right,
    hearing_threshold,
    late_payment_surcharge,
    legal_review_required,
    load_penalty_tables,
    summary_procedure_check,
    summary_procedure_limit,
)
from fazhi.rulebook.sources import Status

SPEC = yaml.safe_load((Path(__file__).parent / "cases" / "discretion_penalties.yaml").read_text(encoding="utf-8"))
DAY = dt.date(2026, 6, 1)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal("0")


@pytest.mark.parametrize("case", SPEC["summary"], ids=[c["case"] for c in SPEC["summary"]])
def test_简易程序适用条件(case: dict[str, Any]) -> None:
    check = summary_procedure_check(
        party_kind=PartyKind(case["party_kind"]),
        on=case["day"],
        fine=Decimal(case["fine"]) if "fine" in case else None,
        warning_only=case.get("warning_only", False),
        facts_conclusive=case.get("conclusive", True),
        mitigated=case.get("mitigated", False),
        fine_depends_on_computed_amount=case.get("computed", False),
    )
    assert [r.code for r in check.reasons] == case["blocked"]
    assert check.eligible is (not case["blocked"])


@pytest.mark.parametrize("case", SPEC["surcharge"], ids=[c["case"] for c in SPEC["surcharge"]])
def test_加处罚款每日百分之三且不超过罚款本数(case: dict[str, Any]) -> None:
    assert late_payment_surcharge(Decimal(case["fine"]), case["due"], case["paid"]) == Decimal(case["expect"])


@pytest.mark.parametrize("case", SPEC["hearing"], ids=[c["case"] for c in SPEC["hearing"]])
def test_听证权利告知(case: dict[str, Any]) -> None:
    found = hearing_right(
        party_kind=PartyKind(case["party_kind"]),
        on=DAY,
        fine=_dec(case.get("fine")),
        confiscation_value=_dec(case.get("confiscation")),
        licence_or_business_penalty=case.get("licence", False),
    )
    assert [f.code for f in found] == case["expect"]


@pytest.mark.parametrize("case", SPEC["review"], ids=[c["case"] for c in SPEC["review"]])
def test_法制审核情形(case: dict[str, Any]) -> None:
    flags = ("major_public_interest", "hearing_held", "complex_case", "other_law_requires", "mitigated")
    found = legal_review_required(
        party_kind=PartyKind(case["party_kind"]),
        on=case.get("day", DAY),
        fine=_dec(case.get("fine")),
        confiscation_value=_dec(case.get("confiscation")),
        outside_computed_range=case.get("outside_computed_range", False),
        **{flag: case.get(flag, False) for flag in flags},
    )
    assert [f.code for f in found] == case["expect"]


def test_限额与听证数额带出处和状态() -> None:
    limit = summary_procedure_limit(PartyKind.ORGANISATION, on=DAY)
    assert limit.amount == 3000 and limit.status is Status.TEXT and limit.citation.article == "第五十一条"
    threshold = hearing_threshold(PartyKind.NATURAL_PERSON, on=DAY)
    assert threshold.amount == 10000 and threshold.status is Status.UNCONFIRMED


def test_没有生效规则时报错() -> None:
    with pytest.raises(RulebookError) as err:
        summary_procedure_limit(PartyKind.ORGANISATION, on=dt.date(1990, 1, 1))
    assert err.value.code == "penalties.no_rule_in_force"


def test_未填罚款金额时报错() -> None:
    with pytest.raises(RulebookError) as err:
        summary_procedure_check(party_kind=PartyKind.ORGANISATION, on=DAY)
    assert err.value.code == "penalties.fine_required"


def test_负数罚款报错() -> None:
    with pytest.raises(RulebookError) as err:
        late_payment_surcharge(Decimal("-1"), DAY, DAY)
    assert err.value.code == "penalties.negative_fine"


@given(
    fine=st.decimals(min_value=0, max_value=10_000_000, places=2),
    days=st.integers(min_value=-10, max_value=400),
)
def test_加处罚款不超过罚款本数且随天数不减(fine: Decimal, days: int) -> None:
    due = dt.date(2026, 1, 15)
    surcharge = late_payment_surcharge(fine, due, due + dt.timedelta(days=days))
    assert Decimal("0") <= surcharge <= fine
    assert surcharge <= late_payment_surcharge(fine, due, due + dt.timedelta(days=days + 1))


BAD = [
    ("未知字段", "  organisation_max: 3000\n", "  organisation_max: 3000\n  colour: red\n", "table.unknown_key"),
    (
        "缺少法律依据",
        "  citation: {instrument: 中华人民共和国行政处罚法, article: 第五十一条}\n",
        "  citation: null\n",
        "table.missing_citation",
    ),
    (
        "版本重叠",
        "  effective_to: 2021-07-15\n  natural_person_max: 50",
        "  effective_to: 2021-07-16\n  natural_person_max: 50",
        "table.overlapping_versions",
    ),
    ("数额不是数字", "natural_person_max: 200", "natural_person_max: two hundred", "table.bad_number"),
    (
        "同时有两种触发条件",
        "trigger: {flag: mitigated}",
        "trigger: {flag: mitigated, fine_at_least: {natural_person: 1, organisation: 1}}",
        "penalties.bad_trigger",
    ),
    ("未知审核情形", "trigger: {flag: mitigated}", "trigger: {flag: sunny_day}", "penalties.bad_trigger"),
    (
        "数额门槛不是数字",
        "fine_at_least: {natural_person: 10000,",
        "fine_at_least: {natural_person: [1],",
        "table.bad_number",
    ),
    ("审核情形重复", "- id: complex_case", "- id: hearing_held", "penalties.duplicate_criterion"),
    ("缺少整张子表", "hearing_thresholds:\n", "hearing_thresholds: []\nunused:\n", "table.unknown_key"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_规则表严格校验(tmp_path: Path, case: tuple[str, str, str, str]) -> None:
    _, old, new, code = case
    path = tmp_path / "penalties.yaml"
    shutil.copy(PENALTIES_FILE, path)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_penalty_tables(path)
    assert err.value.code == code


def test_子表不能为空(tmp_path: Path) -> None:
    data = yaml.safe_load(PENALTIES_FILE.read_text(encoding="utf-8"))
    data["late_payment"] = []
    path = tmp_path / "penalties.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_penalty_tables(path)
    assert err.value.code == "table.missing_key"
