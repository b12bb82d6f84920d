"""file_reviews.* 指标：1月1日、12月31日两侧，计划中和已撤销的活动不计（期望值手算）。"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.models import Case
from fazhi.core.metrics import METRICS, compute_all
from fazhi.file_reviews.models import HigherReview, ReviewFile, ReviewRound

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fixture(department, role_users):
    user = role_users["legal_reviewer"]
    cases = [
        Case.objects.create(
            number=f"C{i}", department=department, title="t", party_kind="organisation", party_name="p",
            filed_on=D(2022, 1, 1), state="closed",
        )
        for i in range(10)
    ]  # fmt: skip

    def round_(n, started, status, n_files):
        r = ReviewRound.objects.create(
            number=f"R{n}", year=started.year, title="t", status=status, method="draw", rubric_id="penalty-case-2021",
            started_on=started, due_on=started, decided_from=D(2022, 1, 1), decided_to=started, created_by=user,
        )  # fmt: skip
        for c in cases[:n_files]:
            ReviewFile.objects.create(round=r, case=c, department=department)

    round_(1, D(2022, 12, 31), "closed", 4)  # 2022
    round_(2, D(2023, 1, 1), "closed", 3)  # 2023 (first day)
    round_(3, D(2023, 12, 31), "reviewing", 2)  # 2023 (last day, still under review: held)
    round_(4, D(2023, 6, 1), "draft", 0)  # planned only: not held
    round_(5, D(2023, 6, 1), "cancelled", 5)  # cancelled: not held, its files not counted
    round_(6, D(2024, 1, 1), "selected", 1)  # 2024
    for i, sent in enumerate([D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1)]):
        HigherReview.objects.create(
            case=cases[i], department=department, authority="天津市市场监督管理委员会", review_name=f"评查{i}",
            sent_on=sent, created_by=user,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, {"file_reviews.rounds": 1, "file_reviews.files": 4, "file_reviews.files_sent_up": 1}),
        (2023, {"file_reviews.rounds": 2, "file_reviews.files": 5, "file_reviews.files_sent_up": 2}),
        (2024, {"file_reviews.rounds": 1, "file_reviews.files": 1, "file_reviews.files_sent_up": 1}),
    ],
)
def test_各年度指标(fixture, year, expected):
    assert compute_all(year, only="file_reviews.") == expected


def test_指标已登记且有中文名称():
    for metric_id in ("file_reviews.rounds", "file_reviews.files", "file_reviews.files_sent_up"):
        assert METRICS[metric_id].module == "file_reviews" and METRICS[metric_id].unit == "count"
    assert METRICS["file_reviews.files"].label == "评查执法案卷"


def test_本年度无评查活动_为无记录_只有计划中的活动_为零(fixture, role_users):
    """Rounds and files are None for a year without any review round (2021), 0 for a year whose only round is
    planned (2025); a year without files sent up keeps its 0 (a kind a year may lack)."""
    ReviewRound.objects.create(
        number="R7", year=2025, title="t", status="draft", method="draw", rubric_id="penalty-case-2021",
        started_on=D(2025, 3, 1), due_on=D(2025, 3, 1), decided_from=D(2024, 1, 1), decided_to=D(2024, 12, 31),
        created_by=role_users["legal_reviewer"],
    )  # fmt: skip
    assert compute_all(2021, only="file_reviews.") == {
        "file_reviews.rounds": None, "file_reviews.files": None, "file_reviews.files_sent_up": 0,
    }  # fmt: skip
    assert compute_all(2025, only="file_reviews.") == {
        "file_reviews.rounds": 0, "file_reviews.files": 0, "file_reviews.files_sent_up": 0,
    }  # fmt: skip
    assert [METRICS["file_reviews.files"].value(y) for y in (2021, 2025, 2023)] == [None, 0, 5]
