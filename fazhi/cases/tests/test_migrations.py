"""The move of the cases counters to the one numbering service keeps every number already issued."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_counters_move_to_core_numbering_and_the_series_continue():
    executor = MigrationExecutor(connection)
    before = [("cases", "0004_procedure_approvals_rights"), ("core", "0002_number_counter")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    counter = old.get_model("cases", "DocumentCounter")
    counter.objects.create(kind="penalty_decision", year=2023, last=41)
    counter.objects.create(kind="case", year=2023, last=97)
    counter.objects.create(kind="clue", year=2024, last=3)
    old.get_model("core", "NumberCounter").objects.create(scope="cases.clue", year=2024, last=5)  # already further
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.db import transaction

    from fazhi.core.numbering import next_number, peek_last

    assert peek_last("cases.penalty_decision", 2023) == 41 and peek_last("cases.case", 2023) == 97
    assert peek_last("cases.clue", 2024) == 5
    with transaction.atomic():
        assert next_number("cases.penalty_decision", 2023) == 42
