# ruff: noqa: S608 -- SQL built from model table names only; every value is a bound parameter
"""Risk classes A–D (信用风险分类), recomputed in bulk.

One SELECT gathers, per entity, the counts of every factor (scalar subqueries over this module's tables and,
when those modules are installed and migrated, penalties, inspection results and complaints); the rulebook
(``fazhi.rulebook.credit.risk_scoring``) turns counts into a score and a class, so the weights live in one
dated table; only entities whose class changes are written, by ``executemany`` UPDATEs in chunks, with ONE
audit event for the run. This is a set-based write to ``registry_marketentity.risk_class`` (a column the
registry reserves for this module); the registry exposes no bulk service for it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction

from fazhi.core.audit import audit_record
from fazhi.credit.models import AbnormalListing, SeriousListing
from fazhi.registry.models import MarketEntity
from fazhi.rulebook import credit as rules

CHUNK = 5000


def _optional_sources(tables: set[str], since: Any, last_year: Any) -> dict[str, tuple[str, list[Any]]]:
    out: dict[str, tuple[str, list[Any]]] = {}
    if "cases_case" in tables:
        out["penalty"] = (
            "SELECT COUNT(*) FROM cases_case c WHERE c.entity_id = e.id AND c.decision_kind = 'penalty'"
            " AND c.decided_on >= %s",
            [since],
        )
    if {"inspections_inspectionresult", "inspections_inspectionassignment"} <= tables:
        out["inspection_problem"] = (
            "SELECT COUNT(*) FROM inspections_inspectionresult r JOIN inspections_inspectionassignment a"
            " ON a.id = r.assignment_id WHERE a.entity_id = e.id AND r.inspected_on >= %s"
            " AND r.category IN ('not_disclosed','false_disclosure','unreachable','pending_follow_up','obstructed')",
            [since],
        )
    if "complaints_complaint" in tables:
        out["complaint"] = (
            "SELECT COUNT(*) FROM complaints_complaint k WHERE k.respondent_id = e.id AND k.received_on >= %s",
            [last_year],
        )
    return out


def risk_classes_recompute(*, today: dt.date, dry_run: bool = False, actor: Any = None) -> dict[str, Any]:
    """Recompute every active entity's class on ``today``; returns counts by class and how many changed."""
    scoring = rules.risk_scoring(today)
    adapt = connection.ops.adapt_datefield_value
    since = adapt(today.replace(year=today.year - scoring.lookback_years))
    last_year = adapt(today.replace(year=today.year - 1))
    young = adapt(today.replace(year=today.year - 1))
    listing, serious = AbnormalListing._meta.db_table, SeriousListing._meta.db_table
    factors: dict[str, tuple[str, list[Any]]] = {
        "abnormal_listed": (f"SELECT COUNT(*) FROM {listing} l WHERE l.entity_id = e.id AND l.status = 'listed'", []),
        "abnormal_history": (
            f"SELECT COUNT(*) FROM {listing} l WHERE l.entity_id = e.id AND l.status = 'removed' AND l.decided_on >= %s",
            [since],
        ),
        "serious_listed": (f"SELECT COUNT(*) FROM {serious} s WHERE s.entity_id = e.id AND s.status = 'listed'", []),
        "young": ("SELECT CASE WHEN e.established_on > %s THEN 1 ELSE 0 END", [young]),
    }
    tables = set(connection.introspection.table_names())
    factors.update(_optional_sources(tables, since, last_year))
    names = list(factors)
    columns = ", ".join(f"({factors[n][0]})" for n in names)
    params = [p for n in names for p in factors[n][1]]
    sql = f"SELECT e.id, e.risk_class, {columns} FROM {MarketEntity._meta.db_table} e WHERE e.status = 'active'"
    changes: list[tuple[str, int]] = []
    by_class: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            counts = dict(zip(names, row[2:], strict=True))
            new = scoring.classify(scoring.score(counts))
            by_class[new] += 1
            if new != row[1]:
                changes.append((new, row[0]))
    result = {
        "date": today.isoformat(),
        "rule_id": scoring.provenance.rule_id,
        "status": scoring.provenance.status.value,
        "factors": names,
        "by_class": dict(sorted(by_class.items())),
        "changed": len(changes),
        "dry_run": dry_run,
    }
    if dry_run:
        return result
    with transaction.atomic():
        with connection.cursor() as cursor:
            for i in range(0, len(changes), CHUNK):
                cursor.executemany(
                    f"UPDATE {MarketEntity._meta.db_table} SET risk_class = %s WHERE id = %s",
                    changes[i : i + CHUNK],
                )
        audit_record(
            action="credit.risk_classes_recompute",
            target=("credit.risk_classes", today.isoformat()),
            changes=result,
            actor=actor,
        )
    return result
