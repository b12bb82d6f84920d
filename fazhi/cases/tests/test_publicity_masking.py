"""Case titles flow into the public summary: a natural person's name and house number in them are masked
(issue 14 §10; the finding was "张三…先锋路18号3单元502室")."""

from __future__ import annotations

from fazhi.cases.services.publicity import public_summary


def test_自然人案件_案由中的姓名与门牌在公示摘要中被遮蔽(make_case):
    case = make_case(
        "decided",
        party_kind="natural_person",
        facts={"party_kind": "natural_person", "goods_value": "3000", "first_violation_within_2_years": True},
    )
    case.party_name = "张三"
    case.title = "张三在先锋路18号3单元502室无照经营并销售过期食品"
    summary = public_summary(case)
    assert "张三" not in summary and "18号" not in summary and "502" not in summary
    assert "张*在先锋路****无照经营并销售过期食品" in summary
