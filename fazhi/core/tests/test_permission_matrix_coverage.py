"""Every project URL is covered by some app's permission matrix.

Mechanism: each app's ``fazhi/<app>/tests/test_permissions.py`` exposes ``COVERED_URL_NAMES`` (the
URL names its matrix test runs, e.g. ``frozenset(name for name, _ in MATRIX_URLS)``). This test
imports every such module and fails naming the URLs nobody covers (framework URLs with their own
protection — admin, the API, login/logout — are exempt, see ``fazhi.core.testing.EXEMPT_PREFIXES``).
"""

from __future__ import annotations

import importlib

from django.apps import apps

from fazhi.core.testing import uncovered_url_names


def covered_url_names() -> set[str]:
    covered: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.test_permissions")
        except ModuleNotFoundError as exc:
            if exc.name and config.name.startswith(exc.name.rsplit(".tests", 1)[0]) and "tests" in exc.name:
                continue
            raise
        covered |= set(getattr(module, "COVERED_URL_NAMES", ()))
    return covered


def test_每个网址都在某个模块的权限矩阵中():
    missing = sorted(uncovered_url_names(covered_url_names()))
    assert not missing, (
        "这些网址没有任何权限矩阵测试覆盖；请把它们加入所属模块 tests/test_permissions.py 的 MATRIX_URLS："
        + ", ".join(missing)
    )
