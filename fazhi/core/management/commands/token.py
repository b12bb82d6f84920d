"""``fazhi token create USERNAME --name NAME [--days N]`` / ``revoke ID`` / ``list [USERNAME]``: API tokens from the
server console. A new token is printed once (only its hash is stored) and expires; every step is audited."""

from __future__ import annotations

import datetime as dt
import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fazhi.core.accounts import TOKEN_MAX_DAYS
from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as
from fazhi.core.models import ApiToken, User


class Command(BaseCommand):
    help = "管理 API 令牌：create 用户名 --name 用途 [--days 天数]（只显示一次）；revoke 编号；list [用户名]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户生成新令牌")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌用途，如“统计报表同步”")
        create.add_argument("--days", type=int, default=None, help=f"有效天数（默认 {settings.FAZHI_API_TOKEN_DAYS}）")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int)
        revoke.add_argument("--reason", default="")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?")

    def _label(self) -> str:
        return f"命令行 fazhi token（系统用户 {getpass.getuser()}）"

    def handle(self, *args, action: str, **options):
        if action == "create":
            self._create(options["username"], options["name"], options["days"])
        elif action == "revoke":
            self._revoke(options["token_id"], options["reason"])
        else:
            self._list(options.get("username"))

    def _create(self, username: str, name: str, days: int | None) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在；请先由安全管理员建立账号")
        if not user.is_active:
            raise CommandError(f"用户 {username} 已停用，不能生成令牌")
        days = settings.FAZHI_API_TOKEN_DAYS if days is None else days
        if not 1 <= days <= TOKEN_MAX_DAYS:
            raise CommandError(f"有效期应为 1 至 {TOKEN_MAX_DAYS} 天")
        raw = ApiToken.new_raw_token()
        with acting_as(None, label=self._label()), transaction.atomic():
            token = ApiToken.objects.create(
                user=user,
                name=name[:100],
                token_hash=ApiToken.hash_token(raw),
                expires_at=timezone.now() + dt.timedelta(days=days),
            )
            audit_record(
                action="core.token_create",
                target=token,
                changes={"user": user.username, "name": token.name, "expires_at": token.expires_at},
            )
        self.stdout.write(raw)
        self.stderr.write(
            f"令牌编号 {token.pk}，有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}；"
            "令牌只显示这一次，请立即妥善保存；调用接口时使用 Authorization: Bearer <令牌>"
        )

    def _revoke(self, token_id: int, reason: str) -> None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"没有编号为 {token_id} 的令牌")
        if token.revoked:
            raise CommandError("该令牌已吊销")
        with acting_as(None, label=self._label()), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(revoked=True, revoked_at=timezone.now())
            audit_record(action="core.token_revoke", target=token, changes={"reason": reason})
        self.stdout.write(f"已吊销令牌 {token_id}（{token.name}）")

    def _list(self, username: str | None) -> None:
        qs = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            qs = qs.filter(user__username=username)
        now = timezone.now()
        for t in qs:
            state = "已吊销" if t.revoked else ("已过期" if t.expired(now) else "有效")
            ends = timezone.localtime(t.expires_at).strftime("%Y-%m-%d") if t.expires_at else "（按创建时间计）"
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.name}\t{state}\t至 {ends}")
