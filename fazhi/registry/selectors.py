"""Registry reads: entity search (fast at 1M rows), entity detail, officer and department lists.

Search design (docs/domain/registry.md): the page asks for ``page_size + 1`` ids ordered by id
(newest first) and shows a "下一页" pager without a total, plus a total capped at ``COUNT_CAP``.
Name fragments of ≥ 3 characters go through the FTS5 trigram table on SQLite (joined and ordered by
its rowid so that SQLite streams and stops after one page) or pg_trgm on PostgreSQL; 1–2 character
fragments fall back to a scan bounded by ``FALLBACK_SCAN_BUDGET_S`` (SQLite: a progress handler; PostgreSQL:
slices of ids, each one statement under the time left; both keep the ids found so far) that then reports the
page as partial instead of making the user wait. On PostgreSQL a name search first collects the trigram-index matches (fenced, so the
planner cannot prefer walking the primary key backwards for a rare name) and falls back to the newest-first
walk when there are too many to sort within ``PG_TRIGRAM_BUDGET_S``.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q, QuerySet

from fazhi.core.access import scope
from fazhi.registry.choices import EntityKind, IndustrySection, RegistrationStatus, RiskClass
from fazhi.registry.models import Department, MarketEntity, Officer

PAGE_SIZE = 20
MAX_PAGE = 200  # deeper pages: narrow the search instead (OFFSET grows linearly)
COUNT_CAP = 1000
SCAN_BUDGET_S = 0.15
# A substring scan (1–2 character fragments, no index can serve them) gets a tighter budget, and its
# total is not counted: the page says the results are partial and suggests a longer fragment or a filter.
FALLBACK_SCAN_BUDGET_S = 0.05
COUNT_BUDGET_S = 0.05
# PostgreSQL: the trigram-first plan of a name search gets this long before the newest-first walk takes over.
PG_TRIGRAM_BUDGET_S = 0.04
_IDENT = re.compile(r"^[0-9A-Z]{4,18}$")
ENTITY_TABLE = MarketEntity._meta.db_table
FTS_TABLE = "registry_entity_fts"


def _clean(value: Any, max_chars: int = 60) -> str:
    # Control characters (a NUL ends an FTS5 query string: "unterminated string", a 500) are never search text.
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()[:max_chars]


@dataclass(frozen=True)
class EntityFilters:
    """What the search form and the API accept. Unknown choice values are ignored (no error page)."""

    q: str = ""
    uscc: str = ""
    status: str = ""
    kind: str = ""
    office: int | None = None
    industry: str = ""
    risk_class: str = ""

    @classmethod
    def from_params(cls, params: Any) -> EntityFilters:
        get = params.get
        office = _clean(get("office"))
        return cls(
            q=_clean(get("q")),
            uscc=_clean(get("uscc"), 18).upper().replace(" ", ""),
            status=s if (s := _clean(get("status"))) in RegistrationStatus.values else "",
            kind=k if (k := _clean(get("kind"))) in EntityKind.values else "",
            office=int(office)
            if office.isascii() and office.isdigit() and len(office) <= 18
            else None,  # a 30-digit id is no office
            industry=i if (i := _clean(get("industry")).upper()) in IndustrySection.values else "",
            risk_class=r if (r := _clean(get("risk_class")).upper()) in RiskClass.values else "",
        )

    @property
    def is_empty(self) -> bool:
        return not any((self.q, self.uscc, self.status, self.kind, self.office, self.industry, self.risk_class))

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass
class EntityPage:
    rows: list[MarketEntity]
    number: int
    has_next: bool
    partial: bool = False  # a short fragment's bounded scan ran out of time
    count: int | None = None  # capped at COUNT_CAP (None when not counted)
    filters: EntityFilters = field(default_factory=EntityFilters)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def count_label(self) -> str:
        if self.count is None:
            return ""
        return f"{COUNT_CAP} 条以上" if self.count > COUNT_CAP - 1 else f"共 {self.count} 条"


def _fts_phrase(fragment: str) -> str:
    return '"' + fragment.replace('"', '""') + '"'


def _like(fragment: str) -> str:
    return "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entity_search_sql(filters: EntityFilters, *, page: int = 1, page_size: int = PAGE_SIZE) -> tuple[str, list[Any]]:
    """The id query behind one search page: ``page_size + 1`` ids, newest first."""
    vendor = connection.vendor
    e = ENTITY_TABLE
    where: list[str] = []
    params: list[Any] = []
    source = f"{e} e"
    order = "e.id DESC"
    name = filters.q
    ident = filters.uscc
    if name and _IDENT.match(name.upper().replace(" ", "")) and not ident:
        ident, name = name.upper().replace(" ", ""), ""  # the user typed a code into the keyword box
    if ident:
        if len(ident) == 18 or len(ident) == 15:
            # Two unique-index lookups; an OR would make SQLite scan the whole table in id order.
            where.append(
                f"e.id IN (SELECT id FROM {e} WHERE uscc = %s UNION SELECT id FROM {e} WHERE registration_number = %s)"  # noqa: S608
            )
            params += [ident, ident]
        else:
            # a range on the unique index (LIKE 'x%' would not use it on SQLite)
            where.append(
                f"e.id IN (SELECT id FROM {e} WHERE uscc >= %s AND uscc < %s"  # noqa: S608
                f" UNION SELECT id FROM {e} WHERE registration_number >= %s AND registration_number < %s)"
            )
            params += [ident, ident + "\uffff", ident, ident + "\uffff"]
    if name:
        if vendor == "sqlite" and len(name) >= 3:
            # Drive from the FTS index, ordered by its rowid: SQLite streams and stops after one page.
            source = f"{FTS_TABLE} f JOIN {e} e ON e.id = f.rowid"
            where.append(f"{FTS_TABLE} MATCH %s")
            params.append(_fts_phrase(name))
            order = "f.rowid DESC"
        elif vendor == "postgresql":
            where.append("e.name ILIKE %s")
            params.append(_like(name))
        else:
            where.append("e.name LIKE %s ESCAPE '\\'")
            params.append(_like(name))
    for column, value in (
        ("status", filters.status),
        ("kind", filters.kind),
        ("office_id", filters.office),
        ("industry", filters.industry),
        ("risk_class", filters.risk_class),
    ):
        if value not in ("", None):
            # Without an office, SQLite would skip-scan the (office, status, kind) index and sort every match;
            # walking the table newest-first and stopping after one page is far cheaper, so hide the index (+).
            unary = "+" if vendor == "sqlite" and column in ("status", "kind") and not filters.office else ""
            where.append(f"{unary}e.{column} = %s")
            params.append(value)
    sql = f"SELECT e.id FROM {source}"  # noqa: S608 (identifiers are constants; values are parameters)
    if where:
        sql += " WHERE " + " AND ".join(where)
    page = max(1, min(page, MAX_PAGE))
    sql += f" ORDER BY {order} LIMIT {int(page_size) + 1} OFFSET {(page - 1) * int(page_size)}"
    return sql, params


def _fetch_ids(sql: str, params: list[Any], budget_s: float | None) -> tuple[list[int], bool]:
    """Run the id query within ``budget_s``: on SQLite keep the ids found so far, on PostgreSQL (a statement
    timeout, local to a savepoint) give up with none. The second value says whether the budget ran out."""
    if budget_s is not None and connection.vendor == "postgresql":
        return _fetch_ids_pg(sql, params, budget_s)
    with connection.cursor() as cursor:
        if budget_s is None or connection.vendor != "sqlite":
            cursor.execute(sql, params)
            return [r[0] for r in cursor.fetchall()], False
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.perf_counter() + budget_s
        raw.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 10_000)
        ids: list[int] = []
        try:
            cursor.execute(sql, params)
            while (row := cursor.fetchone()) is not None:
                ids.append(row[0])
        except OperationalError as exc:
            if "interrupt" not in str(exc).lower():
                raise
            return ids, True
        finally:
            raw.set_progress_handler(None, 0)
        return ids, False


PG_QUERY_CANCELED = "57014"


def _fetch_ids_pg(sql: str, params: list[Any], budget_s: float) -> tuple[list[int], bool]:
    rows, partial = _fetch_rows_pg(sql, params, budget_s)
    return [r[0] for r in rows], partial


def _fetch_rows_pg(sql: str, params: list[Any], budget_s: float) -> tuple[list[tuple], bool]:
    """The PostgreSQL time guard: ``SET LOCAL statement_timeout`` inside a savepoint, so a cancelled search
    rolls back only itself and the setting never outlives the query."""
    nested = connection.in_atomic_block  # else the block below is the whole transaction: COMMIT ends the setting
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [f"{max(1, int(budget_s * 1000))}ms"])
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if nested:
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return rows, False
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != PG_QUERY_CANCELED:
            raise
        return [], True


# PostgreSQL: a substring scan walks the ids newest first in slices of this many ids, one statement each, so that
# the ids found before the budget runs out are kept (SQLite's progress handler keeps them too).
PG_SCAN_SLICE = 50_000


def _fetch_ids_pg_sliced(sql: str, params: list[Any], budget_s: float) -> tuple[list[int], bool]:
    """The id query of a 1–2 character fragment on PostgreSQL, within ``budget_s``, keeping what it found.

    No index serves such a fragment (trigrams need three characters), so the page is a newest-first walk. One
    statement under a timeout would give nothing when it is cancelled; here each slice of ``PG_SCAN_SLICE`` ids
    is its own statement under the budget left, and a cancelled slice ends the walk with the ids of the slices
    before it — every one a real match, in the page's order; the page says it is partial.
    """
    head, order = sql.split(" ORDER BY ", 1)
    limit_text, offset_text = order.split(" LIMIT ", 1)[1].split(" OFFSET ")
    wanted = int(limit_text) + int(offset_text)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {ENTITY_TABLE}")  # noqa: S608 (a constant)
        top = cursor.fetchone()[0]
    if top is None:
        return [], False
    joiner = " AND " if " WHERE " in head else " WHERE "
    deadline = time.perf_counter() + budget_s
    found: list[int] = []
    high = top + 1
    while high > 0 and len(found) < wanted:
        low = max(0, high - PG_SCAN_SLICE)
        left = deadline - time.perf_counter()
        if left <= 0:
            return found[int(offset_text) :], True
        slice_sql = f"{head}{joiner}e.id < %s AND e.id >= %s ORDER BY e.id DESC LIMIT {wanted - len(found)}"
        ids, partial = _fetch_ids_pg(slice_sql, [*params, high, low], left)
        if partial:
            return found[int(offset_text) :], True
        found.extend(ids)
        high = low
    return found[int(offset_text) :], False


def _pg_fenced(sql: str) -> str:
    """The same id query, forced to collect the trigram-index matches first (``OFFSET 0`` fences the planner,
    which would otherwise walk the primary key newest-first hoping to meet a rare name early). It has every match
    in hand before it sorts them, so it returns their number too (second column): no separate COUNT."""
    head, order = sql.split(" ORDER BY ", 1)
    tail = order.split(" LIMIT ", 1)[1]
    return f"SELECT m.id, COUNT(*) OVER () FROM ({head} OFFSET 0) m ORDER BY m.id DESC LIMIT {tail}"  # noqa: S608


def _pg_walk_first(sql: str, params: list[Any]) -> bool:
    """Whether a name search should walk the ids newest-first instead of collecting the trigram matches first.

    The planner's estimate of the matches (``EXPLAIN``, from the column's statistics: good for common fragments,
    a floor of 0.01 % for a fragment it never saw) decides: collecting m matches and sorting them costs ~m rows,
    the walk meets its page after ~rows × wanted ÷ m rows; the walk wins when m² > rows × wanted. Planning only:
    well under a millisecond, where the wrong first plan costs its whole time budget.
    """
    head, order = sql.split(" ORDER BY ", 1)
    limit_text, offset_text = order.split(" LIMIT ", 1)[1].split(" OFFSET ")
    wanted = int(limit_text) + int(offset_text)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {head}", params)
        plan = cursor.fetchone()[0]
        total = _pg_table_rows(cursor)
    plan = plan if isinstance(plan, list) else json.loads(plan)
    matches = float(plan[0]["Plan"]["Plan Rows"])
    return matches * matches > total * wanted


_TABLE_ROWS: dict[str, float] = {}  # the planner's row count of the entity table, read once a minute


def _pg_table_rows(cursor: Any) -> float:
    now = time.monotonic()
    if now - _TABLE_ROWS.get("at", -1e9) > 60:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [ENTITY_TABLE])
        _TABLE_ROWS["rows"] = max(1.0, float(cursor.fetchone()[0] or 1.0))
        _TABLE_ROWS["at"] = now
    return _TABLE_ROWS["rows"]


def entity_search(
    *, user: Any, filters: EntityFilters, page: int = 1, page_size: int = PAGE_SIZE, count: bool = True
) -> EntityPage:
    """One page of entities matching ``filters``. Entity reads are bureau-wide (docs/domain/registry.md)."""
    page = max(1, min(page, MAX_PAGE))
    sql, params = entity_search_sql(filters, page=page, page_size=page_size)
    vendor = connection.vendor
    scanning = (
        bool(filters.q)
        and " MATCH " not in sql
        and ((vendor == "sqlite" and "e.name LIKE" in sql) or (vendor == "postgresql" and len(filters.q) < 3))
    )
    counted: int | None = None
    many = False  # the planner expects many matches: no COUNT (it would not finish within its budget)

    def fenced() -> tuple[list[int], bool]:
        nonlocal counted
        rows, timed_out = _fetch_rows_pg(_pg_fenced(sql), params, PG_TRIGRAM_BUDGET_S)
        counted = rows[0][1] if rows and len(rows[0]) > 1 else None
        return [r[0] for r in rows], timed_out

    if vendor == "postgresql" and filters.q and not scanning and "e.name ILIKE" in sql:
        # A rare fragment: the trigram matches first, then the newest page of them (and their number). A common
        # one makes that slow (many matches to sort) — and then the newest-first walk meets a page of matches at
        # once. The planner's estimate picks the first try; the other one runs when the first runs out of time.
        many = _pg_walk_first(sql, params)
        if many:
            ids, partial = _fetch_ids(sql, params, SCAN_BUDGET_S)
            if partial:
                ids, partial = fenced()
        else:
            ids, partial = fenced()
            if partial:
                ids, partial = _fetch_ids(sql, params, SCAN_BUDGET_S)
    elif vendor == "postgresql" and scanning:
        ids, partial = _fetch_ids_pg_sliced(sql, params, FALLBACK_SCAN_BUDGET_S)
    else:
        ids, partial = _fetch_ids(sql, params, FALLBACK_SCAN_BUDGET_S if scanning else SCAN_BUDGET_S)
    has_next = len(ids) > page_size and page < MAX_PAGE
    ids = ids[:page_size]
    by_id = MarketEntity.objects.select_related("office").in_bulk(ids)
    rows = [by_id[i] for i in ids if i in by_id]
    total = None
    if count and not partial and not scanning:
        if page == 1 and not has_next:
            total = len(rows)
        elif counted is not None:
            total = min(counted, COUNT_CAP)
        elif many:
            total = None
        else:
            # COUNT capped at COUNT_CAP: the same id query without its ordering, limited.
            count_sql, count_params = entity_search_sql(filters, page=1, page_size=COUNT_CAP - 1)
            count_sql = count_sql.split(" ORDER BY ")[0] + f" LIMIT {COUNT_CAP}"
            ids_counted, timed_out = _fetch_ids(f"SELECT COUNT(*) FROM ({count_sql}) c", count_params, COUNT_BUDGET_S)  # noqa: S608
            total = None if timed_out else ids_counted[0]
    return EntityPage(rows=rows, number=page, has_next=has_next, partial=partial, count=total, filters=filters)


def entity_history(entity: MarketEntity, limit: int = 200) -> list[Any]:
    return list(entity.changes.order_by("-changed_at", "-id")[:limit])


def entity_annual_reports(entity: MarketEntity) -> list[Any]:
    return list(entity.annual_reports.order_by("-year"))


def office_choices() -> list[tuple[int, str]]:
    return list(Department.objects.filter(kind="office").order_by("code").values_list("id", "name"))


def officer_list(
    *, user: Any, q: str = "", department: int | None = None, active: bool | None = None
) -> QuerySet[Officer]:
    """Officers of the user's department (officers and section chiefs) or of the bureau (other roles)."""
    qs = scope(user, Officer.objects.select_related("department"), "department")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(certificate_number__startswith=q.upper()))
    if department:
        qs = qs.filter(department_id=department)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("department__kind", "department__code", "certificate_number")


