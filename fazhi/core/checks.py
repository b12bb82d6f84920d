"""System checks: the rulebook's tables must load strictly (also run in ``make test``)."""

from __future__ import annotations

from django.core import checks


@checks.register()
def rulebook_tables(app_configs, **kwargs):
    from fazhi.rulebook import loader

    errors = []
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


@checks.register(checks.Tags.security)
def data_keys(app_configs, **kwargs):
    """In production the personal-data keys must be configured and valid (fazhi.core.crypto; docs/security.md § 5).

    Not deploy-only: ``migrate`` and every management command stop here, and ``fazhi/wsgi.py`` loads the keys before
    serving, so a missing key fails at start and never at the first phone number."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.core import crypto

    if not settings.PRODUCTION:
        return []
    try:
        crypto.check_keys()
    except (ImproperlyConfigured, OSError) as exc:
        return [
            checks.Error(
                f"个人数据加密密钥不可用：{exc}",
                id="fazhi.E012",
                hint="设置 FAZHI_DATA_KEYS（或 FAZHI_DATA_KEY_FILE）与 FAZHI_DATA_INDEX_KEYS，用 fazhi data-key new 生成",
            )
        ]
    return []
