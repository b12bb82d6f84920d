"""The audit trail: every service write appends one hash-chained event.

Call ``audit_record`` inside the service's ``transaction.atomic`` block, after the write. Events are
serialised by a lock (PostgreSQL advisory lock; SQLite's IMMEDIATE transactions already serialise
writers), so the chain has no forks. ``audit_verify`` recomputes the chain and names the first
broken link. The database refuses UPDATE and DELETE on the table (``fazhi.core.audit_guard``) and the
chain's head is anchored outside the database (``fazhi.core.anchors``, ``fazhi.core.audit_check``).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from fazhi.core import context
from fazhi.core.models import AuditEvent

GENESIS = "0" * 64
COPY_PIECE_ROWS = 5_000  # audit_records on PostgreSQL: events sent to the COPY this many at a time
_PLAIN = (str, int)
AuditItem = tuple[
    str, Any, Mapping[str, Any] | str
]  # (object_type, object_id, changes: a mapping or its canonical text)
_ADVISORY_KEY = 0x66617A6869  # "fazhi"


def jsonable(value: Any) -> Any:
    """Turn dates, Decimals, enums, UUIDs, bytes (base64) and models into JSON-safe values (stable text forms)."""
    if type(value) is dict:  # the common case first (an ABC isinstance check costs more than the conversion)
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")  # what BinaryField.to_python reads back
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Mapping):
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` (foreign keys by id), JSON-safe."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = jsonable(getattr(instance, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields only: ``{field: [old, new]}``."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
# ``JSONEncoder.encode`` builds a new C encoder on every call; verification at a million events calls it once per
# event, so the C encoder ``encode`` would build is built once here (same arguments, hence the same text; no circular
# check: what is hashed is JSON already, decoded from the database or made by ``jsonable``).
_C_ENCODER = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_ONE_SHOT = (
    _C_ENCODER(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    if _C_ENCODER is not None
    else None
)
_DECODE = json.JSONDecoder().decode


class CanonicalJSON(str):
    """The changes of an event already written as canonical JSON text (``_canonical``'s form: keys sorted, compact,
    not ASCII-escaped, strings quoted by ``json.encoder.encode_basestring``), for bulk paths that build the text
    of each event directly instead of a dict per event (``audit_records`` stores and hashes it as it is)."""

    __slots__ = ()


def _canonical(payload: Mapping[str, Any]) -> bytes:
    if _ONE_SHOT is None:
        return _ENCODER.encode(payload).encode()
    return "".join(_ONE_SHOT(payload, 0)).encode()


def event_hash(event: AuditEvent) -> str:
    return _hash_fields(
        sequence=event.sequence,
        occurred_at=_instant(event.occurred_at),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        changes=event.changes,
        request_id=event.request_id,
        prev_hash=event.prev_hash,
    )


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _hash_fields(
    *,
    sequence: int,
    occurred_at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    changes: Any,
    request_id: str,
    prev_hash: str,
) -> str:
    """The hash of one event from its field values (``event_hash`` and the bulk append share it).

    ``occurred_at`` is the UTC instant in ISO form with microseconds (``_instant``)."""
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changes": changes,
        "request_id": request_id,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_KEY])


def audit_record(
    *,
    action: str,
    target: Model | tuple[str, Any],
    changes: Mapping[str, Any] | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Append one event. ``target`` is a model instance or ``(object_type, object_id)``.

    ``changes`` holds before/after of changed fields (see ``diff``) or the facts of the act.
    The actor defaults to the request's user (or the command's ``acting_as``).
    """
    if not connection.in_atomic_block:
        with transaction.atomic():
            return audit_record(action=action, target=target, changes=changes, actor=actor)
    ctx = context.current()
    actor = actor if actor is not None else ctx.actor
    if isinstance(target, Model):
        object_type, object_id = target._meta.label_lower, str(target.pk)
    else:
        object_type, object_id = target[0], str(target[1])
    _lock_chain()
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    event = AuditEvent(
        sequence=(last.sequence + 1) if last else 1,
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(str(actor) if getattr(actor, "pk", None) else (ctx.label or "系统")),
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=jsonable(dict(changes or {})),
        request_id=ctx.request_id,
        prev_hash=last.hash if last else GENESIS,
    )
    # Normalise the timestamp to what the database stores (microseconds, UTC) before hashing.
    event.occurred_at = event.occurred_at.replace(microsecond=event.occurred_at.microsecond)
    event.hash = event_hash(event)
    event.save(force_insert=True)
    return event


