from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.registry.models import MarketEntity
from fazhi.registry.selectors import EntityFilters, entity_search, entity_search_sql

pytestmark = pytest.mark.django_db

USCCS = ["91120110MA05L0XX1A", "92120110MA05L0XY1B", "91120110MA05L0XZ1C"]


@pytest.fixture
def entities(department, other_department):
    rows = [
        ("天津鑫源商贸有限公司", "enterprise", "active", department, "F", "A"),
        ("天津市东丽区鑫源便利店", "individual", "active", other_department, "F", "B"),
        ("天津华盛机械有限公司", "enterprise", "cancelled", department, "C", "D"),
    ]
    return [
        MarketEntity.objects.create(
            uscc=u, name=n, kind=k, status=s, office=o, industry=i, risk_class=r, established_on=dt.date(2020, 1, 1)
        )
        for u, (n, k, s, o, i, r) in zip(USCCS, rows, strict=True)
    ]


def _names(page):
    return [e.name for e in page.rows]


def search(user, **params):
    return entity_search(user=user, filters=EntityFilters.from_params(params), page=int(params.get("page", 1)))


def test_三字以上名称片段走全文索引并按新到旧排列(make_user, entities):
    assert _names(search(make_user(), q="鑫源商")) == ["天津鑫源商贸有限公司"]
    assert _names(search(make_user(), q="有限公司")) == ["天津华盛机械有限公司", "天津鑫源商贸有限公司"]
    if connection.vendor == "sqlite":
        assert "MATCH" in entity_search_sql(EntityFilters(q="有限公司"))[0]


def test_一两个字的片段也能查到(make_user, entities):
    assert _names(search(make_user(), q="鑫源")) == ["天津市东丽区鑫源便利店", "天津鑫源商贸有限公司"]
    assert _names(search(make_user(), q="店")) == ["天津市东丽区鑫源便利店"]


def test_改名后全文索引随之更新(make_user, entities):
    e = entities[0]
    MarketEntity.objects.filter(pk=e.pk).update(name="天津金钟物流有限公司")
    assert _names(search(make_user(), q="鑫源商")) == []
    assert _names(search(make_user(), q="金钟物流")) == ["天津金钟物流有限公司"]
    MarketEntity.objects.filter(pk=e.pk).delete()
    assert _names(search(make_user(), q="金钟物流")) == []


def test_信用代码可精确或按前缀查询_关键词框里输入代码也行(make_user, entities):
    assert _names(search(make_user(), uscc=USCCS[1])) == ["天津市东丽区鑫源便利店"]
    assert len(search(make_user(), uscc="91120110MA05").rows) == 2
    assert _names(search(make_user(), q=USCCS[2].lower())) == ["天津华盛机械有限公司"]


def test_按状态类型管辖所行业风险筛选(make_user, entities, other_department):
    u = make_user()
    assert _names(search(u, status="cancelled")) == ["天津华盛机械有限公司"]
    assert _names(search(u, kind="individual")) == ["天津市东丽区鑫源便利店"]
    assert _names(search(u, office=str(other_department.pk))) == ["天津市东丽区鑫源便利店"]
    assert _names(search(u, industry="c")) == ["天津华盛机械有限公司"]
    assert _names(search(u, risk_class="A", q="有限公司")) == ["天津鑫源商贸有限公司"]


def test_未知筛选值被忽略而不是报错(make_user, entities):
    assert len(search(make_user(), status="bogus", kind="x", office="abc").rows) == 3


def test_分页不做全表计数_显示下一页(make_user, department):
    MarketEntity.objects.bulk_create(
        MarketEntity(
            uscc=None,
            registration_number=f"120110{i:09d}",
            name=f"天津测试{i}商行",
            kind="individual",
            established_on=dt.date(2020, 1, 1),
        )
        for i in range(45)
    )
    u = make_user()
    first = search(u)
    assert len(first.rows) == 20 and first.has_next and not first.has_previous and first.count == 45
    last = search(u, page="3")
    assert len(last.rows) == 5 and not last.has_next and last.has_previous


def test_特殊字符不破坏查询(make_user, entities):
    for q in ['"', "%", "_", 'a"b OR c', "NEAR(", "*"]:
        assert search(make_user(), q=q).rows == [] or True


def test_名称检索的结果与执行计划无关_先取索引命中或按新到旧逐行(make_user, entities, monkeypatch):
    """PostgreSQL runs a name search trigram-first and falls back to the newest-first walk when that runs out of
    time; both give the same page. Forcing the fallback (no time for the first plan) must not change the result."""
    from fazhi.registry import selectors

    expected = ["天津华盛机械有限公司", "天津鑫源商贸有限公司"]
    assert _names(search(make_user(), q="有限公司")) == expected
    monkeypatch.setattr(
        selectors, "_pg_fenced", lambda sql: "SELECT 1 FROM (SELECT pg_sleep(2)) s WHERE %s::text IS NOT NULL"
    )
    assert _names(search(make_user(), q="有限公司")) == expected


def test_超出时间预算的查询被中止_页面标明结果不完整而不是让人等待(make_user, entities):
    from fazhi.registry.selectors import _fetch_ids

    slow = (
        "SELECT 1 FROM (SELECT pg_sleep(2)) s"
        if connection.vendor == "postgresql"
        else ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n WHERE i < 0")
    )
    ids, partial = _fetch_ids(slow, [], 0.02)
    assert partial and ids == []
    # The connection is usable afterwards and keeps no shortened timeout (PostgreSQL: local to a savepoint).
    assert _names(search(make_user(), q="鑫源商")) == ["天津鑫源商贸有限公司"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] in ("0", "0ms")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the two PostgreSQL plans of a name search")
@pytest.mark.parametrize("walk_first", [True, False])
def test_名称检索先走哪条计划都得到同一页_先取索引命中时总数随之得出(make_user, walk_first, monkeypatch):
    """The planner's estimate picks the first plan of a name search (newest-first walk for a common fragment, the
    trigram matches first for a rare one); both give the same newest-first pages. The trigram-first plan counts
    its matches in the same statement; after the walk no total is shown (a COUNT would not finish in time)."""
    from django.test.utils import CaptureQueriesContext

    from fazhi.registry import selectors

    MarketEntity.objects.bulk_create(
        MarketEntity(
            uscc=None,
            registration_number=f"120110{i:09d}",
            name=f"天津测试{i}商行",
            kind="individual",
            established_on=dt.date(2020, 1, 1),
        )
        for i in range(45)
    )
    monkeypatch.setattr(selectors, "_pg_walk_first", lambda sql, params: walk_first)
    u = make_user()
    with CaptureQueriesContext(connection) as captured:
        first = search(u, q="测试")
        first_3 = search(u, q="天津测试")
    assert [r.name for r in first_3.rows] == [f"天津测试{i}商行" for i in range(44, 24, -1)]
    assert first_3.has_next and not first.partial
    assert first_3.count == (None if walk_first else 45)
    assert not any("SELECT COUNT(*) FROM (" in q["sql"] for q in captured.captured_queries if "天津测试" in q["sql"])
    last = search(u, q="天津测试", page="3")
    assert [r.name for r in last.rows] == [f"天津测试{i}商行" for i in range(4, -1, -1)] and not last.has_next
