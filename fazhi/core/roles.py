"""Staff roles and what each may do.

Permissions are strings ``"<app>.<action>"``; each app declares its own in ``PERMISSIONS`` below
(kept in one table so that the permission matrix reads at a glance). Department scoping: officers
and section chiefs see the records of their own department; the other roles see the whole bureau.

Separation of duties (三员分立, 等保 2.0 第三级, issue 14 §3): three administrator roles —
系统管理员 (runs the system: calendars, system status), 安全管理员 (accounts, roles, passwords, lockouts,
API tokens) and 安全审计员 (reviews the audit trail, its anchors and the administrators' actions). None of
them holds a business permission (neither reads nor writes of enforcement records: least privilege for
personal data), and no business role holds an administrator permission. The Django superuser holds no
permission at all here: it exists for emergencies in the Django admin, where every request is audited
(``fazhi.core.security``). ``fazhi/core/tests/test_roles.py`` checks these rules against the table.
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
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"


ALL = frozenset(Role)
# The three administrators of 三员分立: no business permission may ever name one of them.
ADMIN_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = ALL - ADMIN_ROLES
# Reading enforcement records: the business roles and the (read-only) auditor, never an administrator.
STAFF_READ = BUSINESS_ROLES
WRITERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER})

# Roles whose reads are limited to their own department.
DEPARTMENT_SCOPED = frozenset({Role.OFFICER, Role.SECTION_CHIEF})

PERMISSIONS: dict[str, frozenset[Role]] = {
    # core: one's own notifications, password, second factor and API tokens — every account
    "web.self": ALL,
    # core: administration (三员分立) — see the module docstring
    "accounts.manage": frozenset({Role.SECURITY_ADMIN}),  # accounts, roles, passwords, lockouts, API tokens
    "audit.view": frozenset({Role.AUDITOR, Role.AUDIT_ADMIN}),  # the audit screen, verify result and anchors
    "system.view": frozenset({Role.ADMIN}),  # system status (database, anchors, configuration)
    "calendar.edit": frozenset({Role.ADMIN}),  # 法定节假日 calendar years: published reference data
    # registry
    "registry.view": STAFF_READ,
    "registry.import": frozenset({Role.SECTION_CHIEF}),
    "registry.edit": frozenset({Role.SECTION_CHIEF}),
    # departments and officers: the security administrator assigns accounts to them
    "staff.view": STAFF_READ | {Role.SECURITY_ADMIN},
    "reports.view": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER, Role.AUDITOR}),
    # the annual reports: 法制科 drafts, the leader approves and publishes (法治政府建设与责任落实督察工作规定)
    "reports.edit": frozenset({Role.LEGAL_REVIEWER}),
    "reports.approve": frozenset({Role.LEADER}),
    # 规则确认 (issue 13 §3): every staff member sees which rule values are unconfirmed; legal staff confirm them
    "rules.view": STAFF_READ,
    "rules.confirm": frozenset({Role.LEGAL_REVIEWER}),
    # power list
    "powers.view": STAFF_READ,
    "powers.prepare": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "powers.approve": frozenset({Role.LEADER}),
    # random inspections
    "inspections.view": STAFF_READ,
    "inspections.plan": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    "inspections.draw": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    "inspections.record_result": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "inspections.approve_seed": frozenset({Role.LEADER}),
    "inspections.full_record.view": frozenset({Role.LEGAL_REVIEWER, Role.LEADER, Role.AUDITOR}),
    # cases
    "cases.view": STAFF_READ,
    "cases.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "cases.approve": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    "cases.legal_review": frozenset({Role.LEGAL_REVIEWER}),
    "cases.decide": frozenset({Role.LEADER}),
    # complaints
    "complaints.view": STAFF_READ,
    "complaints.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "complaints.legal_review": frozenset({Role.LEGAL_REVIEWER}),
    "complaints.import": frozenset({Role.SECTION_CHIEF}),
    # credit
    "credit.view": STAFF_READ,
    "credit.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "credit.decide": frozenset({Role.SECTION_CHIEF, Role.LEADER}),
    # 撤销登记 (revocation of a registration obtained with a misused identity): proposal → 法制审核 → 局领导批准
    "credit.revoke_propose": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "credit.legal_review": frozenset({Role.LEGAL_REVIEWER}),
    "credit.revoke_approve": frozenset({Role.LEADER}),
    # sampling and special campaigns (抽检与专项整治) — the sampling app adds its actions here
    "sampling.view": STAFF_READ,
    "sampling.plan": frozenset({Role.SECTION_CHIEF, Role.LEADER}),  # plans, tasks, labs, campaigns and their objects
    "sampling.record": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),  # samples, results, notices, measures, checks
    "sampling.import": frozenset({Role.SECTION_CHIEF}),  # lab results from the sampling system's export
    "sampling.legal_review": frozenset({Role.LEGAL_REVIEWER}),  # 法制审核 of a re-test request after the window
    # case-file review (案卷评查)
    "file_reviews.view": STAFF_READ,
    "file_reviews.organise": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),
    "file_reviews.score": frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "file_reviews.rectify": frozenset({Role.OFFICER, Role.SECTION_CHIEF}),
    "file_reviews.verify": frozenset({Role.LEGAL_REVIEWER}),
    "file_reviews.send_up": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),
    # reconsideration and litigation (行政复议、行政诉讼)
    "remedies.view": STAFF_READ,
    "remedies.handle": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "remedies.appear": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),
    "remedies.conclude": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),
    # government information disclosure (政府信息公开)
    "disclosure.view": STAFF_READ,
    "disclosure.handle": frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "disclosure.extend": frozenset({Role.SECTION_CHIEF}),  # 条例 Art. 33: the head of the disclosure office agrees
    "disclosure.publish": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    # normative documents and fair-competition review (规范性文件、公平竞争审查)
    "normative_docs.view": STAFF_READ,
    "normative_docs.draft": frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "normative_docs.legality_review": frozenset({Role.LEGAL_REVIEWER}),
    # 公平竞争审查条例 Art. 14: the market-supervision bureau reviews (its legal section), the drafter first
    "normative_docs.fair_competition": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "normative_docs.decide": frozenset({Role.LEADER}),  # 集体讨论决定, 公布
    "normative_docs.manage": frozenset({Role.LEGAL_REVIEWER}),  # 备案, 清理, 五项机制的记录
    # major administrative decisions (重大行政决策)
    "major_decisions.view": STAFF_READ,
    "major_decisions.catalogue": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),  # 年度目录
    "major_decisions.handle": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),  # 公众参与、论证、评估、审查、公布
    "major_decisions.decide": frozenset({Role.LEADER}),  # 集体讨论决定
    # legal affairs, proposals and suggestions (法律事务、建议提案)
    "legal_affairs.view": STAFF_READ,
    "legal_affairs.handle": frozenset({Role.LEGAL_REVIEWER}),  # 公职律师、法律顾问的法律事务；建议提案的办理
    # study, meetings, legal education (学法普法)
    "activities.view": STAFF_READ,
    "activities.record": frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER}),
    "activities.plan": frozenset({Role.LEGAL_REVIEWER}),
    "activities.publish": frozenset({Role.LEGAL_REVIEWER, Role.LEADER}),
    "activities.adopt": frozenset({Role.LEADER}),
    # staff law exams (学法用法考试)
    "exams.view": STAFF_READ,
    "exams.sit": frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER}),
    "exams.manage": frozenset({Role.LEGAL_REVIEWER}),
    "exams.results.view": frozenset({Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.LEADER, Role.AUDITOR}),
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
    """A user may act when they are active staff whose role holds the permission.

    The Django superuser holds none: it is an emergency account for the Django admin only (三员分立)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return False
    return role_can(getattr(user, "role", None), permission)
