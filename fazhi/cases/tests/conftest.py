"""Fixtures for the case tests: officers with certificates, an entity, a case driven to a given step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases import services

D0 = dt.date(2023, 3, 1)
FACTS = {
    "party_kind": "organisation",
    "goods_value": "3000",
    "first_violation_within_2_years": True,
    "harm": "minor",
    "corrected_promptly": False,
}


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture
def officers(db, department):
    from fazhi.registry.models import Officer

    return [
        Officer.objects.create(
            name=n, certificate_number=f"12011000{i}", certificate_expires_on=dt.date(2026, 1, 1), department=department
        )
        for i, n in enumerate(["王明", "李华", "赵强"])
    ]


@pytest.fixture
def entity(db):
    from fazhi.registry.models import MarketEntity

    return MarketEntity.objects.create(
        uscc="91120110MA05L5XX2K", name="天津市东丽区示例食品店", kind="enterprise", established_on=dt.date(2015, 1, 1)
    )


@pytest.fixture
def users(role_users):
    return role_users


@pytest.fixture
def make_case(db, department, officers, entity, users):
    """Drive a new case to ``upto``: filed, proposed, reviewed, notified, statement_closed, decided, served."""
    officer, chief, leader, reviewer = (
        users["officer"],
        users["section_chief"],
        users["leader"],
        users["legal_reviewer"],
    )

    def make(
        upto: str = "filed",
        *,
        fine: str = "70000",
        facts: dict | None = None,
        violation: str = "food.expired_food_sale",
        party_kind: str = "organisation",
        **propose,
    ):
        clue = services.clue_register(
            source_kind="tip",
            source_ref="JB-1",
            entity=entity,
            description="举报销售过期食品",
            received_on=D0,
            department=department,
            reporter_name="张三",
            reporter_contact="13800000000",
            actor=officer,
        )
        case = services.case_file(
            clue=clue,
            on=D0 + dt.timedelta(days=3),
            title="销售超过保质期的食品",
            party_kind=party_kind,
            party_name="天津市东丽区示例食品店",
            party_id_number="91120110MA05L5XX2K",
            party_address="天津市东丽区张贵庄路1号",
            domain="food",
            facts_text="当事人于2023年2月销售超过保质期的饮料12瓶。",
            actor=officer,
        )
        if upto == "filed":
            return case
        services.case_assign_officers(case=case, officers=officers[:2], on=D0 + dt.timedelta(days=3), actor=officer)
        services.case_set_facts(
            case=case, violation_id=violation, facts=facts or {**FACTS, "party_kind": party_kind}, actor=officer
        )
        services.case_assess_discretion(case=case, on=D0 + dt.timedelta(days=20), actor=officer)
        services.case_propose_penalty(case=case, fine=Decimal(fine), actor=officer, **propose)
        if upto == "proposed":
            return case
        services.case_submit_review(case=case, actor=officer)
        if upto == "case_review":
            return case
        from fazhi.cases.services.discretion import review_criteria

        if review_criteria(case, on=D0 + dt.timedelta(days=25)):
            services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=officer)
            services.legal_review_record(
                case=case, opinion="agree", text="同意", on=D0 + dt.timedelta(days=25), reviewer=reviewer
            )
        else:
            services.case_review_pass(case=case, on=D0 + dt.timedelta(days=25), actor=chief)
        if upto == "reviewed":
            return case
        services.case_notify(case=case, on=D0 + dt.timedelta(days=26), actor=officer)
        if upto == "notified":
            return case
        services.case_close_statement(case=case, on=D0 + dt.timedelta(days=35), summary="当事人无异议", actor=officer)
        if upto == "statement_closed":
            return case
        if case.discussion_required:
            services.collective_discussion_record(
                case=case,
                held_on=D0 + dt.timedelta(days=36),
                attendees="局长、副局长、法制科科长",
                opinions="同意承办机构意见",
                conclusion="按拟处罚意见作出决定",
                actor=leader,
            )
        services.case_decide(case=case, on=D0 + dt.timedelta(days=36), reasoning="当事人违法事实清楚。", actor=leader)
        if upto == "decided":
            return case
        services.case_serve(case=case, on=D0 + dt.timedelta(days=37), actor=officer)
        return case

    return make
