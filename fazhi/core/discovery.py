"""Registries filled by each app's own module (``importers.py``, ``metrics.py``), discovered on first use.

An app registers what it owns by calling a ``register_…`` function at import time of ``fazhi/<app>/<module>.py``.
Importing all those modules at start-up (Django's ``autodiscover_modules`` in ``AppConfig.ready``) costs every
process the import of every app's services and selectors they use — a quarter of a second of a command's start-up
that needs none of them (issue 19 §5: ``fazhi import entities`` as a whole command). A ``LazyRegistry`` is a dict
that imports the apps' modules when it is read: a look-up of a missing key imports them in ``INSTALLED_APPS``
order only until the key is registered; listing, counting or testing membership imports them all. Writing (the
``register_…`` functions) never triggers discovery, so a module being imported can register into it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from importlib import import_module, util
from typing import Any, TypeVar

V = TypeVar("V")


class _DiscoveredOnRead:
    """Reads shared by the lazy dict and list: iterating, counting and truth import the apps' modules first."""

    def _discover(self, until: str | None = None) -> None:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        self._discover()
        return super().__iter__()  # type: ignore[misc]

    def __len__(self) -> int:
        self._discover()
        return super().__len__()  # type: ignore[misc,no-any-return]

    def __bool__(self) -> bool:
        return len(self) > 0


class LazyRegistry(_DiscoveredOnRead, dict[str, V]):
    """A dict of registered things whose readers see every app's ``module`` (e.g. ``"metrics"``) imported."""

    def __init__(self, module: str) -> None:
        super().__init__()
        self.module = module
        self._pending: list[str] | None = None  # apps whose module is not imported yet (None: not started)
        self._lock = threading.Lock()  # a server's threads: one discovers, the others wait for it
        self._discovering: int | None = None  # the thread discovering now

    def _discover(self, until: str | None = None) -> None:
        """Import the apps' modules (all, or until ``until`` is registered). A read by the discovering thread itself
        (a module being imported that reads the registry) sees what is registered so far."""
        if self._pending == [] or self._discovering == threading.get_ident():
            return
        with self._lock:
            self._discovering = threading.get_ident()
            try:
                if self._pending is None:
                    from django.apps import apps

                    self._pending = [config.name for config in apps.get_app_configs()]
                while self._pending and (until is None or not dict.__contains__(self, until)):
                    name = f"{self._pending[0]}.{self.module}"
                    if util.find_spec(name) is not None:
                        import_module(name)
                    self._pending.pop(0)  # after the import: a failed import is raised again on the next read
            finally:
                self._discovering = None

    def discover(self) -> None:
        """Import every app's module now."""
        self._discover()

    def __missing__(self, key: str) -> V:
        self._discover(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._discover(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self._discover(key if isinstance(key, str) else None)
        return dict.__contains__(self, key)

    def keys(self) -> Any:
        self._discover()
        return dict.keys(self)

    def values(self) -> Any:
        self._discover()
        return dict.values(self)

    def items(self) -> Any:
        self._discover()
        return dict.items(self)

    def copy(self) -> dict[str, V]:
        self._discover()
        return dict(dict.items(self))


class LazyList(_DiscoveredOnRead, list[V]):
    """A list of declarations (``fazhi.deadlines.copies``) whose readers see every app's ``module`` imported: the
    first read imports them all (``register_…`` functions append, which does not)."""

    def __init__(self, module: str) -> None:
        super().__init__()
        self.module = module
        self._done = False
        self._lock = threading.Lock()
        self._discovering: int | None = None

    def _discover(self, until: str | None = None) -> None:
        if self._done or self._discovering == threading.get_ident():
            return
        from django.utils.module_loading import autodiscover_modules

        with self._lock:
            if self._done:
                return
            self._discovering = threading.get_ident()
            try:
                autodiscover_modules(self.module)
                self._done = True
            finally:
                self._discovering = None

    def __getitem__(self, index: Any) -> Any:
        self._discover()
        return list.__getitem__(self, index)

    def __contains__(self, item: object) -> bool:
        self._discover()
        return list.__contains__(self, item)
