"""The one bulk writer: many rows at the database's fastest, for imports, sweeps and demo generators.

- ``insert(target, columns, rows)``: ``COPY … FROM STDIN`` on PostgreSQL, sqlite3's own ``executemany`` on SQLite
  (Django's cursor wrapper would copy and re-scan every row); ``rows`` may be a generator (streamed as made).
- ``update_by_pk(model, columns, rows, increment=())``: rows are ``(pk, *values)``; PostgreSQL copies them into a
  temporary table, analyses it and runs one ``UPDATE … FROM``, SQLite runs one prepared UPDATE per row through
  executemany. ``increment`` names integer columns each updated row adds 1 to in the same statement (a revision).
- ``update_by_pk_shared(model, columns, values, targets)``: many rows set to a few distinct value rows (targets are
  ``(pk, index into values)``); PostgreSQL copies the distinct rows once and the pairs, and runs one ``UPDATE … FROM``.
- ``insert_text(target, columns, pieces)`` / ``copy_in(target, columns)``: PostgreSQL, ``COPY`` of rows already in its
  text format (lines made with ``copy_text`` / ``copy_text_rows``, each ending in a newline), for hot paths that make
  the text beside the writer (an import's check process) or share most of each row's text (audit events);
  ``copy_in`` lets the caller work while the server stores the rows sent.
- ``next_ids(model, count)``: PostgreSQL, new primary keys from the table's sequence in one statement, for rows
  inserted with explicit ids.
- ``reset_sequence(model)``: after inserting explicit ids, move the PostgreSQL sequence past them.

A database error is raised as Django's (``django.db.IntegrityError`` …), as from ``cursor.execute``, also from the
driver's own COPY and executemany. Values must already be in database form (dates as ISO strings or ``date``
objects, Decimals, ints). The caller owns the transaction and the audit events (one per changed record where a
person acted; see ``fazhi.core.audit``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg.copy import QueuedLibpqWriter

Target = type[Model] | str


def _table(target: Target) -> str:
    name = target if isinstance(target, str) else target._meta.db_table
    return connection.ops.quote_name(name)


def _columns(columns: Sequence[Any] | str) -> list[str]:
    names = columns.split(",") if isinstance(columns, str) else [str(c) for c in columns]
    return [connection.ops.quote_name(c.strip().strip('"')) for c in names]


def insert(target: Target, columns: Sequence[Any] | str, rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` into ``target`` (a model or a table name); returns the number of rows written.

    ``rows`` may be a generator: on PostgreSQL each row is sent as it is made, so the server takes in the rows
    already sent while the caller makes the next ones (the Python work and the server's overlap on two cores)."""
    table, cols = _table(target), _columns(columns)
    if connection.vendor != "postgresql":
        rows = rows if isinstance(rows, Sequence) else list(rows)
        if not rows:
            return 0
        marks = ", ".join(["?"] * len(cols))
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cur, connection.wrap_database_errors:
            sqlite3.Cursor.executemany(cur.cursor, sql, rows)
        return len(rows)
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    written = 0
    copying = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
    with connection.cursor() as cur, connection.wrap_database_errors, cur.cursor.copy(copying) as copy:
        write = copy.write_row
        for row in itertools.chain((first,), rows):
            write(row)
            written += 1
    return written


def insert_text(target: Target, columns: Sequence[Any] | str, pieces: Iterable[str]) -> None:
    """PostgreSQL: ``COPY target (columns) FROM STDIN`` of text already in COPY's text format, each piece one or more
    whole lines (``copy_text_rows`` / ``copy_text``, ``\\n`` after each row). A piece is sent as it is made."""
    with copy_in(target, columns) as send:
        for piece in pieces:
            send(piece)


_storing = threading.local()  # ``while_copies_store``'s callbacks of this thread


@contextlib.contextmanager
def while_copies_store(callback: Callable[[], None]) -> Iterator[None]:
    """For the block, in this thread: ``callback()`` each time a ``copy_in`` block has sent its rows and this thread
    is about to wait for the server to store them (an importer's receiving thread takes the next chunk then)."""
    if not hasattr(_storing, "callbacks"):
        _storing.callbacks = []
    callbacks: list[Callable[[], None]] = _storing.callbacks
    callbacks.append(callback)
    try:
        yield
    finally:
        callbacks.remove(callback)


