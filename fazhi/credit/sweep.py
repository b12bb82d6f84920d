# ruff: noqa: S608 -- SQL built from model table names only; every value is a bound parameter
"""The annual-report sweep (年报期满后批量列入经营异常名录 / 标记为经营异常状态), set-based and batched.

``--year`` is the year of the sweep: 2023 lists those that had not filed their 2022 report by 30 June 2023.
Who must file comes from the rulebook (``annual_report_obligation``: kinds, window, consequence); the
selection is one SQL condition (``candidate_sql``) used by the dry run, the real run and the benchmark
baseline alike. The real run walks the entity id range in batches; each batch is ONE transaction of two
``INSERT … SELECT … WHERE NOT EXISTS`` statements (one per consequence) plus one audit event, so a run killed
part-way leaves whole batches only and a re-run lists no one twice (the unique constraint on
(entity, ground, year) is the last line of defence).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.credit.models import AbnormalListing
from fazhi.credit.services import GROUND_MARKS, NUMBER_PREFIX
from fazhi.registry.models import AnnualReportFiling, MarketEntity
from fazhi.rulebook import credit as rules
from fazhi.rulebook.version import rulebook_version

GROUND = "annual_report"
DEFAULT_BATCH = 50_000
ENTITY_TABLE = MarketEntity._meta.db_table
FILING_TABLE = AnnualReportFiling._meta.db_table
LISTING_TABLE = AbnormalListing._meta.db_table


@dataclass
class SweepPlan:
    """What the law says for this sweep, per consequence: the kinds, the window end, the basis."""

    year: int
    report_year: int
    as_of: dt.date
    window_end: dt.date
    kinds: dict[str, list[str]]  # consequence → entity kinds
    basis: dict[str, tuple[str, str]]  # consequence → (citation, status)


@dataclass
class SweepResult:
    year: int
    as_of: dt.date
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # consequence → ground → n
    by_kind: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(g.values()) for g in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "report_year": self.year - 1,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "total": self.total,
            "by_consequence": self.counts,
            "by_kind": self.by_kind,
            "batches": self.batches,
        }


def sweep_plan(*, year: int, as_of: dt.date) -> SweepPlan:
    """The legal frame of the sweep, refused (``credit.window_open``) while the filing window is still open."""
    report_year = year - 1
    kinds: dict[str, list[str]] = {}
    basis: dict[str, tuple[str, str]] = {}
    window_end = None
    for kind in rules.ENTITY_KINDS:
        obligation = rules.annual_report_obligation(kind, report_year)
        _, end = obligation.window(report_year)
        window_end = end if window_end is None else max(window_end, end)
        kinds.setdefault(obligation.consequence, []).append(kind)
        ground = rules.listing_ground(obligation.consequence, GROUND, as_of)
        basis[obligation.consequence] = (ground.basis_ref, ground.provenance.status.value)
    assert window_end is not None
    if as_of <= window_end:
        raise DomainError(
            "credit.window_open",
            f"{report_year} 年度报告的报送期限至 {window_end} 届满，{as_of} 尚未届满，不能进行 {year} 年的年报清查；"
            f"请在 {window_end + dt.timedelta(days=1)} 或以后执行",
            field="as_of",
        )
    return SweepPlan(year, report_year, as_of, window_end, kinds, basis)


def candidate_sql(
    plan: SweepPlan, kinds: list[str], *, id_range: tuple[int, int] | None = None
) -> tuple[str, list[Any]]:
    """``FROM … WHERE …`` selecting the entities of ``kinds`` that must be listed (shared by every caller)."""
    adapt = connection.ops.adapt_datefield_value
    placeholders = ", ".join(["%s"] * len(kinds))
    # With a batch range, each anti-join is bounded to the batch too (implied by f.entity_id = e.id, but stated,
    # so that PostgreSQL reads only the batch's filings and listings instead of hashing all of them per batch —
    # which made the real run grow with rows × batches).
    bounded = " AND {alias}.entity_id BETWEEN %s AND %s" if id_range is not None else ""
    # SQLite would walk the status or establishment index (nine in ten entities match either) with a table
    # lookup per row — slower than reading the table, and per batch ignoring the id range; unary + hides them.
    plus = "+" if connection.vendor == "sqlite" else ""
    sql = (
        f" FROM {ENTITY_TABLE} e"
        f" WHERE {plus}e.status = 'active' AND {plus}e.established_on <= %s AND e.kind IN ({placeholders})"
        f" AND NOT EXISTS (SELECT 1 FROM {FILING_TABLE} f"
        f"  WHERE f.entity_id = e.id AND f.year = %s AND f.filed_on <= %s{bounded.format(alias='f')})"
        f" AND NOT EXISTS (SELECT 1 FROM {LISTING_TABLE} l"
        f"  WHERE l.entity_id = e.id AND l.ground = %s AND l.year = %s{bounded.format(alias='l')})"
    )
    params: list[Any] = [adapt(dt.date(plan.report_year, 12, 31)), *kinds, plan.report_year, adapt(plan.window_end)]
    if id_range is not None:
        params += list(id_range)
    params += [GROUND, plan.year]
    if id_range is not None:
        params += list(id_range)
        sql += " AND e.id BETWEEN %s AND %s"
        params += list(id_range)
    return sql, params


def insert_sql(
    plan: SweepPlan, *, version: str, created: Any, id_range: tuple[int, int] | None = None
) -> tuple[str, list[Any]]:
    """One ``INSERT … SELECT`` listing every candidate of the range, each kind under its consequence (list for
    enterprises and cooperatives, mark for individuals): one pass over the range, whatever the consequences."""
    adapt = connection.ops.adapt_datefield_value
    kinds = [k for group in plan.kinds.values() for k in group]
    where, params = candidate_sql(plan, kinds, id_range=id_range)
    cases: dict[str, list[str]] = {"consequence": [], "number": [], "basis": [], "status": []}
    case_params: dict[str, list[Any]] = {name: [] for name in cases}
    for consequence, group in plan.kinds.items():
        test = "WHEN e.kind IN (" + ", ".join(["%s"] * len(group)) + ") THEN %s"
        kind_mark = "异" if consequence == "abnormal_list" else "标"
        basis, basis_status = plan.basis[consequence]
        values = {
            "consequence": consequence,
            "number": f"{NUMBER_PREFIX}{kind_mark}〔{plan.year}〕{GROUND_MARKS[GROUND]}",
            "basis": basis[:300],
            "status": basis_status,
        }
        for name, value in values.items():
            cases[name].append(test)
            case_params[name] += [*group, value]

    def case(name: str) -> str:
        return "CASE " + " ".join(cases[name]) + " END"

    sql = (
        f"INSERT INTO {LISTING_TABLE} (number, entity_id, consequence, ground, year, decided_on, basis_ref,"
        " basis_status, rulebook_version, source_ref, department_id, status, removal_reason, revision, created_at)"
        f" SELECT {case('number')} || CAST(e.id AS TEXT) || '号', e.id, {case('consequence')}, %s, %s, %s,"
        f" {case('basis')}, {case('status')}, %s, %s, e.office_id, 'listed', '', 0, %s" + where
    )
    head = [
        *case_params["number"],
        *case_params["consequence"],
        GROUND,
        plan.year,
        adapt(plan.as_of),
        *case_params["basis"],
        *case_params["status"],
        version,
        f"年报清查 {plan.year}",
        created,
    ]
    return sql, head + params


def annual_report_sweep(
    *,
    year: int,
    as_of: dt.date,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int, int, int], None] | None = None,
    actor: Any = None,
    examples: int = 20,
    stop_after_batches: int | None = None,
) -> SweepResult:
    """Run (or simulate) the sweep. ``progress(done_batches, total_batches, listed_so_far)`` after each batch.

    ``stop_after_batches`` raises after that many committed batches (fault-injection for tests).
    """
    plan = sweep_plan(year=year, as_of=as_of)
    result = SweepResult(year, as_of, dry_run)
    if dry_run:
        return _dry_run(plan, result, examples)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {ENTITY_TABLE}")
        low, high = cursor.fetchone()
    if low is None:
        return result
    total_batches = (high - low) // batch_size + 1
    version = rulebook_version()
    created = adapt_now()
    for index in range(total_batches):
        lo = low + index * batch_size
        hi = min(high, lo + batch_size - 1)
        with transaction.atomic():
            sql, params = insert_sql(plan, version=version, created=created, id_range=(lo, hi))
            with connection.cursor() as cursor:
                cursor.execute(sql + " RETURNING consequence", params)
                inserted = Counter(row[0] for row in cursor.fetchall())
            batch_counts = {consequence: inserted.get(consequence, 0) for consequence in plan.kinds}
            if any(batch_counts.values()):
                audit_record(
                    action="credit.annual_report_sweep_batch",
                    target=("credit.sweep", f"{year}:{lo}-{hi}"),
                    changes={
                        "year": year,
                        "as_of": as_of,
                        "ids": [lo, hi],
                        "listed": batch_counts,
                        "basis": plan.basis,
                    },
                    actor=actor,
                )
        for consequence, n in batch_counts.items():
            result.counts.setdefault(consequence, {}).setdefault(GROUND, 0)
            result.counts[consequence][GROUND] += n
        result.batches += 1
        if progress is not None:
            progress(index + 1, total_batches, result.total)
        if stop_after_batches is not None and result.batches >= stop_after_batches:
            raise RuntimeError(f"sweep stopped after {result.batches} batches (fault injection)")
    if result.total and connection.vendor == "postgresql":
        # One sweep can list tens of thousands of entities at once; until autovacuum gets to the table the planner
        # still believes 'listed' rows are rare and the public list (newest first) is planned as if they were.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {LISTING_TABLE}")
    result.by_kind = _kinds_listed(plan)
    return result


def adapt_now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _kinds_listed(plan: SweepPlan) -> dict[str, int]:
    rows = (
        AbnormalListing.objects.filter(ground=GROUND, year=plan.year, source_ref=f"年报清查 {plan.year}")
        .values_list("entity__kind")
        .order_by()
    )
    return dict(rows.annotate(n=Count("id")).values_list("entity__kind", "n"))


def _dry_run(plan: SweepPlan, result: SweepResult, examples: int) -> SweepResult:
    kinds = [k for group in plan.kinds.values() for k in group]
    where, params = candidate_sql(plan, kinds)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.kind, COUNT(*) {where} GROUP BY e.kind", params)
        by_kind = dict(cursor.fetchall())
        if examples:
            cursor.execute(
                f"SELECT e.id, e.name, COALESCE(e.uscc, e.registration_number), e.kind {where} ORDER BY e.id LIMIT %s",
                [*params, examples],
            )
            result.examples = [
                {"id": i, "name": n, "identifier": ident, "kind": k} for i, n, ident, k in cursor.fetchall()
            ]
    result.by_kind = {k: int(v) for k, v in by_kind.items()}
    for consequence, group in plan.kinds.items():
        result.counts[consequence] = {GROUND: sum(result.by_kind.get(k, 0) for k in group)}
    return result
