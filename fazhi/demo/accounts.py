"""The demo accounts: one per role (three administrators apart: 三员分立). Passwords are public (printed by ``fazhi demo --accounts``) — demo only."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.roles import Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    where: str  # which department the account sits in, for the printed table


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("officer", "demo-officer", Role.OFFICER, "张贵庄市场监管所"),
    DemoAccount("chief", "demo-chief", Role.SECTION_CHIEF, "张贵庄市场监管所"),
    DemoAccount("legal", "demo-legal", Role.LEGAL_REVIEWER, "法制科"),
    DemoAccount("leader", "demo-leader", Role.LEADER, "办公室（局领导）"),
    DemoAccount("auditor", "demo-auditor", Role.AUDITOR, "办公室（只读）"),
    # 三员分立: three administrators, none of whom can do a business step (no Django superuser in the demo).
    DemoAccount("admin", "demo-admin", Role.ADMIN, "办公室（系统运维）"),
    DemoAccount("secadmin", "demo-secadmin", Role.SECURITY_ADMIN, "办公室（账号与角色）"),
    DemoAccount("auditadmin", "demo-auditadmin", Role.AUDIT_ADMIN, "办公室（审计日志）"),
)


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_table(url: str) -> str:
    """The table ``fazhi demo --accounts`` prints."""
    rows = [("角色", "用户名", "密码", "所在部门")]
    rows += [(str(a.role.label), a.username, a.password, a.where) for a in DEMO_ACCOUNTS]
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [f"演示系统地址：{url}", "演示账号（仅供演示，切勿用于生产环境）：", line]
    for index, row in enumerate(rows):
        out.append("| " + " | ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            out.append(line)
    out.append(line)
    return "\n".join(out)
