"""Shared pieces of the inspection services: who may act, the task lock with its stale-screen check, the clock.

Every service takes ``actor=`` and checks it here — role permission and department (object-level: a 科室负责人
acts only for his own department, whatever the path: screen, API, command) — so that no write path escapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core import clock
from fazhi.core.access import is_department_scoped, require
from fazhi.core.errors import ConcurrentUpdate, DomainError, NotFound
from fazhi.inspections import workflow
from fazhi.inspections.models import InspectionTask
from fazhi.rulebook.errors import RulebookError


def now() -> dt.datetime:
    """The moment of a step (published times, stamps): the one clock read of the module."""
    return clock.now()


def rulebook_error(exc: RulebookError) -> DomainError:
    """The rulebook's coded error as a DomainError with the same code and message."""
    return DomainError(exc.code, exc.message, **exc.params)


def require_actor(actor: Any, permission: str) -> None:
    """The actor holds ``permission`` (PermissionDenied otherwise)."""
    require(actor, permission)


def in_scope(actor: Any, department_id: int | None) -> bool:
    """True when ``actor`` may act for ``department_id``: bureau-wide roles always, scoped roles for their own."""
    return not is_department_scoped(actor) or (department_id is not None and actor.department_id == department_id)


def require_department(actor: Any, department: Any, *, field: str = "department", what: str = "部门") -> None:
    """A department-scoped actor may create or change records only for his own department (issue 14 §2)."""
    if not in_scope(actor, getattr(department, "pk", department)):
        raise DomainError(
            "inspections.other_department",
            f"只能为本部门办理：所选{what}不是您所在的部门。如需其他部门办理，请由该部门负责人或局领导操作。",
            field=field,
        )


def require_task_scope(actor: Any, task: InspectionTask) -> None:
    """Writes on a task belong to its implementing department (participants see it but do not act on it)."""
    if not in_scope(actor, task.department_id):
        raise NotFound("抽查任务")


def lock_task(task: InspectionTask, action: str, *, check_version: bool = True) -> tuple[InspectionTask, str]:
    """Lock the task row (inside ``transaction.atomic``) and check the transition; ``version`` guards against
    acting on a stale screen (``concurrency.stale``)."""
    locked = InspectionTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if check_version and locked.version != task.version:
        raise ConcurrentUpdate("抽查任务")
    return locked, workflow.next_status(locked.status, action)


def save_task(locked: InspectionTask, status: str, *fields: str, original: InspectionTask | None = None) -> None:
    """Set ``status``, bump ``version`` and save; copy both back to the caller's instance."""
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", *fields])
    if original is not None:
        original.status, original.version = locked.status, locked.version
        for name in fields:
            setattr(original, name, getattr(locked, name))


def require_reason(text: str, field: str, what: str, *, minimum: int = 4) -> str:
    """A written reason of at least ``minimum`` characters (stripped)."""
    text = (text or "").strip()
    if len(text) < minimum:
        raise DomainError(f"inspections.{field}_required", f"{what}必须写明（至少 {minimum} 个字）。", field=field)
    return text