def audit_records(
    *,
    action: str,
    items: Iterable[tuple[str, Any, Mapping[str, Any] | str]],
    actor: Any = None,
) -> int:
    """Append one event per item, set-based: ``items`` are ``(object_type, object_id, changes)``; ``changes`` is a
    mapping, or a ``CanonicalJSON`` text (hashed and stored as it is: it must be the canonical text of the mapping).

    For bulk paths (imports, sweeps) where every changed record needs its own event: the chain is locked
    once, the events are hashed in memory one after the other (the same hash as ``audit_record``) and
    written with one bulk insert (``fazhi.core.bulk``). Must run inside the caller's transaction.
    Returns the number of events written.
    """
    if isinstance(items, Sequence) and not items:
        return 0
    if not connection.in_atomic_block:
        with transaction.atomic():
            return audit_records(action=action, items=items, actor=actor)
    return AuditBatch(action=action, actor=actor).write(items)


class AuditBatch:
    """``audit_records`` in steps, for a bulk writer that makes its events while the database stores its own rows.

    Creating the batch locks the chain and reads its head (inside the caller's transaction, which keeps the lock);
    ``made(items)`` hashes the events into their stored form without the database (PostgreSQL: COPY text);
    ``write(items)`` stores events (items, or what ``made`` made). All events of a batch share one time, actor and
    action; the chain continues from the head read at creation, so nothing else may append events in between.
    """

    COLUMNS = (
        "sequence", "occurred_at", "actor", "actor_label", "action", "object_type", "object_id", "changes",
        "request_id", "prev_hash", "hash",
    )  # fmt: skip

    def __init__(self, *, action: str, actor: Any = None) -> None:
        if not connection.in_atomic_block:
            raise RuntimeError("AuditBatch: inside the caller's transaction only")
        ctx = context.current()
        actor = actor if actor is not None else ctx.actor
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.actor_label = str(actor) if self.actor_id else (ctx.label or "系统")
        self.action = action
        self.request_id = ctx.request_id
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        self.sequence = last.sequence if last else 0
        self.prev = last.hash if last else GENESIS
        occurred_at = timezone.now()
        fields = {f.name: f for f in AuditEvent._meta.concrete_fields}
        self.columns = [fields[n].column for n in self.COLUMNS]
        self.at_db = fields["occurred_at"].get_db_prep_save(occurred_at, connection)
        # The canonical JSON of ``_hash_fields`` (keys sorted, compact, not ASCII-escaped), assembled from its parts:
        # the fields every event of this batch shares are encoded once; per event only the changes, the object and
        # the link. The changes' canonical text is also what is stored (the same JSON value, read back as
        # ``changes``).
        enc = _ENCODER.encode
        self._head = (
            f'{{"action":{enc(action)},"actor_id":{enc(self.actor_id)},"actor_label":{enc(self.actor_label)},"changes":'
        )
        self._middle = f',"occurred_at":{enc(_instant(occurred_at))},"prev_hash":"'
        self._tail = f'","request_id":{enc(self.request_id)},"sequence":'

    def _events(self, items: Iterable[AuditItem]) -> Iterator[tuple[int, str, str, str, str, str]]:
        """``(sequence, object_type, object_id, changes text, prev_hash, hash)`` per item, continuing the chain."""
        enc = _ENCODER.encode
        # The changes go through the C encoder built once (``_ONE_SHOT``: the same text as ``enc``, without building
        # a new encoder per event).
        encode = (lambda value: "".join(_ONE_SHOT(value, 0))) if _ONE_SHOT is not None else enc
        quote = json.encoder.encode_basestring  # type: ignore[attr-defined]
        head, middle, tail = self._head, self._middle, self._tail
        types: dict[str, str] = {}
        sha256 = hashlib.sha256
        sequence, prev = self.sequence, self.prev
        for object_type, object_id, changes in items:
            sequence += 1
            text: str
            if type(changes) is CanonicalJSON:
                text = changes
            else:
                text = encode(jsonable(changes)) if changes else "{}"
            oid = str(object_id)
            typed = types.get(object_type)
            if typed is None:
                typed = types[object_type] = f',"object_type":{enc(object_type)}'
            quoted = f'"{oid}"' if oid.isdigit() and oid.isascii() else quote(oid)
            canonical = f'{head}{text},"object_id":{quoted}{typed}{middle}{prev}{tail}{sequence}}}'
            digest = sha256(canonical.encode()).hexdigest()
            yield (sequence, object_type, oid, text, prev, digest)
            prev = digest
            self.sequence, self.prev = sequence, prev

    def _pieces(self, items: Iterable[AuditItem]) -> Iterator[str]:
        """PostgreSQL: the events of ``items`` as COPY text, ``COPY_PIECE_ROWS`` lines a piece, made as asked for.
        The columns every event shares are put in COPY's text form once; per event only its sequence, object,
        changes and links."""
        from fazhi.core import bulk

        copy_text, escape = bulk.copy_text, bulk.copy_escape
        shared = "\t".join(map(copy_text, (self.at_db, self.actor_id, self.actor_label, self.action)))
        request_text = copy_text(self.request_id)
        lines: list[str] = []
        add = lines.append
        typed: dict[str, str] = {}
        for seq, object_type, oid, text, prev_hash, digest in self._events(items):
            object_text = typed.get(object_type)
            if object_text is None:
                object_text = typed[object_type] = copy_text(object_type)
            add(
                f"{seq}\t{shared}\t{object_text}\t{escape(oid)}\t{escape(text)}\t{request_text}\t{prev_hash}"
                f"\t{digest}\n"
            )
            if len(lines) == COPY_PIECE_ROWS:
                yield "".join(lines)
                lines.clear()
        if lines:
            yield "".join(lines)

    def made(self, items: Sequence[AuditItem]) -> EventText:
        """PostgreSQL: the events of ``items`` hashed now, into the COPY text ``write`` stores later."""
        return EventText(list(self._pieces(items)), len(items))

    def write(self, items: Iterable[AuditItem] | EventText) -> int:
        """Store the events of ``items`` (made as they are sent), or the ``EventText`` that ``made`` made.
        Returns the number of events written."""
        from fazhi.core import bulk

        if isinstance(items, EventText):
            bulk.insert_text(AuditEvent, self.columns, items.pieces)
            return items.count
        before = self.sequence
        if connection.vendor == "postgresql":
            # The events are hashed a piece at a time while the server stores the pieces already sent.
            bulk.insert_text(AuditEvent, self.columns, self._pieces(items))
            return self.sequence - before
        at_db, actor_id, label, action, request_id = (
            self.at_db, self.actor_id, self.actor_label, self.action, self.request_id,
        )  # fmt: skip
        return bulk.insert(
            AuditEvent,
            self.columns,
            (
                (seq, at_db, actor_id, label, action, object_type, oid, text, request_id, prev_hash, digest)
                for seq, object_type, oid, text, prev_hash, digest in self._events(items)
            ),
        )


