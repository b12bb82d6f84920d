"""``fazhi backup`` / ``fazhi restore`` round trip (issue 14 §14), on SQLite and on PostgreSQL (``.ci/run``).

Back up, change the data, restore: the data is what was backed up and ``fazhi audit verify`` passes (the chain is
intact and agrees with the anchor written before the backup). A damaged backup is refused.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditEvent
from fazhi.registry.models import Department


def _run(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def places(tmp_path, settings):
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    settings.FAZHI_BACKUP_DIR = str(tmp_path / "backups")
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_备份_改动_恢复_数据回到备份时_审计链校验通过(places):
    Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")
    for i in range(3):
        audit_record(action="test.write", target=("test", i), changes={"i": i})
    assert _run("audit", "anchor")[0] == 0
    code, out = _run("backup", "--json")
    assert code == 0
    saved = json.loads(out)
    assert saved["database"] == connection.vendor and len(saved["sha256"]) == 64
    assert saved["audit_head"]["sequence"] == AuditEvent.objects.order_by("-sequence").first().sequence - 1
    # After the backup: more work that the restore must take away.
    Department.objects.create(code="WX", name="万新市场监管所", kind="office")
    audit_record(action="test.write", target=("test", 99))
    code, out = _run("restore", saved["path"], "--yes", "--json")
    assert code == 0, out
    assert sorted(Department.objects.values_list("code", flat=True)) == ["ZGZ"]
    assert _run("audit", "verify")[0] == 0
    assert AuditEvent.objects.filter(action="system.restore").exists()


@pytest.mark.django_db(transaction=True)
def test_备份文件被改动_拒绝恢复(places):
    Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")
    code, out = _run("backup", "--json")
    path = json.loads(out)["path"]
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(path, "wb").write(bytes(data))
    code, out = _run("restore", path, "--yes", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "restore.checksum"
    assert Department.objects.filter(code="ZGZ").exists()


@pytest.mark.django_db(transaction=True)
def test_恢复需要确认(places):
    code, out = _run("restore", str(places / "none.sqlite3"), "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "restore.unconfirmed"
