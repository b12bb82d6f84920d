"""credit.* metrics over a hand-built fixture: both sides of 1 January and 31 December, and every status that
must not count (a proposal not decided, a refusal, a removal to the serious list or because the entity ended).

Counted by the decision date of the step the figure names (列入/标记 by ``decided_on``, 移出/恢复 by
``removed_on``, 撤销 and 修复 by the approval date) — the annual report counts what the bureau decided that year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import METRICS, compute_all
from fazhi.credit.models import AbnormalListing, CreditRepair, IdentityMisuseRevocation, SeriousListing

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def listings(make_entity):
    enterprise, shop = "enterprise", "individual"  # a fresh entity per listing (one listing per entity/ground/year)
    n = {"i": 0}

    def listing(kind, consequence, ground, decided_on, **extra):
        n["i"] += 1
        return AbnormalListing.objects.create(
            number=f"测试〔{decided_on.year}〕{n['i']}号",
            entity=make_entity(kind),
            consequence=consequence,
            ground=ground,
            year=decided_on.year,
            decided_on=decided_on,
            basis_ref="企业信息公示暂行条例第十七条",
            **extra,
        )

    L, M = "abnormal_list", "abnormal_mark"
    listing(enterprise, L, "annual_report", D(2022, 12, 31))  # 2022
    listing(enterprise, L, "annual_report", D(2023, 1, 1))  # 2023, no annual report
    listing(enterprise, L, "unreachable", D(2023, 12, 31))  # 2023, another ground
    listing(enterprise, L, "annual_report", D(2024, 1, 1))  # 2024
    # Removed: cured on 31 Dec 2023 counts for 2023; moved to the serious list and entity ended never count.
    listing(
        enterprise,
        L,
        "annual_report",
        D(2021, 6, 1),
        status="removed",
        removed_on=D(2023, 12, 31),
        removal_reason="cured",
    )
    listing(
        enterprise,
        L,
        "not_disclosed",
        D(2021, 6, 2),
        status="removed",
        removed_on=D(2023, 6, 1),
        removal_reason="objection_upheld",
    )
    listing(
        enterprise,
        L,
        "annual_report",
        D(2020, 6, 1),
        status="removed",
        removed_on=D(2023, 7, 1),
        removal_reason="serious_list",
    )
    listing(
        enterprise,
        L,
        "annual_report",
        D(2020, 6, 2),
        status="removed",
        removed_on=D(2023, 8, 1),
        removal_reason="entity_ended",
    )
    listing(
        enterprise,
        L,
        "annual_report",
        D(2021, 6, 3),
        status="removed",
        removed_on=D(2024, 1, 1),
        removal_reason="cured",
    )
    # Individual marks.
    listing(shop, M, "annual_report", D(2023, 7, 10))
    listing(shop, M, "unreachable", D(2023, 7, 11))
    listing(
        shop, M, "annual_report", D(2022, 7, 10), status="removed", removed_on=D(2023, 1, 1), removal_reason="cured"
    )


def test_列入和标记_按决定日期_分事由(listings):
    v = compute_all(2023, only="credit.")
    assert v["credit.abnormal_listed.enterprises"] == 2
    assert v["credit.abnormal_listed.enterprises_no_annual_report"] == 1
    assert v["credit.abnormal_marked.individuals"] == 2
    assert v["credit.abnormal_marked.individuals_no_annual_report"] == 1
    v22 = compute_all(2022, only="credit.")
    assert v22["credit.abnormal_listed.enterprises"] == 1 and v22["credit.abnormal_marked.individuals"] == 1


def test_移出和恢复_按移出日期_转严重和主体终止不计(listings):
    v = compute_all(2023, only="credit.")
    assert v["credit.abnormal_removed.enterprises"] == 2  # cured 31 Dec + objection upheld; not serious/ended/2024
    assert v["credit.abnormal_removed.individuals"] == 1  # restored on 1 Jan 2023
    assert compute_all(2024, only="credit.")["credit.abnormal_removed.enterprises"] == 1


def test_严重违法失信名单_只计已决定列入(make_entity):
    def serious(status, decided_on, proposed_on=D(2023, 1, 1)):
        return SeriousListing.objects.create(
            entity=make_entity(),
            ground="heavy_penalty",
            source_ref="东市监罚〔2023〕1号",
            status=status,
            proposed_on=proposed_on,
            decided_on=decided_on,
        )

    serious("listed", D(2023, 1, 1))
    serious("removed_early", D(2023, 12, 31))  # decided in 2023, since removed: still a 2023 listing
    serious("expired", D(2022, 12, 31), proposed_on=D(2022, 11, 1))
    serious("listed", D(2024, 1, 1))
    serious("proposed", None)  # notified only
    serious("not_listed", D(2023, 5, 1))  # decided not to list
    assert compute_all(2023, only="credit.")["credit.serious_list_added"] == 2
    assert compute_all(2022, only="credit.")["credit.serious_list_added"] == 1


def test_撤销冒用登记和信用修复_只计已批准的(make_entity):
    for status, decided_on in (
        ("effective", D(2023, 1, 1)),
        ("effective", D(2024, 1, 1)),
        ("refused", D(2023, 3, 1)),
        ("reviewed", None),
    ):
        IdentityMisuseRevocation.objects.create(
            entity=make_entity(),
            evidence="本人声明及笔迹鉴定",
            basis_ref="市场主体登记管理条例第四十条",
            status=status,
            decided_on=decided_on,
        )
    for status, decided_on in (
        ("approved", D(2023, 12, 31)),
        ("approved", D(2022, 12, 31)),
        ("rejected", D(2023, 4, 1)),
        ("applied", None),
    ):
        CreditRepair.objects.create(
            entity=make_entity(),
            case_number="东市监罚〔2022〕7号",
            published_on=D(2022, 3, 1),
            applied_on=D(2022, 12, 1),
            status=status,
            decided_on=decided_on,
        )
    v = compute_all(2023, only="credit.")
    assert v["credit.fraudulent_registrations_revoked"] == 1
    assert v["credit.repairs_completed"] == 1
    assert compute_all(2022, only="credit.")["credit.repairs_completed"] == 1


def test_每个指标都有口径和记录_记录与数值一致(listings):
    for metric_id in [m for m in METRICS if m.startswith("credit.")]:
        metric = METRICS[metric_id]
        assert metric.definition, metric_id
        assert metric.records is not None, metric_id
        records = metric.records(2023)
        assert records.count() == metric.compute(2023), metric_id
        for record in records:
            assert record.get_absolute_url().startswith("/credit/")


def test_本年度无该类记录_为无记录_有该类记录但不计_为零(make_entity):
    """A listing figure is None for a year without any listing of its kind, 0 for a year whose listings are all of
    another ground (or whose removals all went to the serious list), and its count otherwise."""
    n = {"i": 0}

    def listing(consequence, ground, decided_on, **extra):
        n["i"] += 1
        AbnormalListing.objects.create(
            number=f"测试〔{decided_on.year}〕{n['i']}号",
            entity=make_entity("individual" if consequence == "abnormal_mark" else "enterprise"),
            consequence=consequence,
            ground=ground,
            year=decided_on.year,
            decided_on=decided_on,
            basis_ref="企业信息公示暂行条例第十七条",
            **extra,
        )

    L, M = "abnormal_list", "abnormal_mark"
    listing(L, "unreachable", D(2022, 3, 1))  # 2022: a listing, not for the annual report
    listing(L, "annual_report", D(2023, 3, 1))  # 2023: one for the annual report
    listing(M, "unreachable", D(2022, 3, 2))
    listing(M, "annual_report", D(2023, 3, 2))
    listing(
        L, "annual_report", D(2021, 3, 1), status="removed", removed_on=D(2022, 5, 1), removal_reason="serious_list"
    )
    listing(L, "annual_report", D(2021, 3, 2), status="removed", removed_on=D(2023, 5, 1), removal_reason="cured")
    listing(
        M, "annual_report", D(2021, 3, 3), status="removed", removed_on=D(2022, 5, 2), removal_reason="entity_ended"
    )
    listing(M, "annual_report", D(2021, 3, 4), status="removed", removed_on=D(2023, 5, 2), removal_reason="cured")

    def value(metric_id, year):
        return METRICS[f"credit.{metric_id}"].value(year)

    for metric_id in ("abnormal_listed.enterprises_no_annual_report", "abnormal_marked.individuals_no_annual_report"):
        assert [value(metric_id, y) for y in (2020, 2022, 2023)] == [None, 0, 1], metric_id
    for metric_id in ("abnormal_removed.enterprises", "abnormal_removed.individuals"):
        assert [value(metric_id, y) for y in (2020, 2022, 2023)] == [None, 0, 1], metric_id
    assert [value("abnormal_listed.enterprises", y) for y in (2020, 2021, 2022)] == [None, 2, 1]
    assert [value("abnormal_marked.individuals", y) for y in (2020, 2021, 2022)] == [None, 2, 1]
    # revocations, repairs and serious-list decisions are kinds a year may lack: their 0 stays a 0
    assert [
        value(m, 2020) for m in ("fraudulent_registrations_revoked", "repairs_completed", "serious_list_added")
    ] == [
        0,
        0,
        0,
    ]
