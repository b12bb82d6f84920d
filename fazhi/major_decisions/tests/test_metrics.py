"""major_decisions.made on both sides of 1 January and 31 December (by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import compute_all
from fazhi.major_decisions.models import MajorDecision

pytestmark = pytest.mark.django_db
D = dt.date


def test_按决策日期计(department, role_users):
    for i, (year, decided, status) in enumerate(
        [(2022, D(2022, 12, 31), "published"), (2023, D(2023, 1, 1), "decided"), (2023, D(2023, 12, 31), "published"),
         (2023, None, "catalogued"), (2023, D(2024, 1, 1), "decided")]
    ):  # fmt: skip
        MajorDecision.objects.create(number=f"M{i}", catalogue_year=year, catalogued_on=D(year, 1, 2), department=department,
                                     title="t", status=status, decided_on=decided, created_by=role_users["leader"])  # fmt: skip
    assert compute_all(2023, only="major_decisions.") == {"major_decisions.made": 2, "major_decisions.catalogued": 4}
    assert compute_all(2022, only="major_decisions.") == {"major_decisions.made": 1, "major_decisions.catalogued": 1}
