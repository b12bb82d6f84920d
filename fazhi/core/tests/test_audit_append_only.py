"""The database itself refuses UPDATE, DELETE (and TRUNCATE) on the audit table (issue 14 §5), on SQLite and on
PostgreSQL; the guard comes back after every migrate; only flush and the demo reset lift it, never in production."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from fazhi.core import audit_guard
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_user):
    return audit_record(action="test.write", target=("test", 1), changes={"a": 1}, actor=make_user("officer"))


def _refused(callable_):
    with pytest.raises(DatabaseError) as exc, transaction.atomic():
        callable_()
    assert "append-only" in str(exc.value)


def test_数据库拒绝修改审计事件_ORM(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="forged"))
    assert AuditEvent.objects.get(pk=event.pk).action == "test.write"


def test_数据库拒绝删除审计事件_ORM(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    _refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.count() == 1


def test_数据库拒绝修改和删除_直接SQL(event):
    def sql(statement):
        with connection.cursor() as cur:
            cur.execute(statement)

    _refused(lambda: sql("UPDATE core_auditevent SET actor_label = 'x'"))
    _refused(lambda: sql("DELETE FROM core_auditevent"))
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no pending deferred-FK check of this transaction
        _refused(lambda: sql("TRUNCATE core_auditevent"))
    assert AuditEvent.objects.count() == 1


def test_追加新事件不受影响(event):
    audit_record(action="test.write", target=("test", 2), changes={})
    assert AuditEvent.objects.count() == 2


def test_保护在迁移后重新安装(event):
    audit_guard._drop(connection)
    assert not audit_guard.installed(connection)
    audit_guard.install_after_migrate(sender=None, using="default")
    assert audit_guard.installed(connection)
    _refused(lambda: AuditEvent.objects.all().delete())


def test_系统检查报告缺失的保护(event):
    from fazhi.core.checks import audit_guard as check

    assert check(None, databases=["default"]) == []
    audit_guard._drop(connection)
    assert [e.id for e in check(None, databases=["default"])] == ["fazhi.E010"]
    audit_guard.install(connection)


def test_暂停保护只在一个事务内_结束后恢复(event):
    with audit_guard.suspended(reason="测试"):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    assert audit_guard.installed(connection)
    _refused(lambda: AuditEvent.objects.all().delete())


def test_生产环境不能暂停保护_flush被拒绝(event, settings):
    settings.PRODUCTION = True
    with pytest.raises(DomainError) as exc, audit_guard.suspended(reason="测试"):
        pass
    assert exc.value.code == "audit.erase_refused"
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1


def test_应用角色授权语句不含审计表的修改删除权限():
    statements = audit_guard.grant_statements("fazhi_app")
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON core_auditevent FROM "fazhi_app";' in statements
    assert not any("GRANT" in s and "core_auditevent" in s for s in statements)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL 权限测试")
def test_PostgreSQL_应用角色没有修改删除审计表的权限(event):
    """The application role of a production deployment: even with the triggers dropped by the owner, the role
    itself has no UPDATE/DELETE/TRUNCATE privilege on the audit table and cannot disable triggers."""
    with connection.cursor() as cur:
        cur.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cur.fetchone()[0]:
            pytest.skip("测试数据库用户不能创建角色（CREATEROLE）")
        cur.execute("DROP ROLE IF EXISTS fazhi_app_test")
        cur.execute("CREATE ROLE fazhi_app_test NOLOGIN")
        for statement in audit_guard.grant_statements("fazhi_app_test"):
            cur.execute(statement)
        cur.execute("GRANT fazhi_app_test TO current_user")
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET LOCAL ROLE fazhi_app_test")
        cur.execute("SELECT count(*) FROM core_auditevent")
        assert cur.fetchone()[0] == 1
    for statement in (
        "UPDATE core_auditevent SET action = 'forged'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
        f"ALTER TABLE core_auditevent DISABLE TRIGGER {audit_guard.PG_ROW_TRIGGER}",
    ):
        with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement)
        assert "permission denied" in str(exc.value) or "must be owner" in str(exc.value), statement
    with connection.cursor() as cur:
        cur.execute("RESET ROLE")
