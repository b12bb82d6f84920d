"""``fazhi import entities|officers|departments FILE``: the registry's importers (formats: docs/formats/).

The entity importer is built for million-row files: parsing is a lean loop over precomputed column
parsers, and ``apply`` writes with raw parameterised ``executemany`` (SQLite) or ``COPY`` (PostgreSQL)
on Django's connection, with SQL built from the model's meta. Existing entities are looked up in chunks
by USCC / 注册号; only changed fields are written, and each changed entity gets one
``MarketEntityChange`` row (before/after per field, shown on the entity page). Every created or changed
entity, officer and department also gets its own audit event, and the run one more
(``fazhi.core.importing.run_import``).

Department scope (issue 14 §1): a 科室负责人 imports only entities of his own office (管辖单位) and officers of
his own department — the office or department a row assigns and the one an existing record has now must both
be his; other rows are rejected with ``row.out_of_scope``. Departments are bureau structure: only bureau-wide
roles import them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from fazhi.core import bulk
from fazhi.core.audit import AuditBatch, AuditItem, CanonicalJSON
from fazhi.core.clock import legal_today
from fazhi.core.importing import (
    COLUMN_FORMS,
    CellError,
    Column,
    Good,
    Importer,
    ImportResult,
    ImportWarning,
    RowError,
    choice,
    distinct_column,
    normalise_header,
    parse_date,
    register_importer,
    required_text,
)
from fazhi.registry.choices import (
    ENFORCEMENT_DOMAINS,
    INDUSTRY_SECTIONS,
    DepartmentKind,
    EntityKind,
    RegistrationStatus,
)
from fazhi.registry.models import Department, MarketEntity, MarketEntityChange, Officer
from fazhi.rulebook.identifiers import IdentifierError, validate_registration_number, validate_uscc

SQLITE_MAX_PARAMS = 900  # stay below SQLite's default SQLITE_MAX_VARIABLE_NUMBER of old builds (999)


# ---------------------------------------------------------------- cell parsers


def parse_uscc(value: str) -> str:
    try:
        return validate_uscc(value)
    except IdentifierError as exc:
        raise CellError(exc.code, exc.message) from None


def parse_registration_number(value: str) -> str:
    try:
        return validate_registration_number(value)
    except IdentifierError as exc:
        raise CellError(exc.code, exc.message) from None


_KIND_WORDS = {
    **{label: value for value, label in EntityKind.choices},
    **{value: value for value in EntityKind.values},
    "个体": EntityKind.INDIVIDUAL,
    "个体户": EntityKind.INDIVIDUAL,
    "合作社": EntityKind.COOPERATIVE,
    "农民专业合作社分支机构": EntityKind.BRANCH,
    "分公司": EntityKind.BRANCH,
    "分支": EntityKind.BRANCH,
    "公司": EntityKind.ENTERPRISE,
}
_kind_exact = choice({k: str(v) for k, v in _KIND_WORDS.items()}, "entity.kind")


@distinct_column
def parse_kind(value: str) -> str:
    """主体类型: the four words (or codes); registration systems' detailed types are mapped by their words.

    ``有限责任公司(自然人独资)`` → 企业, ``…分公司`` → 分支机构; anything else unknown is a row error.
    """
    try:
        return _kind_exact(value)
    except CellError:
        if "分公司" in value or "分支机构" in value or "分店" in value:
            return EntityKind.BRANCH.value
        if "个体" in value:
            return EntityKind.INDIVIDUAL.value
        if "合作社" in value:
            return EntityKind.COOPERATIVE.value
        if any(word in value for word in ("公司", "企业", "合伙", "独资")):
            return EntityKind.ENTERPRISE.value
        raise


parse_status = choice(
    {
        **{label: str(value) for value, label in RegistrationStatus.choices},
        **{str(value): str(value) for value in RegistrationStatus.values},
        "存续": "active",
        "在营": "active",
        "开业": "active",
        "在业": "active",
        "存续（在营、开业、在册）": "active",
        "确认": "active",
        "吊销": "revoked",
        "吊销，未注销": "revoked",
        "吊销未注销": "revoked",
        "注销": "cancelled",
        "已注销": "cancelled",
        "迁出": "moved_out",
        "撤销": "withdrawn",
        "撤销登记": "withdrawn",
    },
    "entity.status",
)

_INDUSTRY = {
    **{k: k for k in INDUSTRY_SECTIONS},
    **{k.lower(): k for k in INDUSTRY_SECTIONS},
    **{v: k for k, v in INDUSTRY_SECTIONS.items()},
}


@distinct_column
def parse_industry(value: str) -> str:
    """行业门类 (GB/T 4754-2017): the letter, the section name, or both (``F 批发和零售业``)."""
    found = _INDUSTRY.get(value)
    if found is None:
        m = re.match(r"^([A-Ta-t])(?:[\s、.．:：]|$)", value)
        found = m[1].upper() if m else _INDUSTRY.get(re.sub(r"^[A-Ta-t][\s、.．:：]*", "", value))
    if found is None:
        raise CellError("entity.industry_unknown", f"无法识别的行业门类“{value[:20]}”：请填写 A–T 门类字母或门类名称")
    return found


@distinct_column
def parse_risk_class(value: str) -> str:
    letter = value.upper().replace("类", "").strip()[:1]
    if letter not in ("A", "B", "C", "D") or len(value) > 12:
        raise CellError("entity.risk_class_unknown", f"信用风险分类应为 A、B、C、D 之一，得到“{value[:20]}”")
    return letter


def past_date(what: str, today: dt.date) -> Callable[[str], dt.date]:
    """A date that exists, not before 1900 and not after ``today``."""
    earliest = dt.date(1900, 1, 1)

    def parse(value: str) -> dt.date:
        day = parse_date(value)
        if day > today:
            raise CellError("date.future", f"{what} {day.isoformat()} 晚于今天，请核对")
        if day < earliest:
            raise CellError("date.too_early", f"{what} {day.isoformat()} 早于 1900 年，请核对")
        return day

    dates = COLUMN_FORMS[parse_date]

    def column(cells: list[str]) -> list[dt.date]:
        days = dates(cells)  # every cell a YYYY-MM-DD date in the allowed range, or refused
        if max(days) > today or min(days) < earliest:
            raise ValueError("a date out of range: the cells are checked one by one")
        return days

    COLUMN_FORMS[parse] = column
    return parse


def parse_bool(value: str) -> bool:
    word = normalise_header(value)
    if word in ("是", "在岗", "y", "yes", "true", "1", "√", "在职"):
        return True
    if word in ("否", "不在岗", "离岗", "n", "no", "false", "0", "×", "离职"):
        return False
    raise CellError("cell.bool", f"应填“是”或“否”，得到“{value[:20]}”")


# ---------------------------------------------------------------- raw SQL helpers


def _db_value(field: Field, value: Any) -> Any:
    """A Python value as this connection's cursor takes it (SQLite: ISO text for dates)."""
    if value is None:
        return None
    return field.get_db_prep_save(value, connection)