@contextlib.contextmanager
def copy_in(target: Target, columns: Sequence[Any] | str) -> Iterator[Callable[[str], None]]:
    """PostgreSQL: ``COPY target (columns) FROM STDIN`` for the block; yields ``send(text)`` (whole lines in COPY's
    text format). The COPY ends, and its rows are checked, when the block ends: what the block does after its last
    ``send`` runs while the server is still storing the rows sent."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("copy_in: PostgreSQL only (SQLite takes rows: insert)")
    table, cols = _table(target), _columns(columns)
    with connection.cursor() as cur, connection.wrap_database_errors:
        raw = cur.cursor
        sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
        # A queued writer: ``send`` returns at once and a thread of the driver feeds the server, so the block's
        # work after its last ``send`` runs while the rows are still being sent and stored.
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
            write = copy.write

            def send(text: str) -> None:
                if text:
                    write(text)

            yield send
            for callback in getattr(_storing, "callbacks", ()):
                callback()


# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped; NULL is ``\N``.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL_TEXT = "\\N"


def _needs_escape(text: str) -> bool:
    return "\\" in text or "\t" in text or "\n" in text or "\r" in text


def copy_escape(text: str) -> str:
    """Text as a value of COPY's text format (backslash, tab, newline and carriage return escaped)."""
    return text.translate(_COPY_ESCAPES) if _needs_escape(text) else text


def _escape_all(values: list[str]) -> list[str]:
    # one C scan of the whole column decides whether any value needs escaping
    return [v.translate(_COPY_ESCAPES) for v in values] if _needs_escape("".join(values)) else values


def copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format: text escaped, ``\\N`` for None, ``t``/``f``, numbers, ISO dates
    and timestamps. Any other type is refused (``TypeError``): the caller converts it to a database value first."""
    if value is None:
        return NULL_TEXT
    if isinstance(value, str):
        return copy_escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(int(value))  # also the driver's sized integers (a field's database value on PostgreSQL)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):  # and datetime
        return value.isoformat()
    raise TypeError(f"copy_text: a {type(value).__name__} is not a database value (convert it first)")


def _column_text(values: Sequence[Any]) -> list[str]:
    filled = [v for v in values if v is not None] if None in values else values
    if not filled:
        return [NULL_TEXT] * len(values)
    kinds = set(map(type, filled))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is str:
        texts = _escape_all(list(filled))
    elif kind is int or kind is Decimal:
        texts = list(map(str, filled))
    elif kind is dt.date or kind is dt.datetime:
        texts = list(map(kind.isoformat, filled))
    else:  # bools, or mixed types: value by value
        texts = list(map(copy_text, filled))
    if filled is values:
        return texts
    it = iter(texts)
    return [NULL_TEXT if v is None else next(it) for v in values]


def copy_text_rows(columns: Sequence[Sequence[Any]]) -> list[str]:
    """Rows given column by column (each column a sequence with one value per row) as COPY text lines, without their
    newlines: each column converted at once (one type check and one escape scan per column), then joined by tabs."""
    if not columns:
        return []
    return list(map("\t".join, zip(*map(_column_text, columns), strict=True)))


def update_by_pk(
    model: type[Model], columns: Sequence[Any], rows: Sequence[Sequence[Any]], *, increment: Sequence[str] = ()
) -> int:
    """``rows`` are ``(pk, *values)``: set ``columns`` by primary key (and add 1 to each ``increment`` column);
    returns the number of rows given."""
    if not rows:
        return 0
    qn = connection.ops.quote_name
    table, cols = _table(model), _columns(columns)
    bumped = _columns(increment) if increment else []
    pk = qn(str(model._meta.pk.column))  # type: ignore[union-attr]
    with connection.cursor() as cur, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            cur.execute(
                f"CREATE TEMP TABLE fazhi_bulk_update ON COMMIT DROP AS SELECT {pk}, "  # noqa: S608
                f"{', '.join(cols)} FROM {table} WITH NO DATA"
            )
            with cur.cursor.copy(f"COPY fazhi_bulk_update ({pk}, {', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # Without statistics the planner guesses the temporary table's size and the key's spread: analysing
            # the key column alone (not the wide values) buys the hash join for a few ms.
            cur.execute(f"ANALYZE fazhi_bulk_update ({pk})")
            sets = ", ".join([*(f"{c} = u.{c}" for c in cols), *(f"{c} = t.{c} + 1" for c in bumped)])
            cur.execute(f"UPDATE {table} t SET {sets} FROM fazhi_bulk_update u WHERE t.{pk} = u.{pk}")  # noqa: S608
            cur.execute("DROP TABLE fazhi_bulk_update")
        else:
            sets = ", ".join([*(f"{c} = ?" for c in cols), *(f"{c} = {c} + 1" for c in bumped)])
            sql = f"UPDATE {table} SET {sets} WHERE {pk} = ?"  # noqa: S608
            sqlite3.Cursor.executemany(cur.cursor, sql, [(*row[1:], row[0]) for row in rows])
    return len(rows)


def update_by_pk_shared(
    model: type[Model],
    columns: Sequence[Any],
    values: Sequence[Sequence[Any]],
    targets: Sequence[tuple[Any, int]],
    *,
    increment: Sequence[str] = (),
) -> int:
    """Set ``columns`` of many rows to a few shared value rows: ``values`` are the distinct value rows (one value
    per column), ``targets`` are ``(pk, index into values)``; each ``increment`` column adds 1 in the same statement.
    Returns the number of targets.

    PostgreSQL: the distinct value rows and the ``(pk, index)`` pairs are copied into two temporary tables and one
    ``UPDATE … FROM`` joins them, so a value row shared by 50,000 rows crosses the wire (and is parsed) once.
    SQLite: one prepared UPDATE per row through executemany, as ``update_by_pk``.
    """
    if not targets:
        return 0
    if connection.vendor != "postgresql":
        return update_by_pk(model, columns, [(pk, *values[i]) for pk, i in targets], increment=increment)
    qn = connection.ops.quote_name
    table, cols = _table(model), _columns(columns)
    bumped = _columns(increment) if increment else []
    pk = qn(str(model._meta.pk.column))  # type: ignore[union-attr]
    with connection.cursor() as cur, connection.wrap_database_errors:
        cur.execute(
            f"CREATE TEMP TABLE fazhi_bulk_values ON COMMIT DROP AS SELECT 0 AS fazhi_no, "  # noqa: S608
            f"{', '.join(cols)} FROM {table} WITH NO DATA"
        )
        with cur.cursor.copy(f"COPY fazhi_bulk_values (fazhi_no, {', '.join(cols)}) FROM STDIN") as copy:
            for no, row in enumerate(values):
                copy.write_row((no, *row))
        cur.execute(
            f"CREATE TEMP TABLE fazhi_bulk_targets ON COMMIT DROP AS SELECT {pk}, 0 AS fazhi_no "  # noqa: S608
            f"FROM {table} WITH NO DATA"
        )
        with cur.cursor.copy(f"COPY fazhi_bulk_targets ({pk}, fazhi_no) FROM STDIN") as copy:
            for target in targets:
                copy.write_row(target)
        sets = ", ".join([*(f"{c} = v.{c}" for c in cols), *(f"{c} = t.{c} + 1" for c in bumped)])
        cur.execute(
            f"UPDATE {table} t SET {sets} FROM fazhi_bulk_targets g JOIN fazhi_bulk_values v "  # noqa: S608
            f"ON v.fazhi_no = g.fazhi_no WHERE t.{pk} = g.{pk}"
        )
        cur.execute("DROP TABLE fazhi_bulk_targets, fazhi_bulk_values")
    return len(targets)


def next_ids(model: type[Model], count: int) -> list[int]:
    """PostgreSQL: ``count`` new primary keys of ``model`` taken from its sequence in one statement, for rows
    inserted with explicit ids (the caller then knows each new row's id without reading the rows back)."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("next_ids: PostgreSQL only (SQLite assigns ids on insert)")
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        (sequence,) = cur.fetchone()
        cur.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cur.fetchall()]


def reset_sequence(model: type[Model]) -> None:
    """After inserting explicit ids, move the database sequence past them (PostgreSQL; no-op on SQLite)."""
    from django.core.management.color import no_style

    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        with connection.cursor() as cursor:
            cursor.execute(sql)
