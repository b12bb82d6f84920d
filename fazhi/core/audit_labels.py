"""Chinese names of audit actions and object types, for the audit screen (no raw codes on screen; the codes stay in
the data and the JSON).

Each app names its own actions in ``fazhi/<app>/audit_labels.py`` (autodiscovered): ``LABELS = {"app.action": "中文"}``
— built from its workflow's own label tables where it has them. ``fazhi/core/tests/test_audit_labels.py`` fails when
an action written anywhere in the code has no name. Two generated families need no entry: ``<model>.admin_add|
admin_change|admin_delete`` (Django admin saves) and ``<action>.record`` (one event per imported record).
"""

from __future__ import annotations

import importlib
from functools import cache

from django.apps import apps

LABELS: dict[str, str] = {
    "core.login": "登录",
    "core.login_failed": "登录失败",
    "core.logout": "退出登录",
    "core.superuser_request": "应急超级用户访问",
    "core.password_set": "设置他人密码",
    "core.password_change": "修改本人密码",
    "core.bundle_export": "导出全部数据",
    "core.token_create": "生成接口令牌",
    "core.token_revoke": "吊销接口令牌",
    "core.account_create": "新建账号",
    "core.account_update": "修改账号（角色、部门、状态）",
    "core.account_unlock": "解除登录锁定",
    "core.otp_enrol": "启用二次验证",
    "core.otp_reset": "重置二次验证",
    "core.session_expired": "会话超时退出",
    "core.otp_failed": "二次验证码错误",
    "audit.verify_run": "校验审计链",
    "system.backup": "数据备份",
    "system.restore": "数据恢复",
    "system.purge_uploads": "清理到期的导入文件",
    "system.data_key_rotate": "轮换个人信息加密密钥",
    "system.index_key_rotate": "轮换个人信息检索索引密钥（重算检索索引）",
}
ADMIN_SUFFIXES = {"admin_add": "管理后台新增", "admin_change": "管理后台修改", "admin_delete": "管理后台删除"}
OBJECT_TYPES = {
    "core.bundle": "数据包",
    "core.user": "账号",
}


@cache
def catalogue() -> dict[str, str]:
    """Every named action: core's and each app's ``audit_labels.LABELS``."""
    out = dict(LABELS)
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi.") or config.label == "core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.audit_labels")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.audit_labels":
                raise
            continue
        out.update(module.LABELS)
    return out


def module_label(code: str) -> str:
    label = code.split(".", 1)[0]
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return "系统"


def object_type_label(object_type: str) -> str:
    if object_type in OBJECT_TYPES:
        return OBJECT_TYPES[object_type]
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return "其他对象"


def action_label(code: str) -> str | None:
    """The Chinese name of an action code, or None when nobody named it."""
    names = catalogue()
    if code in names:
        return names[code]
    head, _, tail = code.rpartition(".")
    if tail in ADMIN_SUFFIXES and head:
        return f"{object_type_label(head)}：{ADMIN_SUFFIXES[tail]}"
    if tail == "record" and head in names:
        return f"{names[head]}（逐条）"
    return None


def display(code: str) -> str:
    """What the screen shows for an action: its name, or a Chinese placeholder naming the module (never the code)."""
    return action_label(code) or f"{module_label(code)}：未命名的操作"


def choices() -> list[tuple[str, str]]:
    """(code, name) of every named action, grouped by module then name — for the screen's action filter."""
    return sorted(catalogue().items(), key=lambda kv: (kv[0].split(".", 1)[0], kv[1]))
