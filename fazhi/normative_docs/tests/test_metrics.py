"""normative_docs.* metrics on both sides of 1 January and 31 December (expected numbers by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import compute_all
from fazhi.normative_docs.models import (
    CleanupEntry,
    CleanupRound,
    FairCompetitionReview,
    MechanismRecord,
    NormativeDocument,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fixture(department, role_users):
    user = role_users["legal_reviewer"]
    n = iter(range(1000))

    def doc(issued):
        return NormativeDocument.objects.create(
            number=f"N{next(n)}", department=department, title="t", drafted_on=D(2020, 1, 1), status="issued",
            issued_on=issued, created_by=user,
        )  # fmt: skip

    def cleanup(published, documents):
        c = CleanupRound.objects.create(
            number=f"C{next(n)}", title="c", started_on=D(2020, 1, 1), published_on=published, created_by=user
        )
        for d in documents:
            CleanupEntry.objects.create(
                cleanup=c, document=d, outcome="keep", outcome_label="继续有效", recorded_by=user
            )

    docs = [doc(D(2022, 12, 31)), doc(D(2023, 1, 1)), doc(D(2023, 12, 31)), doc(D(2024, 1, 1))]
    cleanup(D(2022, 12, 31), docs[:1])
    cleanup(D(2023, 1, 1), docs[:2])
    cleanup(D(2023, 12, 31), docs[:3])
    cleanup(None, docs)  # not published: not counted
    cleanup(D(2024, 1, 1), docs[:1])
    for day in (D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1)):
        FairCompetitionReview.objects.create(
            document=docs[0], reviewed_on=day, conclusion="compliant", conclusion_label="x", conclusion_text="x",
            citation="x", citation_status="TEXT", reviewer=user,
        )  # fmt: skip
        MechanismRecord.objects.create(
            kind="joint_meeting",
            kind_label="x",
            department=department,
            held_on=day,
            title="t",
            summary="s",
            recorded_by=user,
        )


def test_2023年(fixture):
    assert compute_all(2023, only="normative_docs.") == {
        "normative_docs.cleaned": 5,
        "normative_docs.issued": 2,
        "normative_docs.fair_competition_reviews": 2,
        "normative_docs.mechanism_records": 2,
    }


def test_2022年(fixture):
    assert compute_all(2022, only="normative_docs.")["normative_docs.cleaned"] == 1
    assert compute_all(2022, only="normative_docs.")["normative_docs.issued"] == 1
