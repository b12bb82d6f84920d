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


def skip_unless_file_backed() -> None:
    """Concurrency tests need real connections to one database: PostgreSQL or a file-backed SQLite.

    The default test database is an in-memory SQLite (fast); ``make test`` runs the ``concurrency`` mark again with
    ``FAZHI_TEST_SQLITE`` pointing at a file, and ``.ci/run`` runs everything on PostgreSQL.
    """
    import pytest
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (
        name.startswith("file:memorydb") or name == ":memory:" or "mode=memory" in name
    ):
        pytest.skip("并发测试需要文件型 SQLite 或 PostgreSQL（make test 会以 FAZHI_TEST_SQLITE 再跑一次）")


# ---------------------------------------------------------------- the reviewed permission matrix (data)
#
# Each app keeps ``fazhi/<app>/tests/permissions.yaml``: what every role may do on every URL, written and reviewed
# by hand (never derived from the views' own declarations), for an object of the user's own department and of
# another department::
#
#     urls:
#       cases:case_detail:            # URL name (or "api GET /api/v1/cases/{case}" for API routes)
#         own:   {anonymous: login, officer: ok, section_chief: ok, legal_reviewer: ok, leader: ok, admin: forbidden, auditor: ok}
#         other: {officer: hidden, section_chief: hidden}   # roles not listed under "other" expect what "own" says
#
# Statuses: ok (200, or a redirect that is not to the login page), login (redirect to login; API: 401),
# forbidden (403), hidden (404: same answer as a missing object), refused (400/409/422: a refused write).
# ``check_matrix_response(expected, response)`` asserts one cell; the app's test builds the URL (with an object of
# the right department) and calls it for each cell of ``load_permission_matrix(app)``.

STATUS_CODES: dict[str, tuple[int, ...]] = {
    "ok": (200, 302),
    "login": (302, 401),
    "forbidden": (403,),
    "hidden": (404,),
    "refused": (400, 409, 422),
}


@dataclass(frozen=True)
class MatrixCell:
    app: str
    url_name: str
    scope: str  # "own" | "other"
    role: str
    expect: str

    def __str__(self) -> str:
        return f"{self.url_name}[{self.scope}/{self.role}]"


def load_permission_matrix(app: str) -> list[MatrixCell]:
    """Every cell of ``fazhi/<app>/tests/permissions.yaml`` (own and other department; ``other`` inherits ``own``)."""
    from pathlib import Path

    import yaml

    import fazhi

    path = Path(fazhi.__file__).parent / app / "tests" / "permissions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cells: list[MatrixCell] = []
    for url_name, scopes in (data.get("urls") or {}).items():
        own = dict(scopes.get("own") or {})
        missing = [r for r in ROLES if r not in own]
        if missing:
            raise AssertionError(f"{path}: {url_name} own: no expectation for roles {missing}")
        for role in ROLES:
            for scope_name in ("own", "other") if "other" in scopes else ("own",):
                expect = (scopes.get(scope_name) or {}).get(role, own[role])
                if expect not in STATUS_CODES:
                    raise AssertionError(f"{path}: {url_name} {scope_name}/{role}: unknown status {expect!r}")
                cells.append(MatrixCell(app, url_name, scope_name, role, expect))
    return cells


HTTP_METHODS = ("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")


def matrix_url_names(app: str) -> frozenset[str]:
    """The URL names an app's permission matrix covers (for ``COVERED_URL_NAMES``). A row may name the method it
    exercises (``POST complaints:act``): the URL name is what follows it."""
    names = set()
    for cell in load_permission_matrix(app):
        if cell.url_name.startswith("api "):
            continue
        name = cell.url_name
        for method in HTTP_METHODS:
            if name.startswith(method):
                name = name[len(method) :]
        names.add(name)
    return frozenset(names)


def check_matrix_response(cell: MatrixCell, response: Any) -> None:
    code = response.status_code
    location = response.get("Location", "") if hasattr(response, "get") else ""
    if cell.expect == "ok":
        ok = code == 200 or (code == 302 and "/login" not in location)
    elif cell.expect == "login":
        ok = (code == 302 and "/login" in location) or code == 401
    else:
        ok = code in STATUS_CODES[cell.expect]
    assert ok, f"{cell}: expected {cell.expect}, got {code} {location}"


def matrix_api_routes(app: str) -> frozenset[str]:
    """The API routes (``"api GET /api/v1/…"``) an app's permission matrix covers."""
    return frozenset(c.url_name for c in load_permission_matrix(app) if c.url_name.startswith("api "))


def reviewed_matrix_apps() -> list[str]:
    """The fazhi apps that keep a reviewed ``tests/permissions.yaml``."""
    from pathlib import Path

    from django.apps import apps

    out = []
    for config in apps.get_app_configs():
        if config.name.startswith("fazhi.") and (Path(config.path) / "tests" / "permissions.yaml").exists():
            out.append(config.label)
    return sorted(out)


def all_api_routes() -> set[str]:
    """Every operation of the API as ``"api METHOD /api/v1/path/{param}"`` (from the OpenAPI schema)."""
    from fazhi.api.root import api

    routes = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            routes.add(f"api {method.upper()} {path}")
    return routes


def route_covers(route: str, row: str) -> bool:
    """Does the API operation ``route`` (``api METHOD /path/{param}`` from the schema) serve the matrix ``row``?

    A row names the route with any parameter names (``{listing}`` for ``{listing_id}``) or with a concrete value
    (``/steps/accept`` for ``/steps/{action}``)."""
    import re

    method, _, path = route.partition(" /")
    row_method, _, row_path = row.partition(" /")
    if method != row_method:
        return False
    pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape("/" + path))
    return re.fullmatch(pattern, "/" + row_path) is not None


def api_url(cell: MatrixCell, **params: Any) -> tuple[str, str]:
    """``(method, path)`` of an API cell with its ``{param}`` placeholders filled in."""
    _, method, template = cell.url_name.split(" ", 2)
    path = template
    for name, value in params.items():
        path = path.replace("{" + name + "}", str(value))
    if "{" in path:
        raise AssertionError(f"{cell}: no value for a parameter of {template}")
    return method, path


def api_headers(user: Any) -> dict[str, str]:
    """Request headers carrying a fresh API token of ``user`` (``{}`` for the anonymous role: no token)."""
    if user is None:
        return {}
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="权限矩阵测试", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def matrix_call(
    client: Any,
    cell: MatrixCell,
    users: dict[str, Any],
    *,
    url: str,
    method: str = "GET",
    data: dict[str, Any] | None = None,
) -> Any:
    """Run one cell: log the cell's role in (session for pages, bearer token for the API) and send the request."""
    user = None if cell.role == ANONYMOUS else users[cell.role]
    headers: dict[str, str] = {}
    if cell.url_name.startswith("api "):
        headers = api_headers(user)
    elif user is not None:
        client.force_login(user)
    if method == "GET":
        return client.get(url, data or {}, **headers)
    if method == "POST":
        return client.post(url, data or {}, **headers)
    return client.generic(method, url, **headers)


def browser_login(page: Any, live_server: Any, user: Any, *, timeout_ms: int | None = None) -> None:
    """Log ``user`` in to a Playwright ``page`` of the live server: one session made by Django's test client, its
    cookie handed to the browser (the one way the e2e tests log in). ``timeout_ms``: the page's default wait."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.clear_cookies()
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    if timeout_ms is not None:
        page.set_default_timeout(timeout_ms)
