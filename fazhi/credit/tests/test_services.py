"""移出申请、异议、严重违法失信名单、撤销冒用身份登记、信用修复、风险分类：服务层规则。"""

import datetime as dt

import pytest

from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.core.models import AuditEvent
from fazhi.credit import services
from fazhi.credit.models import CreditChange
from fazhi.credit.risk import risk_classes_recompute
from fazhi.deadlines.selectors import deadlines_for
from fazhi.registry.models import MarketEntity

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def listing(make_entity):
    entity = make_entity("enterprise")
    return services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="inspections.result:7", actor=None
    )


def test_其他事由列入_依据来自规则表_重复调用返回同一记录(listing):
    assert listing.consequence == "abnormal_list" and "第九条" in listing.basis_ref
    assert listing.source_ref == "inspections.result:7" and listing.number == f"东市监异〔2023〕址{listing.entity_id}号"
    again = services.abnormal_list_propose(
        entity=listing.entity, ground="unreachable", decided_on=D(2023, 9, 1), basis_ref="x", actor=None
    )
    assert again.pk == listing.pk
    assert AuditEvent.objects.filter(action="credit.abnormal_list").count() == 1


def test_个体工商户标记异常状态_不能以未责令公示为由(make_entity):
    entity = make_entity("individual")
    mark = services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
    )
    assert mark.consequence == "abnormal_mark"
    with pytest.raises(DomainError) as exc:
        services.abnormal_list_propose(
            entity=entity, ground="not_disclosed", decided_on=D(2023, 8, 1), basis_ref="", actor=None
        )
    assert exc.value.code == "credit.unknown_ground"


def test_非存续主体不能列入(make_entity):
    entity = make_entity("enterprise", status="cancelled", status_changed_on=D(2023, 1, 5))
    with pytest.raises(DomainError) as exc:
        services.abnormal_list_propose(
            entity=entity, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
        )
    assert exc.value.code == "credit.entity_not_active"


def test_申请移出须消除对应事由_5个工作日内决定并留痕(listing):
    with pytest.raises(DomainError) as exc:
        services.removal_apply(listing=listing, cure="report_filed", received_on=D(2023, 9, 28), actor=None)
    assert exc.value.code == "credit.cure_mismatch"
    application = services.removal_apply(listing=listing, cure="address_fixed", received_on=D(2023, 9, 28), actor=None)
    # 2023-09-28 Thu; 29 Sep–6 Oct 中秋国庆 holidays; 7 and 8 Oct (weekend) make-up working days → 5 WD end 11 Oct
    (deadline,) = deadlines_for(application)
    assert deadline.rule_id == "abnormal_list.removal_decision" and application.due_on == deadline.due_on
    assert deadline.due_on == D(2023, 10, 11)
    with pytest.raises(DomainError) as exc:
        services.removal_apply(listing=listing, cure="address_fixed", received_on=D(2023, 9, 29), actor=None)
    assert exc.value.code == "credit.application_pending"
    services.application_decide(application=application, approve=True, decided_on=D(2023, 10, 9), actor=None)
    listing.refresh_from_db()
    assert listing.status == "removed" and listing.removed_on == D(2023, 10, 9) and listing.removal_reason == "cured"
    deadline.refresh_from_db()
    assert deadline.status == "met"
    assert CreditChange.objects.filter(kind="abnormal_removed", reference=listing.number).exists()
    with pytest.raises(DomainError) as exc:
        services.application_decide(application=application, approve=True, decided_on=D(2023, 10, 9), actor=None)
    assert exc.value.code == "credit_application.transition_forbidden"


def test_年报事由须先补报才能申请移出(make_entity, file_report):
    entity = make_entity("enterprise")
    listing = services.abnormal_list_propose(
        entity=entity, ground="annual_report", decided_on=D(2023, 7, 3), basis_ref="", actor=None
    )
    with pytest.raises(DomainError) as exc:
        services.removal_apply(listing=listing, cure="report_filed", received_on=D(2023, 8, 1), actor=None)
    assert exc.value.code == "credit.report_missing"
    file_report(entity, on=D(2023, 7, 20))
    assert services.removal_apply(listing=listing, cure="report_filed", received_on=D(2023, 8, 1), actor=None).pk


