"""Login throttling that stops password spraying without letting anyone lock out the leader (issue 14 §11).

Three rules, each over the recorded attempts (``LoginAttempt``) since the last success or unlock that concerns it:

1. **Per address, over all accounts** (password spraying): from one address, ``ip_failures`` failures within
   ``ip_window`` block that address for ``ip_block`` — the whole office may sit behind one NAT address, so this
   limit is high; further attempts while blocked extend the block.
2. **Per account and address** (guessing one password): ``pair_failures`` failures block that account *from that
   address* with a backoff that doubles per further failure (``pair_backoff`` … ``pair_backoff_max``). An attacker
   elsewhere cannot lock the leader out of her own desk this way.
3. **Per account from unknown addresses** (a distributed attack on one account): ``account_failures`` failures
   within ``account_window`` from any addresses put the account under guard: it can then log in only from an
   address where it logged in successfully within ``known_days`` (her office PC keeps working), until the window
   passes or the 安全管理员 unlocks it.

Unlock path: the 安全管理员 clears an account or an address (``unlock``, audited); blocks also expire by time.
Thresholds are operational settings (``FAZHI_LOCKOUT``), not law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from fazhi.core.models import LoginAttempt

DEFAULTS: dict[str, Any] = {
    "ip_failures": 30,
    "ip_window_minutes": 15,
    "ip_block_minutes": 15,
    "pair_failures": 5,
    "pair_backoff_minutes": 1,
    "pair_backoff_max_minutes": 60,
    "pair_window_hours": 24,
    "account_failures": 20,
    "account_window_minutes": 60,
    "known_days": 90,
}


def config() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "FAZHI_LOCKOUT", {})}


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str = ""  # "ip" | "pair" | "account"
    until: dt.datetime | None = None

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        when = timezone.localtime(self.until).strftime("%H:%M") if self.until else ""
        if self.rule == "ip":
            return f"本机所在网络地址登录失败次数过多，已暂时禁止登录（{when} 后可再试）；如有疑问请联系安全管理员"
        if self.rule == "account":
            return "该账号近期在多处登录失败，暂时只能从常用地点登录；请在常用电脑上登录，或联系安全管理员解除"
        return f"用户名或密码连续输错，该账号在本机暂时不能登录（{when} 后可再试），或联系安全管理员解除锁定"


def _since_reset(qs, *, username: str | None = None, ip: str | None = None) -> dt.datetime | None:
    """The last success or unlock that resets this counter."""
    resets = Q(result=LoginAttempt.Result.UNLOCK)
    if username is not None and ip is not None:
        resets = resets | Q(result=LoginAttempt.Result.SUCCESS)
    return qs.filter(resets).aggregate(last=Max("at"))["last"]


def _failures(qs, since: dt.datetime | None, window_start: dt.datetime) -> Any:
    start = max(since, window_start) if since else window_start
    return qs.filter(result__in=LoginAttempt.FAILED, at__gt=start)


def decide(username: str | None, ip: str, *, now: dt.datetime | None = None) -> Decision:
    """May ``username`` try to log in from ``ip`` now? (Checked before the password is looked at.)"""
    now = now or timezone.now()
    c = config()
    name = normalise(username)
    # 1. the address, over all accounts
    if ip:
        by_ip = LoginAttempt.objects.filter(ip=ip)
        unlocked = by_ip.filter(result=LoginAttempt.Result.UNLOCK, username="").aggregate(last=Max("at"))["last"]
        window = now - dt.timedelta(minutes=c["ip_window_minutes"])
        failed = _failures(by_ip, unlocked, window)
        if failed.count() >= c["ip_failures"]:
            until = failed.aggregate(last=Max("at"))["last"] + dt.timedelta(minutes=c["ip_block_minutes"])
            if now < until:
                return Decision(False, "ip", until)
    if not name:
        return Decision(True)
    # 2. this account from this address: doubling backoff
    pair = LoginAttempt.objects.filter(username=name, ip=ip)
    reset = max(
        [t for t in (_since_reset(pair, username=name, ip=ip), _account_unlocked(name)) if t is not None],
        default=None,
    )
    window = now - dt.timedelta(hours=c["pair_window_hours"])
    failed = _failures(pair, reset, window)
    count = failed.count()
    if count >= c["pair_failures"]:
        last = failed.aggregate(last=Max("at"))["last"]
        minutes = min(c["pair_backoff_minutes"] * 2 ** (count - c["pair_failures"]), c["pair_backoff_max_minutes"])
        until = last + dt.timedelta(minutes=minutes)
        if now < until:
            return Decision(False, "pair", until)
    # 3. this account from anywhere: guard, unless the address is one the account is known to use
    account = LoginAttempt.objects.filter(username=name)
    window = now - dt.timedelta(minutes=c["account_window_minutes"])
    failed = _failures(account, _account_unlocked(name), window)
    if failed.count() >= c["account_failures"]:
        known_since = now - dt.timedelta(days=c["known_days"])
        known = ip and account.filter(ip=ip, result=LoginAttempt.Result.SUCCESS, at__gte=known_since).exists()
        if not known:
            last = failed.aggregate(last=Max("at"))["last"]
            return Decision(False, "account", last + dt.timedelta(minutes=c["account_window_minutes"]))
    return Decision(True)


def _account_unlocked(name: str) -> dt.datetime | None:
    return LoginAttempt.objects.filter(username=name, ip="", result=LoginAttempt.Result.UNLOCK).aggregate(
        last=Max("at")
    )["last"]


def record(*, username: str | None, ip: str, result: str, now: dt.datetime | None = None) -> LoginAttempt:
    return LoginAttempt.objects.create(at=now or timezone.now(), username=normalise(username), ip=ip, result=result)


def locked_accounts(*, now: dt.datetime | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Accounts and addresses currently refused (for the 安全管理员's screen)."""
    now = now or timezone.now()
    c = config()
    horizon = now - dt.timedelta(hours=c["pair_window_hours"])
    recent = (
        LoginAttempt.objects.filter(at__gte=horizon, result__in=LoginAttempt.FAILED)
        .values("username", "ip")
        .distinct()[: limit * 5]
    )
    out: list[dict[str, Any]] = []
    seen_ips: set[str] = set()
    for row in recent:
        decision = decide(row["username"], row["ip"], now=now)
        if not decision.allowed:
            key = row["ip"] if decision.rule == "ip" else None
            if key is not None and key in seen_ips:
                continue
            if key is not None:
                seen_ips.add(key)
            out.append({**row, "rule": decision.rule, "until": decision.until, "message": decision.message})
        if len(out) >= limit:
            break
    return out


def unlock(*, username: str = "", ip: str = "", now: dt.datetime | None = None) -> LoginAttempt:
    """Clear the counters of an account (all its addresses) or of an address (``username`` empty).

    The caller (the 安全管理员's service, ``fazhi.core.accounts.account_unlock``) checks permission and audits."""
    return LoginAttempt.objects.create(
        at=now or timezone.now(), username=normalise(username), ip=ip, result=LoginAttempt.Result.UNLOCK
    )
