"""The password policy (issue 14 §11): length and classes, no dictionary core, no date, no reuse of the last 5, a
maximum age — each rule with passwords on both sides of it (written by hand)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.models import PasswordHistory
from fazhi.core.passwords import password_expired

pytestmark = pytest.mark.django_db


def codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    ["Tz8#mK2!vQ9p", "铁路-Sheep-47-Violet", "bluE harbour 7 kites", "Xq9!mZp2#wL7v"],
)
def test_符合策略的密码可以使用(password):
    assert codes(password) == set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Tz8#mK2!vQ9", "password.too_short"),  # 11 characters
        ("tz8mk2vq9pxr", "password.too_few_classes"),  # lower + digits only
        ("TZMKVQPXRLWN", "password.too_few_classes"),
        ("Woaini@20231!", "password.dictionary"),  # pinyin favourite + digits
        ("Qwerty!98765", "password.dictionary"),
        ("Password#2024", "password.dictionary"),
        ("Fazhi@Fazhi99", "password.dictionary"),  # the system's own name, twice
        ("Kt#19900305xy", "password.date"),  # a birthday
        ("Kt#1990-3-5xyQ", "password.date"),
        ("Kt#1990年3月5日Q", "password.date"),
        ("Mv!p12345Rqz", "password.sequence"),  # five in a row
        ("Mv!pRqzaaaa7", "password.sequence"),  # four alike
    ],
)
def test_不符合策略的密码被拒绝_给出代码(password, code):
    assert code in codes(password)


def test_不是日期的数字不算日期():
    assert "password.date" not in codes("Kt#19901305xyQ")  # month 13
    assert "password.date" not in codes("Kt#2023-02-30Q")  # 30 February


def test_不能与用户名相近(make_user):
    user = make_user("officer", username="zhangwei2023")
    assert "password_too_similar" in codes("Zhangwei2023!", user)


def test_不能重复使用最近5次的密码_第6次以前的可以(make_user):
    user = make_user("officer", username="rotator")
    passwords = [f"Tz8#mK2!vQ9p{c}" for c in "ABCDEF"]
    for p in passwords:
        user.set_password(p)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 6
    for recent in passwords[1:]:
        assert "password.reused" in codes(recent, user)
    assert "password.reused" not in codes(passwords[0], user)  # six changes ago


def test_设置密码记录时间_超过最长期限须修改(make_user):
    user = make_user("officer", username="ageing")
    user.set_password("Tz8#mK2!vQ9p")
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at is not None
    changed = user.password_changed_at
    assert not password_expired(user, max_age_days=90, now=changed + dt.timedelta(days=90))
    assert password_expired(user, max_age_days=90, now=changed + dt.timedelta(days=90, seconds=1))
    assert not password_expired(user, max_age_days=90, now=timezone.now())
    user.password_changed_at = None
    assert not password_expired(user, max_age_days=90)
