"""Account screens: one's own settings (password, second factor, API tokens) for every user, and the 安全管理员's
account management (accounts, roles, temporary passwords, lockouts, second factors, tokens) — issue 14 §3 and §11.
Every change goes through ``fazhi.core.accounts`` / ``fazhi.core.otp`` (permission checks and audit there)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core import accounts, lockout, otp
from fazhi.core.access import staff_view
from fazhi.core.errors import NotFound
from fazhi.core.models import ApiToken, LoginAttempt, User
from fazhi.core.pages import page_number
from fazhi.core.roles import Role, user_can
from fazhi.core.views import form_errors_to_messages, run_action, run_form
from fazhi.web.forms import (
    AccountCreateForm,
    AccountUpdateForm,
    OtpForm,
    PasswordChangeForm,
    ReasonForm,
    TokenForm,
    UnlockForm,
)

PAGE_SIZE = 50


def _departments() -> list[tuple[str, str]]:
    from fazhi.registry.selectors import department_list

    return [(str(d.pk), d.name) for d in department_list(kind="")]


def _department(value: Any) -> Any:
    from fazhi.registry.selectors import department_by_pk

    return department_by_pk(int(value)) if value else None


# ------------------------------------------------------------------------------------------------ one's own account


@staff_view("web.self")
def account(request):
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")[:50]
    return render(
        request,
        "web/account.html",
        {
            "tokens": tokens,
            "now": timezone.now(),
            "token_form": TokenForm(),
            "has_otp": otp.user_has_device(request.user),
            "otp_required": otp.otp_required(request.user),
        },
    )


@staff_view("web.self")
def password_change(request):
    """Open to every signed-in user (also when the password must be changed before anything else)."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: accounts.password_change(
                user=request.user, old_password=d["old_password"], new_password=d["new_password"]
            ),
            success="密码已修改。",
        )
        if outcome.ok:
            update_session_auth_hash(request, request.user)
            return redirect("web:account")
    forced = request.user.must_change_password
    return render(
        request, "web/password_change.html", {"form": form, "forced": forced}, status=400 if form.errors else 200
    )


@staff_view("web.self")
def otp_setup(request):
    """Enrol a second factor (scan, then confirm one code)."""
    device = otp.pending_device(request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST":
        outcome = run_form(request, form, lambda d: otp.otp_confirm(request=request, token=d["token"]))
        if outcome.ok:
            messages.success(request, "二次验证已启用：今后每次登录都需要输入验证器上的验证码。")
            return redirect("web:account")
    return render(
        request,
        "web/otp_setup.html",
        {
            "form": form,
            "qr": otp.qr_svg(device),
            "secret": otp.secret_base32(device),
            "required": otp.otp_required(request.user),
        },
        status=400 if form.errors else 200,
    )


@staff_view("web.self")
def otp_verify(request):
    """The second step of a login."""
    form = OtpForm(request.POST or None)
    if request.method == "POST":
        outcome = run_form(request, form, lambda d: otp.otp_check(request=request, token=d["token"]))
        if outcome.ok:
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
            return redirect(target if target and safe else "web:home")
    return render(request, "web/otp_verify.html", {"form": form}, status=400 if form.errors else 200)


@staff_view("web.self")
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: accounts.token_create(actor=request.user, user=request.user, name=d["name"], days=d["days"]),
    )
    if outcome.ok:
        token, raw = outcome.value
        return render(request, "web/token_created.html", {"token": token, "raw": raw})
    form_errors_to_messages(request, form)
    return redirect("web:account")


@staff_view("web.self")
@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise NotFound("令牌")
    run_action(
        request, lambda: accounts.token_revoke(actor=request.user, token=token, reason="本人吊销"), success="令牌已吊销"
    )
    return redirect("web:account")


# ------------------------------------------------------------------------------------------ the 安全管理员's screens


def _user(request, pk: int) -> User:
    return accounts.access_account(user=request.user, pk=pk)