def _chunks(seq: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _pg_lookup_sql(model: type[Model], key_column: str, columns: Sequence[Any]) -> str:
    """PostgreSQL: the look-up statement of ``_select_by`` (one parameter: the keys as a text array)."""
    qn = connection.ops.quote_name
    picked = ", ".join(f"m.{qn(c)}" for c in columns)
    distinct = ", ".join(qn(c) for c in dict.fromkeys(columns))  # a subquery's columns need distinct names
    return (
        f"SELECT {picked} FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT {distinct} FROM {qn(model._meta.db_table)} WHERE {qn(key_column)} = k.key OFFSET 0) AS m"
    )


def _select_by(model: type[Model], key_column: str, columns: Sequence[Any], keys: Sequence[Any]) -> list[tuple]:
    """Rows of ``model`` whose ``key_column`` (an indexed text column) is in ``keys``: chunked ``IN`` (SQLite), or
    one index probe per key (PostgreSQL).

    PostgreSQL: ``WHERE key = ANY(array)`` let the planner read the whole table for every chunk of an import. The
    table grows during the import and is analysed only at its end; without statistics the 5,000 keys were
    estimated to match 5,000 rows and a sequential scan with a hashed array looked cheaper than 5,000 index
    probes — a scan of the whole table per chunk, so the look-ups grew with the square of the rows (issue 19:
    100 ms a chunk at 250,000 rows, against 5–10 ms for the probes, and growing). Each key is now joined to a
    ``LATERAL`` subquery behind an ``OFFSET 0`` fence, which cannot be turned into a hash join: one index probe
    per key whatever the statistics say.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(qn(c) for c in columns)
    out: list[tuple] = []
    # The driver's own cursor: Django's (debug) wrapper would format and log each statement of up to 50,000 keys.
    with connection.cursor() as wrapper:
        cur = wrapper.cursor
        if connection.vendor == "postgresql":
            sql = _pg_lookup_sql(model, key_column, columns)
            for part in _chunks(keys, 50_000):
                cur.execute(sql, [list(part)])
                out.extend(cur.fetchall())
        else:
            for part in _chunks(keys, SQLITE_MAX_PARAMS):
                marks = ", ".join(["?"] * len(part))
                sql = f"SELECT {cols} FROM {table} WHERE {qn(key_column)} IN ({marks})"  # noqa: S608
                out.extend(sqlite3.Cursor.execute(cur, sql, list(part)).fetchall())
    return out


# ---------------------------------------------------------------- entities

ENTITY_COLUMNS = (
    Column(
        "uscc", ("统一社会信用代码", "信用代码", "社会信用代码", "uscc"), required=False, parse=parse_uscc, max_chars=40
    ),
    Column(
        "registration_number",
        ("注册号", "工商注册号", "registration_number", "regno"),
        required=False,
        parse=parse_registration_number,
        max_chars=40,
    ),
    Column("name", ("企业名称", "名称", "主体名称", "市场主体名称", "name"), parse=required_text(200), max_chars=200),
    Column("kind", ("主体类型", "市场主体类型", "企业类型", "类型", "kind"), parse=parse_kind, max_chars=60),
    Column("established_on", ("成立日期", "注册日期", "established_on"), max_chars=40),
    Column("status", ("登记状态", "经营状态", "状态", "status"), parse=parse_status, max_chars=40),
    Column("domicile", ("住所", "地址", "经营场所", "住所/经营场所", "domicile"), required=False, max_chars=300),
    Column(
        "legal_representative",
        ("法定代表人/经营者", "法定代表人", "经营者", "负责人", "legal_representative"),
        required=False,
        max_chars=64,
    ),
    Column("industry", ("行业门类", "行业", "industry"), required=False, parse=parse_industry, max_chars=60),
    Column("office", ("管辖单位", "管辖所", "管辖机关", "office"), required=False, max_chars=100),
    Column("registration_authority", ("登记机关", "registration_authority"), required=False, max_chars=100),
    Column("business_scope", ("经营范围", "business_scope"), required=False, max_chars=4000),
    Column("street", ("所在街道", "街道", "street"), required=False, max_chars=50),
    Column(
        "risk_class", ("信用风险分类", "风险分类", "risk_class"), required=False, parse=parse_risk_class, max_chars=20
    ),
    Column(
        "status_changed_on",
        ("状态变更日期", "注销日期", "吊销日期", "status_changed_on"),
        required=False,
        max_chars=40,
    ),
)


class EntityImporter(Importer):
    kind = "entities"
    label = "市场主体"
    key = "identity"
    key_label = "统一社会信用代码"
    chunk_size = 5_000  # one short transaction per chunk: the office keeps working during a big import
    check_ahead = True  # the checks and ``ahead`` read no database (offices are loaded in prepare): the next
    # chunks are checked in a second process while this one is written
    max_rows = 2_000_000
    audit_action = "registry.import_entities"
    permission = "registry.import"
    department_scoped = True

    def __init__(self) -> None:
        self.offices: dict[str, int] = {}
        # Parsers that need the database or today's date are bound per run (the factory is called per import).
        today = legal_today()
        bound = {
            "office": self._parse_office,
            "established_on": past_date("成立日期", today),
            "status_changed_on": past_date("状态变更日期", today),
        }
        self.columns = [replace(c, parse=bound[c.key]) if c.key in bound else c for c in ENTITY_COLUMNS]
        self._fields: dict[str, Field] = {f.name: f for f in MarketEntity._meta.concrete_fields}

    def prepare(self) -> None:
        self._seen_regnos: set[str] = set()
        self._load_offices()
        self._postgresql = connection.vendor == "postgresql"  # read here: ``ahead`` runs in the check process

    def ahead(self, rows: list[Good]) -> tuple[str, str] | None:
        """PostgreSQL, beside the writing of the chunk before: each row's COPY text (its file's columns, as a new
        entity) and the canonical text of its audit event as a created entity, each kind joined by newlines into one
        text (neither holds a raw newline: COPY and JSON escape it), which crosses the pipe as one object. ``apply``
        adds the id, the time and the absent columns' defaults to the text of the rows that turn out to be new."""
        if not self._postgresql:
            return None
        lines, texts = self._row_texts(rows)
        return "\n".join(lines), "\n".join(texts)

    def _row_texts(self, rows: list[Good]) -> tuple[list[str], list[str]]:
        fields = self._fields
        columns = []
        for name in (c.key for c in self.columns if c.key in self.present):
            column = [values[name] for _, values in rows]
            if not fields[name].null and None in column:  # CharFields: blank is "", not NULL (as in to_db)
                column = ["" if v is None else v for v in column]
            columns.append(column)
        created = self._created_text
        return bulk.copy_text_rows(columns), [created(n, values) for n, values in rows]

    def warnings(self, *, written_since: Any) -> list[ImportWarning]:
        """企业信息公示暂行条例 (the legal representative's 3-year bar): the credit module's warning on created or
        changed entities whose legal representative has a barred person's name (issue 13 §2)."""
        from fazhi.credit import selectors as credit_selectors

        found = credit_selectors.representative_bar_import_warning(changed_since=written_since, today=legal_today())
        return [ImportWarning(**found)] if found else []

    def missing_headers(self, index: dict[str, int]) -> list[str]:
        if "uscc" not in index and "registration_number" not in index:
            return ["统一社会信用代码（无代码的个体工商户可用“注册号”列）"]
        return []

    def _load_offices(self) -> None:
        for pk, code, name in Department.objects.values_list("pk", "code", "name"):
            self.offices[code] = pk
            self.offices[name] = pk
            self.offices[normalise_header(code)] = pk
            self.offices[normalise_header(name)] = pk

    def _parse_office(self, value: str) -> int:
        pk = self.offices.get(value)
        if pk is None:
            pk = self.offices.get(normalise_header(value))
        if pk is None:
            raise CellError(
                "entity.office_unknown", f"找不到管辖单位“{value[:30]}”：请填写已登记部门的名称或编码（先导入部门）"
            )
        return pk

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        uscc, regno = values.get("uscc"), values.get("registration_number")
        if not uscc and not regno:
            return [
                RowError(row, "统一社会信用代码", "entity.identifier_missing", "统一社会信用代码和注册号不能都为空")
            ]
        values["identity"] = uscc or f"R{regno}"
        if self.scope_department_id is not None and "office" in self.present and not self.in_scope(values["office"]):
            return [self.scope_error(row, "管辖单位", "市场主体")]
        changed = values.get("status_changed_on")
        if changed is not None and changed < values["established_on"]:
            return [
                RowError(row, "状态变更日期", "entity.status_before_established", "状态变更日期早于成立日期，请核对")
            ]
        return []

    # -- apply

    def writing(self, rows: int) -> contextlib.AbstractContextManager[None]:
        return _pg_bulk_load(rows) if connection.vendor == "postgresql" else contextlib.nullcontext()

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:  # this chunk's transaction only (see _pg_bulk_load)
                cur.execute(f"SET LOCAL gin_pending_list_limit = {PG_PENDING_LIST_KB}")
        fields = self._fields
        present = [c.key for c in self.columns if c.key in self.present]
        names = [n for n in present]  # model field names (office → office FK)
        columns = [fields[n].column for n in names]
        sqlite = connection.vendor == "sqlite"
        date_type = type(fields["established_on"])
        date_idx = [i for i, n in enumerate(names) if isinstance(fields[n], date_type)]
        blank_idx = [i for i, n in enumerate(names) if not fields[n].null]  # CharFields: blank is "", not NULL

        # every present column is a key of each row's values (one column: itemgetter would not give a tuple)
        pick: Callable[[dict[str, Any]], tuple] = (
            operator.itemgetter(*names) if len(names) > 1 else (lambda values: (values[names[0]],))
        )
        if sqlite:
            fixes = [(i, True) for i in date_idx] + [(i, False) for i in blank_idx]
        else:
            fixes = [(i, False) for i in blank_idx]

        def to_db(values: dict[str, Any]) -> tuple:
            new = pick(values)
            if None not in new:  # the common row: every cell filled, nothing to convert but dates (SQLite)
                if not sqlite or not date_idx:
                    return new  # type: ignore[no-any-return]
                fixed = list(new)
                for i in date_idx:
                    fixed[i] = fixed[i].isoformat()
                return tuple(fixed)
            fixed = list(new)
            for i, is_date in fixes:
                if is_date:
                    if fixed[i] is not None:
                        fixed[i] = fixed[i].isoformat()
                elif fixed[i] is None:
                    fixed[i] = ""
            return tuple(fixed)

        def fetched(record: tuple) -> tuple:
            old = list(record[5:])
            if sqlite:  # Django's converters return dates; compare as the ISO text we write
                for i in date_idx:
                    if old[i] is not None and not isinstance(old[i], str):
                        old[i] = old[i].isoformat()
            return tuple(old)

        # Existing rows, by USCC first, then by 注册号 for rows without a match.
        select_cols = ["id", "uscc", "registration_number", fields["office"].column, "revision", *columns]
        by_uscc: dict[str, tuple] = {}
        by_regno: dict[str, tuple] = {}
        usccs = [v["uscc"] for _, v in rows if v.get("uscc")]
        for rec in _select_by(MarketEntity, "uscc", select_cols, usccs):
            by_uscc[rec[1]] = rec
        regnos = [v["registration_number"] for _, v in rows if v.get("registration_number")]
        if regnos:
            for rec in _select_by(MarketEntity, "registration_number", select_cols, regnos):
                by_regno[rec[2]] = rec

        now = timezone.now()
        now_db = _db_value(fields["updated_at"], now)
        inserted: list[tuple[int, int, dict[str, Any]]] = []  # new rows: (index in rows, row number, values)
        updates: dict[tuple[str, ...], list[tuple]] = {}
        change_rows: list[tuple] = []
        source = f"导入 {self.source_name}"[:100]
        claimed: set[int] = set()
        keep_idx = [names.index(k) for k in ("uscc", "registration_number") if k in names]
        seen_regnos = self._seen_regnos
        for i, (n, values) in enumerate(rows):
            uscc, regno = values.get("uscc"), values.get("registration_number")
            by_code = by_uscc.get(uscc) if uscc else None
            by_number = by_regno.get(regno) if regno else None
            conflict = None
            if by_code is not None and by_number is not None and by_code[0] != by_number[0]:
                conflict = by_number[1] or by_number[2]
            elif by_code is None and by_number is not None and by_number[1] and uscc and by_number[1] != uscc:
                conflict = by_number[1]
            if conflict is not None:
                self.reject_row(
                    n,
                    [
                        RowError(
                            n,
                            "注册号",
                            "entity.identifier_conflict",
                            f"注册号 {regno} 已属于另一市场主体（{conflict}），与本行的统一社会信用代码不一致，请核对",
                        )
                    ],
                )
                continue
            if regno:
                if regno in seen_regnos:
                    self.reject_row(
                        n,
                        [RowError(n, "注册号", "row.duplicate_in_file", f"注册号 {regno} 在本文件中已出现过")],
                    )
                    continue
                seen_regnos.add(regno)
            existing = by_code or by_number
            if not self.in_scope(existing[3] if existing is not None else values.get("office")):
                self.reject_row(n, [self.scope_error(n, "管辖单位", "市场主体")])
                continue
            if existing is None:
                inserted.append((i, n, values))
                continue
            if existing[0] in claimed:  # one entity matched by two rows (its USCC in one, its 注册号 in another)
                self.reject_row(
                    n,
                    [RowError(n, "统一社会信用代码", "row.duplicate_in_file", "本文件中另一行已更新同一市场主体")],
                )
                continue
            claimed.add(existing[0])
            new = to_db(values)
            old = fetched(existing)
            if keep_idx:  # a blank code in the file never erases a code the entity already has
                patched = list(new)
                for i in keep_idx:
                    if patched[i] is None:
                        patched[i] = old[i]
                new = tuple(patched)
            changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
            if not changed:
                result.unchanged += 1
                continue
            changed_names = tuple(names[i] for i in changed)
            updates.setdefault(changed_names, []).append(
                (existing[0], *(new[i] for i in changed), now_db, existing[4] + 1)  # the revision bumped
            )
            diff = {names[i]: [_json_value(old[i]), _json_value(new[i])] for i in changed}
            change_rows.append((existing[0], now, source, diff))
            self.record_changed("registry.marketentity", existing[0], n, diff)

        # New rows get every column: those absent from the file take the model's defaults.
        absent = [
            f
            for f in MarketEntity._meta.concrete_fields
            if not f.primary_key and f.name not in names and f.name != "updated_at"
        ]
        tail = tuple(_db_value(f, f.get_default()) for f in absent) if absent and inserted else ()
        entity_cols = [*columns, fields["updated_at"].column, *(f.column for f in absent)]
        if inserted and not sqlite:
            # PostgreSQL: the new ids are taken from the table's sequence in one statement and written with the
            # rows, so the audit events need no read-back of the rows by USCC. The rows' text and their events'
            # were made by ``ahead`` beside the chunk before; here each new row's text gets its id, the time and
            # the defaults, the COPY takes the chunk in one piece, and the chunk's events (the changed entities'
            # and the new ones') are hashed while the server stores the rows.
            if self.prepared is not None:
                lines, created_texts = (text.split("\n") for text in self.prepared)
            else:
                lines, created_texts = self._row_texts(rows)
            ids = bulk.next_ids(MarketEntity, len(inserted))
            after = "".join(f"\t{bulk.copy_text(v)}" for v in (now_db, *tail)) + "\n"
            kind = "registry.marketentity"
            events = self.take_audit_items()
            events.extend(
                (kind, pk, CanonicalJSON(created_texts[i])) for pk, (i, _n, _values) in zip(ids, inserted, strict=True)
            )
            audit = AuditBatch(action=self.record_action, actor=self.actor)
            with bulk.copy_in(MarketEntity, ["id", *entity_cols]) as send:
                send("".join([f"{pk}\t{lines[i]}{after}" for pk, (i, _n, _values) in zip(ids, inserted, strict=True)]))
                made = audit.made(events)
            audit.write(made)
        elif inserted:
            inserts = [(*to_db(values), now_db, *tail) for _i, _n, values in inserted]
            first = _sqlite_next_id(MarketEntity)
            with _name_index_filled_in_bulk(len(inserts)):
                bulk.insert(MarketEntity, entity_cols, inserts)
            if _sqlite_next_id(MarketEntity) == first + len(inserts):
                # AUTOINCREMENT under this transaction's write lock: the rows took the next ids in order
                event = self._entity_created_event
                self.record_canonical(
                    [event(pk, n, values) for pk, (_i, n, values) in enumerate(inserted, start=first)]
                )
            else:  # ids not consecutive: read them back by USCC / 注册号
                self._audit_created([(n, values) for _i, n, values in inserted])
        result.created += len(inserted)
        for changed_names, update_rows in updates.items():
            bulk.update_by_pk(
                MarketEntity,
                [*(fields[n].column for n in changed_names), fields["updated_at"].column, "revision"],
                update_rows,
            )
            result.updated += len(update_rows)
        if change_rows:
            change_fields = {f.name: f for f in MarketEntityChange._meta.concrete_fields}
            bulk.insert(
                MarketEntityChange,
                [change_fields[n].column for n in ("entity", "changed_at", "source", "changes")],
                [
                    (
                        entity_id,
                        _db_value(change_fields["changed_at"], at),
                        src,
                        change_fields["changes"].get_db_prep_save(diff, connection),
                    )
                    for entity_id, at, src, diff in change_rows
                ],
            )
        progress(len(rows))

    def _entity_created_event(self, pk: int, row: int, values: dict[str, Any]) -> AuditItem:
        """The audit item ``record_created`` makes of a new entity with ``_created_facts``."""
        return ("registry.marketentity", pk, CanonicalJSON(self._created_text(row, values)))

    def _created_text(self, row: int, values: dict[str, Any]) -> str:
        """A new entity's audit changes (``_created_facts`` with ``op``, ``row`` and ``import``) written directly as
        their canonical JSON text (the text ``fazhi.core.audit`` makes of that mapping; no dict per row)."""
        uscc = values.get("uscc")
        office = values.get("office")
        run = "" if self.run_id is None else f'"import":{int(self.run_id)},'
        regno = "" if uscc else f'"registration_number":{_quote(values["registration_number"])},'
        return (
            f'{{{run}"name":{_quote(values["name"])},"office":{"null" if office is None else int(office)},'
            f'"op":"create",{regno}"row":{int(row)},"uscc":{"null" if uscc is None else _quote(uscc)}}}'
        )

    def _audit_created(self, inserted: list[tuple[int, dict[str, Any]]]) -> None:
        """SQLite: one audit event per new entity, its id read back by USCC (or 注册号) in one query per chunk."""
        if not inserted:
            return
        usccs = [v["uscc"] for _, v in inserted if v.get("uscc")]
        regnos = [v["registration_number"] for _, v in inserted if not v.get("uscc")]
        ids = {rec[1]: rec[0] for rec in _select_by(MarketEntity, "uscc", ["id", "uscc"], usccs)} if usccs else {}
        if regnos:
            ids.update(
                {
                    f"R{rec[1]}": rec[0]
                    for rec in _select_by(MarketEntity, "registration_number", ["id", "registration_number"], regnos)
                }
            )
        for n, values in inserted:
            uscc = values.get("uscc")
            pk = ids[uscc] if uscc else ids[f"R{values['registration_number']}"]
            self.record_created("registry.marketentity", pk, n, _created_facts(values))