def department_list(*, kind: str = "") -> QuerySet[Department]:
    """Every department with its officer count (reference data, visible to all staff)."""
    qs = Department.objects.select_related("parent").annotate(officer_count=Count("officers"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "code")


# ---------------------------------------------------------------- reference data for other apps' screens


def active_departments(*, include_external: bool = True) -> QuerySet[Department]:
    """Departments that can own work (form choices of other apps)."""
    qs = Department.objects.filter(active=True)
    if not include_external:
        qs = qs.exclude(kind="external")
    return qs.order_by("kind", "code")


def department_by_pk(pk: int | None) -> Department | None:
    return Department.objects.filter(pk=pk).first() if pk else None


def active_officers(*, department: Any = None) -> QuerySet[Officer]:
    """Active officers (of one department when given), by certificate number."""
    qs = Officer.objects.filter(active=True).select_related("department")
    if department is not None:
        qs = qs.filter(department=department)
    return qs.order_by("certificate_number")


def no_officers() -> QuerySet[Officer]:
    return Officer.objects.none()


def entity_by_uscc(uscc: str) -> MarketEntity | None:
    """The entity with this (already validated) USCC, or None."""
    return MarketEntity.objects.filter(uscc=uscc).first()


def active_entities_matching(
    *, industry: str = "", street: str = "", name_contains: str = "", on: Any = None, limit: int = 50
) -> list[MarketEntity]:
    """Entities existing on ``on`` (established by then, not ended) matching simple criteria, in id order, at most
    ``limit`` — the object list of a special campaign chosen by criteria (fazhi.sampling)."""
    qs = MarketEntity.objects.filter(status=RegistrationStatus.ACTIVE)
    if on is not None:
        qs = qs.filter(established_on__lte=on)
    if industry:
        qs = qs.filter(industry=industry)
    if street:
        qs = qs.filter(street=street)
    if name_contains:
        qs = qs.filter(name__contains=name_contains)
    return list(qs.order_by("id")[: max(0, min(limit, 5000))])


def entity_public_header(pk: int) -> MarketEntity | None:
    """Only the public registration facts of one entity (name, codes, kind, status) for public pages."""
    return MarketEntity.objects.filter(pk=pk).only("name", "uscc", "registration_number", "kind", "status").first()


BUREAU_DEPARTMENT_KINDS = ("section", "office")  # the bureau's own staff; external member units are not


def bureau_staff(*, department_ids: list[int] | None = None, include_departed: bool = False) -> QuerySet[Officer]:
    """The bureau's staff list: officers in post in its own sections and 市场监管所 (not external member units);
    ``include_departed`` adds those who have since left (to correct the attendance of an old session).

    Used as the roster of staff exams and the attendance list of study sessions; not scoped to a user because
    the callers check their own permissions on the exam or session they fill.
    """
    qs = Officer.objects.select_related("department").filter(department__kind__in=BUREAU_DEPARTMENT_KINDS)
    if not include_departed:
        qs = qs.filter(active=True)
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    return qs.order_by("department__kind", "department__code", "certificate_number")


def bureau_departments() -> QuerySet[Department]:
    """The bureau's own departments (sections and 市场监管所), for choosers and per-department statistics."""
    return Department.objects.filter(kind__in=BUREAU_DEPARTMENT_KINDS, active=True).order_by("kind", "code")
