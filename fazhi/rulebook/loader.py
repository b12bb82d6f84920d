"""Loads every rule table strictly; used by ``make test`` and the Django system check."""

from __future__ import annotations

import importlib

from fazhi.rulebook.errors import RulebookError

# Each table-backed module exposes ``check_tables()`` raising TableError on the first problem.
TABLE_MODULES = (
    "fazhi.rulebook.calendar",
    "fazhi.rulebook.deadlines",
    "fazhi.rulebook.discretion",
    "fazhi.rulebook.exemptions",
    "fazhi.rulebook.penalties",
    "fazhi.rulebook.powers",
    "fazhi.rulebook.credit",
    "fazhi.rulebook.complaints",
)


def check_all_tables() -> list[str]:
    """Problems found, as Chinese messages with their codes; empty when every table loads."""
    problems: list[str] = []
    for name in TABLE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        check = getattr(module, "check_tables", None)
        if check is None:
            continue
        try:
            check()
        except RulebookError as exc:
            problems.append(f"{name}: [{exc.code}] {exc.message}")
    return problems
