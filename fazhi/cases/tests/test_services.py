"""Each legal step as a service: clues, filing approvals, clocks, discretion freeze, the legal-review gate, the
party's rights, execution, closing approvals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases import services
from fazhi.cases.models import Approval, Case, CaseDocument, Clue, LegalReview
from fazhi.cases.services.execution import surcharge_due
from fazhi.core.errors import ConcurrentUpdate, DomainError, NotFound, PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.deadlines.models import TrackedDeadline

from .conftest import D0, FILED, STATEMENT_DUE

pytestmark = pytest.mark.django_db


def _clue(department, users, **kw):
    return services.clue_register(
        source_kind="tip", description="举报", received_on=D0, department=department, actor=users["officer"], **kw
    )


def test_clue_register_opens_the_verification_deadline(department, users):
    clue = services.clue_register(
        source_kind="inspection",
        source_ref="CC-1",
        description="抽查发现问题",
        received_on=D0,
        department=department,
        actor=users["officer"],
    )
    d = TrackedDeadline.objects.get(owner_type="cases.clue", owner_id=str(clue.pk))
    assert d.rule_id == "case.clue_verification" and clue.verification_due_on == d.due_on
    assert d.due_on == dt.date(2023, 3, 22)  # 15 working days from 2023-03-01
    assert AuditEvent.objects.filter(action="cases.clue_register").exists()


def test_clue_register_refuses_unknown_source_and_empty_description(department, users):
    with pytest.raises(DomainError) as err:
        services.clue_register(
            source_kind="rumour", description="x", received_on=D0, department=department, actor=users["officer"]
        )
    assert err.value.code == "cases.bad_clue_source"
    with pytest.raises(DomainError):
        services.clue_register(
            source_kind="tip", description=" ", received_on=D0, department=department, actor=users["officer"]
        )


def test_clue_extension_by_the_leader_once_then_decline_on_an_approved_form_and_tell_the_reporter(department, users):
    clue = _clue(department, users, reporter_name="张三")
    before = clue.verification_due_on
    with pytest.raises(PermissionDenied):  # 程序规定 Art. 18: the 负责人 approves the extension
        services.clue_extend(clue=clue, on=D0, reason="需检验", actor=users["section_chief"])
    services.clue_extend(clue=clue, on=D0 + dt.timedelta(days=3), reason="需检验", actor=users["leader"])
    assert clue.verification_due_on > before
    assert Approval.objects.get(clue=clue, kind="clue_extension").decided_by == users["leader"]
    with pytest.raises(DomainError) as err:
        services.clue_extend(clue=clue, on=D0 + dt.timedelta(days=3), reason="x", actor=users["leader"])
    assert err.value.code == "cases.clue_already_extended"
    with pytest.raises(DomainError) as err:
        services.clue_notify_reporter(clue=clue, on=D0 + dt.timedelta(days=3), text="告知", actor=users["officer"])
    assert err.value.code == "cases.clue_not_decided"
    services.filing_propose(
        clue=clue, decision="decline", on=D0 + dt.timedelta(days=4), proposal="经核查无违法事实", actor=users["officer"]
    )
    assert clue.status == "pending"
    services.filing_decide(
        clue=clue, approve=True, on=D0 + dt.timedelta(days=5), opinion="同意不予立案", actor=users["leader"]
    )
    services.clue_notify_reporter(
        clue=clue, on=D0 + dt.timedelta(days=6), text="经核查不予立案", actor=users["officer"]
    )
    clue.refresh_from_db()
    assert clue.status == "not_filed" and clue.reporter_notified_on and clue.decision_reason == "经核查无违法事实"
    with pytest.raises(DomainError) as err:
        services.filing_propose(clue=clue, decision="decline", on=D0 + dt.timedelta(days=6), proposal="x",
                                actor=users["officer"])  # fmt: skip
    assert err.value.code == "cases.clue_wrong_status"


def test_a_refused_filing_form_returns_the_clue_to_the_handler(department, users):
    clue = _clue(department, users)
    services.filing_propose(
        clue=clue, decision="file", on=D0, proposal="建议立案", actor=users["officer"], title="x",
        party_kind="organisation", party_name="某公司", facts_text="简要案情",
    )  # fmt: skip
    services.filing_decide(clue=clue, approve=False, on=D0, opinion="证据不足，继续核查", actor=users["leader"])
    assert clue.status == "verifying" and not Case.objects.exists()
    assert Approval.objects.get(clue=clue).status == "refused"


def test_filing_creates_the_case_with_a_90_day_clock_from_the_approval(make_case):
    case = make_case("filed")
    assert case.state == "investigating" and case.number.startswith("津东丽市监立〔2023〕")
    assert case.filed_on == FILED and case.handling_due_on == FILED + dt.timedelta(days=90)
    assert Clue.objects.get(pk=case.clue_id).status == "filed"
    assert case.party_representative == "周经理"  # from the registry
    assert case.next_role == "chief"  # the 办案机构负责人 designates the officers next


def test_only_the_bureau_head_suspends_and_the_approval_is_recorded(make_case, users):
    """程序规定 Art. 46: "有下列情形之一的，经市场监督管理部门负责人批准，中止案件调查"."""
    case = make_case("filed")
    with pytest.raises(PermissionDenied):
        services.case_suspend(case=case, on=FILED + dt.timedelta(days=3), reason="检测", actor=users["officer"])
    case.refresh_from_db()
    assert case.state == "investigating"
    services.case_suspend(case=case, on=FILED + dt.timedelta(days=3), reason="等待鉴定结论", actor=users["leader"])
    approval = case.approvals.get(kind="suspension")
    assert (approval.status, approval.decided_by, approval.decided_on) == (
        "approved",
        users["leader"],
        FILED + dt.timedelta(days=3),
    )
    assert approval.proposal == "等待鉴定结论" and approval.citation == "《市场监督管理行政处罚程序规定》第四十六条"


def test_suspension_stops_the_clock_and_resume_moves_the_due_date(make_case, users):
    case = make_case("filed")
    due = case.handling_due_on
    services.case_suspend(
        case=case, on=case.filed_on + dt.timedelta(days=10), reason="检测", kind="testing", actor=users["leader"]
    )
    assert case.state == "suspended" and case.handling_due_on is None
    services.case_resume(case=case, on=case.filed_on + dt.timedelta(days=19), actor=users["officer"])
    assert case.state == "investigating"
    assert due + dt.timedelta(days=10) <= case.handling_due_on <= due + dt.timedelta(days=13)


def test_extension_by_the_leader_30_days_once_then_only_by_collective_discussion(make_case, users):
    case = make_case("filed")
    due = case.handling_due_on
    on = FILED + dt.timedelta(days=20)
    with pytest.raises(PermissionDenied):
        services.case_extend_handling(case=case, on=on, reason="案情复杂", actor=users["section_chief"])
    with pytest.raises(DomainError) as err:
        services.case_extend_handling(
            case=case, on=on, reason="x", extension_id="collective_discussion", actor=users["leader"]
        )
    assert err.value.code == "cases.discussion_extension_required"
    services.case_extend_handling(case=case, on=on, reason="案情复杂", actor=users["leader"])
    assert due + dt.timedelta(days=30) <= case.handling_due_on <= due + dt.timedelta(days=33)
    with pytest.raises(DomainError) as err:
        services.case_extend_handling(case=case, on=on, reason="x", actor=users["leader"])
    assert err.value.code == "cases.already_extended"
    services.collective_discussion_record(
        case=case, held_on=on, attendees="局长、副局长", opinions="同意延长", conclusion="延长20日",
        extension_days=20, actor=users["leader"],
    )  # fmt: skip
    services.case_extend_handling(
        case=case, on=on, reason="鉴定未完成", extension_id="collective_discussion", actor=users["leader"]
    )
    assert due + dt.timedelta(days=50) <= case.handling_due_on <= due + dt.timedelta(days=53)
    approvals = Approval.objects.filter(case=case, kind="handling_extension")
    assert approvals.count() == 2 and {a.decided_by for a in approvals} == {users["leader"]}


def test_investigation_needs_two_valid_officers_designated_by_the_chief(make_case, officers, users):
    case = make_case("filed")
    with pytest.raises(PermissionDenied):
        services.case_assign_officers(case=case, officers=officers[:2], on=FILED, actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_assign_officers(case=case, officers=officers[:1], on=FILED, actor=users["section_chief"])
    assert err.value.code == "cases.two_officers_required"
    with pytest.raises(DomainError) as err:
        services.case_assign_officers(
            case=case, officers=officers[:2], on=FILED, recused=(officers[1].pk,), actor=users["section_chief"]
        )
    assert err.value.code == "cases.officer_recused"


def test_discretion_is_frozen_with_table_version_and_status(make_case):
    case = make_case("proposed")
    case.refresh_from_db()
    d = case.discretion
    assert d["table_version"] == "fsl-2021.1" and d["status"] in ("SECONDARY", "UNCONFIRMED")
    assert d["inputs"]["goods_value"] == "3000" and d["permitted"] == {"min": "65000.00", "max": "85000.00"}


def test_amount_outside_statutory_range_is_rejected_naming_the_range(make_case, users):
    case = make_case("proposed")
    with pytest.raises(DomainError) as err:
        services.case_propose_penalty(case=case, fine=Decimal("200000"), actor=users["officer"])
    assert err.value.code == "discretion.amount_outside_statutory_range" and "50000.00–100000.00" in err.value.message


def test_outside_computed_range_needs_written_reason_and_forces_legal_review(make_case, users):
    case = make_case("proposed")
    with pytest.raises(DomainError) as err:
        services.case_propose_penalty(case=case, fine=Decimal("90000"), actor=users["officer"])
    assert err.value.code == "cases.deviation_reason_required"
    services.case_propose_penalty(
        case=case, fine=Decimal("90000"), deviation_reason="拒不配合调查", actor=users["officer"]
    )
    assert case.outside_computed_range
    services.case_submit_review(case=case, on=D0 + dt.timedelta(days=20), actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_review_pass(case=case, on=D0 + dt.timedelta(days=25), actor=users["section_chief"])
    assert err.value.code == "cases.legal_review_required"


def test_the_gate_refuses_a_decision_when_the_approved_proposal_changed(make_case, users):
    case = make_case("statement_closed")
    # The statement was adopted: a lower fine → the earlier approval no longer covers the proposal.
    services.case_propose_penalty(case=case, fine=Decimal("66000"), actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.legal_review_required"
    assert Case.objects.get(pk=case.pk).decision_number == ""
    services.case_request_legal_review(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), actor=users["officer"])
    with pytest.raises(PermissionDenied):
        services.legal_review_record(
            case=case, opinion="agree", text="", on=STATEMENT_DUE + dt.timedelta(days=2), actor=users["officer"]
        )
    review = services.legal_review_record(
        case=case, opinion="agree", text="同意", on=STATEMENT_DUE + dt.timedelta(days=2), actor=users["legal_reviewer"]
    )
    assert review.stage == "before_decision"
    services.case_decide(
        case=case, on=STATEMENT_DUE + dt.timedelta(days=3), reasoning="事实清楚。", actor=users["leader"]
    )
    assert case.state == "decided" and case.decision_number.startswith("津东丽市监处罚〔2023〕")


def test_a_penalty_heavier_than_the_notice_needs_a_new_notice(make_case, users):
    case = make_case("statement_closed")
    services.case_propose_penalty(case=case, fine=Decimal("75000"), actor=users["officer"])
    services.case_request_legal_review(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), actor=users["officer"])
    services.legal_review_record(
        case=case, opinion="agree", text="", on=STATEMENT_DUE + dt.timedelta(days=2), actor=users["legal_reviewer"]
    )
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=3), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.heavier_than_notified" and "70000" in err.value.message


def test_review_opinions_return_or_amend(make_case, users):
    case = make_case("case_review")
    on = D0 + dt.timedelta(days=22)
    services.case_request_legal_review(case=case, on=on, actor=users["officer"])
    with pytest.raises(DomainError):
        services.legal_review_record(case=case, opinion="amend", text="", on=on, actor=users["legal_reviewer"])
    services.legal_review_record(
        case=case, opinion="amend", text="罚款依据引用有误", on=on, actor=users["legal_reviewer"]
    )
    assert case.state == "case_review"
    services.case_request_legal_review(case=case, on=on, actor=users["officer"])
    services.legal_review_record(
        case=case, opinion="supplementary_investigation", text="补充货值证据", on=on, actor=users["legal_reviewer"]
    )
    assert case.state == "investigating" and LegalReview.objects.filter(case=case).count() == 2
    with pytest.raises(DomainError) as err:
        services.legal_review_record(case=case, opinion="agree", text="", on=on, actor=users["legal_reviewer"])
    assert err.value.code == "cases.no_pending_review"


def test_an_unconfirmed_hearing_threshold_sends_the_notice_to_legal_review_first(make_case, users):
    """Issue 13 §3: withholding the hearing right rests on the UNCONFIRMED “较大数额” — legal review first."""
    case = make_case("case_review")
    with pytest.raises(DomainError) as err:
        services.case_review_pass(case=case, on=D0 + dt.timedelta(days=22), actor=users["section_chief"])
    assert err.value.code == "cases.legal_review_required" and "未经确认" in err.value.message
    review = services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=22), actor=users["officer"])
    assert any(c["code"] == "uncertain.hearing_threshold" for c in review.criteria)
    assert review.major_decision is False  # not a 重大执法决定 for the annual report


def test_once_the_bureau_confirms_the_threshold_the_case_review_may_pass_it(make_case, users):
    from fazhi.deadlines import services as deadline_services
    from fazhi.rulebook.confirmation import values_matching

    (value,) = values_matching("penalties/administrative_penalty_law.yaml#hearing_thresholds/*")
    deadline_services.rule_confirm(
        ref=value.ref, source="市场监督管理行政处罚听证办法第五条（总局令第42号修改后文本）", confirmed_on=D0,
        actor=users["legal_reviewer"],
    )  # fmt: skip
    case = make_case("case_review")
    services.case_review_pass(case=case, on=D0 + dt.timedelta(days=22), actor=users["section_chief"])
    assert case.state == "reviewed" and not case.legal_reviews.exists()


def test_collective_discussion_required_for_major_amounts(make_case, users):
    case = make_case(
        "statement_closed",
        facts={"party_kind": "organisation", "goods_value": "20000", "first_violation_within_2_years": True},
        fine="300000",
    )
    assert case.discussion_required and case.hearing_right
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.collective_discussion_required"
    with pytest.raises(PermissionDenied):
        services.collective_discussion_record(
            case=case, held_on=STATEMENT_DUE + dt.timedelta(days=2), attendees="x", opinions="x", conclusion="x",
            actor=users["section_chief"],
        )  # fmt: skip
    services.collective_discussion_record(
        case=case, held_on=STATEMENT_DUE + dt.timedelta(days=2), attendees="局长、副局长、法制科长",
        opinions="同意", conclusion="按建议处罚", actor=users["leader"],
    )  # fmt: skip
    services.case_decide(case=case, on=STATEMENT_DUE + dt.timedelta(days=2), reasoning="x", actor=users["leader"])
    assert case.state == "decided"


def test_hearing_request_within_5_working_days_and_notice_7_ahead_by_a_host_who_did_not_investigate(make_case, users):
    case = make_case(
        "reviewed",
        facts={"party_kind": "organisation", "goods_value": "20000", "first_violation_within_2_years": True},
        fine="300000",
    )
    notified = dt.date(2023, 3, 27)  # Monday
    services.case_approve_proposal(case=case, on=notified, opinion="同意", actor=users["leader"])
    services.case_notify(case=case, on=notified, actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_request_hearing(case=case, on=dt.date(2023, 4, 4), actor=users["officer"])  # 4/3 Mon … 4/5
    assert err.value.code == "cases.hearing_request_late"
    services.case_request_hearing(case=case, on=dt.date(2023, 3, 31), actor=users["officer"])
    assert case.state == "hearing" and case.handling_due_on is None  # hearing excluded from the handling period
    kwargs = {"place": "本局听证室", "actor": users["officer"]}
    with pytest.raises(DomainError) as err:  # 4/12–4/19 hold only 6 working days: not "七个工作日前"
        services.case_schedule_hearing(
            case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 11), host="孙主持", **kwargs
        )
    assert err.value.code == "cases.hearing_notice_too_late"
    with pytest.raises(DomainError) as err:
        services.case_schedule_hearing(
            case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 10), host="王明", **kwargs
        )
    assert err.value.code == "cases.host_is_investigator"
    # 4/11–4/19 are seven clear working days between the notice (4/10) and the hearing (4/20) (APL Art. 64 (2)).
    services.case_schedule_hearing(
        case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 10), host="孙主持", **kwargs
    )
    assert CaseDocument.objects.filter(case=case, kind="hearing_notice").exclude(number="").exists()
    with pytest.raises(DomainError):  # before the hearing day
        services.case_conclude_hearing(case=case, on=dt.date(2023, 4, 19), summary="x", actor=users["officer"])
    services.case_conclude_hearing(
        case=case, on=dt.date(2023, 4, 20), summary="当事人申辩意见不予采纳", actor=users["officer"]
    )
    assert case.hearing_held and case.handling_due_on is not None and case.statement_basis == "hearing"


def test_no_hearing_right_below_threshold(make_case, users):
    case = make_case("notified")
    assert not case.hearing_right
    with pytest.raises(DomainError) as err:
        services.case_request_hearing(case=case, on=STATEMENT_DUE, actor=users["officer"])
    assert err.value.code == "cases.no_hearing_right"


def test_main_path_to_archive_with_payment_surcharge_and_closing_approval(make_case, users):
    case = make_case("served")
    assert case.payment_due_on >= case.served_on + dt.timedelta(days=15)  # 15 days, rolled past a rest day
    assert surcharge_due(case, as_of=case.payment_due_on) == 0
    late = case.payment_due_on + dt.timedelta(days=2)
    assert surcharge_due(case, as_of=late) == Decimal("4200.00")
    with pytest.raises(DomainError) as err:
        services.case_record_payment(case=case, on=late, amount=case.fine, actor=users["officer"])
    assert err.value.code == "cases.underpaid"
    with pytest.raises(DomainError) as err:
        services.case_request_close(case=case, on=late, proposal="建议结案", actor=users["officer"])
    assert err.value.code == "cases.not_executed"
    services.case_record_payment(case=case, on=late, amount=case.fine + Decimal("4200"), actor=users["officer"])
    services.case_request_close(case=case, on=late, proposal="已执行完毕，建议结案", actor=users["officer"])
    assert case.state == "executed" and case.next_role == "leader"
    with pytest.raises(PermissionDenied):
        services.case_decide_close(case=case, approve=True, on=late, opinion="同意", actor=users["section_chief"])
    services.case_decide_close(case=case, approve=True, on=late, opinion="同意结案。", actor=users["leader"])
    with pytest.raises(DomainError) as err:  # the live case-file review blocks archiving: not published
        services.case_archive(case=case, on=late, actor=users["officer"])
    assert err.value.code == "file_reviews.archive_blocked"
    services.publication_publish(publication=case.publication, on=late, actor=users["officer"])
    services.case_archive(case=case, on=late, actor=users["officer"])
    assert case.state == "archived"
    kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
    assert {"filing_approval", "prior_notice", "penalty_decision", "service_receipt", "closing_approval"} <= kinds


def test_deferral_approved_by_the_leader_moves_the_payment_date(make_case, users):
    case = make_case("served")
    until = case.payment_due_on + dt.timedelta(days=60)
    args = {"case": case, "kind": "deferral", "until": until, "applied_on": case.served_on, "on": case.served_on}
    with pytest.raises(PermissionDenied):
        services.case_arrange_payment(**args, actor=users["section_chief"])
    services.case_arrange_payment(**args, actor=users["leader"])
    assert case.payment_due_on == until
    with pytest.raises(DomainError):
        services.case_arrange_payment(**{**args, "kind": "instalments", "until": None}, actor=users["leader"])


def test_forbidden_transition_names_the_states(make_case, users):
    case = make_case("filed")
    with pytest.raises(DomainError) as err:
        services.case_notify(case=case, on=FILED + dt.timedelta(days=5), actor=users["officer"])
    assert err.value.code in ("cases.transition_forbidden", "cases.no_legal_basis")
    case = make_case("proposed")
    with pytest.raises(DomainError) as err:
        services.case_notify(case=case, on=FILED + dt.timedelta(days=25), actor=users["officer"])
    assert err.value.code == "cases.transition_forbidden" and "调查取证" in err.value.message


def test_two_users_acting_at_once_never_both_succeed(make_case, users):
    case = make_case("filed")
    stale = Case.objects.get(pk=case.pk)
    services.case_suspend(
        case=case, on=FILED + dt.timedelta(days=2), reason="检测", kind="testing", actor=users["leader"]
    )
    with pytest.raises(ConcurrentUpdate) as err:
        services.case_terminate(case=stale, on=FILED + dt.timedelta(days=2), reason="x", actor=users["leader"])
    assert err.value.code == "concurrency.stale"
    with pytest.raises(ConcurrentUpdate):  # the revision a page showed
        services.case_resume(case=case, on=FILED + dt.timedelta(days=3), actor=users["officer"], revision="0")


def test_exemption_list_closes_as_no_penalty_with_education(make_case, users, settings):
    settings.FAZHI_LEGAL_TODAY = "2025-12-31"
    facts = {
        "party_kind": "organisation",
        "goods_value": "100",
        "first_violation_within_2_years": True,
        "harm": "none",
        "corrected_promptly": True,
        "factors": ["exemption.supplier_shown", "exemption.no_incident", "exemption.stopped_violation"],
    }
    case = make_case("filed")
    services.case_assign_officers(
        case=case, officers=list(case.department.officers.all()[:2]), on=FILED, actor=users["section_chief"]
    )
    services.evidence_add(case=case, title="询问笔录", kind="party_statement", actor=users["officer"])
    services.case_set_facts(case=case, violation_id="food.expired_food_sale", facts=facts, actor=users["officer"])
    services.case_waive_coercion(case=case, item_id="nc.first_violation_cooperative", on=FILED, actor=users["officer"])
    assert case.coercion_waived and case.coercion_waived_on == FILED
    services.case_apply_exemption(
        case=case, on=dt.date(2025, 3, 1), education="当场批评教育，责令下架", actor=users["officer"]
    )
    assert case.exemption["item_id"] == "fv1.expired_food"
    services.case_submit_review(case=case, on=dt.date(2025, 3, 2), actor=users["officer"])
    services.case_decide(
        case=case, on=dt.date(2025, 3, 3), reasoning="首次违法，危害后果轻微并及时改正。", kind="no_penalty",
        actor=users["leader"],
    )  # fmt: skip
    assert case.decision_kind == "no_penalty" and case.decision_number.startswith("津东丽市监不罚")
    assert not type(case).objects.filter(pk=case.pk, publication__isnull=False).exists()


def test_transfer_to_police_by_the_leader_then_closing_approval(make_case, users):
    case = make_case("filed")
    on = FILED + dt.timedelta(days=5)
    with pytest.raises(PermissionDenied):
        services.case_transfer(case=case, on=on, to="公安", reason="涉嫌犯罪", actor=users["section_chief"])
    services.case_transfer(
        case=case, on=on, to="天津市公安局东丽分局", reason="涉嫌生产销售伪劣产品罪", actor=users["leader"]
    )
    assert case.state == "transferred" and case.decision_kind == "transfer"
    services.case_request_close(case=case, on=on, proposal="已移送", actor=users["officer"])
    services.case_decide_close(case=case, approve=True, on=on, opinion="同意结案", actor=users["leader"])
    assert case.state == "closed"


def test_termination_by_the_leader_is_closed_on_an_approved_form(make_case, users):
    case = make_case("filed")
    on = FILED + dt.timedelta(days=5)
    services.case_terminate(case=case, on=on, reason="当事人已注销，无权利义务承受人", actor=users["leader"])
    with pytest.raises(DomainError):
        services.case_archive(case=case, on=on, actor=users["officer"])
    services.case_request_close(case=case, on=on, proposal="终止调查，建议结案", actor=users["officer"])
    services.case_decide_close(case=case, approve=False, on=on, opinion="请补充注销证明", actor=users["leader"])
    assert case.state == "terminated"
    services.case_request_close(case=case, on=on, proposal="已补充注销证明", actor=users["officer"])
    services.case_decide_close(case=case, approve=True, on=on, opinion="同意结案", actor=users["leader"])
    assert case.state == "closed"


def test_publication_published_masked_and_withdrawn(make_case, users):
    from fazhi.rulebook.masking import assert_no_personal_data

    case = make_case(
        "decided",
        party_kind="natural_person",
        facts={"party_kind": "natural_person", "goods_value": "3000", "first_violation_within_2_years": True},
    )
    pub = case.publication
    assert pub.status == "pending" and pub.due_on > case.decided_on
    services.publication_publish(publication=pub, on=case.decided_on + dt.timedelta(days=3), actor=users["officer"])
    assert pub.status == "published" and pub.party_display != case.party_name
    assert_no_personal_data(pub.summary + pub.party_display)
    services.publication_withdraw(
        publication=pub, on=case.decided_on + dt.timedelta(days=30), reason="复议撤销", actor=users["section_chief"]
    )
    assert pub.status == "withdrawn" and pub.withdrawal_due_on


def test_evidence_hash_is_linked_into_the_audit_chain(make_case, users):
    case = make_case("filed")
    item = services.evidence_add(
        case=case,
        title="现场照片",
        kind="audiovisual",
        filename="a.jpg",
        content=b"photo-bytes",
        actor=users["officer"],
    )
    event = AuditEvent.objects.get(sequence=item.audit_sequence)
    assert event.changes["sha256"] == item.sha256 and services.evidence_verify(item)


def test_a_chief_of_another_department_can_neither_see_nor_act(make_case, users, make_user, other_department):
    case = make_case("filed")
    stranger = make_user("section_chief", dept=other_department)
    with pytest.raises(NotFound):
        services.case_assign_officers(case=case, officers=[], on=FILED, actor=stranger)
    with pytest.raises(NotFound):
        services.case_resume(case=case, on=FILED + dt.timedelta(days=1), actor=stranger)
    with pytest.raises(NotFound):
        services.filing_propose(clue=case.clue, decision="decline", on=FILED, proposal="x", actor=stranger)
