"""The complaints figures of the annual report with their records and definitions (issue 18): received on, closed on
and decided on both sides of 1 January and 31 December; the expected numbers are written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases.models import Clue
from fazhi.complaints import selectors
from fazhi.complaints.models import Complaint
from fazhi.core.metrics import METRICS

pytestmark = pytest.mark.django_db
D = dt.date
IDS = ["complaints.received", "complaints.on_time_rate", "complaints.recovered_yuan", "complaints.grid_work_orders"]


@pytest.fixture(autouse=True)
def after_the_year(settings):
    settings.FAZHI_LEGAL_TODAY = "2024-01-10"


def _records(metric_id: str, year: int) -> set[int]:
    records = METRICS[metric_id].records
    assert records is not None
    return set(records(year).values_list("pk", flat=True))


def test_每个投诉举报数字都有口径和记录():
    assert [i for i in IDS if not METRICS[i].definition or METRICS[i].records is None] == []


def test_受理件数与网格工单_按收到日期(register):
    (a,) = register(received_on=D(2022, 12, 31))
    (b,) = register(received_on=D(2023, 1, 1), channel="grid")
    (c,) = register(received_on=D(2023, 12, 31), kind="tip")
    (d,) = register(received_on=D(2024, 1, 1), channel="grid")
    register(received_on=D(2023, 5, 1), kind="not_covered", redirect_reason="consultation")  # not counted
    assert _records("complaints.received", 2022) == {a.pk}
    assert _records("complaints.received", 2023) == {b.pk, c.pk}
    assert _records("complaints.received", 2024) == {d.pk}
    assert METRICS["complaints.received"].compute(2023) == 2
    assert _records("complaints.grid_work_orders", 2023) == {b.pk}
    assert METRICS["complaints.grid_work_orders"].compute(2024) == 1


def test_本年度无受理事项_为无记录_只有非投诉举报事项_为零(register):
    """Received complaints and grid work orders are None for a year without any matter received (2021), 0 for a
    year whose only matter is redirected and came by 12315 (2022), and their count otherwise (2023)."""
    register(received_on=D(2022, 5, 1), kind="not_covered", redirect_reason="consultation")
    register(received_on=D(2023, 5, 1), channel="grid")
    for metric_id in ("complaints.received", "complaints.grid_work_orders"):
        assert [METRICS[metric_id].value(y) for y in (2021, 2022, 2023)] == [None, 0, 1], metric_id


def test_挽回经济损失_按调解成功的办结日期(register):
    rows = [
        (D(2022, 12, 31), "succeeded", "100"),
        (D(2023, 1, 1), "succeeded", "250"),
        (D(2023, 12, 31), "succeeded", "50"),
        (D(2023, 12, 31), "failed", "999"),  # not a success: nothing recovered
        (D(2024, 1, 1), "succeeded", "7"),
    ]
    made = []
    for closed, outcome, amount in rows:
        (c,) = register(received_on=D(2022, 12, 1))
        Complaint.objects.filter(pk=c.pk).update(
            status="closed", closed_on=closed, outcome=outcome, recovered_amount=Decimal(amount)
        )
        made.append(c.pk)
    assert METRICS["complaints.recovered_yuan"].compute(2023) == Decimal("300")
    assert METRICS["complaints.recovered_yuan"].compute(2022) == Decimal("100")
    assert _records("complaints.recovered_yuan", 2023) == {made[1], made[2]}


def test_按时办结率的记录_即计算比率的全部件数(register, department):
    """The rate's records are its denominator: complaints closed in the year and tips decided in the year."""
    closed = []
    for day in (D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1)):
        (c,) = register(received_on=D(2022, 12, 1))
        Complaint.objects.filter(pk=c.pk).update(status="closed", closed_on=day, outcome="succeeded")
        closed.append(c.pk)
    tips = []
    for n, day in enumerate((D(2022, 12, 31), D(2023, 1, 1)), start=1):
        (t,) = register(received_on=D(2022, 12, 20), kind="tip")
        clue = Clue.objects.create(
            number=f"XS-{n}", source_kind="tip", description="举报", received_on=D(2022, 12, 20),
            department=department, decided_on=day, status="filed",
        )  # fmt: skip
        Complaint.objects.filter(pk=t.pk).update(status="handed_over", clue=clue)
        tips.append(t.pk)
    assert _records("complaints.on_time_rate", 2023) == {closed[1], closed[2], tips[1]}
    assert _records("complaints.on_time_rate", 2022) == {closed[0], tips[0]}
    for year in (2022, 2023, 2024):
        total, _ = selectors.on_time_counts(year)
        assert total == len(_records("complaints.on_time_rate", year)), year


