"""Discovery loops skip an app that has no such module, never a module whose own import is broken (issue 19 §1:
no ``except ModuleNotFoundError`` that hides a failure inside another module)."""

from __future__ import annotations

import importlib

import pytest

REAL_IMPORT = importlib.import_module


def _broken(target: str):
    """``import_module`` as if ``target`` existed but imported a package that is not installed."""

    def fake(name: str, *args, **kwargs):
        if name == target:
            raise ModuleNotFoundError("No module named 'not_installed_dependency'", name="not_installed_dependency")
        return REAL_IMPORT(name, *args, **kwargs)

    return fake


def _absent(target: str):
    def fake(name: str, *args, **kwargs):
        if name == target:
            raise ModuleNotFoundError(f"No module named {target!r}", name=target)
        return REAL_IMPORT(name, *args, **kwargs)

    return fake


def test_rulebook_table_check_raises_a_broken_table_module(monkeypatch):
    from fazhi.rulebook import loader

    monkeypatch.setattr(loader.importlib, "import_module", _broken("fazhi.rulebook.deadlines"))
    with pytest.raises(ModuleNotFoundError) as err:
        loader.check_all_tables()
    assert err.value.name == "not_installed_dependency"
    monkeypatch.setattr(loader.importlib, "import_module", _absent("fazhi.rulebook.deadlines"))
    assert loader.check_all_tables() == []  # a table module that does not exist is skipped


@pytest.mark.django_db
def test_public_portal_raises_a_broken_public_module(monkeypatch):
    from django.urls import reverse

    from fazhi.publicity import views

    reverse("publicity:index")  # the URLconf is loaded before the import is broken (its own loop is not tested here)
    monkeypatch.setattr(views.importlib, "import_module", _broken("fazhi.credit.public_urls"))
    with pytest.raises(ModuleNotFoundError):
        views.sections()
    monkeypatch.setattr(views.importlib, "import_module", _absent("fazhi.credit.public_urls"))
    urls = [section["url"] for section in views.sections()]
    assert urls and not any(url.startswith("/public/credit/") for url in urls)


@pytest.mark.django_db
def test_home_raises_a_broken_panel_module(client, make_user, monkeypatch):
    from fazhi.web import views

    client.force_login(make_user("section_chief"))
    monkeypatch.setattr(views.importlib, "import_module", _broken("fazhi.cases.selectors"))
    with pytest.raises(ModuleNotFoundError):
        client.get("/")
    monkeypatch.setattr(views.importlib, "import_module", _absent("fazhi.cases.selectors"))
    assert client.get("/").status_code == 200
