import pytest
from django.db import connection

from fazhi.core import audit_guard
from fazhi.core.audit import audit_record, audit_verify, diff
from fazhi.core.context import acting_as
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events(user):
    with acting_as(user):
        for i in range(3):
            audit_record(action="test.write", target=("test", i), changes=diff({"a": i}, {"a": i + 1}))


def tamper(sql: str, params=()) -> None:
    """What a database administrator can do: lift the append-only guard (as table owner) and change rows."""
    with audit_guard.suspended(reason="测试篡改"), connection.cursor() as cur:
        cur.execute(sql, list(params))


def test_每个事件记录前一事件的哈希_链完整(make_user):
    _three_events(make_user("officer"))
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert events[0].changes == {"a": [0, 1]}
    report = audit_verify()
    assert report.ok and report.checked == 3
    assert (report.head_sequence, report.head_hash) == (3, events[2].hash)


def test_篡改已存储事件_校验指出断点(make_user):
    _three_events(make_user("officer"))
    tamper("UPDATE core_auditevent SET changes = %s WHERE sequence = 2", ['{"a": [1, 99]}'])
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 2


def test_删除中间事件_校验指出缺失序号(make_user):
    _three_events(make_user("officer"))
    tamper("DELETE FROM core_auditevent WHERE sequence = 2")
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 2


def test_删除最前面的事件_校验指出缺失(make_user):
    _three_events(make_user("officer"))
    tamper("DELETE FROM core_auditevent WHERE sequence = 1")
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 1


def test_校验报告锚点所在序号的哈希(make_user):
    _three_events(make_user("officer"))
    report = audit_verify(at=[2, 7])
    assert report.hashes_at == {2: AuditEvent.objects.get(sequence=2).hash}


def test_批量追加的事件与逐条追加的哈希同一算法_存储的变更原样读回(make_user):
    """``audit_records`` assembles the canonical JSON from parts: every stored event must hash as ``event_hash``
    recomputes it from the stored row (quotes, backslashes, line breaks, non-ASCII, nesting, dates, floats,
    Decimals, non-text keys, an object type met twice, no changes at all)."""
    import datetime as dt
    from decimal import Decimal

    from fazhi.core.audit import audit_records, event_hash

    user = make_user("officer")
    tricky = [
        ("registry.marketentity", 7, {"op": "create", "row": 2, "name": '某"公司"\\分店\n第二行', "office": None}),
        ("sampling.sample", "S-1", {"fields": {"status": ["", "合格"]}, "import": 3, 5: dt.date(2023, 12, 31)}),
        ("registry.marketentity", 8, {"amount": Decimal("12.50"), "ratio": 0.1, "flag": True, "list": [1, "二"]}),
        ("test.empty", 9, {}),
        ("test.odd\tid", "A\\B\tC\nD", {"text": "\\N"}),  # COPY's escapes and its NULL marker, as text
    ]
    with acting_as(user):
        assert audit_records(action="test.bulk", items=tricky) == 5
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.object_id for e in events] == ["7", "S-1", "8", "9", "A\\B\tC\nD"]
    assert (events[4].object_type, events[4].changes) == ("test.odd\tid", {"text": "\\N"})
    for event in events:
        assert event.hash == event_hash(event)
    assert events[0].changes["name"] == '某"公司"\\分店\n第二行'
    assert events[1].changes == {"fields": {"status": ["", "合格"]}, "import": 3, "5": "2023-12-31"}
    assert events[2].changes == {"amount": "12.50", "ratio": "0.1", "flag": True, "list": [1, "二"]}
    assert events[3].changes == {}
    assert audit_verify().ok


def test_分步追加_先哈希后写入_哈希按存储的行重算一致(make_user):
    """``AuditBatch`` (PostgreSQL: the events made while another COPY runs, written after): every stored event
    hashes as ``event_hash`` recomputes it from the stored row, each links to the one before, and the chain goes
    on from the events already there."""
    from django.db import transaction

    from fazhi.core.audit import AuditBatch, CanonicalJSON, event_hash

    if connection.vendor != "postgresql":
        pytest.skip("分步写入用于 PostgreSQL 的导入")
    user = make_user("officer")
    _three_events(user)
    items = [("registry.marketentity", 10 + i, CanonicalJSON(f'{{"op":"create","row":{i}}}')) for i in range(7)]
    items.append(("registry.marketentity", 3, {"op": "update", "fields": {"name": ["甲", "乙\\丙\t"]}}))
    with acting_as(user), transaction.atomic():
        batch = AuditBatch(action="test.steps", actor=user)
        made = batch.made(items)
        assert made.count == 8
        assert batch.write(made) == 8
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, 12))
    assert [e.object_id for e in events[3:]] == [*(str(10 + i) for i in range(7)), "3"]
    assert events[-1].changes == {"op": "update", "fields": {"name": ["甲", "乙\\丙\t"]}}
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash
    for event in events:
        assert event.hash == event_hash(event)
    assert audit_verify().ok


def test_空的批量追加_什么也不写(make_user):
    from fazhi.core.audit import audit_records

    assert audit_records(action="test.none", items=[]) == 0
    assert not AuditEvent.objects.exists()
