"""Shared pieces of the inspection services: who may act, the task lock with its stale-screen check, the clock.

Every service takes ``actor=`` and checks it here — role permission and department (object-level: a 科室负责人
acts only for his own department, whatever the path: screen, API, command) — so that no write path escapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core import clock, revision
from fazhi.core.access import is_department_scoped, require
from fazhi.core.errors import DomainError, NotFound
from fazhi.inspections import workflow
from fazhi.inspections.models import InspectionTask


def now() -> dt.datetime:
    """The moment of a step (published times, stamps): the one clock read of the module."""
    return clock.now()


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


def lock_task(task: InspectionTask, action: str, *, check_revision: bool = True) -> tuple[InspectionTask, str]:
    """Lock the task row (inside ``transaction.atomic``) and check the transition. With ``check_revision`` the
    revision the caller saw must still be current (``concurrency.stale``: a stale screen); steps that many people
    take at once on different records of the task (results, seed entries, replacement requests) skip it."""
    if check_revision:
        locked = revision.lock(task, what="抽查任务")
    else:
        locked = InspectionTask.objects.select_for_update().get(pk=task.pk)
    return locked, workflow.next_status(locked.status, action)


def save_task(locked: InspectionTask, status: str, *fields: str, original: InspectionTask | None = None) -> None:
    """Set ``status``, bump the revision and save; copy the saved values back to the caller's instance."""
    locked.status = status
    revision.save_bumped(locked, ["status", *fields], original=original)


def require_reason(text: str, field: str, what: str, *, minimum: int = 4) -> str:
    """A written reason of at least ``minimum`` characters (stripped)."""
    text = (text or "").strip()
    if len(text) < minimum:
        raise DomainError(f"inspections.{field}_required", f"{what}必须写明（至少 {minimum} 个字）。", field=field)
    return text
