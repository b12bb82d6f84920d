"""System checks: the rulebook's tables must load strictly (also run in ``make test``)."""

from __future__ import annotations

from django.core import checks


@checks.register()
def rulebook_tables(app_configs, **kwargs):
    errors = []
    try:
        from fazhi.rulebook import loader
    except ImportError:
        return errors
    for problem in loader.check_all_tables():
        errors.append(checks.Error(problem, id="fazhi.E001", hint="修正 fazhi/rulebook/tables 下的规则表"))
    return errors


@checks.register(checks.Tags.database)
def audit_guard(app_configs, databases=None, **kwargs):
    """The audit table refuses UPDATE and DELETE (``fazhi check --database default``; also ``fazhi audit verify``)."""
    from django.db import connections

    from fazhi.core import audit_guard as guard

    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if guard.TABLE in connection.introspection.table_names() and not guard.installed(connection):
            errors.append(
                checks.Error(
                    "审计日志表缺少只追加保护（触发器被删除或停用）",
                    id="fazhi.E010",
                    hint="运行 fazhi migrate 重新安装保护，并用 fazhi audit verify 核对审计链与锚点",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def audit_anchor_key(app_configs, **kwargs):
    """In production the anchor key must be set (and differ from SECRET_KEY): ADR 0007."""
    from django.conf import settings

    if not settings.PRODUCTION:
        return []
    if not settings.FAZHI_AUDIT_ANCHOR_KEY or settings.FAZHI_AUDIT_ANCHOR_KEY == settings.SECRET_KEY:
        return [
            checks.Error(
                "生产环境未设置独立的审计锚点密钥",
                id="fazhi.E011",
                hint="设置环境变量 FAZHI_AUDIT_ANCHOR_KEY（不同于 SECRET_KEY，且不交给数据库管理员）",
            )
        ]
    return []
