"""Login throttling (issue 14 §11): password spraying across accounts from one address stops; guessing one
account's password backs off; an attacker cannot lock the leader out of her own desk; the 安全管理员 unlocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import accounts, lockout
from fazhi.core.models import LoginAttempt

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def fail(username, ip, n=1, *, at=None):
    for i in range(n):
        lockout.record(
            username=username, ip=ip, result=LoginAttempt.Result.FAILURE, now=(at or NOW) + dt.timedelta(seconds=i)
        )


def test_同一地址对多个账号喷洒密码_地址被暂停(settings):
    for i in range(29):
        fail(f"user{i}", "10.6.6.6")
    assert lockout.decide("anyone", "10.6.6.6", now=NOW + dt.timedelta(minutes=1)).allowed
    fail("user29", "10.6.6.6")
    decision = lockout.decide("leader", "10.6.6.6", now=NOW + dt.timedelta(minutes=1))
    assert not decision.allowed and decision.rule == "ip" and "网络地址" in decision.message
    assert lockout.decide("leader", "10.1.1.1", now=NOW + dt.timedelta(minutes=1)).allowed  # other addresses unaffected
    assert lockout.decide("anyone", "10.6.6.6", now=NOW + dt.timedelta(minutes=17)).allowed  # block expires


def test_同一账号同一地址连续输错_退避时间逐次加倍():
    fail("zhang", "10.0.0.9", 4)
    assert lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=10)).allowed
    fail("zhang", "10.0.0.9", 1, at=NOW + dt.timedelta(seconds=4))  # 5th failure: 1 minute
    five = lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=30))
    assert not five.allowed and five.rule == "pair"
    assert lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=70)).allowed
    fail("zhang", "10.0.0.9", 1, at=NOW + dt.timedelta(seconds=70))  # 6th: 2 minutes
    assert not lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=70 + 110)).allowed
    assert lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=70 + 125)).allowed
    assert lockout.decide("zhang", "10.0.0.10", now=NOW + dt.timedelta(seconds=80)).allowed  # her other desk


def test_攻击者从别处反复输错_局领导仍能从常用电脑登录():
    lockout.record(username="leader", ip="10.0.0.1", result=LoginAttempt.Result.SUCCESS, now=NOW - dt.timedelta(days=3))
    for k in range(25):  # a distributed attack: many addresses, few tries each
        fail("leader", f"172.16.0.{k}", 1, at=NOW + dt.timedelta(seconds=k))
    later = NOW + dt.timedelta(minutes=2)
    assert lockout.decide("leader", "10.0.0.1", now=later).allowed  # her office PC
    stranger = lockout.decide("leader", "172.16.9.9", now=later)
    assert not stranger.allowed and stranger.rule == "account"


def test_成功登录清零该地址的计数():
    fail("zhang", "10.0.0.9", 4)
    lockout.record(
        username="zhang", ip="10.0.0.9", result=LoginAttempt.Result.SUCCESS, now=NOW + dt.timedelta(seconds=5)
    )
    fail("zhang", "10.0.0.9", 4, at=NOW + dt.timedelta(seconds=6))
    assert lockout.decide("zhang", "10.0.0.9", now=NOW + dt.timedelta(seconds=20)).allowed


def test_安全管理员解除账号和地址的锁定_记入审计(make_user):
    from fazhi.core.models import AuditEvent

    fail("zhang", "10.0.0.9", 8)
    for i in range(30):
        fail(f"u{i}", "10.6.6.6")
    secadmin = make_user("security_admin")
    accounts.account_unlock(actor=secadmin, username="zhang")
    accounts.account_unlock(actor=secadmin, ip="10.6.6.6")
    later = timezone.now() + dt.timedelta(seconds=1)
    assert lockout.decide("zhang", "10.0.0.9", now=later).allowed
    assert lockout.decide("x", "10.6.6.6", now=later).allowed
    assert AuditEvent.objects.filter(action="core.account_unlock").count() == 2
    from fazhi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        accounts.account_unlock(actor=make_user("leader"), username="zhang")


def test_登录页_锁定后给出中文说明_不再核对密码(client, make_user):
    user = make_user("officer", username="zhang")
    for _ in range(5):
        client.post("/login/", {"username": "zhang", "password": "wrong"}, REMOTE_ADDR="10.2.2.2")
    response = client.post("/login/", {"username": "zhang", "password": "pw-secret-123"}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 200 and "暂时不能登录" in response.content.decode()
    assert LoginAttempt.objects.filter(result="refused").count() == 1
    other = client.post("/login/", {"username": "zhang", "password": "pw-secret-123"}, REMOTE_ADDR="10.2.2.3")
    assert other.status_code == 302  # the same account from another desk
    assert user.pk
