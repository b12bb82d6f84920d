"""The entity table's indexes after the migrations, and what a large import leaves behind (issue 19 §5).

Written from the queries that need them: the search (trigram / FTS5 name index, office-status-kind for the
office filter), the complaint's exact-name match (``entity_name``), and nothing twice.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection

from fazhi.core.importing import run_import
from fazhi.registry.importers import PG_TRGM_INDEX, EntityImporter
from fazhi.registry.models import MarketEntity
from fazhi.registry.selectors import EntityFilters, entity_search
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db

EXPECTED = {
    "sqlite": {"entity_office_status_kind", "entity_established", "entity_status_changed", "entity_name"},
    "postgresql": {
        "entity_office_status_kind",
        "entity_established",
        "entity_status_changed",
        "entity_name",
        "registry_entity_name_trgm",
        "registry_marketentity_pkey",
        "registry_marketentity_uscc_key",
        "registry_marketentity_registration_number_key",
        "registry_marketentity_uscc_41d0db06_like",
        "registry_marketentity_registration_number_7f4a43d2_like",
    },
}


def _indexes() -> set[str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_marketentity'")
        else:
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry_marketentity'"
                " AND name NOT LIKE 'sqlite_autoindex_%'"
            )
        return {r[0] for r in cur.fetchall()}


def test_主体表索引_各一份_无重复():
    assert _indexes() == EXPECTED[connection.vendor]


def test_PostgreSQL_按名精确查询走哈希索引():
    """Migration 0006: ``entity_name`` is a hash index on PostgreSQL (every imported row paid for a B-tree that
    compares Chinese names under the collation), and the complaint's exact-name match still uses it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the index method and the plan")
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'entity_name'")
        assert cur.fetchone()[0].endswith("USING hash (name)")
        cur.execute("SET LOCAL enable_seqscan = off")  # an empty table: ask whether the index can serve, not the cost
        sql, params = MarketEntity.objects.filter(name="东丽区某某商贸有限公司").query.sql_with_params()
        cur.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "entity_name" in plan


def test_SQLite_名称全文索引触发器仍在():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite: the FTS5 triggers of migration 0002")
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'registry_marketentity'")
        assert {r[0] for r in cur.fetchall()} == {
            "registry_entity_fts_ai",
            "registry_entity_fts_ad",
            "registry_entity_fts_au",
        }


def _write(tmp_path, n: int):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态"])
    for i in range(n):
        writer.writerow(
            [make_uscc("120110", "91", f"MB{i:06d}"), f"东丽区批量第{i}号商贸有限公司", "企业", "2020-01-01", "存续"]
        )
    path = tmp_path / "many.csv"
    path.write_text(buf.getvalue(), "utf-8")
    return path


def test_大批导入后_新名称可检索_按名精确查询走索引(tmp_path, make_user):
    result = run_import(EntityImporter(), _write(tmp_path, 1_200))
    assert result.created == 1_200
    page = entity_search(user=make_user("leader"), filters=EntityFilters(q="批量第1199号"))
    assert [e.name for e in page.rows] == ["东丽区批量第1199号商贸有限公司"]
    assert MarketEntity.objects.filter(name="东丽区批量第7号商贸有限公司").count() == 1


def test_PostgreSQL_大批导入后_三元组索引待合并列表已清空_统计已更新(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the GIN pending list and the planner statistics")
    run_import(EntityImporter(), _write(tmp_path, 1_200))
    with connection.cursor() as cur:
        cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [PG_TRGM_INDEX])
        assert cur.fetchone()[0] == 0  # nothing left to merge: the import merged its rows at the end
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_marketentity'")
        assert cur.fetchone()[0] == 1_200  # ANALYZE ran after a load that grew the table


def test_PostgreSQL_导入按信用代码查已有主体_每个代码走一次唯一索引_不扫全表():
    """Issue 19: the existing-row look-up of each import chunk must probe the unique USCC index once per key,
    whatever the planner's statistics (the table grows during an import and is analysed only at its end); a scan
    of the whole table per chunk made the look-ups grow with the square of the rows."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: the look-up's plan")
    from fazhi.core import bulk
    from fazhi.registry.importers import _pg_lookup_sql, _select_by

    bulk.insert(
        MarketEntity,
        ["uscc", "name", "kind", "established_on", "status", "domicile", "legal_representative", "industry",
         "registration_authority", "business_scope", "street", "risk_class", "updated_at", "revision"],
        [
            (make_uscc("120110", "91", f"LK{i:06d}"), f"东丽区查找第{i}号商贸有限公司", "enterprise", "2020-01-01",
             "active", "", "", "", "", "", "", "", "2024-01-01T00:00:00+00:00", 1)
            for i in range(6_000)
        ],
    )  # fmt: skip
    wanted = [make_uscc("120110", "91", f"LK{i:06d}") for i in range(5_000, 11_000)]  # 1,000 found, 5,000 new
    found = _select_by(MarketEntity, "uscc", ["id", "uscc"], wanted)
    assert len(found) == 1_000
    # The statement _select_by runs (it goes through the driver's own cursor, which Django's query log does not see).
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN {_pg_lookup_sql(MarketEntity, 'uscc', ['id', 'uscc'])}", [wanted])
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "Seq Scan on registry_marketentity" not in plan
    assert "Index Scan using registry_marketentity_uscc" in plan  # the unique index or its pattern-ops twin
