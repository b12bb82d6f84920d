"""import-linter contracts for fazhi's layers (pure: imports only import-linter and grimp, never Django).

``app_boundaries`` checks, for every app under ``fazhi`` (new apps are covered without configuration):

1. **The screen layer imports no other app's models.** A screen module — ``views``, ``public_views``, ``api``,
   ``forms``, ``urls``, ``public_urls`` and ``templatetags`` of app X and their submodules, every module named
   ``*_views`` (``web.account_views``) and every module of the ``api`` app — may not import
   ``fazhi.<other>.models`` or a submodule of it, for any app other than X and ``core`` (users, notifications).
   That is all this rule checks: a screen may import any other module of another app (``services``,
   ``selectors``, but also ``choices``, ``workflow``, ``access`` …); only the models are refused.
2. **No app imports another app's private helpers** (every module, screen or not): a module whose path below the
   app has a component starting with a single ``_``, and another app's demo generators (``demo_data``) unless the
   importer is in ``fazhi.demo`` — shared demo tables live there.

Tests and migrations are not checked; ``ignore_imports`` exempts single (importer, imported) pairs.

Configured in pyproject.toml (``[tool.importlinter] contract_types``).
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output

SCREEN_LAYERS = ("views", "public_views", "api", "forms", "urls", "public_urls", "templatetags")
KERNEL_APPS = ("core",)


def _parts(module: str) -> list[str]:
    return module.split(".")


def _is_screen(parts: list[str], layers: tuple[str, ...]) -> bool:
    """A module of the screen layer: any component after the root is a layer name (``fazhi.api.root`` is in the
    ``api`` app, ``fazhi.activities.views.typical`` in a ``views`` package) or ends in ``_views``."""
    return any(p in layers or p.endswith("_views") for p in parts[1:])


def _app(module: str, root: str) -> str | None:
    parts = _parts(module)
    return parts[1] if len(parts) > 1 and parts[0] == root else None


class AppBoundariesContract(Contract):
    type_name = "app_boundaries"

    root = fields.StringField()
    screen_layers = fields.ListField(subfield=fields.StringField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:  # type: ignore[no-untyped-def]
        root: str = self.root  # type: ignore[assignment]
        layers = tuple(self.screen_layers or SCREEN_LAYERS)  # type: ignore[arg-type]
        ignored = {(str(e.importer), str(e.imported)) for e in (self.ignore_imports or ())}  # type: ignore[union-attr]
        violations: list[tuple[str, str, str]] = []
        for importer in sorted(graph.modules):
            app = _app(importer, root)
            if app is None or ".tests" in importer or ".migrations" in importer:
                continue  # tests may reach anything they need to set up; migrations are frozen history
            parts = _parts(importer)
            is_screen = _is_screen(parts, layers)
            for imported in graph.find_modules_directly_imported_by(importer):
                other = _app(imported, root)
                if other is None or other == app or (importer, imported) in ignored:
                    continue
                tail = _parts(imported)[2:]
                if is_screen and tail[:1] == ["models"] and other not in KERNEL_APPS:
                    violations.append((importer, imported, "页面层（views/api/forms）不得引用其他模块的 models"))
                elif any(p.startswith("_") and not p.startswith("__") for p in tail):
                    violations.append((importer, imported, "不得引用其他模块的私有模块"))
                elif tail[:1] == ["demo_data"] and app != "demo":
                    violations.append(
                        (importer, imported, "演示数据生成器之间不得互相引用；共用的演示表放在 fazhi.demo")
                    )
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, why in check.metadata["violations"]:
            output.print_error(f"{importer} -> {imported}: {why}", bold=False)
        output.new_line()
