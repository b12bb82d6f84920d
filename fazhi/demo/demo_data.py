"""Demo accounts (ORDER 15, right after the registry): one user per role, linked to officers where it fits."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import make_password

from fazhi.core.models import User
from fazhi.core.roles import Role
from fazhi.demo.accounts import DEMO_ACCOUNTS
from fazhi.demo.context import DemoContext

ORDER = 15


def generate(ctx: DemoContext) -> None:
    with ctx.step("演示账号（每个角色一个）"):
        departments = ctx.shared["departments"]
        officers_by_department = ctx.shared["officers_by_department"]
        office = ctx.shared["offices_by_street"]["张贵庄街"]
        legal = departments["legal"]
        general = departments["general-office"]
        office_officers = [o for o in officers_by_department[office.code] if o.active]
        legal_officers = [o for o in officers_by_department[legal.code] if o.active]
        placement = {
            Role.OFFICER: (office, office_officers[1]),
            Role.SECTION_CHIEF: (office, office_officers[0]),
            Role.LEGAL_REVIEWER: (legal, legal_officers[0]),
            Role.LEADER: (general, None),
            Role.ADMIN: (general, None),
            Role.AUDITOR: (general, None),
            Role.SECURITY_ADMIN: (general, None),
            Role.AUDIT_ADMIN: (general, None),
        }
        display = {
            Role.LEADER: "王局长",
            Role.ADMIN: "系统管理员",
            Role.AUDITOR: "审计专员",
            Role.SECURITY_ADMIN: "安全管理员",
            Role.AUDIT_ADMIN: "安全审计员",
        }
        # Each hash is a deliberately slow PBKDF2 (≈ 0.4 s); hashlib releases the GIL, so the cores share them.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            hashes = list(pool.map(make_password, [account.password for account in DEMO_ACCOUNTS]))
        users: dict[str, User] = {}
        for account, password in zip(DEMO_ACCOUNTS, hashes, strict=True):
            department, officer = placement[account.role]
            user = User(
                username=account.username,
                role=account.role,
                department=department,
                officer=officer,
                display_name=officer.name if officer else display[account.role],
                password=password,
            )
            user.save()
            users[account.role.value] = user
        ctx.shared["users"] = users