def test_异议30日内提出_逾期拒绝(listing):
    # listed 2023-08-01; 30 natural days → 2023-08-31
    with pytest.raises(DomainError) as exc:
        services.objection_raise(listing=listing, received_on=D(2023, 9, 1), statement="地址可以联系", actor=None)
    assert exc.value.code == "credit.objection_late"
    objection = services.objection_raise(
        listing=listing, received_on=D(2023, 8, 31), statement="地址可以联系", actor=None
    )
    assert deadlines_for(objection)[0].rule_id == "abnormal_list.objection_acceptance"


def test_异议受理后20个工作日内核实_成立则移出(listing):
    objection = services.objection_raise(listing=listing, received_on=D(2023, 8, 10), statement="误列", actor=None)
    with pytest.raises(DomainError):  # must be accepted before it is decided
        services.application_decide(application=objection, approve=True, decided_on=D(2023, 8, 11), actor=None)
    services.objection_accept(application=objection, accept=True, on=D(2023, 8, 14), actor=None)
    rules = {d.rule_id: d.status for d in deadlines_for(objection)}
    assert rules == {"abnormal_list.objection_acceptance": "met", "abnormal_list.objection_verification": "open"}
    assert objection.due_on == D(2023, 9, 11)  # 20 working days from Mon 14 Aug
    services.application_decide(application=objection, approve=True, decided_on=D(2023, 9, 1), actor=None)
    listing.refresh_from_db()
    assert listing.removal_reason == "objection_upheld"


def test_不予受理的异议结束且名录不变(listing):
    objection = services.objection_raise(listing=listing, received_on=D(2023, 8, 10), statement="误列", actor=None)
    services.objection_accept(application=objection, accept=False, on=D(2023, 8, 11), note="无新事实", actor=None)
    listing.refresh_from_db()
    assert objection.status == "not_accepted" and listing.status == "listed"


def test_两人同时决定只有一人成功(listing):
    application = services.removal_apply(listing=listing, cure="address_fixed", received_on=D(2023, 9, 1), actor=None)
    stale = type(application).objects.get(pk=application.pk)
    services.application_decide(application=application, approve=False, decided_on=D(2023, 9, 4), actor=None)
    with pytest.raises((ConcurrentUpdate, DomainError)):
        services.application_decide(application=stale, approve=True, decided_on=D(2023, 9, 4), actor=None)
    listing.refresh_from_db()
    assert listing.status == "listed"


def test_严重违法失信名单_告知后决定_期满3年_1年后可提前移出(make_entity):
    entity = make_entity("enterprise")
    proposal = services.serious_list_propose(
        entity=entity, ground="heavy_penalty", source_ref="东市监罚〔2023〕1号", decided_on=D(2023, 9, 12), actor=None
    )
    assert proposal.status == "proposed"
    assert (
        services.serious_list_propose(
            entity=entity,
            ground="heavy_penalty",
            source_ref="东市监罚〔2023〕1号",
            decided_on=D(2023, 9, 12),
            actor=None,
        ).pk
        == proposal.pk
    )
    listed = services.serious_list_decide(
        listing=proposal,
        list_it=True,
        decided_on=D(2023, 9, 28),
        upper_ref="津市监信函〔2023〕1号",
        upper_on=D(2023, 9, 26),
        actor=None,
    )
    assert listed.ends_on == D(2026, 9, 28) and listed.early_removal_from == D(2024, 9, 28) and listed.number
    with pytest.raises(DomainError) as exc:
        services.serious_list_remove(listing=listed, on=D(2024, 9, 27), early=True, actor=None)
    assert exc.value.code == "credit.early_removal_too_soon"
    with pytest.raises(DomainError) as exc:
        services.serious_list_remove(listing=listed, on=D(2026, 9, 27), early=False, actor=None)
    assert exc.value.code == "credit.period_not_ended"
    services.serious_list_remove(listing=listed, on=D(2024, 9, 28), early=True, actor=None)
    assert listed.status == "removed_early"
    assert CreditChange.objects.filter(kind="serious_removed").count() == 1


