"""One adapter from rulebook errors to DomainError (issue 19 §1: "five adapters … under five names. Make each one
thing: … one error adapter").

The adapter is ``fazhi.core.errors.from_rulebook``. Outside the rulebook, a handler of ``RulebookError`` that passes
the error on as a DomainError goes through it: no copy that rebuilds ``DomainError(exc.code, exc.message)`` by hand
(it drops the params the rulebook gave), and no second name for the adapter.
"""

from __future__ import annotations

import ast
from pathlib import Path

FAZHI = Path(__file__).resolve().parents[2]


def _modules():
    for path in sorted(FAZHI.rglob("*.py")):
        relative = path.relative_to(FAZHI).as_posix()
        if relative.startswith("rulebook/") or "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def test_rulebook_errors_become_domain_errors_through_the_one_adapter():
    copies = []
    for relative, tree in _modules():
        for handler in ast.walk(tree):
            if not (isinstance(handler, ast.ExceptHandler) and handler.type and handler.name):
                continue
            if "RulebookError" not in ast.unparse(handler.type):
                continue
            for node in ast.walk(handler):
                if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("DomainError") and node.args):
                    continue
                if ast.unparse(node.args[0]) == f"{handler.name}.code":  # the rulebook's code, copied by hand
                    copies.append(f"{relative}:{node.lineno}")
    assert copies == [], "用 from_rulebook(exc, field=…) 转换规则库错误：" + ", ".join(copies)


def test_the_adapter_has_one_name():
    aliases = []
    for relative, tree in _modules():
        if relative == "core/errors.py":
            continue
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            if (
                len(body) == 1
                and isinstance(body[0], ast.Return)
                and isinstance(body[0].value, ast.Call)
                and ast.unparse(body[0].value.func).endswith("from_rulebook")
            ):
                aliases.append(f"{relative}:{fn.lineno} {fn.name}")
    assert aliases == [], "规则库错误的转换只有一个名字 fazhi.core.errors.from_rulebook：" + ", ".join(aliases)
