"""The audit table keeps exactly the indexes its reads need (issue 14): every append pays for each index, so a
redundant one (a prefix of another, or one nothing reads) is a cost without a use. Written by hand from the reads of
the audit screen (``fazhi.core.audit_search``), the case history and the chain verification (``fazhi.core.audit``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.core import audit_search
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# columns of every index the audit table may carry (the primary key apart)
EXPECTED = {
    ("sequence",),  # unique: the chain order, newest first, keyset pages, anchors, verification
    ("actor_id", "sequence"),  # audit_actor_seq: search by person (and person + dates)
    ("action", "sequence"),  # audit_action_seq: search by action
    ("object_type", "object_id", "sequence"),  # audit_object_seq: search by object, the case history
    ("occurred_at",),  # audit_occurred: dates become a range of sequences
}


def _indexes() -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    return {
        tuple(c["columns"])
        for c in constraints.values()
        if (c["index"] or c["unique"]) and not c["primary_key"] and not c["foreign_key"]
    }


def test_审计表只有读取所需的索引_没有冗余前缀索引():
    assert _indexes() == EXPECTED
    # no index of the table is a leading prefix of another one
    for index in EXPECTED:
        assert not any(other != index and other[: len(index)] == index for other in EXPECTED), index


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's plan format")
def test_审计页面的每种检索都走索引_不扫全表(make_user):
    zhang = make_user("officer", username="zhang")
    for n in range(30):
        audit_record(action="core.login" if n % 2 else "core.logout", target=("cases.case", n % 5), actor=zhang)
    day = dt.date.today()
    searches = {
        "newest": audit_search.AuditFilters(),
        "person": audit_search.AuditFilters(person="zhang"),
        "action": audit_search.AuditFilters(action="core.login"),
        "object": audit_search.AuditFilters(object_type="cases.case", object_id="3"),
        "person_and_day": audit_search.AuditFilters(person="zhang", date_from=day, date_to=day),
        "deep_page": audit_search.AuditFilters(before=10),
    }
    for name, filters in searches.items():
        qs = audit_search.search_queryset(filters)
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[-1] for row in cursor.fetchall()]
        table = [step for step in plan if "core_auditevent" in step]
        assert table and all("USING INDEX" in step or "USING COVERING INDEX" in step for step in table), (name, plan)
