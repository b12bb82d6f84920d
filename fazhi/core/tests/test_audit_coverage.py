"""Logins (success and failure), logouts, exports, password changes and every request of the emergency superuser
are audit events in the chain (issue 14 §5). Each test would fail if the event went missing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_登录成功与退出记入审计链(client, make_user):
    user = make_user("officer", username="zhang")
    response = client.post("/login/", {"username": "zhang", "password": "pw-secret-123"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    login = AuditEvent.objects.get(action="core.login")
    assert login.actor_id == user.pk and login.object_id == str(user.pk) and login.changes["ip"] == "10.1.2.3"
    client.post("/logout/")
    assert actions()[-1] == "core.logout"


def test_登录失败记入审计链_不记录密码(client, make_user):
    user = make_user("officer", username="zhang")
    client.post("/login/", {"username": "zhang", "password": "wrong-password"}, REMOTE_ADDR="10.9.9.9")
    client.post("/login/", {"username": "nobody", "password": "wrong-password"}, REMOTE_ADDR="10.9.9.9")
    failures = list(AuditEvent.objects.filter(action="core.login_failed").order_by("sequence"))
    assert [f.object_id for f in failures] == [str(user.pk), "?nobody"]
    assert failures[0].actor_id is None and failures[0].changes["ip"] == "10.9.9.9"
    assert "wrong-password" not in str([f.changes for f in failures])


def test_超级用户的每个请求都记入审计链(client, make_user):
    root = make_user("admin", username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    event = AuditEvent.objects.filter(action="core.superuser_request").latest("sequence")
    assert event.actor_id == root.pk and event.changes["path"] == "/admin/" and event.changes["status"] == 200


def test_超级用户在管理后台设置他人密码_记入审计链(client, make_user):
    root = make_user("admin", username="root", is_superuser=True, is_staff=True)
    leader = make_user("leader", username="wang")
    client.force_login(root)
    url = f"/admin/core/user/{leader.pk}/password/"
    response = client.post(url, {"password1": "Xq9!mZp2#wL7v", "password2": "Xq9!mZp2#wL7v", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[-500:]
    event = AuditEvent.objects.get(action="core.password_set")
    assert event.actor_id == root.pk and event.object_id == str(leader.pk)


def test_非超级用户进不了管理后台(client, make_user):
    for role in ("admin", "security_admin", "audit_admin", "leader"):
        client.force_login(make_user(role, is_staff=True))
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role


def test_导出数据包记入审计链(tmp_path, make_user):
    make_user("officer")
    call_command("export", str(tmp_path / "bundle"), stdout=io.StringIO(), stderr=io.StringIO())
    event = AuditEvent.objects.get(action="core.bundle_export")
    assert event.actor_id is None and "fazhi export" in event.actor_label
    assert event.changes["records"] >= 1
