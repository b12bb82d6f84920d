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
    settings.MEDIA_ROOT = str(tmp_path / "media")
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


@pytest.mark.django_db(transaction=True)
def test_上传文件随备份归档_恢复后回到备份时(places):
    media = places / "media"
    (media / "cases/evidence/2023").mkdir(parents=True)
    (media / "cases/evidence/2023/a1.pdf").write_bytes(b"%PDF-1.4 evidence")
    code, out = _run("backup", "--json")
    saved = json.loads(out)
    assert code == 0 and saved["files"]["count"] == 1 and len(saved["files"]["sha256"]) == 64
    # after the backup: one file lost, one added
    (media / "cases/evidence/2023/a1.pdf").unlink()
    (media / "later.jpg").write_bytes(b"\xff\xd8\xff")
    code, out = _run("restore", saved["path"], "--yes", "--json")
    assert code == 0, out
    assert (media / "cases/evidence/2023/a1.pdf").read_bytes() == b"%PDF-1.4 evidence"
    assert not (media / "later.jpg").exists()


@pytest.mark.django_db(transaction=True)
def test_上传文件归档被改动或含越界路径_拒绝恢复且不动数据库与文件(places):
    import tarfile

    media = places / "media"
    media.mkdir()
    (media / "a.pdf").write_bytes(b"%PDF-1.4 x")
    Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")
    code, out = _run("backup", "--json")
    saved = json.loads(out)
    archive = places / "backups" / saved["files"]["file"]
    data = bytearray(archive.read_bytes())
    data[512] ^= 0xFF  # the first byte of the file's content
    archive.write_bytes(bytes(data))
    Department.objects.create(code="WX", name="万新市场监管所", kind="office")
    code, out = _run("restore", saved["path"], "--yes", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "restore.files_checksum"
    # an archive that tries to write outside MEDIA_ROOT, with a manifest that matches it
    evil = places / "evil.txt"
    evil.write_bytes(b"x")
    with tarfile.open(archive, "w") as tar:
        tar.add(evil, arcname="../../outside.txt")
    manifest_path = places / "backups" / (saved["file"] + ".json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    from fazhi.core.backup import _sha256

    manifest["files"]["sha256"] = _sha256(archive)
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    code, out = _run("restore", saved["path"], "--yes", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "restore.files_corrupt"
    assert not (places / "outside.txt").exists() and not (places.parent / "outside.txt").exists()
    assert (media / "a.pdf").read_bytes() == b"%PDF-1.4 x"
    assert Department.objects.filter(code="WX").exists()  # the database was not replaced