def test_一次读表算出各年的投诉数字_与逐个指标的计算一致(register, django_assert_num_queries):
    from fazhi.core.metrics import BATCHES

    register(received_on=D(2022, 12, 31))
    register(received_on=D(2023, 1, 1), channel="grid")
    register(received_on=D(2023, 12, 31), kind="tip")
    register(received_on=D(2024, 1, 1), channel="grid")
    register(received_on=D(2023, 5, 1), kind="not_covered", redirect_reason="consultation")
    for closed, outcome, amount in [(D(2022, 12, 31), "succeeded", "100"), (D(2023, 1, 1), "succeeded", "250.4"),
                                    (D(2023, 12, 31), "failed", "999"), (D(2024, 1, 1), "succeeded", "7")]:  # fmt: skip
        (c,) = register(received_on=D(2022, 12, 1))
        Complaint.objects.filter(pk=c.pk).update(
            status="closed", closed_on=closed, outcome=outcome, recovered_amount=Decimal(amount)
        )
    batch = BATCHES["complaints.year"]
    with django_assert_num_queries(2):  # the figures of three years: one statement, and one for the tips' clues
        values = batch.compute([2022, 2023, 2024])
    for year in (2022, 2023, 2024):
        assert {i: values[(i, year)] for i in batch.metric_ids} == {
            i: METRICS[i].compute(year) for i in batch.metric_ids
        }
    # by hand: 2022 — received 1 + 4 registered on 1 Dec 2022 for the mediations; 2023 — 2 received, 1 grid, 250
    assert values[("complaints.received", 2022)] == 5 and values[("complaints.received", 2023)] == 2
    assert values[("complaints.grid_work_orders", 2023)] == 1 and values[("complaints.grid_work_orders", 2024)] == 1
    assert values[("complaints.recovered_yuan", 2023)] == Decimal("250")