def test_严重违法失信名单_未知事由与施行前拒绝(make_entity):
    entity = make_entity("enterprise")
    with pytest.raises(DomainError) as exc:
        services.serious_list_propose(
            entity=entity, ground="rumour", source_ref="x", decided_on=D(2023, 1, 1), actor=None
        )
    assert exc.value.code == "credit.unknown_serious_ground"
    with pytest.raises(DomainError) as exc:
        services.serious_list_propose(
            entity=entity, ground="heavy_penalty", source_ref="x", decided_on=D(2021, 8, 31), actor=None
        )
    assert exc.value.code == "credit.no_serious_rules"


def test_列入经营异常名录满3年仍在列的拟列入严重违法失信名单并移出异常名录(make_entity):
    entity = make_entity("enterprise")
    old = services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2020, 7, 1), basis_ref="", actor=None
    )
    # The party's 3-year window (条例第十七条) ends 2023-07-01, a Saturday: it runs to Monday 2023-07-03 (ADR 0007),
    # so the proposal comes on 2023-07-04 at the earliest.
    assert services.serious_list_propose_overdue(today=D(2023, 7, 3), actor=None) == []
    (proposal,) = services.serious_list_propose_overdue(today=D(2023, 7, 4), actor=None)
    assert proposal.source_ref == old.number
    assert services.serious_list_propose_overdue(today=D(2023, 7, 5), actor=None) == []  # already proposed
    services.serious_list_decide(
        listing=proposal,
        list_it=True,
        decided_on=D(2023, 7, 20),
        upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20),
        actor=None,
    )
    proposal.refresh_from_db()
    assert proposal.ends_on == D(2028, 7, 20)  # listed for this ground: removal after 5 years (条例第十七条第三款)
    old.refresh_from_db()
    assert old.status == "removed" and old.removal_reason == "serious_list"


def test_信用修复_符合条件准予并进入变更公告_不符合不能准予(make_entity):
    entity = make_entity("enterprise")
    kw = dict(
        entity=entity,
        penalty_kinds=["fine"],
        domain="food",
        published_on=D(2022, 3, 1),
        harm_removed=True,
        repeated=False,
        actor=None,
    )
    too_soon = services.repair_apply(case_number="罚1", applied_on=D(2023, 2, 28), performed=True, **kw)
    assert not too_soon.eligibility["eligible"] and too_soon.eligibility["rule_id"] == "repair.samr_2021"
    with pytest.raises(DomainError) as exc:
        services.repair_decide(repair=too_soon, approve=True, decided_on=D(2023, 3, 5), actor=None)
    assert exc.value.code == "credit.repair_not_eligible"
    ok = services.repair_apply(case_number="罚2", applied_on=D(2023, 3, 1), performed=True, **kw)
    assert deadlines_for(ok)[0].rule_id == "credit_repair.decision"
    services.repair_decide(repair=ok, approve=True, decided_on=D(2023, 3, 6), actor=None)
    assert ok.publicity_ended_on == D(2023, 3, 6)
    assert CreditChange.objects.get(kind="penalty_publicity_ended").reference == "罚2"


def test_在列主体不能信用修复(listing):
    repair = services.repair_apply(
        entity=listing.entity,
        case_number="罚3",
        penalty_kinds=["fine"],
        domain="price",
        published_on=D(2022, 1, 1),
        applied_on=D(2023, 9, 1),
        performed=True,
        harm_removed=True,
        repeated=False,
        actor=None,
    )
    assert repair.listed and "not_listed" in repair.eligibility["failed"]


def test_风险分类批量重算_按规则表评分_一次审计(make_entity, listing):
    clean = make_entity("enterprise", established_on=D(2015, 1, 1), risk_class="C")
    young = make_entity("enterprise", established_on=D(2023, 6, 1), risk_class="A")
    dry = risk_classes_recompute(today=D(2023, 12, 31), dry_run=True)
    assert dry["changed"] == 3 and MarketEntity.objects.get(pk=clean.pk).risk_class == "C"
    result = risk_classes_recompute(today=D(2023, 12, 31))
    classes = dict(MarketEntity.objects.values_list("id", "risk_class"))
    assert classes[clean.pk] == "A" and classes[young.pk] == "B" and classes[listing.entity_id] == "C"
    assert result["by_class"] == {"A": 1, "B": 1, "C": 1}
    assert AuditEvent.objects.filter(action="credit.risk_classes_recompute").count() == 1
    assert risk_classes_recompute(today=D(2023, 12, 31))["changed"] == 0
