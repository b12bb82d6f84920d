"""A clue's party identifier (a natural person's ID number when the party is one) is ciphertext in the database and
plain text to the application; migration 0006 encrypts the values already stored and its reverse restores them
(issue 14 §10)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.cases.models import Clue

BEFORE = ("cases", "0005_counters_to_core_numbering")
ID_NUMBER = "120110199001011234"


def _raw() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT party_identifier FROM cases_clue")
        return [r[0] for r in cur.fetchall()]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db
def test_线索当事人证件号码_库中为密文_读出为明文(make_case):
    clue = make_case("filed").clue
    Clue.objects.filter(pk=clue.pk).update(party_identifier=ID_NUMBER)
    assert all(v.startswith("enc:v1:") for v in _raw() if v) and ID_NUMBER not in "".join(_raw())
    assert Clue.objects.get(pk=clue.pk).party_identifier == ID_NUMBER


@pytest.mark.django_db(transaction=True)
def test_迁移加密已有明文_回退还原明文(make_case):
    clue = make_case("filed").clue
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([BEFORE])
    try:
        with connection.cursor() as cur:
            cur.execute("UPDATE cases_clue SET party_identifier = %s", [ID_NUMBER])
    finally:
        _migrate(leaves)
    assert all(v.startswith("enc:v1:") for v in _raw()) and ID_NUMBER not in "".join(_raw())
    assert Clue.objects.get(pk=clue.pk).party_identifier == ID_NUMBER
    _migrate([BEFORE])
    try:
        assert _raw() == [ID_NUMBER]
    finally:
        _migrate(leaves)
