"""The full verification reads the chain in chunks and rebuilds each event's canonical text directly (issue 14 §5,
speed of ``fazhi audit verify``): what the chain means must not change. The hash is written here by hand from its
definition — SHA-256 of the JSON of the ten fields, keys sorted, no spaces, non-ASCII kept (``docs/security.md``) —
so a chain written before the faster verification still verifies, and every field is still covered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.db import connection
from django.utils import timezone

from fazhi.core.audit import GENESIS, audit_record, audit_records, audit_verify
from fazhi.core.context import acting_as
from fazhi.core.models import AuditEvent
from fazhi.core.tests.test_audit import tamper

pytestmark = pytest.mark.django_db


def by_definition(**fields) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _append_by_hand(sequence: int, prev: str, at: dt.datetime, changes: dict, actor_id=None) -> str:
    """An event written as an older version of fazhi would have written it: the hash from the definition above."""
    fields = {
        "sequence": sequence,
        "occurred_at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": "系统",
        "action": "test.write",
        "object_type": "cases.case",
        "object_id": str(sequence),
        "changes": changes,
        "request_id": "",
        "prev_hash": prev,
    }
    digest = by_definition(**fields)
    AuditEvent.objects.create(
        sequence=sequence,
        occurred_at=at,
        actor_id=actor_id,
        actor_label="系统",
        action="test.write",
        object_type="cases.case",
        object_id=str(sequence),
        changes=changes,
        request_id="",
        prev_hash=prev,
        hash=digest,
    )
    return digest


def test_按定义手写哈希的旧链_分块校验仍然完好():
    at = dt.datetime(2023, 3, 1, 8, 0, 0, tzinfo=dt.UTC)  # no microseconds: stored as text without a fraction
    contents = [
        {"名称": ["张三食品店", "李四食品店"], "金额": ["1000.00", "2000.50"]},
        {},
        {"nested": {"b": [1, 2, None], "a": True}, "引号": 'a "quoted" \\ back'},
        {"n": 3},
        {"text": "换行\n制表\t表情😀"},
    ]
    prev = GENESIS
    for n, changes in enumerate(contents, start=1):
        prev = _append_by_hand(n, prev, at + dt.timedelta(seconds=n, microseconds=0 if n % 2 else 123456), changes)
    report = audit_verify(chunk_size=2)
    assert report.ok, report.reason
    assert (report.checked, report.head_sequence, report.head_hash) == (5, 5, prev)


def test_内核写入的事件与按定义手写的哈希一致(make_user, monkeypatch):
    officer = make_user("officer")
    instant = dt.datetime(2023, 6, 30, 16, 0, 0, tzinfo=dt.UTC)  # a whole second: the short stored form
    monkeypatch.setattr(timezone, "now", lambda: instant)
    with acting_as(officer):
        audit_record(action="test.write", target=("cases.case", 7), changes={"名称": ["甲", "乙"]})
    audit_record(action="test.system", target=("core.user", 1), changes={})  # no user: the system
    audit_records(action="test.bulk", items=[("cases.case", k, {"k": [k, k + 1]}) for k in range(5)], actor=officer)
    events = list(AuditEvent.objects.order_by("sequence"))
    for event in events:
        assert event.hash == by_definition(
            sequence=event.sequence,
            occurred_at="2023-06-30T16:00:00.000000+00:00",
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            changes=event.changes,
            request_id=event.request_id,
            prev_hash=event.prev_hash,
        )
    report = audit_verify(chunk_size=3)
    assert report.ok and report.checked == 7 and report.head_hash == events[-1].hash


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "别人"),
        ("action", "test.other"),
        ("object_type", "cases.other"),
        ("object_id", "999"),
        ("request_id", "r-1"),
        ("changes", '{"k": [5, 7]}'),
    ],
)
def test_后面分块里任何一个字段被改_校验指出该事件(make_user, column, value):
    officer = make_user("officer")
    audit_records(action="test.bulk", items=[("cases.case", k, {"k": [k, k + 1]}) for k in range(9)], actor=officer)
    tamper(f"UPDATE core_auditevent SET {column} = %s WHERE sequence = 6", [value])  # noqa: S608 - test's own names
    report = audit_verify(chunk_size=2)
    assert not report.ok and report.broken_sequence == 6 and report.checked == 5


def _stored_time(moment: dt.datetime):
    """A timestamp as the database column takes it in raw SQL (SQLite: Django's naive UTC text)."""
    if connection.vendor == "postgresql":
        return moment
    return str(moment.astimezone(dt.UTC).replace(tzinfo=None))


def test_时间改动一微秒或换了操作人编号_校验指出该事件(make_user):
    officer, other = make_user("officer"), make_user("officer")
    audit_records(action="test.bulk", items=[("cases.case", k, {}) for k in range(6)], actor=officer)
    original = AuditEvent.objects.get(sequence=4).occurred_at
    tamper(
        "UPDATE core_auditevent SET occurred_at = %s WHERE sequence = 4",
        [_stored_time(original + dt.timedelta(microseconds=1))],
    )
    assert audit_verify(chunk_size=4).broken_sequence == 4
    tamper("UPDATE core_auditevent SET occurred_at = %s WHERE sequence = 4", [_stored_time(original)])
    assert audit_verify(chunk_size=4).ok
    tamper("UPDATE core_auditevent SET actor_id = %s WHERE sequence = 5", [other.pk])
    assert audit_verify(chunk_size=4).broken_sequence == 5


def test_末尾被删_分块校验报告剩下的链头():
    prev = GENESIS
    at = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    hashes = []
    for n in range(1, 6):
        prev = _append_by_hand(n, prev, at + dt.timedelta(minutes=n), {"n": n})
        hashes.append(prev)
    tamper("DELETE FROM core_auditevent WHERE sequence > 3")
    report = audit_verify(chunk_size=2)
    # the chain itself is intact; only the anchors can show the lost tail (test_anchors)
    assert report.ok and (report.checked, report.head_sequence, report.head_hash) == (3, 3, hashes[2])
