"""Re-render only what a migration operation made stale (ADR 0008).

Django's migration executor keeps a registry of model classes rendered from the migration state. After each
operation it re-renders the changed model *and every model related to it in either direction, recursively*
(``ProjectState._find_reload_model``). In fazhi nearly every model points to ``core.User`` or
``core.Department``, so creating one model re-rendered all the models created before it: a fresh ``migrate``
rendered 14,119 model classes for 117 models and spent 29 of its 31 s doing so.

A rendered class goes stale only when a class it *refers to* is replaced, because its relation fields hold that
class. Replacing model X therefore requires re-rendering X and every model that points to X (its reverse relations,
and its subclasses), transitively — nothing else:

- the models X points to are not replaced; rendering X' adds its reverse relations to them, and the registry
  expires every model's ``_meta`` caches after rendering, so their ``related_objects`` are computed from the
  current classes (exactly what happens when Django loads the real models one after another);
- a model that did not exist before the operation (``CreateModel``) has nothing pointing to it, so only the new
  class is rendered.

This leaves no stale class behind, so it is at least as exact as Django's "delayed" reload, which leaves the
models two relations away pointing to old classes. The one thing it does not refresh is a reverse-accessor
*attribute* left on a target class by a relation that was removed or renamed; the schema editor and
``_meta`` never read those. Proxy models keep Django's own computation (fazhi has none; their reverse relations
live on the concrete model).

The speed-up is applied by fazhi's ``migrate`` command (``fazhi/core/management/commands/migrate.py``), which also
serves the test databases; tests compare the schema it builds with the one Django's own reload builds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.migrations.state import ProjectState

# A private method of Django's (the stubs do not declare it): named once, read and replaced through getattr/setattr.
_METHOD = "_find_reload_model"
_django_find_reload_model = getattr(ProjectState, _METHOD)


def _pointing_to(model: type[models.Model]) -> Iterator[type[models.Model]]:
    """The models whose classes refer to ``model``: its subclasses and the holders of relations to it."""
    for subclass in model.__subclasses__():
        if issubclass(subclass, models.Model):
            yield subclass
    for field in model._meta.get_fields(include_parents=True, include_hidden=True):
        if field.auto_created and not field.concrete and field.related_model is not None:
            yield field.related_model


def _find_stale_models(
    self: ProjectState, app_label: str, model_name: str, delay: bool = False
) -> set[tuple[str, str]]:
    if delay:
        # Keep Django's bookkeeping: RunPython then re-renders everything before it hands models to a function.
        self.is_delayed = True
    try:
        old_model = self.apps.get_model(app_label, model_name)
    except LookupError:
        return {(app_label, model_name)}
    if old_model._meta.proxy:
        found: set[tuple[str, str]] = _django_find_reload_model(self, app_label, model_name, delay)
        return found
    seen = {old_model}
    queue = [old_model]
    while queue:
        for referrer in _pointing_to(queue.pop()):
            if referrer not in seen:
                seen.add(referrer)
                queue.append(referrer)
    stale = {(model._meta.app_label, model._meta.model_name) for model in seen}
    stale.add((app_label, model_name))
    return stale


@contextlib.contextmanager
def stale_only_reload() -> Iterator[None]:
    """Within the block, migration state operations re-render only the classes they made stale."""
    original: Any = getattr(ProjectState, _METHOD)
    setattr(ProjectState, _METHOD, _find_stale_models)
    try:
        yield
    finally:
        setattr(ProjectState, _METHOD, original)
