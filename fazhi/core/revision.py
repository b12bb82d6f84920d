"""The one stale-edit check: an integer ``revision`` on the row, bumped by every write.

A screen renders the revision it showed in a hidden field; the service locks the row and refuses with
``concurrency.stale`` when the stored revision differs, so two people acting on the same record at once never
both succeed. ``RevisionedModel`` adds the field; ``lock`` / ``save_bumped`` do the check and the write::

    with transaction.atomic():
        locked = revision.lock(case, revision=expected, what="案件")
        locked.state = "notified"
        revision.save_bumped(locked, ["state"], original=case)
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from fazhi.core.errors import ConcurrentUpdate, DomainError, NotFound

M = TypeVar("M", bound=models.Model)

MAX_REVISION = 2**31 - 1


class RevisionedModel(models.Model):
    revision = models.PositiveIntegerField("修订号", default=0, editable=False)

    class Meta:
        abstract = True


def parse_revision(value: Any, *, field: str = "revision") -> int | None:
    """The revision a form or API call sent: None when absent, a field error (never a 500) when not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise DomainError("input.revision_invalid", "页面版本号无效，请刷新页面后重试", field=field)
    if not 0 <= number <= MAX_REVISION:
        raise DomainError("input.revision_invalid", "页面版本号无效，请刷新页面后重试", field=field)
    return number


def lock(instance: M, *, revision: int | None = None, what: str = "记录") -> M:
    """Re-read ``instance`` FOR UPDATE (inside ``transaction.atomic``) and insist on the revision the caller saw.

    ``revision=None`` compares with ``instance.revision`` (the value when the caller read it). A row deleted since
    is ``access.not_found``.
    """
    model = type(instance)
    locked = model._default_manager.select_for_update().filter(pk=instance.pk).first()
    if locked is None:  # deleted since the caller read it: the Chinese "not found", never a 500
        raise NotFound(what)
    expected = instance.revision if revision is None else revision  # type: ignore[attr-defined]
    if locked.revision != expected:  # type: ignore[attr-defined]
        raise ConcurrentUpdate(what)
    return locked


def save_bumped(locked: M, fields: list[str], *, original: models.Model | None = None) -> M:
    """Bump the revision, save ``fields`` (+ revision, + updated_at when the model has it), copy onto ``original``."""
    locked.revision += 1  # type: ignore[attr-defined]
    names = [*dict.fromkeys([*fields, "revision"])]
    if any(f.name == "updated_at" for f in locked._meta.concrete_fields) and "updated_at" not in names:
        names.append("updated_at")
    locked.save(update_fields=names)
    if original is not None and original is not locked:
        for name in names:
            setattr(original, name, getattr(locked, name))
    return locked


def update_if_current(instance: M, *, values: dict[str, Any], what: str = "记录", **conditions: Any) -> None:
    """Compare-and-swap in one UPDATE: write ``values`` only if the row still has the caller's revision (and
    ``conditions``, e.g. a status); otherwise ``concurrency.stale``. Bumps the revision; updates ``instance``."""
    model = type(instance)
    current = instance.revision  # type: ignore[attr-defined]
    updated = model._default_manager.filter(pk=instance.pk, revision=current, **conditions).update(
        **values, revision=current + 1
    )
    if updated != 1:
        raise ConcurrentUpdate(what)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.revision = current + 1  # type: ignore[attr-defined]
