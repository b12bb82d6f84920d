"""``fazhi token create USERNAME --name NAME``: a new API token, printed once (only its hash is stored)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as
from fazhi.core.models import ApiToken, User


class Command(BaseCommand):
    help = "管理 API 令牌。fazhi token create 用户名 --name 用途：生成新令牌（只显示一次）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户生成新令牌")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌用途，如“统计报表同步”")

    def handle(self, *args, action: str, **options):
        if action == "create":
            self._create(options["username"], options["name"])

    def _create(self, username: str, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在；请先创建用户（fazhi createsuperuser 或系统管理页面）")
        if not user.is_active:
            raise CommandError(f"用户 {username} 已停用，不能生成令牌")
        raw = ApiToken.new_raw_token()
        with acting_as(None, label="命令行 fazhi token create"), transaction.atomic():
            token = ApiToken.objects.create(user=user, name=name[:100], token_hash=ApiToken.hash_token(raw))
            audit_record(action="core.token_create", target=token, changes={"user": user.username, "name": token.name})
        self.stdout.write(raw)
        self.stderr.write("令牌只显示这一次，请立即妥善保存；调用接口时使用 Authorization: Bearer <令牌>")
