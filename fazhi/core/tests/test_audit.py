import pytest
from django.db import connection

from fazhi.core.audit import audit_record, audit_verify, diff
from fazhi.core.context import acting_as
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events(user):
    with acting_as(user):
        for i in range(3):
            audit_record(action="test.write", target=("test", i), changes=diff({"a": i}, {"a": i + 1}))


def test_每个事件记录前一事件的哈希_链完整(make_user):
    _three_events(make_user("officer"))
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert events[0].changes == {"a": [0, 1]}
    report = audit_verify()
    assert report.ok and report.checked == 3


def test_篡改已存储事件_校验指出断点(make_user):
    _three_events(make_user("officer"))
    with connection.cursor() as cur:  # bypass the application, as an attacker with database access would
        cur.execute("UPDATE core_auditevent SET changes = %s WHERE sequence = 2", ['{"a": [1, 99]}'])
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 2


def test_删除中间事件_校验指出缺失序号(make_user):
    _three_events(make_user("officer"))
    AuditEvent.objects.filter(sequence=2).delete()
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 2


def test_命令行_audit_verify_断链时退出码为1(make_user):
    from django.core.management import call_command

    _three_events(make_user("officer"))
    call_command("audit", "verify")
    AuditEvent.objects.filter(sequence=3).update(action="forged")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1


def test_批量追加_每条记录一个事件_链仍然完整(make_user):
    from fazhi.core.audit import audit_records

    user = make_user("section_chief")
    with acting_as(user):
        audit_record(action="test.before", target=("test", 0))
        written = audit_records(
            action="test.bulk", items=[("test", i, {"row": i, "name": ["旧", "新"]}) for i in range(1, 501)]
        )
        audit_record(action="test.after", target=("test", 999))
    assert written == 500
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, 503))
    bulk_events = [e for e in events if e.action == "test.bulk"]
    assert len(bulk_events) == 500 and {e.actor_id for e in bulk_events} == {user.pk}
    assert bulk_events[10].object_id == "11" and bulk_events[10].changes == {"row": 11, "name": ["旧", "新"]}
    report = audit_verify()
    assert report.ok and report.checked == 502


def test_批量追加_篡改其中一条_校验指出断点(make_user):
    from fazhi.core.audit import audit_records

    audit_records(action="test.bulk", items=[("test", i, {"i": i}) for i in range(5)], actor=make_user("admin"))
    AuditEvent.objects.filter(sequence=3).update(object_id="forged")
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 3


def test_批量追加_空列表不写事件():
    from fazhi.core.audit import audit_records

    assert audit_records(action="test.bulk", items=[]) == 0
    assert not AuditEvent.objects.exists()