@dataclass(frozen=True)
class EventText:
    """Events already made by ``AuditBatch.made``: COPY text pieces and how many events they hold."""

    pieces: list[str]
    count: int


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""
    head_sequence: int = 0  # the last event's sequence (0: empty chain)
    head_hash: str = GENESIS
    # the stored hash at each sequence asked for in ``audit_verify(at=…)`` (the anchored sequences)
    hashes_at: dict[int, str] = field(default_factory=dict)


def _plain(*values: object) -> bool:
    """Whether every value is text, so that ``verify_chain``'s direct canonical JSON applies."""
    return all(type(v) is str for v in values)


def _stored_instant(value: Any) -> str:
    """``_instant`` of a stored timestamp as a raw cursor returns it (naive UTC datetime or text)."""
    if isinstance(value, str):
        # Django keeps SQLite timestamps as naive UTC text, ``str(datetime)``: rewritten without parsing
        if len(value) == 26 and value[10] == " " and value[19] == ".":
            return f"{value[:10]}T{value[11:]}+00:00"
        if len(value) == 19 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}.000000+00:00"
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return _instant(value)


def _verify_query() -> str:
    """One chunk of events after a sequence, oldest first, as the database stores them: the timestamp as text
    (SQLite: the stored text, which Django's converter would parse; PostgreSQL: formatted by the server as
    ``_instant`` writes it) and the changes as JSON text."""
    table = AuditEvent._meta.db_table
    if connection.vendor == "postgresql":
        at = """to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
        changes = "changes::text"
    else:
        at, changes = "CAST(occurred_at AS TEXT)", "changes"
    columns = (
        f"sequence, {at}, actor_id, actor_label, action, object_type, object_id, {changes}, request_id, prev_hash, hash"
    )
    return f"SELECT {columns} FROM {table} WHERE sequence > %s ORDER BY sequence LIMIT %s"  # noqa: S608 - own names


def _chunks(chunk_size: int) -> Iterable[list[tuple[Any, ...]]]:
    """Every event in chunks, keyset-paged on the sequence: constant memory at any size (no client-side copy of the
    whole table, no long-running cursor) and one index range scan per chunk. A raw cursor rather than the ORM: at a
    million events Django's model instances and per-value converters cost more than the hashing."""
    sql = _verify_query()
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, chunk_size])
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]


