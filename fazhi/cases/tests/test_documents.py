"""Documents: numbering without gaps or duplicates, and every template renders as .docx and .pdf."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from fazhi.cases.choices import DocumentKind
from fazhi.cases.models import CaseDocument
from fazhi.cases.services import documents
from fazhi.cases.services.common import next_number

pytestmark = pytest.mark.django_db


def test_numbers_are_sequential_per_kind_and_year(make_case, users):
    case = make_case("filed")
    on = dt.date(2023, 5, 1)
    docs = [
        documents.document_issue(case=case, kind=DocumentKind.PENALTY_DECISION, on=on, actor=users["leader"])
        for _ in range(5)
    ]
    assert [d.sequence for d in docs] == [1, 2, 3, 4, 5]
    assert docs[0].number == "津东丽市监处罚〔2023〕1号"
    other = documents.document_issue(case=case, kind=DocumentKind.PRIOR_NOTICE, on=on, actor=users["leader"])
    assert other.number == "津东丽市监罚告〔2023〕1号"
    next_year = documents.document_issue(
        case=case, kind=DocumentKind.PENALTY_DECISION, on=dt.date(2024, 1, 2), actor=users["leader"]
    )
    assert next_year.sequence == 1
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


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_has_no_gaps_or_duplicates():
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict.get("NAME", "")) + str(
        connection.settings_dict.get("TEST", {}).get("NAME") or "memory"
    ):
        pytest.skip("in-memory SQLite is not shared between threads; runs on PostgreSQL / file SQLite")
    results, errors = [], []

    def worker():
        try:
            for _ in range(5):
                with transaction.atomic():
                    results.append(next_number("penalty_decision", 2030))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 21))


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_renders_as_docx_and_pdf(make_case, kind):
    from docx import Document

    case = make_case("served")
    doc = case.documents.filter(kind=kind).first()
    html = documents.render_html(case, kind, doc)
    assert '<html lang="zh-CN">' in html and DocumentKind(kind).label in html
    data = documents.render_docx(case, kind, doc)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert DocumentKind(kind).label in text
    if kind == DocumentKind.PENALTY_DECISION:
        assert "六十日内" in html and "六个月内" in html and case.decision_number in html and "（印章）" in html
        pdf = documents.render_pdf(case, kind, doc)
        assert pdf.startswith(b"%PDF")
        if os.environ.get("FAZHI_SAVE_PDF"):
            with open(os.environ["FAZHI_SAVE_PDF"], "wb") as fh:
                fh.write(pdf)


def test_chinese_date():
    assert documents.chinese_date(dt.date(2023, 6, 1)) == "二〇二三年六月一日"
    assert documents.chinese_date(dt.date(2023, 12, 25)) == "二〇二三年十二月二十五日"
    assert documents.chinese_date(dt.date(2023, 10, 10)) == "二〇二三年十月十日"
