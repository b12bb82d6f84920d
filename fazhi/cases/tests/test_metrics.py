"""Metric fixtures on both sides of 1 January and 31 December, expected counts written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases import metrics
from fazhi.cases.models import Case, LegalReview

pytestmark = pytest.mark.django_db


def _case(department, n: int, **fields) -> Case:
    defaults = {
        "number": f"M-{n}",
        "department": department,
        "title": "x",
        "party_kind": "organisation",
        "party_name": "某公司",
        "filed_on": dt.date(2022, 11, 1),
        "state": "investigating",
    }
    return Case.objects.create(**{**defaults, **fields})


def test_coercion_waived_counts_in_the_year_the_waiver_was_recorded(department):
    # Filed in 2022, waived in 2023: counts in 2023 (the demo's 11-instead-of-12 came from counting by filing year).
    _case(department, 1, coercion_waived=True, coercion_waived_on=dt.date(2022, 12, 31))
    _case(department, 2, coercion_waived=True, coercion_waived_on=dt.date(2023, 1, 1))
    _case(department, 3, coercion_waived=True, coercion_waived_on=dt.date(2023, 12, 31), filed_on=dt.date(2023, 12, 30))
    _case(department, 4, coercion_waived=True, coercion_waived_on=dt.date(2024, 1, 1), filed_on=dt.date(2023, 12, 31))
    _case(department, 5, coercion_waived=False, filed_on=dt.date(2023, 6, 1))
    assert metrics.coercion_waived(2022) == 1
    assert metrics.coercion_waived(2023) == 2
    assert metrics.coercion_waived(2024) == 1


def test_ip_mediations_count_in_the_year_of_the_mediation(department):
    ip = {"domain": "intellectual_property", "ip_mediated": True}
    _case(department, 1, ip_mediated_on=dt.date(2022, 12, 31), **ip)
    _case(department, 2, ip_mediated_on=dt.date(2023, 1, 1), **ip)
    _case(department, 3, ip_mediated_on=dt.date(2023, 12, 31), **ip)
    _case(department, 4, ip_mediated_on=dt.date(2024, 1, 1), **ip)
    _case(department, 5, domain="intellectual_property", ip_mediated=False, filed_on=dt.date(2023, 3, 1))
    assert (metrics.ip_mediations(2022), metrics.ip_mediations(2023), metrics.ip_mediations(2024)) == (1, 2, 1)


def test_major_decision_reviews_count_cases_once_and_leave_out_uncertainty_only_reviews(department, role_users):
    reviewer, officer = role_users["legal_reviewer"], role_users["officer"]
    a, b, c = (_case(department, n) for n in (1, 2, 3))

    def review(case, on, major):
        LegalReview.objects.create(
            case=case, stage="before_notice", major_decision=major, requested_on=on, requested_by=officer,
            reviewer=reviewer, reviewed_on=on, opinion="agree",
        )  # fmt: skip

    review(a, dt.date(2023, 1, 1), True)
    review(a, dt.date(2023, 5, 1), True)  # the same case twice: one decision reviewed
    review(b, dt.date(2022, 12, 31), True)
    review(c, dt.date(2023, 12, 31), False)  # only an UNCONFIRMED value confirmed
    assert metrics.major_decision_reviews(2023) == 1 and metrics.major_decision_reviews(2022) == 1


def test_major_decision_reviews_are_none_in_a_year_without_any_completed_review(department, role_users):
    """None for a year without a completed legal review (2021), 0 for a year whose only review is not on a
    major-decision criterion (2022), 1 for a year with one that is (2023)."""
    from fazhi.core.metrics import METRICS

    reviewer, officer = role_users["legal_reviewer"], role_users["officer"]
    for n, on, major in ((1, dt.date(2022, 6, 1), False), (2, dt.date(2023, 6, 1), True)):
        LegalReview.objects.create(
            case=_case(department, n), stage="before_notice", major_decision=major, requested_on=on,
            requested_by=officer, reviewer=reviewer, reviewed_on=on, opinion="agree",
        )  # fmt: skip
    metric = METRICS["legal_review.major_decisions"]
    assert [metric.value(y) for y in (2021, 2022, 2023)] == [None, 0, 1]


def test_penalties_count_in_the_year_of_the_decision_including_summary_ones(department):
    penalty = {"decision_kind": "penalty", "state": "decided"}
    _case(department, 1, decided_on=dt.date(2022, 12, 31), fine=Decimal("1000"), **penalty)
    _case(department, 2, decided_on=dt.date(2023, 1, 1), fine=Decimal("2000"), confiscation=Decimal("500"), **penalty)
    _case(department, 3, decided_on=dt.date(2023, 12, 31), fine=Decimal("200"), procedure="summary", **penalty)
    _case(department, 4, decided_on=dt.date(2023, 6, 1), decision_kind="no_penalty", exemption={"item_id": "apl33"})
    assert metrics.closed_with_penalty(2023) == 2 and metrics.fines_confiscations(2023) == Decimal("2700")
    assert metrics.exempted_minor(2023) == 1 and metrics.closed_with_penalty(2022) == 1


def test_一次读表算出两年的案件数字_与逐个指标的计算一致(department, django_assert_num_queries):
    from fazhi.core.metrics import BATCHES, METRICS

    penalty = {"decision_kind": "penalty", "state": "closed"}
    _case(department, 1, decided_on=dt.date(2022, 12, 31), domain="food", fine=Decimal("1000"), **penalty)
    _case(department, 2, decided_on=dt.date(2023, 1, 1), domain="food", fine=Decimal("200"), **penalty)
    _case(
        department, 3, decided_on=dt.date(2023, 12, 31), domain="special_equipment", fine=Decimal("3000"),
        confiscation=Decimal("50"), **penalty,
    )  # fmt: skip
    _case(department, 4, decided_on=dt.date(2024, 1, 1), domain="special_equipment", fine=Decimal("9"), **penalty)
    _case(department, 5, decided_on=dt.date(2023, 6, 1), decision_kind="transfer", state="closed")
    _case(department, 6, coercion_waived=True, coercion_waived_on=dt.date(2023, 1, 1))
    _case(department, 7, domain="intellectual_property", ip_mediated=True, ip_mediated_on=dt.date(2022, 12, 31))
    ids = BATCHES["cases.decisions"].metric_ids
    with django_assert_num_queries(1):  # every figure of the three years: one statement
        batch = BATCHES["cases.decisions"].compute([2022, 2023, 2024])
    both = {y: {i: batch[(i, y)] for i in ids} for y in (2022, 2023, 2024)}
    for year in (2022, 2023, 2024):
        assert both[year] == {i: METRICS[i].compute(year) for i in ids}
    # by hand: 2023 has cases 2 and 3 penalised, 3 being special equipment (3,000 + 50), and one transfer
    assert both[2023]["cases.closed_with_penalty"] == 2
    assert both[2023]["cases.fines_confiscations_yuan"] == Decimal("3250")
    assert both[2023]["cases.by_domain.special_equipment_fines_yuan"] == Decimal("3050")
    assert both[2023]["cases.by_domain.food"] == 1 and both[2022]["cases.by_domain.food"] == 1
    assert both[2023]["cases.transferred_to_police"] == 1 and both[2023]["cases.coercion_waived"] == 1
    assert both[2022]["ip.mediations"] == 1 and both[2023]["ip.mediations"] == 0
    assert both[2024]["cases.fines_confiscations_yuan"] == Decimal("9")
