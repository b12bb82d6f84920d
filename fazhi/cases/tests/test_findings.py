"""Issue 11, cases: one test per finding, each showing the thing now refused with its Chinese reason (and code)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.models import Case, Clue
from fazhi.cases.services import progress
from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import ApiToken, AuditEvent
from fazhi.core.numbering import peek_last

from .conftest import D0, FILED, NOTIFIED, STATEMENT_DUE

pytestmark = pytest.mark.django_db


def _clue(department, users):
    return services.clue_register(
        source_kind="tip", description="举报销售过期食品", received_on=D0, department=department, actor=users["officer"]
    )


# 1. Documents state only what happened, and exist only from the step that produces them.
def test_finding_1_documents_come_from_the_records_and_from_their_step_only(client, make_case, users):
    case = make_case("decided")
    client.force_login(users["officer"])
    response = client.get(reverse("cases:case_document", args=[case.pk, "closing_approval", "html"]))
    assert response.status_code == 404 and "须先“局负责人批准结案”" in response.content.decode()
    response = client.get(reverse("cases:case_document", args=[case.pk, "no_penalty_decision", "html"]))
    assert response.status_code == 404 and "不出具不予行政处罚决定书" in response.content.decode()
    filing = client.get(reverse("cases:case_document", args=[case.pk, "filing_approval", "html"])).content.decode()
    assert "同意立案。" in filing and users["leader"].display_name in filing and "周经理" in filing
    decision = client.get(reverse("cases:case_document", args=[case.pk, "penalty_decision", "html"])).content.decode()
    assert "现场检查笔录" in decision and "相关票据等证据证明" not in decision
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "尚未生成：须先“送达决定书”" in page


# 2. 立案 / 结案 / extensions are approved by the person the rules name.
def test_finding_2_the_officer_cannot_file_close_or_extend_alone(client, department, users, make_case):
    clue = _clue(department, users)
    services.filing_propose(
        clue=clue, decision="file", on=D0, proposal="建议立案", actor=users["officer"], title="销售过期食品",
        party_kind="organisation", party_name="某店", facts_text="销售过期饮料",
    )  # fmt: skip
    assert not Case.objects.exists()  # a proposal is not a case
    with pytest.raises(PermissionDenied):
        services.filing_decide(clue=clue, approve=True, on=D0, opinion="同意", actor=users["officer"])
    client.force_login(users["officer"])
    response = client.post(
        reverse("cases:clue_approve", args=[clue.pk, "decide"]),
        {"approve": "yes", "on": "2023-03-02", "opinion": "同意"},
    )
    assert response.status_code == 403 and not Case.objects.exists()
    case = make_case("filed")
    with pytest.raises(PermissionDenied):
        services.case_extend_handling(case=case, on=FILED, reason="复杂", actor=users["officer"])
    with pytest.raises(PermissionDenied):
        services.case_decide_close(case=case, approve=True, on=FILED, opinion="同意", actor=users["section_chief"])


# 3. The party's periods run out before the statement phase ends and before the decision, unless waived in writing.
def test_finding_2_no_notice_before_the_bureau_head_approved_the_proposal(client, make_case, users):
    """程序规定 Art. 56: after the review the proposal and the review opinion go to the 负责人 for approval, "并依法
    履行告知等程序" — the officer cannot serve the 告知书 before; the approval is recorded with date and opinion."""
    case = make_case("reviewed")
    on = NOTIFIED
    client.force_login(users["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "批准行政处罚建议（告知前）" in page and "局负责人" in page  # who acts next, by name of role
    with pytest.raises(DomainError) as err:
        services.case_notify(case=case, on=on, actor=users["officer"])
    assert err.value.code == "cases.proposal_not_approved" and "第五十六条" in err.value.message
    assert not case.documents.filter(kind="prior_notice").exists()  # no number consumed
    with pytest.raises(PermissionDenied):
        services.case_approve_proposal(case=case, on=on, opinion="同意", actor=users["officer"])
    with pytest.raises(PermissionDenied):
        services.case_approve_proposal(case=case, on=on, opinion="同意", actor=users["section_chief"])
    services.case_approve_proposal(case=case, on=on, opinion="同意按审核意见告知", actor=users["leader"])
    approval = case.approvals.get(kind="proposal")
    assert (approval.decided_by, approval.decided_on, approval.opinion) == (users["leader"], on, "同意按审核意见告知")
    assert approval.citation == "《市场监督管理行政处罚程序规定》第五十六条" and "罚款" in approval.proposal
    assert case.next_role == "handler"
    with pytest.raises(DomainError) as err:
        services.case_approve_proposal(case=case, on=on, opinion="同意", actor=users["leader"])
    assert err.value.code == "cases.proposal_already_approved"
    services.case_notify(case=case, on=on, actor=users["officer"])
    assert case.state == "notified"
    # The approval is used up by this 告知: a case returned to investigation needs a new one before its next 告知.
    assert not progress.proposal_approved(case)


def test_finding_2_the_bureau_head_may_refuse_the_proposal_and_the_case_returns_to_investigation(
    client, make_case, users
):
    """程序规定 Art. 56 (报负责人批准) with Arts. 48 (5), 49: a refused proposal goes back to the 办案机构; a new
    proposal is a new 调查终结报告 and passes 审核 again before the 负责人 sees it — the 告知 stays refused."""
    case = make_case("reviewed")
    on = NOTIFIED
    with pytest.raises(PermissionDenied):
        services.case_refuse_proposal(case=case, on=on, opinion="罚款过重", actor=users["section_chief"])
    with pytest.raises(DomainError) as err:
        services.case_refuse_proposal(case=case, on=on, opinion=" ", actor=users["leader"])
    assert err.value.code == "cases.reason_required" and err.value.field == "opinion"
    client.force_login(users["leader"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "不批准行政处罚建议（退回办案机构）" in page
    response = client.post(
        f"/cases/{case.pk}/decide/refuse_proposal/",
        {"on": on.isoformat(), "opinion": "违法所得未查清，罚款数额依据不足，请补充调查后重新提出处理意见"},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == "investigating" and case.next_role == "handler"
    refusal = case.approvals.get(kind="proposal")
    assert (refusal.status, refusal.decided_by, refusal.decided_on) == ("refused", users["leader"], on)
    assert refusal.opinion.startswith("违法所得未查清")
    assert "第五十六条" in refusal.citation and "罚款" in refusal.proposal
    assert not progress.proposal_approved(case)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "不批准" in page and "违法所得未查清" in page  # the 审批记录 shows the refusal
    with pytest.raises(DomainError) as err:  # no 告知 on a refused proposal
        services.case_notify(case=case, on=on, actor=users["officer"])
    assert err.value.code == "cases.transition_forbidden"
    # Back through review: the 负责人's approval of the new proposal is needed again before the 告知.
    services.case_submit_review(case=case, on=on, actor=users["officer"])
    services.case_review_pass(case=case, on=on, actor=users["section_chief"])
    with pytest.raises(DomainError) as err:
        services.case_notify(case=case, on=on, actor=users["officer"])
    assert err.value.code == "cases.proposal_not_approved"
    services.case_approve_proposal(case=case, on=on, opinion="同意", actor=users["leader"])
    services.case_notify(case=case, on=on, actor=users["officer"])
    assert case.state == "notified"


def test_finding_3_party_rights_cannot_be_cut_short(make_case, users):
    case = make_case("notified")
    with pytest.raises(DomainError) as err:
        services.case_close_statement(case=case, on=NOTIFIED + dt.timedelta(days=2), actor=users["officer"])
    assert err.value.code == "cases.party_period_running" and "2023-03-31" in err.value.message
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=NOTIFIED + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.transition_forbidden"
    # A statement is recorded: the decision says what the party said, never "未提出".
    services.case_record_statement(
        case=case, received_on=NOTIFIED + dt.timedelta(days=3), form="written", content="系初次违法，已整改",
        adoption="not_adopted", review="违法事实清楚，不予采纳", actor=users["officer"],
    )  # fmt: skip
    with pytest.raises(DomainError) as err:  # still within the period: the statement does not end it
        services.case_close_statement(case=case, on=NOTIFIED + dt.timedelta(days=4), actor=users["officer"])
    assert err.value.code == "cases.party_period_running"
    with pytest.raises(DomainError) as err:  # a waiver needs the signed page
        services.case_record_waiver(
            case=case, scope="statement", signed_on=NOTIFIED + dt.timedelta(days=4), signatory="周经理", content=b"",
            actor=users["officer"],
        )  # fmt: skip
    assert err.value.code == "cases.waiver_file_empty"
    services.case_record_waiver(
        case=case, scope="statement", signed_on=NOTIFIED + dt.timedelta(days=4), signatory="周经理",
        content=b"%PDF-1.4 signed page", actor=users["officer"],
    )  # fmt: skip
    services.case_close_statement(case=case, on=NOTIFIED + dt.timedelta(days=4), actor=users["officer"])
    assert case.statement_basis == "waived"
    assert "系初次违法，已整改" in case.statement_summary and "未提出" not in case.statement_summary
    assert "书面声明放弃陈述、申辩的权利" in case.statement_summary


def test_finding_3_no_statement_is_written_as_such_only_after_the_period(make_case, users):
    case = make_case("notified")
    services.case_close_statement(case=case, on=STATEMENT_DUE + dt.timedelta(days=1), actor=users["officer"])
    assert case.statement_summary == "当事人在法定期限内未提出陈述、申辩" and case.statement_basis == "expired"


# 4. One date rule; no number consumed by a refused or future step; stuck cases unstuck by an audited correction.
def test_finding_4_future_and_out_of_order_dates_are_refused_and_consume_no_number(department, users, make_case):
    clue = _clue(department, users)
    services.filing_propose(
        clue=clue, decision="file", on=D0, proposal="建议立案", actor=users["officer"], title="x",
        party_kind="organisation", party_name="某店", facts_text="案情",
    )  # fmt: skip
    with pytest.raises(DomainError) as err:
        services.filing_decide(clue=clue, approve=True, on=dt.date(2025, 1, 1), opinion="同意", actor=users["leader"])
    assert err.value.code == "date.future" and "晚于今天" in err.value.message
    assert peek_last("cases.case", 2025) == 0 and not Case.objects.exists()
    with pytest.raises(DomainError) as err:
        services.filing_decide(
            clue=clue, approve=True, on=D0 - dt.timedelta(days=1), opinion="同意", actor=users["leader"]
        )
    assert err.value.code == "date.too_early"
    case = make_case("statement_closed")
    before = peek_last("cases.penalty_decision", 2023)
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=STATEMENT_DUE, reasoning="x", actor=users["leader"])
    assert err.value.code == "date.too_early" and peek_last("cases.penalty_decision", 2023) == before


def test_finding_4_a_stuck_case_is_unstuck_by_an_audited_correction(make_case, users, settings):
    case = make_case("statement_closed")
    # A case recorded before the rule: its 立案 dated in the future (and numbered in that year).
    Case.objects.filter(pk=case.pk).update(filed_on=dt.date(2024, 6, 1), number="津东丽市监立〔2024〕1号")
    case.refresh_from_db()
    with pytest.raises(DomainError):
        services.case_correct_date(
            case=case, field="filed_on", new_value=dt.date(2023, 3, 3), reason="录入错误", actor=users["officer"]
        )
    with pytest.raises(DomainError) as err:  # the corrected date obeys the rule too
        services.case_correct_date(
            case=case, field="filed_on", new_value=dt.date(2023, 4, 10), reason="录入错误", actor=users["leader"]
        )
    assert err.value.code == "cases.correction_after_next_step"
    services.case_correct_date(
        case=case, field="filed_on", new_value=dt.date(2023, 3, 3), reason="立案日期误录为2024年", actor=users["leader"]
    )
    case.refresh_from_db()
    assert case.filed_on == dt.date(2023, 3, 3) and case.number.startswith("津东丽市监立〔2023〕")
    assert AuditEvent.objects.filter(action="cases.correct_date", object_id=str(case.pk)).exists()
    services.case_decide(
        case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="事实清楚", actor=users["leader"]
    )
    assert case.state == "decided"


# 5. Forms and the API validate like the importer: Chinese field errors, never a 500.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_id_number", "91120110MA05L5XX2K", "校验码"),
        ("title", "案" * 201, "最多 200 字"),
        ("revision", "abc", "页面版本号无效"),
    ],
)
def test_finding_5_the_filing_form_validates_each_field(client, department, users, field, value, message):
    clue = _clue(department, users)
    client.force_login(users["officer"])
    data = {"decision": "file", "on": "2023-03-02", "proposal": "建议立案", "title": "销售过期食品",
            "party_kind": "organisation", "party_name": "某店", "domain": "food", "procedure": "ordinary",
            "facts_text": "案情", field: value}  # fmt: skip
    response = client.post(reverse("cases:clue_act", args=[clue.pk, "propose"]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Clue.objects.get(pk=clue.pk).status == "verifying"


@pytest.mark.parametrize("amount", ["99999999999999", "1e400", "-5", "12.345"])
def test_finding_5_amounts_are_field_errors_on_pages_and_in_the_api(client, make_case, users, amount):
    case = make_case("proposed")
    client.force_login(users["officer"])
    response = client.post(reverse("cases:case_step", args=[case.pk, "propose"]), {"fine": amount})
    assert response.status_code == 400 and "金额" in response.content.decode()
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=users["officer"], name="t", token_hash=ApiToken.hash_token(raw))
    response = client.post(
        f"/api/v1/cases/{case.pk}/steps/propose",
        data=json.dumps({"fine": amount}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400 and "fine" in response.json()["errors"]
    assert Case.objects.get(pk=case.pk).proposed_fine == Decimal("70000.00")


# 6. A hand-over to credit is a plain call: done for a heavy penalty, and its failure stops the decision.
def test_finding_6_heavy_penalty_goes_to_the_serious_list_and_a_credit_failure_stops_the_decision(
    make_case, users, monkeypatch
):
    from fazhi.cases.services import handover
    from fazhi.credit.models import SeriousListing

    case = make_case("statement_closed", licence_or_business_penalty=True)
    real = handover.serious_list_propose

    def refuse(**kwargs):
        raise DomainError("credit.no_serious_rules", "严重违法失信名单规则未载入")

    services.collective_discussion_record(
        case=case, held_on=STATEMENT_DUE + dt.timedelta(days=2), attendees="局长、副局长、法制科长",
        opinions="同意吊销许可证", conclusion="按拟处罚意见决定", actor=users["leader"],
    )  # fmt: skip
    monkeypatch.setattr(handover, "serious_list_propose", refuse)
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert err.value.code == "credit.no_serious_rules"
    assert Case.objects.get(pk=case.pk).state == "statement_closed" and peek_last("cases.penalty_decision", 2023) == 0
    monkeypatch.setattr(handover, "serious_list_propose", real)
    services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert case.serious_list_handover == "handed_over"
    assert SeriousListing.objects.filter(entity=case.entity, source_ref=case.number, ground="heavy_penalty").exists()


# 7. Work is found: queues ordered by what is due first; every case says who acts next and by when.
def test_finding_7_queues_due_first_and_who_acts_next(client, make_case, users):
    later = make_case("filed")
    sooner = make_case("notified")
    client.force_login(users["section_chief"])
    html = client.get(reverse("cases:case_list")).content.decode()
    assert html.index(sooner.number) < html.index(later.number)  # the party's period ends before the 90 days
    queue = client.get(reverse("cases:queue")).content.decode()
    assert later.number in queue and "科室负责人：指定两名以上办案人员" in queue
    client.force_login(users["leader"])
    page = client.get(reverse("cases:case_detail", args=[sooner.pk])).content.decode()
    assert "办案人员（王明、李华）：结束陈述申辩" in page


# 8. No developer text on screens; date inputs keep their ISO value.
def test_finding_8_screens_show_chinese_names_and_iso_date_values(client, make_case, users):
    case = make_case("decided")
    client.force_login(users["officer"])
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:clue_detail", args=[case.clue_id]),
        reverse("cases:case_list"),
        reverse("cases:queue"),
    ):
        html = client.get(url).content.decode().replace("/cases/", "")
        for raw in ("cases.", "food.expired_food_sale", "advertising.", "规则库 rb-", "(complaint.", "UNCONFIRMED"):
            assert raw not in html, (url, raw)
    form = client.get(reverse("cases:case_step", args=[case.pk, "serve"])).content.decode()
    assert 'type="date" name="on" value="2023-12-31"' in form


# The violation catalogue (the rule behind it): the form offers the catalogue in force; 其他违法行为 is refused.
def test_the_facts_form_offers_the_catalogue_and_refuses_a_violation_without_basis(client, make_case, users):
    case = make_case("filed")
    client.force_login(users["officer"])
    form = client.get(reverse("cases:case_step", args=[case.pk, "facts"])).content.decode()
    assert '<optgroup label="食品">' in form and '<optgroup label="商标">' in form
    assert "其他违法行为（未写明违反条款和处罚依据，不能作出处罚决定）" in form
    response = client.post(
        reverse("cases:case_step", args=[case.pk, "facts"]),
        {"on": "2023-03-10", "violation_id": "other.unspecified", "harm": "ordinary", "goods_value": "100"},
    )
    assert response.status_code == 400 and "没有法律依据，不能作出行政处罚决定" in response.content.decode()
    assert Case.objects.get(pk=case.pk).violation_id == ""
    with pytest.raises(DomainError) as err:
        services.case_set_facts(
            case=case, violation_id="other.unspecified", facts={"party_kind": "organisation"}, actor=users["officer"]
        )
    assert err.value.code == "discretion.no_legal_basis" and err.value.field == "violation_id"