@staff_view("accounts.manage")
def accounts_list(request):
    q = request.GET.get("q", "").strip()[:40]
    role = request.GET.get("role", "")
    qs = User.objects.select_related("department").order_by("username")
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role in Role.values:
        qs = qs.filter(role=role)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with_otp = set(TOTPDevice.objects.filter(confirmed=True, user__in=rows).values_list("user_id", flat=True))
    return render(
        request,
        "web/accounts.html",
        {
            "rows": rows[:PAGE_SIZE],
            "with_otp": with_otp,
            "has_next": len(rows) > PAGE_SIZE,
            "page": page,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "locked": lockout.locked_accounts(limit=50),
            "create_form": AccountCreateForm(roles=Role.choices, departments=_departments()),
            "unlock_form": UnlockForm(),
        },
    )


@staff_view("accounts.manage")
@require_POST
def account_create(request):
    form = AccountCreateForm(request.POST, roles=Role.choices, departments=_departments())
    outcome = run_form(
        request,
        form,
        lambda d: accounts.account_create(
            actor=request.user,
            username=d["username"],
            display_name=d["display_name"],
            role=d["role"],
            department=_department(d["department"]),
        ),
    )
    if outcome.ok:
        user, password = outcome.value
        return render(request, "web/account_password.html", {"target": user, "password": password, "new": True})
    form_errors_to_messages(request, form)
    return redirect("web:accounts")


@staff_view("accounts.manage", gate=accounts.access_account)
def account_detail(request, pk: int):
    target = _user(request, pk)
    initial = {
        "display_name": target.display_name,
        "role": target.role,
        "department": str(target.department_id or ""),
        "is_active": target.is_active,
    }
    form = AccountUpdateForm(request.POST or None, initial=initial, roles=Role.choices, departments=_departments())
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: accounts.account_update(
                actor=request.user,
                user=target,
                display_name=d["display_name"],
                role=d["role"],
                department=_department(d["department"]),
                is_active=d["is_active"],
            ),
            success="账号已修改（已记入审计日志）",
        )
        if outcome.ok:
            return redirect("web:account_detail", pk=target.pk)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    attempts = LoginAttempt.objects.filter(username=target.username.lower()).order_by("-at")[:20]
    return render(
        request,
        "web/account_detail.html",
        {
            "target": target,
            "form": form,
            "self_edit": target.pk == request.user.pk,
            "tokens": ApiToken.objects.filter(user=target).order_by("-created_at")[:50],
            "has_otp": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
            "attempts": attempts,
            "decision": lockout.decide(target.username, ""),
            "reason_form": ReasonForm(),
            "now": timezone.now(),
            "can_audit": user_can(request.user, "audit.view"),
        },
        status=400 if form.errors else 200,
    )


@staff_view("accounts.manage")
@require_POST
def account_password(request, pk: int):
    target = _user(request, pk)
    outcome = run_action(request, lambda: accounts.account_set_password(actor=request.user, user=target))
    if outcome.ok:
        return render(request, "web/account_password.html", {"target": target, "password": outcome.value, "new": False})
    return redirect("web:account_detail", pk=target.pk)


@staff_view("accounts.manage")
@require_POST
def account_unlock(request):
    form = UnlockForm(request.POST)
    run_form(
        request,
        form,
        lambda d: accounts.account_unlock(actor=request.user, username=d["username"], ip=d["ip"] or ""),
        success="已解除锁定（已记入审计日志）",
    )
    if form.errors:
        form_errors_to_messages(request, form)
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/accounts/") else "web:accounts")


@staff_view("accounts.manage")
@require_POST
def account_otp_reset(request, pk: int):
    target = _user(request, pk)
    form = ReasonForm(request.POST)
    run_form(
        request,
        form,
        lambda d: otp.otp_reset(user=target, actor=request.user, reason=d["reason"]),
        success="已重置二次验证",
    )
    if form.errors:
        messages.error(request, "请填写重置原因")
    return redirect("web:account_detail", pk=target.pk)


@staff_view("accounts.manage")
@require_POST
def account_token_revoke(request, pk: int, token_id: int):
    target = _user(request, pk)
    token = ApiToken.objects.filter(pk=token_id, user=target).first()
    if token is None:
        raise NotFound("令牌")
    run_action(
        request,
        lambda: accounts.token_revoke(actor=request.user, token=token, reason=request.POST.get("reason", "")[:200]),
        success="令牌已吊销",
    )
    return redirect("web:account_detail", pk=target.pk)
