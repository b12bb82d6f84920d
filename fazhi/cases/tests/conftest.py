"""Fixtures for the case tests: officers with certificates, an entity, a case driven to a given step by the
roles that really do each step (handler, section chief, legal reviewer, 局负责人).

Calendar of the fixture (2023): the clue on Wed 1 March, filing approved Fri 3 March, notice served Sat 25 March —
the party's 5 working days run Mon 27 – Fri 31 March — statement phase closed Sat 1 April (after the period),
decision Sun 2 April, service Mon 3 April.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases import services

D0 = dt.date(2023, 3, 1)
FILED = D0 + dt.timedelta(days=2)
NOTIFIED = dt.date(2023, 3, 25)
STATEMENT_DUE = dt.date(2023, 3, 31)
FACTS = {
    "party_kind": "organisation",
    "goods_value": "3000",
    "first_violation_within_2_years": True,
    "harm": "minor",
    "corrected_promptly": False,
}
UNIQUE = iter(range(10_000))


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
        uscc="91120110MA05L5XX2Y",
        name="天津市东丽区示例食品店",
        kind="enterprise",
        established_on=dt.date(2015, 1, 1),
        legal_representative="周经理",
        domicile="天津市东丽区张贵庄路1号",
    )


@pytest.fixture
def users(role_users):
    return role_users


def file_case(*, clue, users, on=FILED, **facts):
    """The handler proposes the 立案审批表, the 局负责人 approves it: the case exists from that approval."""
    payload = {
        "title": "销售超过保质期的食品",
        "party_kind": "organisation",
        "party_name": "天津市东丽区示例食品店",
        "party_id_number": "91120110MA05L5XX2Y",
        "party_address": "",
        "domain": "food",
        "facts_text": "当事人于2023年2月销售超过保质期的饮料12瓶。",
        **facts,
    }
    services.filing_propose(
        clue=clue, decision="file", on=on - dt.timedelta(days=1), proposal="有证据初步证明涉嫌违法，建议立案。",
        actor=users["officer"], **payload,
    )  # fmt: skip
    return services.filing_decide(clue=clue, approve=True, on=on, opinion="同意立案。", actor=users["leader"])


@pytest.fixture
def make_case(db, department, officers, entity, users):
    """Drive a new case to ``upto``: filed, proposed, case_review, reviewed, notified, statement_closed, decided,
    served — each step by the role the rules name."""
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
            source_ref=f"JB-{next(UNIQUE)}",
            entity=entity,
            description="举报销售过期食品",
            received_on=D0,
            department=department,
            reporter_name="张三",
            reporter_contact="13800000000",
            actor=officer,
        )
        case = file_case(
            clue=clue,
            users=users,
            party_kind=party_kind,
            party_id_number="91120110MA05L5XX2Y" if party_kind == "organisation" else "",
        )
        if upto == "filed":
            return case
        services.case_assign_officers(case=case, officers=officers[:2], on=FILED, actor=chief)
        services.evidence_add(case=case, title="现场检查笔录", kind="on_site_record", obtained_on=FILED, actor=officer)
        services.case_set_facts(
            case=case, violation_id=violation, facts=facts or {**FACTS, "party_kind": party_kind}, actor=officer
        )
        services.case_assess_discretion(case=case, on=D0 + dt.timedelta(days=20), actor=officer)
        services.case_propose_penalty(case=case, fine=Decimal(fine), actor=officer, **propose)
        if upto == "proposed":
            return case
        services.case_submit_review(case=case, on=D0 + dt.timedelta(days=20), actor=officer)
        if upto == "case_review":
            return case
        from fazhi.cases.services.discretion import review_criteria

        if review_criteria(case, on=D0 + dt.timedelta(days=22)):
            services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=22), actor=officer)
            services.legal_review_record(
                case=case, opinion="agree", text="同意", on=D0 + dt.timedelta(days=23), actor=reviewer
            )
        else:
            services.case_review_pass(case=case, on=D0 + dt.timedelta(days=23), actor=chief)
        if upto == "reviewed":
            return case
        services.case_approve_proposal(case=case, on=NOTIFIED, opinion="同意", actor=users["leader"])
        services.case_notify(case=case, on=NOTIFIED, actor=officer)
        if upto == "notified":
            return case
        services.case_close_statement(case=case, on=STATEMENT_DUE + dt.timedelta(days=1), actor=officer)
        if upto == "statement_closed":
            return case
        if case.discussion_required:
            services.collective_discussion_record(
                case=case,
                held_on=STATEMENT_DUE + dt.timedelta(days=2),
                attendees="局长、副局长、法制科科长",
                opinions="同意承办机构意见",
                conclusion="按拟处罚意见作出决定",
                actor=leader,
            )
        services.case_decide(
            case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="当事人违法事实清楚。", actor=leader
        )
        if upto == "decided":
            return case
        services.case_serve(case=case, on=STATEMENT_DUE + dt.timedelta(days=3), place="当事人经营场所", actor=officer)
        return case

    return make