def audit_verify(*, chunk_size: int = 10_000, at: Iterable[int] = ()) -> ChainReport:
    """Recompute every hash and link; report the first broken one.

    ``at``: sequences whose stored hash the report should carry (the anchors', see ``fazhi.core.anchors``).
    One streaming pass over plain tuples (``_chunks``); per event one canonical JSON text of the same payload as
    ``_hash_fields`` (the field names are the keys) and one SHA-256.
    """
    wanted = set(at)
    hashes_at: dict[int, str] = {}
    prev = GENESIS
    expected_seq = 1
    checked = 0
    quote = json.encoder.encode_basestring  # type: ignore[attr-defined]
    encode_json = _ONE_SHOT or (lambda value, _level: [_ENCODER.encode(value)])
    sha256 = hashlib.sha256
    decode = _DECODE
    instant = _stored_instant
    for rows in _chunks(chunk_size):
        for (
            sequence,
            occurred_at,
            actor_id,
            actor_label,
            action,
            otype,
            oid,
            changes,
            request_id,
            prev_hash,
            hsh,
        ) in rows:
            if sequence != expected_seq:
                if checked == 0:
                    return ChainReport(False, 0, 1, f"缺少序号 1 至 {sequence - 1} 的事件（可能被删除）")
                return ChainReport(False, checked, expected_seq, f"缺少序号 {expected_seq} 的事件（可能被删除）")
            if prev_hash != prev:
                return ChainReport(False, checked, sequence, "前一事件的哈希不匹配（事件被删除、插入或改动）")
            if _plain(action, actor_label, otype, oid, changes, request_id, prev_hash) and (
                actor_id is None or type(actor_id) is int
            ):
                # the canonical JSON of ``_hash_fields``' payload, keys in sorted order, written directly: the ten
                # top-level values are plain (int, None, text), only the changes go through the JSON encoder
                text = (
                    f'{{"action":{quote(action)},"actor_id":{"null" if actor_id is None else int(actor_id)},'
                    f'"actor_label":{quote(actor_label)},"changes":{"".join(encode_json(decode(changes), 0))},'
                    f'"object_id":{quote(oid)},"object_type":{quote(otype)},'
                    f'"occurred_at":{quote(instant(occurred_at))},"prev_hash":{quote(prev_hash)},'
                    f'"request_id":{quote(request_id)},"sequence":{int(sequence)}}}'
                )
            else:  # a value of another type (a NULL where text belongs, decoded JSON): the general encoder
                text = _canonical(
                    {
                        "sequence": sequence,
                        "occurred_at": instant(occurred_at),
                        "actor_id": actor_id,
                        "actor_label": actor_label,
                        "action": action,
                        "object_type": otype,
                        "object_id": oid,
                        "changes": decode(changes) if isinstance(changes, str) else changes,
                        "request_id": request_id,
                        "prev_hash": prev_hash,
                    }
                ).decode()
            if sha256(text.encode()).hexdigest() != hsh:
                return ChainReport(False, checked, sequence, "事件内容与其哈希不符（事件被改动）")
            if sequence in wanted:
                hashes_at[sequence] = hsh
            prev = hsh
            expected_seq = sequence + 1
            checked += 1
    return ChainReport(True, checked, head_sequence=expected_seq - 1, head_hash=prev, hashes_at=hashes_at)
