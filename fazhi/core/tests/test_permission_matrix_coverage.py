"""Every project URL is covered by some app's permission matrix.

Mechanism: a test module that runs a permission matrix exposes ``COVERED_URL_NAMES`` (the URL names
its matrix runs, e.g. ``frozenset(name for name, _ in MATRIX_URLS)``). This test imports every test
module of every fazhi app and fails naming the URLs nobody covers (framework URLs with their own
protection — admin, the API, login/logout — are exempt, see ``fazhi.core.testing.EXEMPT_PREFIXES``).
"""

from __future__ import annotations

import importlib
import pkgutil

from django.apps import apps

from fazhi.core.testing import uncovered_url_names


def covered_url_names() -> set[str]:
    covered: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.tests")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("test_"):
                continue
            module = importlib.import_module(f"{config.name}.tests.{info.name}")
            covered |= set(getattr(module, "COVERED_URL_NAMES", ()))
    return covered


def test_每个网址都在某个模块的权限矩阵中():
    missing = sorted(uncovered_url_names(covered_url_names()))
    assert not missing, (
        "这些网址没有任何权限矩阵测试覆盖；请在运行权限矩阵的测试模块中把它们列入 COVERED_URL_NAMES："
        + ", ".join(missing)
    )
