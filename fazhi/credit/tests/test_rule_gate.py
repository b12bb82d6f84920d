"""A guess never decides alone (issue 13 §3) in credit: ending a serious-list entry at the end of an UNCONFIRMED
period, and refusing credit repair for an UNCONFIRMED minimum period, wait for the bureau's legal staff."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.credit import services
from fazhi.deadlines import services as deadline_services

D = dt.date
PERIOD_REF = "deadlines/serious_list_measures.yaml#rules/serious_list.auto_removal/versions/2021-09-01"
PERIOD_VALUE_REF = "credit/serious_list.yaml#rules/serious_list.order_44/values/period_years"


def _listed(make_entity):
    entity = make_entity("enterprise")
    proposal = services.serious_list_propose(
        entity=entity, ground="heavy_penalty", source_ref="东市监罚〔2023〕9号", decided_on=D(2023, 2, 1), actor=None
    )
    return services.serious_list_decide(
        listing=proposal,
        list_it=True,
        decided_on=D(2023, 2, 14),
        upper_ref="津市监信函〔2023〕2号",
        upper_on=D(2023, 2, 10),
        actor=None,
    )


def test_列入期满移出所依据的期间未经确认_须法制审核人员确认后办理(make_entity, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    listed = _listed(make_entity)
    # 3 years (Order 44, UNCONFIRMED) from 2023-02-14 end on 2026-02-14 — a burden is not rolled over a holiday.
    assert listed.ends_on == D(2026, 2, 14)
    with pytest.raises(DomainError) as err:
        services.serious_list_remove(listing=listed, on=D(2026, 2, 14), early=False, actor=None)
    assert err.value.code == "rules.unconfirmed" and "结束列入名单或公示" in err.value.message
    legal = make_user("legal_reviewer")
    for ref in (PERIOD_REF, PERIOD_VALUE_REF):
        deadline_services.rule_confirm(ref=ref, source="总局令第44号原文", confirmed_on="2026-12-01", actor=legal)
    services.serious_list_remove(listing=listed, on=D(2026, 2, 14), early=False, actor=None)
    assert listed.status == "expired"


def test_经营异常名录满三年转入的列入期间为5年(make_entity):
    entity = make_entity("enterprise")
    proposal = services.serious_list_propose(
        entity=entity,
        ground="abnormal_list_3_years",
        source_ref="异常〔2020〕1号",
        decided_on=D(2023, 3, 1),
        actor=None,
    )
    listed = services.serious_list_decide(
        listing=proposal,
        list_it=True,
        decided_on=D(2023, 3, 2),
        upper_ref="津市监信〔2023〕3号",
        upper_on=D(2023, 3, 2),  # the provincial authority's decision (条例第十七条第二款, 2014)
        actor=None,
    )
    assert listed.ends_on == D(2028, 3, 2)  # 企业信息公示暂行条例第十七条第三款（2014年文本）：满5年


def test_以最短公示期未满驳回修复申请_期间未经确认时须先确认(make_entity, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    entity = make_entity("enterprise")
    repair = services.repair_apply(
        entity=entity,
        case_number="东市监罚〔2026〕3号",
        penalty_kinds=["fine"],
        domain="price",
        published_on=D(2026, 5, 1),
        applied_on=D(2026, 8, 1),
        performed=True,
        harm_removed=True,
        repeated=False,
        actor=None,
    )
    assert repair.eligibility["failed"] == ["min_period"] and repair.eligibility["min_rule_version"] == "2026-04-01"
    with pytest.raises(DomainError) as err:
        services.repair_decide(repair=repair, approve=False, decided_on=D(2026, 8, 10), actor=None)
    assert err.value.code == "rules.unconfirmed" and "驳回或不受理当事人的请求" in err.value.message
    ref = "deadlines/credit_repair.yaml#rules/credit_repair.min_publicity_general/versions/2026-04-01"
    deadline_services.rule_confirm(
        ref=ref, source="发改委令原文", confirmed_on="2026-12-01", actor=make_user("legal_reviewer")
    )
    services.repair_decide(repair=repair, approve=False, decided_on=D(2026, 8, 10), actor=None)
    assert repair.status == "rejected"
