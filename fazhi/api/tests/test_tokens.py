"""API tokens expire and can be revoked (issue 14 §10/§11): an expired or revoked token, or one of a deactivated
account, is refused (401); the console command makes tokens with an expiry, lists and revokes them (audited)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core import accounts
from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/registry/departments"


def get(client, raw):
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_有效令牌可用_过期或吊销后拒绝(client, make_user):
    user = make_user("officer")
    token, raw = accounts.token_create(actor=user, user=user, name="同步", days=30)
    assert get(client, raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert get(client, raw).status_code == 401
    token2, raw2 = accounts.token_create(actor=user, user=user, name="同步2", days=30)
    accounts.token_revoke(actor=user, token=token2, reason="不再使用")
    assert get(client, raw2).status_code == 401
    assert AuditEvent.objects.filter(action="core.token_revoke").count() == 1


def test_没有有效期的旧令牌按创建时间计算(client, make_user, settings):
    user = make_user("officer")
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=user, name="旧", token_hash=ApiToken.hash_token(raw))
    assert get(client, raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.FAZHI_API_TOKEN_DAYS)
    )
    assert get(client, raw).status_code == 401


def test_停用账号时吊销其令牌(client, make_user):
    user = make_user("officer")
    _, raw = accounts.token_create(actor=user, user=user, name="同步", days=30)
    accounts.account_update(actor=make_user("security_admin"), user=user, is_active=False)
    assert get(client, raw).status_code == 401
    assert ApiToken.objects.get(user=user).revoked


def test_有效期与权限(make_user):
    user, other = make_user("officer"), make_user("officer")
    with pytest.raises(DomainError) as exc:
        accounts.token_create(actor=user, user=user, name="x", days=400)
    assert exc.value.code == "token.days"
    with pytest.raises(PermissionDenied):
        accounts.token_create(actor=user, user=other, name="x", days=1)
    token, _ = accounts.token_create(actor=make_user("security_admin"), user=other, name="代建", days=1)
    with pytest.raises(PermissionDenied):
        accounts.token_revoke(actor=user, token=token)


def test_命令行生成_列出_吊销令牌(client, make_user):
    make_user("officer", username="sync")
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "sync", "--name", "报表同步", "--days", "7", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.expires_at - timezone.now()).days in (6, 7) and "有效期至" in err.getvalue()
    assert get(client, raw).status_code == 200
    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert "报表同步" in listing.getvalue() and "有效" in listing.getvalue()
    call_command("token", "revoke", str(token.pk), "--reason", "测试", stdout=io.StringIO())
    assert get(client, raw).status_code == 401
    assert AuditEvent.objects.filter(action__in=["core.token_create", "core.token_revoke"]).count() == 2
