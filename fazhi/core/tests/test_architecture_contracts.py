"""The import-linter contracts of pyproject.toml hold what issue 19 §2 asks, on small import graphs made by hand.

- "views and APIs use services and selectors, not other apps' models": every screen module — wherever it lives, the
  ``web`` app's ``account_views`` and the ``api`` app's modules included — is refused another app's models.
- "close the hole where the rulebook contract forbids only [some] modules": the rulebook may import no other fazhi
  module at all, including one that an engineer adds tomorrow (the contract names the package, not a list).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract

from fazhi.lint_contracts import AppBoundariesContract

ROOT = Path(__file__).resolve().parents[3]
SESSION = {"root_packages": ["fazhi"], "include_external_packages": True}


@pytest.fixture(autouse=True, scope="module")
def _importlinter_settings():
    configure()


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        for module in (importer, imported):
            parts = module.split(".")
            for n in range(1, len(parts) + 1):
                graph.add_module(".".join(parts[:n]))
        graph.add_import(importer=importer, imported=imported)
    return graph


def _boundaries_kept(importer: str, imported: str) -> bool:
    contract = AppBoundariesContract(name="boundaries", session_options=SESSION, contract_options={"root": "fazhi"})
    return contract.check(_graph((importer, imported)), verbose=False).kept


@pytest.mark.parametrize(
    "importer,imported",
    [
        ("fazhi.cases.views", "fazhi.registry.models"),
        ("fazhi.activities.views.typical", "fazhi.cases.models"),
        ("fazhi.credit.api", "fazhi.registry.models"),
        ("fazhi.sampling.forms", "fazhi.registry.models"),
        ("fazhi.inspections.public_views", "fazhi.registry.models"),
        ("fazhi.web.account_views", "fazhi.registry.models"),
        ("fazhi.web.audit_views", "fazhi.cases.models"),
        ("fazhi.api.root", "fazhi.cases.models"),
        ("fazhi.cases.templatetags.cases_tags", "fazhi.registry.models"),
    ],
)
def test_页面与接口不得直接读取其他模块的模型(importer, imported):
    assert not _boundaries_kept(importer, imported)


@pytest.mark.parametrize(
    "importer,imported",
    [
        ("fazhi.cases.views", "fazhi.registry.selectors"),
        ("fazhi.cases.views", "fazhi.registry.services"),
        ("fazhi.web.account_views", "fazhi.core.models"),  # users and notifications are the kernel's
        ("fazhi.cases.views", "fazhi.cases.models"),  # its own models
        ("fazhi.cases.services", "fazhi.registry.models"),  # services may read other apps' models
        ("fazhi.credit.sweep", "fazhi.registry.models"),
    ],
)
def test_页面经由服务和查询读取其他模块_服务层不受此限(importer, imported):
    assert _boundaries_kept(importer, imported)


def _rulebook_kept(imported: str) -> bool:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    (rulebook,) = [c for c in config["contracts"] if c.get("source_modules") == ["fazhi.rulebook"]]
    options = {k: v for k, v in rulebook.items() if k not in ("name", "type")}
    contract = ForbiddenContract(name="rulebook", session_options=SESSION, contract_options=options)
    graph = _graph(("fazhi.rulebook.credit", imported), ("fazhi.rulebook.credit", "fazhi.rulebook.errors"))
    return contract.check(graph, verbose=False).kept


@pytest.mark.parametrize(
    "imported", ["django.db", "fazhi.inspections.services", "fazhi.urls", "fazhi.lint_contracts", "fazhi.newapp.models"]
)
def test_规则库不引用_Django_和任何其他_fazhi_模块_包括新增的模块(imported):
    assert not _rulebook_kept(imported)


def test_规则库内部的引用不受限制():
    assert _rulebook_kept("fazhi.rulebook.tables")


@pytest.mark.parametrize(
    "importer,imported,kept",
    [
        # The rule is "no other app's models", not "only services and selectors" (issue 19 §1: say what is checked).
        ("fazhi.cases.views", "fazhi.registry.choices", True),
        ("fazhi.cases.views", "fazhi.inspections.workflow", True),
        ("fazhi.cases.views", "fazhi.registry.models.entity", False),  # a submodule of the models is the models
        ("fazhi.cases.services", "fazhi.registry._helpers", False),  # private helpers: every layer, not only screens
        ("fazhi.cases.demo_data", "fazhi.registry.demo_data", False),
        ("fazhi.demo.district", "fazhi.registry.demo_data", True),
    ],
)
def test_边界规则恰如文档所述(importer, imported, kept):
    assert _boundaries_kept(importer, imported) is kept


def test_违反规则时的说明只说检查了什么():
    contract = AppBoundariesContract(name="boundaries", session_options=SESSION, contract_options={"root": "fazhi"})
    check = contract.check(_graph(("fazhi.cases.views", "fazhi.registry.models")), verbose=False)
    ((_, _, why),) = check.metadata["violations"]
    assert "models" in why and "services" not in why
