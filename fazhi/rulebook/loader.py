"""Loads every rule table strictly; used by ``make test`` and the Django system check."""

from __future__ import annotations

import importlib

from fazhi.rulebook.errors import RulebookError

# Each table-backed module exposes ``check_tables()`` raising TableError on the first problem.
TABLE_MODULES = (
    "fazhi.rulebook.calendar",
    "fazhi.rulebook.holidays",
    "fazhi.rulebook.deadlines",
    "fazhi.rulebook.discretion",
    "fazhi.rulebook.exemptions",
    "fazhi.rulebook.penalties",
    "fazhi.rulebook.credit",
    "fazhi.rulebook.complaints",
    "fazhi.rulebook.penalty_publicity",
    "fazhi.rulebook.confirmation",
    "fazhi.rulebook.education",
    "fazhi.rulebook.file_review",
    "fazhi.rulebook.remedies",
    "fazhi.rulebook.oversight",
)
# The strict loader of each module (``check_tables()`` by convention; older modules name their loader).
CHECK_FUNCTIONS = ("check_tables", "load_year_tables", "load_benchmarks", "load_exemptions", "load_penalty_tables")


def check_all_tables() -> list[str]:
    """Problems found, as Chinese messages with their codes; empty when every table loads."""
    problems: list[str] = []
    for name in TABLE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a broken import inside the table module fails loudly
                raise
            continue
        for function in CHECK_FUNCTIONS:
            check = getattr(module, function, None)
            if check is None:
                continue
            try:
                check()
            except RulebookError as exc:
                problems.append(f"{name}.{function}: [{exc.code}] {exc.message}")
    return problems
