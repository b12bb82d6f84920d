"""1–2 character name fragments: no index serves them, so the page walks the ids newest first within a time
budget — and what it found before the budget ran out is shown, marked partial (SQLite: a progress handler;
PostgreSQL: slices of ids, one statement each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.registry import selectors
from fazhi.registry.models import MarketEntity
from fazhi.registry.selectors import EntityFilters, entity_search
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db

NAMES = [
    "天津鑫源商贸有限公司",  # 0
    "天津华盛机械有限公司",  # 1
    "东丽区鑫源便利店",  # 2
    "天津宏达物流有限公司",  # 3
    "东丽区鑫源五金店",  # 4
    "天津鑫源科技有限公司",  # 5
    "天津永福食品有限公司",  # 6
]


@pytest.fixture
def entities():
    return [
        MarketEntity.objects.create(
            uscc=make_uscc("120110", "91", f"MC{i:06d}"), name=n, kind="enterprise", established_on=dt.date(2020, 1, 1)
        )
        for i, n in enumerate(NAMES)
    ]


def _page(user, q, *, page=1, page_size=20):
    return entity_search(user=user, filters=EntityFilters(q=q), page=page, page_size=page_size)


def test_两字片段_跨多个切片_按新到旧全部找到_可翻页(make_user, entities, monkeypatch):
    monkeypatch.setattr(selectors, "PG_SCAN_SLICE", 2)  # PostgreSQL: four slices for seven rows
    monkeypatch.setattr(selectors, "FALLBACK_SCAN_BUDGET_S", 60.0)  # the whole walk, however loaded the machine
    user = make_user("leader")
    page = _page(user, "鑫源")
    assert [e.name for e in page.rows] == [NAMES[5], NAMES[4], NAMES[2], NAMES[0]]
    assert not page.partial
    first = _page(user, "鑫源", page_size=3)
    assert [e.name for e in first.rows] == [NAMES[5], NAMES[4], NAMES[2]] and first.has_next
    second = _page(user, "鑫源", page=2, page_size=3)
    assert [e.name for e in second.rows] == [NAMES[0]] and not second.has_next
    assert [e.name for e in _page(user, "店").rows] == [
        NAMES[4],
        NAMES[2],
    ]


def test_PostgreSQL_预算用完_保留已找到的行_标明不完整(make_user, entities, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the sliced walk (SQLite's progress handler keeps its rows by itself)")
    monkeypatch.setattr(selectors, "PG_SCAN_SLICE", 2)
    monkeypatch.setattr(selectors, "FALLBACK_SCAN_BUDGET_S", 60.0)
    real = selectors._fetch_ids_pg
    calls: list[list] = []

    def cancelled_on_third(sql, params, budget_s):
        calls.append(params)
        if len(calls) == 3:
            return [], True  # as a statement cancelled by its timeout
        return real(sql, params, budget_s)

    monkeypatch.setattr(selectors, "_fetch_ids_pg", cancelled_on_third)
    page = _page(make_user("leader"), "鑫源")
    # The two slices before the cancelled one hold the four newest rows (6, 5 and 4, 3): 鑫源科技 and 鑫源五金店.
    assert [e.name for e in page.rows] == [NAMES[5], NAMES[4]]
    assert page.partial and page.count is None


def test_PostgreSQL_空表_不报错():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the sliced walk")
    assert selectors._fetch_ids_pg_sliced(*selectors.entity_search_sql(EntityFilters(q="鑫源")), 0.05) == ([], False)
