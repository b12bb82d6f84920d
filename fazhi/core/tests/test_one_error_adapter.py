"""One adapter from rulebook errors to DomainError (issue 19 §1: "five adapters … under five names. Make each one
thing: … one error adapter").

The adapter is ``fazhi.core.errors.from_rulebook``. Outside the rulebook, a handler of ``RulebookError`` that passes
the error on as a DomainError goes through it, and a DomainError passed on for another form field goes through
``DomainError.on_field``: no copy that rebuilds ``DomainError(exc.code, exc.message)`` by hand, whatever the caught
type (it drops the params, and a subclass's status), and no second name for the adapter.
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
            for node in ast.walk(handler):
                if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("DomainError") and node.args):
                    continue
                if ast.unparse(node.args[0]) == f"{handler.name}.code":  # the rulebook's code, copied by hand
                    copies.append(f"{relative}:{node.lineno}")
    assert copies == [], "用 from_rulebook(exc, field=…) 或 exc.on_field(…) 转交错误：" + ", ".join(copies)


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


def test_on_field_keeps_the_error_and_moves_only_its_field():
    from fazhi.core.errors import DomainError, NotFound

    refused = DomainError("deadline.no_version", "该日期没有适用的期限规则", field="start", rule="x.y")
    moved = refused.on_field("on")
    assert (type(moved), moved.code, moved.message, moved.params, moved.field) == (
        DomainError, "deadline.no_version", "该日期没有适用的期限规则", {"rule": "x.y"}, "on",
    )  # fmt: skip
    assert refused.field == "start" and str(moved) == str(refused)
    missing = NotFound("案件").on_field("case")
    assert isinstance(missing, NotFound) and missing.status == 404 and missing.field == "case"
