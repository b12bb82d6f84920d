"""Anchors of the audit chain outside the database (issue 14 §5): truncation, emptying and rewriting after an
anchor are detected and located; a forged, changed, removed or reordered anchor line is detected; exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core import anchors, audit_check, audit_guard
from fazhi.core.audit import GENESIS, _canonical, audit_record, event_hash
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_file(tmp_path, settings):
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors" / "audit-anchors.jsonl")
    settings.FAZHI_AUDIT_ANCHOR_KEY = "test-key-不在数据库里"
    settings.FAZHI_AUDIT_ANCHOR_OLD_KEYS = []
    return tmp_path / "anchors" / "audit-anchors.jsonl"


def events(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        audit_record(action="test.write", target=("test", i), changes={"i": i})


def tamper(sql: str, params=()) -> None:
    with audit_guard.suspended(reason="测试篡改"), connection.cursor() as cur:
        cur.execute(sql, list(params))


def rewrite_from(sequence: int) -> None:
    """A database administrator rewrites every event from ``sequence`` on and recomputes the whole chain after it,
    so that the chain alone still verifies."""
    with audit_guard.suspended(reason="测试改写"):
        prev = AuditEvent.objects.get(sequence=sequence - 1).hash if sequence > 1 else GENESIS
        for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
            event.changes = {"rewritten": True}
            event.prev_hash = prev
            event.hash = event_hash(event)
            AuditEvent.objects.filter(pk=event.pk).update(changes=event.changes, prev_hash=prev, hash=event.hash)
            prev = event.hash


def test_锚点写入链头_签名_追加一行(anchor_file):
    events(3)
    first = audit_check.anchor()
    events(2, start=3)
    second = audit_check.anchor()
    lines = anchor_file.read_text().splitlines()
    assert len(lines) == 2
    data = json.loads(lines[1])
    head = AuditEvent.objects.get(sequence=5)
    assert (data["sequence"], data["hash"], data["events"]) == (5, head.hash, 5)
    assert data["prev_mac"] == first.mac and second.line == 2
    assert len(data["mac"]) == 64 and data["key_id"] == anchors.key_id("test-key-不在数据库里".encode())


def test_完整的链与锚点一致_退出码0():
    events(3)
    audit_check.anchor()
    events(2, start=3)
    audit_check.anchor()
    result = audit_check.verify()
    assert result.exit_code == 0 and result.anchors_checked == 2 and result.events_checked == 5
    assert AuditVerification.objects.get().exit_code == 0


def test_尚无锚点_退出码4():
    events(2)
    assert audit_check.verify().exit_code == audit_check.NO_ANCHOR


def test_截断锚点之后的事件_被发现并定位():
    events(5)
    audit_check.anchor()
    tamper("DELETE FROM core_auditevent WHERE sequence >= 4")
    assert audit_check.audit_verify().ok  # the chain alone cannot tell
    result = audit_check.verify()
    assert result.exit_code == audit_check.ANCHOR_MISMATCH
    assert (result.after_sequence, result.up_to_sequence) == (3, 5)
    assert "第 4 号起的事件被删除" in result.message


def test_清空审计表_被发现():
    events(4)
    audit_check.anchor()
    tamper("DELETE FROM core_auditevent")
    result = audit_check.verify()
    assert result.exit_code == audit_check.ANCHOR_MISMATCH and result.up_to_sequence == 4


def test_从第N号起改写并重算哈希_被发现并定位在两个锚点之间():
    events(3)
    audit_check.anchor()  # at 3
    events(3, start=3)
    audit_check.anchor()  # at 6
    events(3, start=6)
    audit_check.anchor()  # at 9
    rewrite_from(5)
    assert audit_check.audit_verify().ok  # internally consistent again
    result = audit_check.verify()
    assert result.exit_code == audit_check.ANCHOR_MISMATCH
    assert (result.after_sequence, result.up_to_sequence) == (3, 6)


def test_链内部断开优先报告_退出码1():
    events(3)
    audit_check.anchor()
    tamper("UPDATE core_auditevent SET action = 'forged' WHERE sequence = 2")
    result = audit_check.verify()
    assert result.exit_code == audit_check.CHAIN_BROKEN and result.broken_sequence == 2


@pytest.mark.parametrize("damage", ["change", "remove_first", "swap", "garbage"])
def test_锚点文件被改动_删行_调换_退出码3(anchor_file, damage):
    events(2)
    audit_check.anchor()
    events(1, start=2)
    audit_check.anchor()
    events(1, start=3)
    audit_check.anchor()
    lines = anchor_file.read_text().splitlines()
    if damage == "change":
        data = json.loads(lines[1])
        data["events"] = 99
        lines[1] = json.dumps(data)
    elif damage == "remove_first":
        lines = lines[1:]
    elif damage == "swap":
        lines[1], lines[2] = lines[2], lines[1]
    else:
        lines.append("not json")
    anchor_file.write_text("\n".join(lines) + "\n")
    result = audit_check.verify()
    assert result.exit_code == audit_check.ANCHOR_FILE_DAMAGED, result.message


def test_用别的密钥伪造的锚点_退出码3(anchor_file, settings):
    events(2)
    audit_check.anchor()
    settings.FAZHI_AUDIT_ANCHOR_KEY = "attacker-key"
    with pytest.raises(DomainError) as exc:
        audit_check.anchor()  # the file no longer verifies under this key: refuse to append
    assert exc.value.code == "audit.anchor_file_damaged"
    assert audit_check.verify().exit_code == audit_check.ANCHOR_FILE_DAMAGED


def test_轮换密钥_旧密钥签名的行仍可核对(settings):
    events(2)
    audit_check.anchor()
    settings.FAZHI_AUDIT_ANCHOR_OLD_KEYS = [settings.FAZHI_AUDIT_ANCHOR_KEY]
    settings.FAZHI_AUDIT_ANCHOR_KEY = "new-key"
    events(1, start=2)
    audit_check.anchor()
    assert audit_check.verify().exit_code == 0


def test_上一个锚点已不在链中_拒绝写入新锚点():
    events(4)
    audit_check.anchor()
    tamper("DELETE FROM core_auditevent WHERE sequence >= 3")
    with pytest.raises(DomainError) as exc:
        audit_check.anchor()
    assert exc.value.code == "audit.anchor_mismatch"


def test_保护被拆除_退出码5():
    events(2)
    audit_check.anchor()
    audit_guard._drop(connection)
    assert audit_check.verify().exit_code == audit_check.GUARD_MISSING
    audit_guard.install(connection)


def test_未配置密钥_不能写锚点(settings):
    settings.FAZHI_AUDIT_ANCHOR_KEY = ""
    with pytest.raises(DomainError) as exc:
        audit_check.anchor()
    assert exc.value.code == "audit.anchor_key_missing"


def test_命令行_退出码与JSON(capsys):
    events(2)
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == audit_check.NO_ANCHOR
    call_command("audit", "anchor", "--json")
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["sequence"] == 2
    call_command("audit", "verify", "--json")
    assert json.loads(capsys.readouterr().out)["exit_code"] == 0
    tamper("DELETE FROM core_auditevent WHERE sequence = 2")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == audit_check.ANCHOR_MISMATCH
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "anchor")
    assert exc.value.code == audit_check.ANCHOR_MISMATCH


def test_锚点行的签名只覆盖声明的字段():
    # The signed payload is canonical JSON of the documented fields (docs/formats/audit-anchors.md).
    anchor = anchors.Anchor(1, "a" * 64, 1, "2026-12-06T00:00:00.000000+00:00", "k", anchors.GENESIS_MAC, "")
    body = json.loads(anchor.signed_payload())
    assert set(body) == {"format", "sequence", "hash", "events", "anchored_at", "key_id", "prev_mac"}
    assert _canonical(body) == anchor.signed_payload()
