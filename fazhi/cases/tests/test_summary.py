"""简易程序 (当场处罚): its own state table, its conditions (行政处罚法 Arts. 44, 51, 52) and its document."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services
from fazhi.cases.services import documents, progress
from fazhi.core.errors import DomainError, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db
ON = dt.date(2023, 6, 1)


def _decide(department, officers, users, **overrides):
    args = {
        "department": department,
        "on": ON,
        "party_kind": "organisation",
        "party_name": "天津市东丽区某超市",
        "party_id_number": "91120110MA05L5XX2Y",
        "violation_id": "price.unmarked_price",
        "violation_facts": "销售的12种商品未按规定明码标价",
        "place": "东丽区先锋路某超市",
        "warning": False,
        "fine": "1000",
        "officers": officers[:2],
        "credentials_shown": True,
        "rights_told": True,
        "party_stated": False,
        "actor": users["officer"],
        **overrides,
    }
    return services.summary_decide(**args)


def test_an_on_the_spot_decision_is_numbered_filed_paid_and_archived(department, officers, users):
    case = _decide(department, officers, users)
    assert (
        case.procedure == "summary" and case.state == "decided" and case.decision_number == "津东丽市监当罚〔2023〕1号"
    )
    assert case.next_role == "chief" and case.payment_due_on == ON + dt.timedelta(days=15)
    text = " ".join(documents.document_content(case, documents.document_for(case, "summary_decision")).paragraphs)
    assert "王明" in text and "当事人未提出陈述、申辩" in text and "申请行政复议" in text and "明码标价" in text
    with pytest.raises(DomainError):  # 备案 before execution (its own table)
        services.case_record_payment(case=case, on=ON, amount="1000", actor=users["officer"])
    with pytest.raises(PermissionDenied):
        services.summary_record_filing(case=case, on=ON + dt.timedelta(days=1), actor=users["officer"])
    services.summary_record_filing(case=case, on=ON + dt.timedelta(days=1), actor=users["section_chief"])
    with pytest.raises(DomainError) as err:
        services.case_archive(case=case, on=ON + dt.timedelta(days=2), actor=users["officer"])
    assert err.value.code == "cases.not_executed"
    services.case_record_payment(case=case, on=ON + dt.timedelta(days=5), amount="1000", actor=users["officer"])
    # No 结案审批表 under the summary procedure (程序规定 Art. 77 names the ordinary procedure): no closing period.
    assert not progress.open_deadline(case, "case.closing") and case.next_action == "归档"
    services.case_archive(case=case, on=ON + dt.timedelta(days=6), actor=users["officer"])
    assert case.state == "archived" and not hasattr(case, "publication")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"fine": "3000.01"}, "cases.summary_not_eligible"),
        ({"party_kind": "natural_person", "party_id_number": "", "fine": "201"}, "cases.summary_not_eligible"),
        ({"credentials_shown": False}, "cases.credentials_not_shown"),
        ({"rights_told": False}, "cases.rights_not_told"),
        ({"party_stated": True, "party_statement": ""}, "cases.reason_required"),
        ({"party_signed": False, "refusal_note": ""}, "cases.refusal_note_required"),
        ({"collected_on_spot": True, "receipt_number": ""}, "cases.receipt_required"),
        ({"violation_id": "product.unsafe_product"}, "cases.summary_not_eligible"),  # fine computed from goods value
        ({"fine": "0", "warning": False}, "cases.empty_proposal"),
        ({"on": dt.date(2024, 1, 2)}, "date.future"),
        ({"fine": "1e400"}, "number.format"),
    ],
)
def test_the_conditions_of_the_summary_procedure(department, officers, users, overrides, code):
    with pytest.raises(DomainError) as err:
        _decide(department, officers, users, **overrides)
    assert err.value.code == code


def test_a_warning_alone_is_archived_after_filing_and_collected_fines_need_a_receipt(department, officers, users):
    case = _decide(department, officers, users, warning=True, fine="0")
    services.summary_record_filing(case=case, on=ON, actor=users["section_chief"])
    services.case_archive(case=case, on=ON, actor=users["officer"])
    assert case.state == "archived"
    paid = _decide(department, officers, users, fine="100", collected_on_spot=True, receipt_number="JS-0001")
    assert paid.paid_on == ON and paid.paid_amount == 100
    services.summary_record_filing(case=paid, on=ON, actor=users["section_chief"])
    services.case_record_payment(case=paid, on=ON + dt.timedelta(days=1), amount=None, actor=users["officer"])
    assert paid.state == "executed" and paid.paid_on == ON


def test_only_officers_of_the_own_department_decide_on_the_spot(
    department, other_department, officers, users, make_user
):
    with pytest.raises(NotFound):
        _decide(department, officers, users, actor=make_user("officer", dept=other_department))
    with pytest.raises(PermissionDenied):
        _decide(department, officers, users, actor=users["leader"])
