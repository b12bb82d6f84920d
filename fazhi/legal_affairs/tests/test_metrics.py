"""legal_affairs.handled and proposals.* on both sides of 1 January and 31 December (by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import METRICS, compute_all
from fazhi.legal_affairs.models import LegalMatter, Proposal

pytestmark = pytest.mark.django_db
D = dt.date


def test_按办结和答复日期计(department, role_users):
    u = role_users["legal_reviewer"]
    for i, done in enumerate([D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), None, D(2024, 1, 1)]):
        LegalMatter.objects.create(number=f"F{i}", department=department, kind="other", kind_label="x", handler_kind="counsel",
                                   handler_kind_label="x", handler_name="x", title="t", received_on=D(2022, 12, 1),
                                   completed_on=done, recorded_by=u)  # fmt: skip
    rows = [(Proposal.CPPCC, D(2023, 1, 1), True), (Proposal.CPPCC, D(2023, 12, 31), False), (Proposal.CPPCC, D(2022, 12, 31), True),
            (Proposal.NPC, D(2023, 6, 1), True), (Proposal.CPPCC, D(2024, 1, 1), True)]  # fmt: skip
    for i, (kind, replied, satisfied) in enumerate(rows):
        Proposal.objects.create(kind=kind, reference=f"P{i}", title="t", proposer="p", department=department,
                                assigned_on=D(2022, 10, 1), reply_rule="x", replied_on=replied, satisfied=satisfied,
                                created_by=u)  # fmt: skip
    assert compute_all(2023, only="legal_affairs.") == {"legal_affairs.handled": 2}
    assert compute_all(2023, only="proposals.") == {"proposals.closed": 1, "proposals.suggestions_replied": 1}
    assert compute_all(2022, only="proposals.closed") == {"proposals.closed": 1}


def test_本年度无政协提案答复_为无记录_答复均不满意_为零(department, role_users):
    """proposals.closed is None for a year without any CPPCC reply (2021; an NPC reply is another kind), 0 for a year
    whose only reply left the proposer unsatisfied (2022), 1 for a satisfied one (2023). Suggestions keep their 0."""
    rows = [(Proposal.NPC, D(2021, 5, 1), True), (Proposal.CPPCC, D(2022, 5, 1), False),
            (Proposal.CPPCC, D(2023, 5, 1), True)]  # fmt: skip
    for i, (kind, replied, satisfied) in enumerate(rows):
        Proposal.objects.create(kind=kind, reference=f"Q{i}", title="t", proposer="p", department=department,
                                assigned_on=D(2021, 1, 4), reply_rule="x", replied_on=replied, satisfied=satisfied,
                                created_by=role_users["legal_reviewer"])  # fmt: skip
    assert [METRICS["proposals.closed"].value(y) for y in (2021, 2022, 2023)] == [None, 0, 1]
    assert compute_all(2020, only="proposals.") == {"proposals.closed": None, "proposals.suggestions_replied": 0}
