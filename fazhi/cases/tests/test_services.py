"""Each legal step as a service: clues, filing, clocks, discretion freeze, the legal-review gate, execution."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases import services
from fazhi.cases.models import Case, CaseDocument, Clue, LegalReview
from fazhi.cases.services.procedure import surcharge_due
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.core.models import AuditEvent
from fazhi.deadlines.models import TrackedDeadline

from .conftest import D0

pytestmark = pytest.mark.django_db


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


def test_clue_extension_once_and_decline_with_notice(department, users):
    clue = services.clue_register(
        source_kind="tip",
        description="举报",
        received_on=D0,
        department=department,
        reporter_name="张三",
        actor=users["officer"],
    )
    before = clue.verification_due_on
    services.clue_extend(clue=clue, approved_by=users["leader"])
    assert clue.verification_due_on > before
    with pytest.raises(DomainError):
        services.clue_extend(clue=clue, approved_by=users["leader"])
    with pytest.raises(DomainError) as err:
        services.clue_notify_reporter(clue=clue, on=D0, text="告知", actor=users["officer"])
    assert err.value.code == "cases.clue_not_decided"
    services.clue_decline(clue=clue, on=D0 + dt.timedelta(days=5), reason="无违法事实", actor=users["officer"])
    services.clue_notify_reporter(
        clue=clue, on=D0 + dt.timedelta(days=6), text="经核查不予立案", actor=users["officer"]
    )
    clue.refresh_from_db()
    assert clue.status == "not_filed" and clue.reporter_notified_on
    with pytest.raises(DomainError) as err:
        services.clue_decline(clue=clue, on=D0, reason="x", actor=users["officer"])
    assert err.value.code == "cases.clue_already_decided"


def test_filing_creates_the_case_with_a_90_day_clock(make_case):
    case = make_case("filed")
    assert case.state == "investigating" and case.number.startswith("津东丽市监立〔2023〕")
    assert case.handling_due_on == case.filed_on + dt.timedelta(days=90)
    assert Clue.objects.get(pk=case.clue_id).status == "filed"


def test_suspension_stops_the_clock_and_resume_moves_the_due_date(make_case, users):
    case = make_case("filed")
    due = case.handling_due_on
    services.case_suspend(
        case=case, on=case.filed_on + dt.timedelta(days=10), reason="检测", kind="testing", actor=users["officer"]
    )
    assert case.state == "suspended" and case.handling_due_on is None
    services.case_resume(case=case, on=case.filed_on + dt.timedelta(days=19), actor=users["officer"])
    assert case.state == "investigating" and due + dt.timedelta(days=10) <= case.handling_due_on <= due + dt.timedelta(
        days=13
    )


def test_head_extension_adds_30_days_once_then_only_by_discussion(make_case, users):
    case = make_case("filed")
    due = case.handling_due_on
    services.case_extend_handling(case=case, approved_by=users["leader"])
    assert (
        due + dt.timedelta(days=30) <= case.handling_due_on <= due + dt.timedelta(days=33)
    )  # rolls past a weekend end
    with pytest.raises(DomainError) as err:
        services.case_extend_handling(case=case, approved_by=users["leader"])
    assert err.value.code == "cases.already_extended"
    with pytest.raises(DomainError) as err:
        services.case_extend_handling(
            case=case, approved_by=users["leader"], extension_id="collective_discussion", days=20
        )
    assert err.value.code == "cases.discussion_extension_required"
    services.collective_discussion_record(
        case=case,
        held_on=D0,
        attendees="局长、副局长",
        opinions="同意延长",
        conclusion="延长20日",
        extension_days=20,
        actor=users["leader"],
    )
    services.case_extend_handling(case=case, approved_by=users["leader"], extension_id="collective_discussion", days=20)
    assert due + dt.timedelta(days=50) <= case.handling_due_on <= due + dt.timedelta(days=53)


def test_investigation_needs_two_valid_officers(make_case, officers, users):
    case = make_case("filed")
    with pytest.raises(DomainError) as err:
        services.case_assign_officers(case=case, officers=officers[:1], on=D0, actor=users["officer"])
    assert err.value.code == "cases.two_officers_required"
    with pytest.raises(DomainError) as err:
        services.case_assign_officers(
            case=case, officers=officers[:2], on=D0, recused=(officers[1].pk,), actor=users["officer"]
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
    services.case_submit_review(case=case, actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_review_pass(case=case, on=D0 + dt.timedelta(days=25), actor=users["section_chief"])
    assert err.value.code == "cases.legal_review_required"


def test_the_gate_refuses_a_decision_without_legal_review(make_case, users):
    case = make_case("proposed", major_public_interest=True)
    services.case_submit_review(case=case, actor=users["officer"])
    # Bypass the review-pass check by going through legal review and then changing the proposal.
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.legal_review_record(
            case=case, opinion="agree", text="", on=D0 + dt.timedelta(days=25), reviewer=users["officer"]
        )
    assert err.value.code == "cases.reviewer_role_required"
    services.legal_review_record(
        case=case, opinion="agree", text="", on=D0 + dt.timedelta(days=25), reviewer=users["legal_reviewer"]
    )
    services.case_notify(case=case, on=D0 + dt.timedelta(days=26), actor=users["officer"])
    services.case_close_statement(case=case, on=D0 + dt.timedelta(days=35), actor=users["officer"])
    # The statement was adopted: a lower fine → the earlier approval no longer covers the proposal.
    services.case_propose_penalty(case=case, fine=Decimal("66000"), actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=D0 + dt.timedelta(days=36), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.legal_review_required"
    assert Case.objects.get(pk=case.pk).decision_number == ""
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=36), actor=users["officer"])
    review = services.legal_review_record(
        case=case, opinion="agree", text="同意", on=D0 + dt.timedelta(days=36), reviewer=users["legal_reviewer"]
    )
    assert review.stage == "before_decision"
    services.case_decide(case=case, on=D0 + dt.timedelta(days=37), reasoning="事实清楚。", actor=users["leader"])
    assert case.state == "decided" and case.decision_number.startswith("津东丽市监处罚〔2023〕")


def test_review_opinions_return_or_amend(make_case, users):
    case = make_case("proposed", major_public_interest=True)
    services.case_submit_review(case=case, actor=users["officer"])
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=users["officer"])
    with pytest.raises(DomainError):
        services.legal_review_record(case=case, opinion="amend", text="", on=D0, reviewer=users["legal_reviewer"])
    services.legal_review_record(
        case=case,
        opinion="amend",
        text="罚款依据引用有误",
        on=D0 + dt.timedelta(days=25),
        reviewer=users["legal_reviewer"],
    )
    assert case.state == "case_review"
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=26), actor=users["officer"])
    services.legal_review_record(
        case=case,
        opinion="supplementary_investigation",
        text="补充货值证据",
        on=D0 + dt.timedelta(days=27),
        reviewer=users["legal_reviewer"],
    )
    assert case.state == "investigating"
    assert LegalReview.objects.filter(case=case).count() == 2
    with pytest.raises(DomainError) as err:
        services.legal_review_record(case=case, opinion="agree", text="", on=D0, reviewer=users["legal_reviewer"])
    assert err.value.code == "cases.no_pending_review"


def test_collective_discussion_required_for_major_amounts(make_case, users):
    case = make_case(
        "proposed",
        facts={"party_kind": "organisation", "goods_value": "20000", "first_violation_within_2_years": True},
        fine="300000",
    )
    assert case.discussion_required
    services.case_submit_review(case=case, actor=users["officer"])
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=users["officer"])
    services.legal_review_record(
        case=case, opinion="agree", text="", on=D0 + dt.timedelta(days=25), reviewer=users["legal_reviewer"]
    )
    services.case_notify(case=case, on=D0 + dt.timedelta(days=26), actor=users["officer"])
    assert case.hearing_right
    services.case_close_statement(case=case, on=D0 + dt.timedelta(days=35), actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_decide(case=case, on=D0 + dt.timedelta(days=36), reasoning="x", actor=users["leader"])
    assert err.value.code == "cases.collective_discussion_required"
    services.collective_discussion_record(
        case=case,
        held_on=D0 + dt.timedelta(days=36),
        attendees="局长、副局长、法制科长",
        opinions="同意",
        conclusion="按建议处罚",
        actor=users["leader"],
    )
    services.case_decide(case=case, on=D0 + dt.timedelta(days=36), reasoning="x", actor=users["leader"])
    assert case.serious_list_handover in ("pending", "handed_over")


def test_hearing_request_within_5_working_days_and_notice_7_ahead(make_case, users):
    case = make_case(
        "proposed",
        facts={"party_kind": "organisation", "goods_value": "20000", "first_violation_within_2_years": True},
        fine="300000",
    )
    services.case_submit_review(case=case, actor=users["officer"])
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=users["officer"])
    services.legal_review_record(
        case=case, opinion="agree", text="", on=D0 + dt.timedelta(days=25), reviewer=users["legal_reviewer"]
    )
    notified = dt.date(2023, 3, 27)  # Monday
    services.case_notify(case=case, on=notified, actor=users["officer"])
    with pytest.raises(DomainError) as err:
        services.case_request_hearing(
            case=case, on=dt.date(2023, 4, 4), actor=users["officer"]
        )  # 6th WD (4/3 Mon ... 4/5 holiday)
    assert err.value.code == "cases.hearing_request_late"
    services.case_request_hearing(case=case, on=dt.date(2023, 3, 31), actor=users["officer"])
    assert case.state == "hearing" and case.handling_due_on is None  # hearing excluded from the handling period
    with pytest.raises(DomainError) as err:
        services.case_schedule_hearing(
            case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 14), actor=users["officer"]
        )
    assert err.value.code == "cases.hearing_notice_too_late"
    with pytest.raises(DomainError) as err:  # 4/12–4/19 hold only 6 working days: not "七个工作日前"
        services.case_schedule_hearing(
            case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 11), actor=users["officer"]
        )
    assert err.value.code == "cases.hearing_notice_too_late"
    # 4/11–4/19 are seven clear working days between the notice (4/10) and the hearing (4/20) (APL Art. 64 (2)).
    services.case_schedule_hearing(
        case=case, hearing_on=dt.date(2023, 4, 20), notified_on=dt.date(2023, 4, 10), actor=users["officer"]
    )
    services.case_conclude_hearing(
        case=case, on=dt.date(2023, 4, 20), summary="当事人申辩意见不予采纳", actor=users["officer"]
    )
    assert case.hearing_held and case.handling_due_on is not None


def test_no_hearing_right_below_threshold(make_case, users):
    case = make_case("notified")
    assert not case.hearing_right
    with pytest.raises(DomainError) as err:
        services.case_request_hearing(case=case, on=case.notified_on, actor=users["officer"])
    assert err.value.code == "cases.no_hearing_right"


def test_main_path_to_archive_with_payment_and_surcharge(make_case, users):
    case = make_case("served")
    assert case.payment_due_on >= case.served_on + dt.timedelta(days=15)  # 15 days, rolled past a rest day
    assert surcharge_due(case, as_of=case.payment_due_on) == 0
    late = case.payment_due_on + dt.timedelta(days=2)
    assert surcharge_due(case, as_of=late) == Decimal("4200.00")
    with pytest.raises(DomainError) as err:
        services.case_record_payment(case=case, on=late, amount=case.fine, actor=users["officer"])
    assert err.value.code == "cases.underpaid"
    with pytest.raises(DomainError) as err:
        services.case_close(case=case, on=late, actor=users["section_chief"])
    assert err.value.code == "cases.not_executed"
    services.case_record_payment(case=case, on=late, amount=case.fine + Decimal("4200"), actor=users["officer"])
    services.case_close(case=case, on=late, actor=users["section_chief"])
    with pytest.raises(DomainError) as err:  # the live case-file review blocks archiving: no evidence, not published
        services.case_archive(case=case, on=late, actor=users["officer"])
    assert err.value.code == "file_reviews.archive_blocked"
    services.evidence_add(case=case, title="现场笔录", filename="a.pdf", content=b"%PDF-1 x", actor=users["officer"])
    services.publication_publish(publication=case.publication, on=late, actor=users["officer"])
    services.case_archive(case=case, on=late, actor=users["officer"])
    assert case.state == "archived"
    kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
    assert {"penalty_decision", "closing_approval"} <= kinds


def test_deferral_moves_the_payment_date(make_case, users):
    case = make_case("served")
    until = case.payment_due_on + dt.timedelta(days=60)
    services.case_arrange_payment(case=case, kind="deferral", until=until, approved_by=users["leader"])
    assert case.payment_due_on == until
    with pytest.raises(DomainError):
        services.case_arrange_payment(case=case, kind="instalments", approved_by=users["leader"])


def test_forbidden_transition_names_the_states(make_case, users):
    case = make_case("filed")
    with pytest.raises(DomainError) as err:
        services.case_notify(case=case, on=D0 + dt.timedelta(days=5), actor=users["officer"])
    assert err.value.code == "cases.transition_forbidden" and "调查取证" in err.value.message


def test_two_users_acting_at_once_never_both_succeed(make_case, users):
    case = make_case("filed")
    stale = Case.objects.get(pk=case.pk)
    services.case_suspend(
        case=case, on=case.filed_on + dt.timedelta(days=2), reason="检测", kind="testing", actor=users["officer"]
    )
    with pytest.raises(ConcurrentUpdate) as err:
        services.case_terminate(
            case=stale, on=case.filed_on + dt.timedelta(days=2), reason="x", actor=users["section_chief"]
        )
    assert err.value.code == "concurrency.stale"


def test_exemption_list_closes_as_no_penalty_with_education(make_case, users):
    # The SAMR first-violation list is in force from 2025-01-27; before it no item matches.
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
        case=case, officers=list(case.clue.department.officers.all()[:2]), on=case.filed_on, actor=users["officer"]
    )
    services.case_set_facts(case=case, violation_id="food.expired_food_sale", facts=facts, actor=users["officer"])
    services.case_apply_exemption(
        case=case, on=dt.date(2025, 3, 1), education="当场批评教育，责令下架", actor=users["officer"]
    )
    assert case.exemption["item_id"] == "fv1.expired_food"
    services.case_waive_coercion(
        case=case, item_id="nc.first_violation_cooperative", on=case.filed_on, actor=users["officer"]
    )
    assert case.coercion_waived
    with pytest.raises(DomainError) as err:
        services.case_waive_coercion(
            case=case, item_id="nc.other_means_sufficient", on=case.filed_on, actor=users["officer"]
        )
    assert err.value.code == "cases.no_coercion_item"
    services.case_submit_review(case=case, actor=users["officer"])
    services.case_decide(
        case=case,
        on=case.filed_on + dt.timedelta(days=5),
        reasoning="首次违法，危害后果轻微并及时改正。",
        kind="no_penalty",
        actor=users["leader"],
    )
    assert case.decision_kind == "no_penalty" and case.decision_number.startswith("津东丽市监不罚")
    assert not type(case).objects.filter(pk=case.pk, publication__isnull=False).exists()


def test_transfer_to_police(make_case, users):
    case = make_case("filed")
    services.case_transfer(
        case=case,
        on=case.filed_on + dt.timedelta(days=5),
        to="天津市公安局东丽分局",
        reason="涉嫌生产销售伪劣产品罪",
        actor=users["section_chief"],
    )
    assert case.state == "transferred" and case.decision_kind == "transfer"
    services.case_close(case=case, on=case.filed_on + dt.timedelta(days=6), actor=users["section_chief"])


def test_summary_procedure_limit(department, officers, users):
    services.summary_decide(
        department=department,
        on=D0,
        party_kind="natural_person",
        party_name="刘某",
        title="未明码标价",
        warning=False,
        fine=200,
        reasoning="x",
        officers=officers[:2],
        actor=users["officer"],
    )
    with pytest.raises(DomainError) as err:
        services.summary_decide(
            department=department,
            on=D0,
            party_kind="natural_person",
            party_name="刘某",
            title="未明码标价",
            warning=False,
            fine="200.01",
            reasoning="x",
            officers=officers[:2],
            actor=users["officer"],
        )
    assert err.value.code == "cases.summary_not_eligible"
    services.summary_decide(
        department=department,
        on=D0,
        party_kind="organisation",
        party_name="某公司",
        title="x",
        warning=False,
        fine=3000,
        reasoning="x",
        officers=officers[:2],
        actor=users["officer"],
    )


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
        publication=pub, on=case.decided_on + dt.timedelta(days=30), reason="复议撤销", actor=users["officer"]
    )
    assert pub.status == "withdrawn" and pub.withdrawal_due_on


def test_evidence_hash_is_linked_into_the_audit_chain(make_case, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = make_case("filed")
    item = services.evidence_add(
        case=case, title="现场照片", filename="a.jpg", content=b"photo-bytes", actor=users["officer"]
    )
    event = AuditEvent.objects.get(sequence=item.audit_sequence)
    assert event.changes["sha256"] == item.sha256 and services.evidence_verify(item)
