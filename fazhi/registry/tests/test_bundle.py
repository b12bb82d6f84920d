"""Export → import into an empty database → export gives byte-identical files; the audit chain still verifies."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core import audit_guard
from fazhi.core.audit import audit_verify
from fazhi.core.bundle import RECORD_TYPES, BundleError, import_bundle
from fazhi.core.context import acting_as
from fazhi.core.models import ApiToken, AuditEvent, Notification
from fazhi.registry import services
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db


def _populate(make_user, department):
    admin = make_user("admin")
    parent = services.department_create(actor=admin, code="FG", name="法制科", kind="section")
    services.department_update(actor=admin, department=department, parent=parent)
    officer = services.officer_create(
        actor=admin,
        name="张三",
        certificate_number="12011000001",
        certificate_expires_on=dt.date(2027, 6, 30),
        department=department,
        domains=["食品", "价格"],
    )
    entity = services.entity_create(
        actor=admin,
        uscc=make_uscc("120110", "91", "MA05K1B3"),
        name="天津某公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=department,
        business_scope="一般项目：技术服务“引号”\n换行",
    )
    services.entity_update(actor=admin, entity=entity, domicile="东丽区 1 号", risk_class="B")
    services.annual_report_file(entity=entity, year=2023, filed_on=dt.date(2024, 3, 1), channel="online", actor=admin)
    ApiToken.objects.create(user=admin, name="测试", token_hash=ApiToken.hash_token("x"))
    Notification.objects.create(user=admin, kind="test", dedupe_key="k", title="提醒", body="正文")
    return admin, officer


def _wipe():
    # The audit table refuses DELETE (append-only): lift that for this test's wipe, as a database owner could.
    with audit_guard.suspended(reason="测试清空"), connection.cursor() as cur:
        for rt in reversed(RECORD_TYPES):
            cur.execute(f"DELETE FROM {connection.ops.quote_name(rt.model._meta.db_table)}")  # noqa: S608


def test_导出_导入空库_再导出_文件逐字节相同_审计链仍完整(tmp_path, make_user, department):
    _populate(make_user, department)
    first, second = tmp_path / "a", tmp_path / "b"
    call_command("export", str(first), stdout=io.StringIO(), stderr=io.StringIO())
    manifest = json.loads((first / "manifest.json").read_text("utf-8"))
    assert manifest["schema_version"] == 1
    assert manifest["counts"]["registry.marketentity"] == 1
    # the export itself is audited after the bundle was written: one event more in the database than in the bundle
    assert manifest["counts"]["core.auditevent"] == AuditEvent.objects.count() - 1 >= 6
    _wipe()
    assert not AuditEvent.objects.exists() and not MarketEntity.objects.exists()
    call_command("import-bundle", str(first), stdout=io.StringIO(), stderr=io.StringIO())
    assert audit_verify().ok
    call_command("export", str(second), stdout=io.StringIO(), stderr=io.StringIO())
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # New writes continue the chain and get fresh ids after the imported ones.
    with acting_as(None, label="测试"):
        services.department_create(actor=None, code="NEW", name="新部门", kind="section")
    assert audit_verify().ok


def test_导入到非空数据库_拒绝(tmp_path, make_user, department):
    _populate(make_user, department)
    call_command("export", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(BundleError) as err:
        import_bundle(tmp_path)
    assert err.value.code == "bundle.not_empty"


def test_被改动的数据包_校验和不符_拒绝(tmp_path, make_user, department):
    _populate(make_user, department)
    call_command("export", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    path = tmp_path / "registry.marketentity.jsonl"
    path.write_text(path.read_text("utf-8").replace("天津某公司", "天津另一公司"), "utf-8")
    _wipe()
    with pytest.raises(BundleError) as err:
        import_bundle(tmp_path)
    assert err.value.code == "bundle.checksum"


def test_没有清单_不是数据包(tmp_path):
    with pytest.raises(BundleError) as err:
        import_bundle(tmp_path)
    assert err.value.code == "bundle.no_manifest"


def test_清单损坏_报编码错误(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", "utf-8")
    with pytest.raises(BundleError) as err:
        import_bundle(tmp_path)
    assert err.value.code == "bundle.bad_manifest"
