"""The second factor: time-based one-time passwords (TOTP, RFC 6238) with django-otp (issue 14 §11).

Optional for everyone; required, when ``FAZHI_ENV=production``, for the roles in ``FAZHI_OTP_REQUIRED_ROLES`` (leaders,
legal reviewers, the three administrators). A user enrols by scanning a QR code into an authenticator app and
confirming one code; from then on every login asks for a code (``SessionPolicyMiddleware``). Losing the phone: the
安全管理员 resets the enrolment (audited). django-otp throttles wrong codes per device.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError

DEVICE_NAME = "手机验证器"


def otp_required(user: Any) -> bool:
    return getattr(user, "role", None) in set(settings.FAZHI_OTP_REQUIRED_ROLES)


def user_has_device(user: Any) -> bool:
    cached = getattr(user, "_fazhi_has_otp", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user._fazhi_has_otp = cached
    return cached


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (made on first call, the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (otpauth:// URL) as inline SVG markup."""
    import segno

    return str(segno.make(device.config_url, error="m").svg_inline(scale=5))


def secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def _clean(token: Any) -> str:
    token = str(token or "").strip().replace(" ", "")
    if not token.isdigit() or len(token) != 6:
        raise DomainError("otp.token_format", "请输入验证器上显示的 6 位数字", field="token")
    return token


def otp_confirm(*, request: Any, token: Any) -> TOTPDevice:
    """Confirm the enrolment with the first code: the device counts from now and this session is verified."""
    user = request.user
    token = _clean(token)
    if user_has_device(user) and not getattr(user, "is_verified", lambda: False)():
        # replacing the phone needs a session verified with the old one (a lost phone: the 安全管理员 resets it)
        raise DomainError("otp.verify_first", "请先用现有验证器完成验证，再更换验证器；手机丢失请联系安全管理员重置")
    with transaction.atomic():
        device = pending_device(user)
        if not device.verify_token(token):
            raise DomainError(
                "otp.token_wrong", "验证码不正确或已过期，请等待验证器刷新后输入新的验证码", field="token"
            )
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one device per person
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="core.otp_enrol", target=user, changes={"device": device.pk}, actor=user)
    user._fazhi_has_otp = True
    otp_login(request, device)
    return device


def otp_check(*, request: Any, token: Any) -> TOTPDevice:
    """Verify a login's second factor; django-otp throttles repeated wrong codes."""
    user = request.user
    token = _clean(token)
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            raise DomainError("otp.throttled", "验证码输错次数过多，请稍候再试", field="token")
        if device.verify_token(token):
            otp_login(request, device)
            return device
    audit_record(action="core.otp_failed", target=user, changes={}, actor=user)
    raise DomainError("otp.token_wrong", "验证码不正确或已过期，请输入验证器上新的验证码", field="token")


def otp_reset(*, user: Any, actor: Any, reason: str) -> int:
    """The 安全管理员 removes a user's enrolment (lost phone); the user enrols again at the next login."""
    require(actor, "accounts.manage")
    if actor.pk == user.pk:
        raise DomainError("accounts.self", "不能重置本人的二次验证，请由另一名安全管理员办理")
    if not str(reason or "").strip():
        raise DomainError("cell.required", "请填写重置原因", field="reason")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_record(action="core.otp_reset", target=user, changes={"reason": reason, "devices": removed}, actor=actor)
    return removed