def _sqlite_next_id(model: type[Model]) -> int:
    """SQLite: the id the next row of an ``AUTOINCREMENT`` table takes (one more than the largest id it ever had)."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0)) + 1",
            [table],
        )
        return int(cur.fetchone()[0])


_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _created_facts(values: dict[str, Any]) -> dict[str, Any]:
    """What identifies a created entity in its audit event."""
    uscc = values.get("uscc")
    facts = {"uscc": uscc, "name": values.get("name"), "office": values.get("office")}
    if not uscc:
        facts["registration_number"] = values["registration_number"]
    return facts


PG_TRGM_INDEX = "registry_entity_name_trgm"  # migration 0002
PG_PENDING_LIST_KB = 64 * 1024


@contextlib.contextmanager
def _pg_bulk_load(rows: int) -> Iterator[None]:
    """PostgreSQL: what a large entity import needs around its chunks.

    - The trigram GIN index takes new rows into its pending list and merges them into the index when the list
      passes ``gin_pending_list_limit`` (4 MB by default: a merge every ~20,000 names, each costing more as the
      index grows). The import's chunks raise the limit to 64 MB for their own transactions, and the list is
      merged once at the end (``gin_clean_pending_list``), so searches do not keep scanning it afterwards.
    - A load that grows the table by a tenth or more refreshes the planner's statistics (``ANALYZE``): the search
      plans (trigram-first vs. newest-first) depend on them, and autovacuum may not have run yet.
    Both also run when a chunk failed (the rows of the earlier chunks are kept).
    """
    table = connection.ops.quote_name(MarketEntity._meta.db_table)
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [MarketEntity._meta.db_table])
        found = cur.fetchone()
    before = max(0, found[0]) if found else 0
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", [PG_TRGM_INDEX])
            if cur.fetchone()[0]:
                cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [PG_TRGM_INDEX])
            if rows >= max(1_000, before // 10):
                cur.execute(f"ANALYZE {table}")


FTS_TABLE = "registry_entity_fts"
FTS_INSERT_TRIGGER = "registry_entity_fts_ai"
BULK_FTS_MIN_ROWS = 500


@contextlib.contextmanager
def _name_index_filled_in_bulk(new_rows: int) -> Iterator[None]:
    """On SQLite, fill the FTS5 name index (migration 0002) with one ``INSERT … SELECT`` after the rows.

    The per-row ``AFTER INSERT`` trigger costs about 70 µs a row, the set-based fill about 13 µs. The
    trigger is dropped and re-created inside the import's transaction (SQLite DDL is transactional, and
    the IMMEDIATE transaction keeps other writers out), so a failure rolls both back. New ids are all
    above the previous maximum (``AUTOINCREMENT``).
    """
    if connection.vendor != "sqlite" or new_rows < BULK_FTS_MIN_ROWS:
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [FTS_INSERT_TRIGGER])
        found = cur.fetchone()
        if found is None:
            yield
            return
        table = connection.ops.quote_name(MarketEntity._meta.db_table)
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        (before,) = cur.fetchone()
        cur.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
        yield
        cur.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, name) SELECT id, name FROM {table} WHERE id > %s",  # noqa: S608
            [before],
        )
        cur.execute(found[0])


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- departments

_DEPARTMENT_KIND = choice(
    {
        **{label: str(value) for value, label in DepartmentKind.choices},
        **{str(value): str(value) for value in DepartmentKind.values},
        "科室": "section",
        "内设机构": "section",
        "监管所": "office",
        "市场监督管理所": "office",
        "成员单位": "external",
        "外部单位": "external",
    },
    "department.kind",
)


class DepartmentImporter(Importer):
    """部门: upsert by 部门编码; 上级部门 names a department (code or name) in the file or the database."""

    kind = "departments"
    label = "部门"
    key = "code"
    columns = (
        Column("code", ("部门编码", "编码", "code"), parse=required_text(32), max_chars=32),
        Column("name", ("部门名称", "名称", "name"), parse=required_text(100), max_chars=100),
        Column("kind", ("类型", "部门类型", "kind"), parse=_DEPARTMENT_KIND, max_chars=20),
        Column("parent", ("上级部门", "上级", "parent"), required=False, max_chars=100),
        Column("active", ("在用", "active"), required=False, parse=parse_bool, max_chars=10),
    )
    audit_action = "registry.import_departments"
    permission = "registry.import"
    max_rows = 10_000

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        existing = {d.code: d for d in Department.objects.all()}
        by_name = {d.name: d.code for d in existing.values()}
        names_in_file = {v["name"]: v["code"] for _, v in rows}
        resolve = {**{c: c for c in existing}, **{v["code"]: v["code"] for _, v in rows}, **by_name, **names_in_file}
        plans: list[tuple[dict[str, Any], str | None]] = []
        for n, values in rows:
            owner = by_name.get(values["name"])
            if owner is not None and owner != values["code"]:
                self.reject_row(
                    n, [RowError(n, "部门名称", "department.name_taken", f"部门名称已被编码为 {owner} 的部门使用")]
                )
                continue
            parent_code = None
            if values.get("parent"):
                parent_code = resolve.get(values["parent"])
                if parent_code is None or parent_code == values["code"]:
                    self.reject_row(
                        n,
                        [
                            RowError(
                                n,
                                "上级部门",
                                "department.parent_unknown",
                                f"找不到上级部门“{values['parent'][:30]}”（应为本文件或系统中已有部门的编码或名称）",
                            )
                        ],
                    )
                    continue
            plans.append((values, parent_code))
        # Two passes: create the new ones, then set fields and parents (a parent may come later in the file).
        # Departments are a few hundred rows: the ORM is fast enough here.
        created: set[str] = set()
        row_of = {values["code"]: n for n, values in rows}
        for values, _parent in plans:
            if values["code"] not in existing:
                dept = Department.objects.create(
                    code=values["code"],
                    name=values["name"],
                    kind=values["kind"],
                    active=values.get("active") is not False,
                )
                existing[dept.code] = dept
                created.add(dept.code)
                self.record_created(
                    "registry.department", dept.pk, row_of[dept.code], {"code": dept.code, "name": dept.name}
                )
        result.created += len(created)
        for values, parent_code in plans:
            dept = existing[values["code"]]
            if parent_code is not None and parent_code not in existing:
                parent_code = None  # its own row was rejected: the error is already reported there
            new: dict[str, Any] = {"name": values["name"], "kind": values["kind"]}
            if "parent" in self.present:
                new["parent_id"] = existing[parent_code].pk if parent_code else None
            if values.get("active") is not None:
                new["active"] = values["active"]
            if all(getattr(dept, k) == v for k, v in new.items()):
                if dept.code not in created:
                    result.unchanged += 1
                continue
            before = {k: getattr(dept, k) for k in new}
            for k, v in new.items():
                setattr(dept, k, v)
            dept.save(update_fields=list(new))
            if dept.code not in created:
                result.updated += 1
                self.record_changed(
                    "registry.department",
                    dept.pk,
                    row_of[dept.code],
                    {k: [before[k], v] for k, v in new.items() if before[k] != v},
                )
        progress(len(rows))


# ---------------------------------------------------------------- officers


def parse_domains(value: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[、,，;；/\s]+", value) if p.strip()]
    unknown = [p for p in parts if p not in ENFORCEMENT_DOMAINS]
    if unknown:
        raise CellError(
            "officer.domain_unknown",
            f"无法识别的执法领域“{'、'.join(unknown)[:30]}”，可选：{'、'.join(ENFORCEMENT_DOMAINS)}",
        )
    return list(dict.fromkeys(parts))


class OfficerImporter(Importer):
    """执法人员: upsert by 执法证号; 所属部门 by name or code."""

    kind = "officers"
    label = "执法人员"
    key = "certificate_number"
    audit_action = "registry.import_officers"
    permission = "registry.import"
    department_scoped = True
    max_rows = 50_000

    def __init__(self) -> None:
        self.departments: dict[str, int] = {}
        self.columns = (
            Column("name", ("姓名", "name"), parse=required_text(64), max_chars=64),
            Column(
                "certificate_number",
                ("执法证号", "执法证编号", "证件号", "certificate_number"),
                parse=self._parse_certificate,
                max_chars=40,
            ),
            Column(
                "certificate_expires_on",
                ("执法证有效期至", "有效期至", "有效期", "certificate_expires_on"),
                parse=self._parse_expiry,
                max_chars=40,
            ),
            Column("department", ("所属部门", "部门", "department"), parse=self._parse_department, max_chars=100),
            Column("domains", ("执法领域", "领域", "domains"), required=False, parse=parse_domains, max_chars=300),
            Column("active", ("在岗", "是否在岗", "active"), required=False, parse=parse_bool, max_chars=10),
        )

    def prepare(self) -> None:
        for pk, code, name in Department.objects.values_list("pk", "code", "name"):
            self.departments[code] = pk
            self.departments[name] = pk

    @staticmethod
    def _parse_certificate(value: str) -> str:
        number = "".join(value.split()).upper()
        if not number:
            raise CellError("cell.required", "此项必填")
        if not re.fullmatch(r"[0-9A-Z\-]{4,32}", number):
            raise CellError("officer.certificate_format", f"执法证号“{value[:32]}”格式不对：应为 4–32 位数字或字母")
        return number

    @staticmethod
    def _parse_expiry(value: str) -> dt.date:
        day = parse_date(value)
        if not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise CellError("date.out_of_range", f"执法证有效期 {day.isoformat()} 不合理，请核对")
        return day

    def _parse_department(self, value: str) -> int:
        pk = self.departments.get(value)
        if pk is None:
            raise CellError("officer.department_unknown", f"找不到部门“{value[:30]}”：请填写已登记部门的名称或编码")
        return pk

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        if not self.in_scope(values["department"]):
            return [self.scope_error(row, "所属部门", "执法人员")]
        return []

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        existing = {
            o.certificate_number: o
            for o in Officer.objects.filter(certificate_number__in=[v["certificate_number"] for _, v in rows])
        }
        new_objs: list[Officer] = []
        new_rows: list[int] = []
        for n, values in rows:
            data = {
                "name": values["name"],
                "certificate_expires_on": values["certificate_expires_on"],
                "department_id": values["department"],
            }
            if "domains" in self.present:
                data["domains"] = values.get("domains") or []
            if values.get("active") is not None:
                data["active"] = values["active"]
            officer = existing.get(values["certificate_number"])
            if officer is None:
                new_objs.append(Officer(certificate_number=values["certificate_number"], **data))
                new_rows.append(n)
                continue
            if not self.in_scope(officer.department_id):  # another department's officer: never moved or changed
                self.reject_row(n, [self.scope_error(n, "执法证号", "执法人员")])
                continue
            if all(getattr(officer, k) == v for k, v in data.items()):
                result.unchanged += 1
                continue
            before = {k: getattr(officer, k) for k in data}
            for k, v in data.items():
                setattr(officer, k, v)
            officer.save(update_fields=list(data))
            result.updated += 1
            self.record_changed(
                "registry.officer", officer.pk, n, {k: [before[k], v] for k, v in data.items() if before[k] != v}
            )
        Officer.objects.bulk_create(new_objs, batch_size=1000)
        result.created += len(new_objs)
        for n, officer in zip(new_rows, new_objs, strict=True):
            self.record_created(
                "registry.officer",
                officer.pk,
                n,
                {"certificate_number": officer.certificate_number, "department": officer.department_id},
            )
        progress(len(rows))


register_importer("entities", EntityImporter)
register_importer("departments", DepartmentImporter)
register_importer("officers", OfficerImporter)

__all__ = [
    "DepartmentImporter",
    "EntityImporter",
    "OfficerImporter",
]

# 证照分离 matters (``fazhi import permits``) live in their own module; importing it registers the importer.
from fazhi.registry import permits as _permits  # noqa: E402,F401
