"""Documents: issued by the step that produces them, numbered from the one numbering service, rendered from the
records only (who approved, when, with what opinion; the evidence recorded; the registry's 法定代表人)."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.choices import DocumentKind
from fazhi.cases.models import Case, CaseDocument
from fazhi.cases.services import documents
from fazhi.cases.services.common import next_number
from fazhi.core.errors import DomainError
from fazhi.core.numbering import peek_last

from .conftest import NOTIFIED, STATEMENT_DUE

pytestmark = pytest.mark.django_db


def test_numbers_are_sequential_per_kind_and_year_from_the_core_counter(make_case, users):
    case = make_case("filed")
    on = dt.date(2023, 5, 1)
    with transaction.atomic():
        docs = [
            documents.document_issue(case=case, kind=DocumentKind.PENALTY_DECISION, on=on, actor=users["leader"])
            for _ in range(3)
        ]
    assert [d.sequence for d in docs] == [1, 2, 3] and docs[0].number == "津东丽市监处罚〔2023〕1号"
    assert peek_last("cases.penalty_decision", 2023) == 3
    nxt = documents.document_issue(case=case, kind=DocumentKind.PENALTY_DECISION, on=dt.date(2024, 1, 2), actor=None)
    assert nxt.sequence == 1
    internal = documents.document_issue(case=case, kind=DocumentKind.SERVICE_RECEIPT, on=on, actor=users["leader"])
    assert internal.sequence is None and internal.number == ""


def test_the_database_refuses_a_duplicate_number(make_case):
    case = make_case("filed")
    CaseDocument.objects.create(
        case=case, kind="penalty_decision", year=2023, sequence=7, number="x", issued_on=dt.date(2023, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.create(
            case=case, kind="penalty_decision", year=2023, sequence=7, number="y", issued_on=dt.date(2023, 1, 1)
        )


@pytest.mark.django_db(transaction=True)
def test_next_number_requires_a_transaction():
    with pytest.raises(RuntimeError):
        next_number("penalty_decision", 2023)


def test_each_document_exists_only_from_its_step_and_the_page_names_the_missing_step(make_case):
    case = make_case("reviewed")
    available = {a.kind: a for a in documents.available_documents(case)}
    assert available["filing_approval"].document is not None
    assert available["prior_notice"].document is None and "送达行政处罚告知书" in available["prior_notice"].missing
    assert available["penalty_decision"].missing and available["closing_approval"].missing
    with pytest.raises(DomainError) as err:
        documents.document_for(case, "closing_approval")
    assert err.value.code == "cases.document_not_available" and "局负责人批准结案" in err.value.message


def test_a_penalised_case_never_has_a_no_penalty_decision(make_case):
    case = make_case("decided")
    kinds = [a.kind for a in documents.available_documents(case)]
    assert "no_penalty_decision" not in kinds
    with pytest.raises(DomainError) as err:
        documents.document_for(case, "no_penalty_decision")
    assert err.value.code == "cases.document_not_available"


def test_the_filing_approval_prints_the_recorded_approval_only(make_case, users):
    case = make_case("filed")
    doc = documents.document_for(case, "filing_approval")
    content = documents.document_content(case, doc)
    table = dict(content.table)
    assert (
        "有证据初步证明涉嫌违法，建议立案。" in table["承办人意见"]
        and users["officer"].display_name in table["承办人意见"]
    )
    assert "同意立案。" in table["负责人审批意见"] and users["leader"].display_name in table["负责人审批意见"]
    assert "2023年3月3日" in table["负责人审批意见"]
    assert table["法定代表人（负责人、经营者）"] == "周经理"
    assert "尚未指定" in table["办案人员"]


def test_the_decision_lists_the_evidence_recorded_and_the_statements_as_they_happened(make_case, users):
    case = make_case("decided")
    html = services.render_html(case, documents.document_for(case, "penalty_decision"))
    assert "现场笔录：现场检查笔录" in html and "相关票据等证据" not in html
    assert "当事人在法定期限内未提出陈述、申辩" in html and "罚告" in html
    assert "周经理" in html


def test_the_closing_approval_states_the_ground_and_approval_from_the_records(make_case, users):
    case = make_case("served")
    day = case.payment_due_on
    services.case_record_payment(case=case, on=day, amount=case.fine, actor=users["officer"])
    services.case_request_close(case=case, on=day, proposal="已执行完毕，建议结案", actor=users["officer"])
    assert "closing_approval" not in {d.kind for d in case.documents.all()}
    services.case_decide_close(case=case, approve=True, on=day, opinion="同意结案。", actor=users["leader"])
    table = dict(documents.document_content(case, documents.document_for(case, "closing_approval")).table)
    assert "缴纳罚没款70000.00元" in table["结案事由"] and users["leader"].display_name in table["负责人审批意见"]


@pytest.mark.parametrize(
    "kind", ["filing_approval", "prior_notice", "penalty_decision", "service_receipt", "closing_approval"]
)
def test_every_document_renders_as_docx_and_pdf(make_case, users, kind):
    from docx import Document

    case = make_case("served")
    day = case.payment_due_on
    services.case_record_payment(case=case, on=day, amount=case.fine, actor=users["officer"])
    services.case_request_close(case=case, on=day, proposal="建议结案", actor=users["officer"])
    services.case_decide_close(case=case, approve=True, on=day, opinion="同意结案。", actor=users["leader"])
    doc = documents.document_for(case, kind)
    html = documents.render_html(case, doc)
    assert '<html lang="zh-CN">' in html and DocumentKind(kind).label in html
    data = documents.render_docx(case, doc)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert DocumentKind(kind).label in text
    if kind == "penalty_decision":
        assert "六十日内" in html and "六个月内" in html and case.decision_number in html and "（印章）" in html
        pdf = documents.render_pdf(case, doc)
        assert pdf.startswith(b"%PDF")
        if os.environ.get("FAZHI_SAVE_PDF"):
            with open(os.environ["FAZHI_SAVE_PDF"], "wb") as fh:
                fh.write(pdf)


def test_the_notice_keeps_what_it_said_after_the_proposal_changes(make_case, users):
    case = make_case("statement_closed")
    services.case_propose_penalty(case=case, fine="66000", actor=users["officer"])
    content = documents.document_content(case, documents.document_for(case, "prior_notice"))
    assert any("罚款人民币70,000.00元" in p for p in content.paragraphs)
    assert any(f"{STATEMENT_DUE.year}年{STATEMENT_DUE.month}月{STATEMENT_DUE.day}日前" in p for p in content.paragraphs)


def test_the_notice_prints_the_bureau_heads_approval_of_the_proposal_from_its_record(make_case, users):
    """程序规定 Art. 56: the 告知书 says who approved the proposal, when and with what opinion — the approval it
    used, not a later one — and says nothing of an approval when none is recorded for it."""
    case = make_case("reviewed")
    services.case_approve_proposal(case=case, on=NOTIFIED, opinion="同意按审核意见告知。", actor=users["leader"])
    services.case_notify(case=case, on=NOTIFIED, actor=users["officer"])
    doc = documents.document_for(case, "prior_notice")
    text = "\n".join(documents.document_content(case, doc).paragraphs)
    leader = users["leader"].display_name
    assert (
        f"上述拟作出的行政处罚已于2023年3月25日经本局负责人{leader}批准（《市场监督管理行政处罚程序规定》第五十六条），"
        "审批意见：同意按审核意见告知。" in text
    )
    # A notice without a recorded approval (issued before the step existed) prints none.
    doc.snapshot = {**doc.snapshot, "proposal_approval_id": None}
    text = "\n".join(documents.document_content(case, doc).paragraphs)
    assert "经本局负责人" not in text and "审批意见" not in text


def test_legal_basis_from_the_frozen_discretion_or_the_benchmark_or_nothing():
    case = Case(violation_id="food.expired_food_sale", filed_on=dt.date(2023, 3, 1), discretion=None)
    violated, provision = documents.legal_basis(case)
    assert violated.startswith("《") and "食品安全法" in violated and "食品安全法" in provision
    frozen = {
        "violated": {"instrument": "甲法", "article": "第一条"},
        "penalty_provision": {"instrument": "甲法", "article": "第九条"},
    }
    assert documents.legal_basis(Case(violation_id="x", filed_on=dt.date(2023, 3, 1), discretion=frozen)) == (
        "《甲法》第一条",
        "《甲法》第九条",
    )
    assert documents.legal_basis(Case(violation_id="", filed_on=dt.date(2023, 3, 1))) == ("", "")


def test_chinese_date():
    assert documents.chinese_date(dt.date(2023, 6, 1)) == "二〇二三年六月一日"
    assert documents.chinese_date(dt.date(2023, 12, 25)) == "二〇二三年十二月二十五日"
    assert documents.chinese_date(dt.date(2023, 10, 10)) == "二〇二三年十月十日"


def test_a_provisional_period_says_so_on_the_case_page_and_in_the_notice(client, make_case, users, settings):
    # Served on Tue 29 Dec 2026: the 5 working days run into 2027, whose holiday notice is not loaded yet.
    case = make_case("reviewed")
    settings.FAZHI_LEGAL_TODAY = "2026-12-31"
    services.case_approve_proposal(case=case, on=dt.date(2026, 12, 28), opinion="同意", actor=users["leader"])
    services.case_notify(case=case, on=dt.date(2026, 12, 29), actor=users["officer"])
    content = documents.document_content(case, documents.document_for(case, "prior_notice"))
    text = "\n".join(content.paragraphs)
    assert "请于收到本告知书之日起五个工作日内向本局提出" in text
    assert "陈述申辩期限按现行工作日安排暂计至2027年1月7日，该日期为临时结果：2027 年节假日安排尚未公布" in text
    client.force_login(users["officer"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "临时结果" in page
