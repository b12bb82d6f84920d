"""Shared pytest fixtures: users per role, departments, the API client, the browser launch settings."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1024, "height": 768}}


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests create many users: hash their passwords with a fast hasher (PBKDF2 costs ~0.3 s per user).

    The production hashers stay configured after it, so stored PBKDF2 hashes still verify."""
    from django.conf import settings
    from django.test.utils import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS])
    fast.enable()
    yield
    fast.disable()


@pytest.fixture
def department(db):
    from fazhi.registry.models import Department

    return Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")


@pytest.fixture
def other_department(db):
    from fazhi.registry.models import Department

    return Department.objects.create(code="WX", name="万新市场监管所", kind="office")


@pytest.fixture
def make_user(db, department):
    from fazhi.core.models import User

    def make(role: str = "officer", *, dept=None, username: str | None = None, **extra):
        username = username or f"{role}-{User.objects.count() + 1}"
        return User.objects.create_user(
            username=username, password="pw-secret-123", role=role, department=dept or department, display_name=username, **extra
        )

    return make


@pytest.fixture
def role_users(make_user):
    """One user per role, all in ``department``."""
    from fazhi.core.roles import Role

    return {r.value: make_user(r.value, username=f"u-{r.value}") for r in Role}
