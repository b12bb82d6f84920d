"""Staff roles and what each may do.

Permissions are strings ``"<app>.<action>"``; each app declares its own in ``PERMISSIONS`` below
(kept in one table so that the permission matrix reads at a glance). Department scoping: officers
and section chiefs see the records of their own department; the other roles see the whole bureau.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    SECTION_CHIEF = "section_chief", "科室负责人"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    LEADER = "leader", "局领导"
    ADMIN = "admin", "系统管理员"
    AUDITOR = "auditor", "审计(只读)"


ALL = frozenset(Role)
STAFF_READ = ALL
WRITERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER, Role.ADMIN})

# Roles whose reads are limited to their own department.
DEPARTMENT_SCOPED = frozenset({Role.OFFICER, Role.SECTION_CHIEF})

PERMISSIONS: dict[str, frozenset[Role]] = {
    # core / registry
    "registry.view": STAFF_READ,
    "registry.import": frozenset({Role.SECTION_CHIEF, Role.ADMIN}),
    "registry.edit": frozenset({Role.SECTION_CHIEF, Role.ADMIN}),
    "staff.view": STAFF_READ,
    "audit.view": frozenset({Role.ADMIN, Role.AUDITOR, Role.LEADER}),
    "reports.view": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER, Role.ADMIN, Role.AUDITOR}),
    "calendar.edit": frozenset({Role.ADMIN}),
    # power list
    "powers.view": STAFF_READ,
    "powers.prepare": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.ADMIN}),
    "powers.approve": frozenset({Role.LEADER}),
    # random inspections
    "inspections.view": STAFF_READ,
    "inspections.plan": frozenset({Role.SECTION_CHIEF, Role.LEADER, Role.ADMIN}),
    "inspections.draw": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    "inspections.record_result": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    # cases
    "cases.view": STAFF_READ,
    "cases.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "cases.approve": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    "cases.legal_review": frozenset({Role.LEGAL_REVIEWER}),
    "cases.decide": frozenset({Role.LEADER}),
    # complaints
    "complaints.view": STAFF_READ,
    "complaints.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "complaints.import": frozenset({Role.SECTION_CHIEF, Role.ADMIN}),
    # credit
    "credit.view": STAFF_READ,
    "credit.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "credit.decide": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    # sampling and special campaigns (抽检与专项整治) — the sampling app adds its actions here
    "sampling.view": STAFF_READ,
    # case-file review (案卷评查)
    "file_reviews.view": STAFF_READ,
    # reconsideration and litigation (行政复议、行政诉讼)
    "remedies.view": STAFF_READ,
    # government information disclosure (政府信息公开)
    "disclosure.view": STAFF_READ,
    # normative documents and fair-competition review (规范性文件、公平竞争审查)
    "normative_docs.view": STAFF_READ,
    # major administrative decisions (重大行政决策)
    "major_decisions.view": STAFF_READ,
    # legal affairs, proposals and suggestions (法律事务、建议提案)
    "legal_affairs.view": STAFF_READ,
    # study, meetings, legal education (学法普法)
    "activities.view": STAFF_READ,
    # staff law exams (学法用法考试)
    "exams.view": STAFF_READ,
}


def role_can(role: str | None, permission: str) -> bool:
    """True when ``role`` holds ``permission``. Unknown permissions are refused (fail closed)."""
    if role is None:
        return False
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        return False
    return role in allowed


def user_can(user, permission: str) -> bool:
    """A user may act when they are active staff whose role holds the permission."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role_can(getattr(user, "role", None), permission)
