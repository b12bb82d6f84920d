"""Migration 0003 encrypts the party's ID numbers and the reporters' contacts already stored in plain text, and its
reverse writes them back in plain text (issue 14 §10)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.cases.models import Case, Clue

BEFORE = ("cases", "0002_clue_party_and_materials")


def _raw(sql: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return [r[0] for r in cur.fetchall()]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_迁移加密已有明文_回退还原明文(make_case):
    case = make_case("filed")
    number = case.party_id_number
    assert number
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([BEFORE])
    try:
        assert _raw("SELECT party_id_number FROM cases_case") == [number]
        assert _raw("SELECT reporter_contact FROM cases_clue") == ["13800000000"]
    finally:
        _migrate(leaves)
    stored = _raw("SELECT party_id_number FROM cases_case") + _raw("SELECT reporter_contact FROM cases_clue")
    assert all(v.startswith("enc:v1:") for v in stored)
    assert number not in "".join(stored) and "13800000000" not in "".join(stored)
    assert Case.objects.get(pk=case.pk).party_id_number == number
    assert Clue.objects.get().reporter_contact == "13800000000"
