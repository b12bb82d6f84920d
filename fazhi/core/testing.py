"""Test helpers shared by every app: users per role and the permission-matrix generator.

``permission_matrix_cases(urls)`` turns a list of ``(url_name, kwargs)`` into one case per role
(plus anonymous) with the expected outcome derived from the view's declared permission, and
``uncovered_url_names(covered)`` lists every project URL that no matrix covers — a test asserts it
is empty, so a new view cannot escape the matrix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from fazhi.core.roles import Role, role_can

ANONYMOUS = "anonymous"
ROLES: list[str] = [ANONYMOUS, *[r.value for r in Role]]

# URL names that the matrix does not cover on purpose (framework views with their own protection).
EXEMPT_PREFIXES = ("admin:", "api-1.0.0:", "login", "logout", "djdt")


@dataclass(frozen=True)
class MatrixCase:
    url_name: str
    url: str
    role: str
    expect: str  # "ok" | "login" | "forbidden"

    def __str__(self) -> str:
        return f"{self.url_name}[{self.role}]"


def expected_outcome(view: Any, role: str) -> str:
    if getattr(view, "fazhi_public", False):
        return "ok"
    permission = getattr(view, "fazhi_permission", "__undeclared__")
    if permission == "__undeclared__":
        raise AssertionError(f"{view} declares no permission: decorate it with staff_view() or public_view")
    if role == ANONYMOUS:
        return "login"
    return "ok" if role_can(role, permission) else "forbidden"


def permission_matrix_cases(urls: Iterable[tuple[str, dict[str, Any]]]) -> list[MatrixCase]:
    cases = []
    for name, kwargs in urls:
        url = reverse(name, kwargs=kwargs or None)
        view = resolve(url).func
        for role in ROLES:
            cases.append(MatrixCase(name, url, role, expected_outcome(view, role)))
    return cases


def check_response(case: MatrixCase, response: Any) -> None:
    code = response.status_code
    if case.expect == "ok":
        assert code in (200, 302) and not (code == 302 and "/login" in response.get("Location", "")), (
            f"{case}: expected access, got {code}"
        )
    elif case.expect == "login":
        assert code == 302 and "/login" in response["Location"], f"{case}: expected login redirect, got {code}"
    else:
        assert code in (403, 404), f"{case}: expected 403, got {code}"


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def uncovered_url_names(covered: Iterable[str]) -> set[str]:
    covered = set(covered)
    return {n for n in all_url_names() if n not in covered and not n.startswith(EXEMPT_PREFIXES)}