def test_按时办结率_两年一次读表_与逐年计算一致(register, department, django_assert_num_queries):
    """Complaints on time and late either side of 1 January, a termination whose notice came late, tips whose clue
    was decided within and after its verification period: the batch gives each year's rate as ``on_time_rate``."""
    from fazhi.core.metrics import BATCHES

    # (closed on, outcome, decided on, decision due, closing due, notified on, notice due) — on time unless noted
    rows = [
        (D(2022, 12, 31), "succeeded", D(2022, 12, 5), D(2022, 12, 9), D(2023, 1, 30), None, None),
        (D(2023, 1, 1), "succeeded", D(2022, 12, 5), D(2022, 12, 9), D(2023, 1, 30), None, None),
        (D(2023, 3, 1), "succeeded", D(2022, 12, 12), D(2022, 12, 9), D(2023, 3, 30), None, None),  # decided late
        (D(2023, 6, 1), "terminated", D(2022, 12, 5), D(2022, 12, 9), D(2023, 6, 30), D(2023, 6, 20), D(2023, 6, 9)),
        (D(2023, 12, 31), "terminated", D(2022, 12, 5), D(2022, 12, 9), D(2024, 1, 5), D(2024, 1, 2), D(2024, 1, 8)),
        (D(2024, 1, 1), "succeeded", D(2022, 12, 5), D(2022, 12, 9), D(2023, 12, 30), None, None),  # closed late
    ]  # fmt: skip
    for closed, outcome, decided, decision_due, closing_due, notified, notice_due in rows:
        (c,) = register(received_on=D(2022, 12, 1))
        Complaint.objects.filter(pk=c.pk).update(
            status="closed", closed_on=closed, outcome=outcome, decided_on=decided, decision_due_on=decision_due,
            closing_due_on=closing_due, notified_on=notified, notice_due_on=notice_due,
        )  # fmt: skip
    for n, (decided, due) in enumerate([(D(2022, 12, 30), D(2023, 1, 5)), (D(2023, 1, 2), D(2022, 12, 31)),
                                        (D(2023, 2, 1), D(2023, 2, 10))], start=1):  # fmt: skip
        (t,) = register(received_on=D(2022, 12, 20), kind="tip")
        clue = Clue.objects.create(
            number=f"XS-{n}", source_kind="tip", description="举报", received_on=D(2022, 12, 20),
            department=department, decided_on=decided, verification_due_on=due, status="filed",
        )  # fmt: skip
        Complaint.objects.filter(pk=t.pk).update(status="handed_over", clue=clue, real_name=False)
    batch = BATCHES["complaints.year"]
    with django_assert_num_queries(2):
        values = batch.compute([2022, 2023, 2024])
    for year in (2022, 2023, 2024):
        assert values[("complaints.on_time_rate", year)] == METRICS["complaints.on_time_rate"].compute(year), year
    # by hand: 2022 — 1 complaint and 1 tip, both on time; 2023 — 4 complaints (on time: 1 Jan and 31 Dec) and 2
    # tips (on time: 1 Feb) → 3 of 6; 2024 — 1 complaint, closed late.
    assert values[("complaints.on_time_rate", 2022)] == Decimal("100.00")
    assert values[("complaints.on_time_rate", 2023)] == Decimal("50.00")
    assert values[("complaints.on_time_rate", 2024)] == Decimal("0.00")


def test_按月受理_两年一次读表_与逐年计算一致(register, django_assert_num_queries):
    from fazhi.core.metrics import SERIES, series_years

    for day in (D(2022, 1, 1), D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 31), D(2023, 12, 31), D(2024, 1, 1)):
        register(received_on=day)
    register(received_on=D(2023, 5, 1), kind="not_covered", redirect_reason="consultation")  # not counted
    series = SERIES["complaints.by_month"]
    assert series.compute_years is not None
    with django_assert_num_queries(1):
        both = series.compute_years([2022, 2023])
    for year in (2022, 2023):
        assert list(both[year]) == list(series.compute(year))
    assert dict(both[2023]) == {**{f"{m}月": 0 for m in range(1, 13)}, "1月": 2, "12月": 1}
    assert dict(both[2022])["1月"] == 1 and dict(both[2022])["12月"] == 1
    assert series_years([2022, 2023])[2023]["complaints.by_month"] == list(both[2023])


def test_科室负责人在数字的记录页只能点开本部门的记录(register, client, make_user, other_department):
    # core.access.scope: a department-scoped reader opens only their own department's complaints (another's page
    # answers 404). The figure counts the whole bureau, so its records page lists both, but links only the first.
    (own,) = register(received_on=D(2023, 3, 1))
    (other,) = register(received_on=D(2023, 4, 1))
    Complaint.objects.filter(pk=other.pk).update(department=other_department)
    chief = make_user("section_chief", dept=own.department)
    client.force_login(chief)
    html = client.get("/reports/figures/2023/complaints.received/").content.decode()
    assert "共 2 条" in html and own.number in html and other.number in html
    assert f"/complaints/{own.pk}/" in html and f"/complaints/{other.pk}/" not in html
    assert client.get(f"/complaints/{own.pk}/").status_code == 200
    assert client.get(f"/complaints/{other.pk}/").status_code == 404
    leader = make_user("leader")
    client.force_login(leader)
    html = client.get("/reports/figures/2023/complaints.received/").content.decode()
    assert f"/complaints/{own.pk}/" in html and f"/complaints/{other.pk}/" in html
