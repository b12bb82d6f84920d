"""The password policy of a level-3 system (等保 2.0: 身份鉴别信息具有复杂度要求并定期更换; issue 14 §11).

Django password validators (configured in ``AUTH_PASSWORD_VALIDATORS``), so that every place a password is set —
the own-password page, the 安全管理员's reset, ``fazhi changepassword``, the Django admin — applies the same rules:

- ``LengthAndClassesValidator``: at least 12 characters from at least three of: upper-case letters, lower-case
  letters, digits, other characters;
- ``DictionaryValidator``: no common word, keyboard run or Chinese-pinyin favourite as the password's core (what is
  left after digits and symbols are stripped), e.g. ``Woaini@2023!`` or ``Qwerty123456!``;
- ``DateValidator``: no date (1900-01-01 … 2099-12-31, with or without separators: ``19900101``, ``1990-1-1``,
  ``1990年1月1日``) — birthdays and anniversaries are the first guesses;
- ``HistoryValidator``: not one of the last ``keep`` passwords; it also records each new password's hash and the
  time it was set (``User.password_changed_at``), from which the maximum age (``FAZHI_PASSWORD_MAX_AGE_DAYS``)
  forces a change at the next login (``fazhi.core.middleware.SessionPolicyMiddleware``).

Django's own ``UserAttributeSimilarityValidator`` and ``CommonPasswordValidator`` run beside these. Error codes are
stable (``password.*``); messages are Chinese and say what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
)
# Words attackers try first (beside Django's 20,000 common passwords): English favourites, keyboard runs, and the
# pinyin and number favourites of Chinese users; plus this system's own words.
WORDS = frozenset(
    """
    password passw0rd admin administrator root welcome letmein monkey dragon master shadow sunshine princess football
    baseball superman batman trustno iloveyou abc abcd abcde abcdef qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv
    zxcvbn zxcvbnm qazwsx qweasd qwe asd zxc aaa aaaa test tester guest user login changeme default secret
    woaini woaini woaiwojia aini wangyi zhangsan lisi wangwu nihao hello huawei xiaomi tianjin dongli beijing
    shanghai zhongguo china fazhi shijian shichang jianguan shichangjianguan zhifa
    """.split()
)
SEQUENCES = (
    "01234567890",
    "09876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "qwertyuiop",
    "poiuytrewq",
    "asdfghjkl",
    "lkjhgfdsa",
    "zxcvbnm",
    "mnbvcxz",
)
DATES = (
    # 19900305: eight digits, month and day with two digits each
    re.compile(r"(19\d\d|20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"),
    # 1990-3-5, 1990.03.05, 1990年3月5日
    re.compile(r"(19\d\d|20\d\d)[-./年_ ](1[0-2]|0?[1-9])[-./月_ ](3[01]|[12]\d|0?[1-9])"),
)


class LengthAndClassesValidator:
    def __init__(self, min_length: int = 12, min_classes: int = 3) -> None:
        self.min_length, self.min_classes = min_length, min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码至少 {self.min_length} 位（现在 {len(password)} 位）", code="password.too_short"
            )
        present = [name for name, pattern in CLASSES if pattern.search(password)]
        if len(present) < self.min_classes:
            missing = "、".join(name for name, _ in CLASSES if name not in present)
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类；可加入：{missing}",
                code="password.too_few_classes",
            )

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


def core_of(password: str) -> str:
    """The letters of a password, lower-cased (what remains when digits and symbols are stripped)."""
    return re.sub(r"[^a-z]", "", password.lower())


class DictionaryValidator:
    def validate(self, password: str, user: Any = None) -> None:
        core = core_of(password)
        if not core or core in WORDS or (len(core) <= 12 and any(core == w * 2 for w in WORDS)):
            raise ValidationError(
                "密码的主体是常见单词、键盘序列或常用拼音（如 woaini、qwerty），加上数字和符号也容易被猜中；"
                "请换用不相关的词组合",
                code="password.dictionary",
            )
        lowered = password.lower()
        runs = any(seq[i : i + 5] in lowered for seq in SEQUENCES for i in range(len(seq) - 4))
        if runs or re.search(r"(.)\1{3,}", lowered):
            raise ValidationError(
                "密码包含 5 位以上的连续序列（如 12345、abcde、qwert）或 4 个以上相同字符，请换一个",
                code="password.sequence",
            )

    def get_help_text(self) -> str:
        return "不能以常见单词、键盘序列或常用拼音为主体。"


class DateValidator:
    def validate(self, password: str, user: Any = None) -> None:
        for match in (m for pattern in DATES for m in pattern.finditer(password)):
            try:
                dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
            raise ValidationError("密码不能包含日期（如生日、纪念日），请去掉其中的日期", code="password.date")

    def get_help_text(self) -> str:
        return "不能包含日期（如生日）。"


class HistoryValidator:
    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from fazhi.core.models import PasswordHistory

        recent = [user.password] if user.password else []
        recent += list(
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("password", flat=True)[: self.keep]
        )
        hashes = list(dict.fromkeys(recent))[: self.keep]  # the current one (recorded or not) and the ones before
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(f"不能使用最近 {self.keep} 次用过的密码", code="password.reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        """Record the new password's hash and when it was set (the maximum age counts from here)."""
        if user is None or getattr(user, "pk", None) is None:
            return
        from fazhi.core.models import PasswordHistory, User

        now = timezone.now()
        PasswordHistory.objects.create(user_id=user.pk, password=user.password, created_at=now)
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self) -> str:
        return f"不能与最近 {self.keep} 次的密码相同。"


def password_expired(user: Any, *, max_age_days: int, now: dt.datetime | None = None) -> bool:
    """True when the password is older than the maximum age (accounts without a recorded date are not forced here;
    the 安全管理员 can force a change with ``must_change_password``)."""
    changed = getattr(user, "password_changed_at", None)
    if changed is None or max_age_days <= 0:
        return False
    return (now or timezone.now()) - changed > dt.timedelta(days=max_age_days)
