"""Gates: fetch and check in one step; "not found" for missing and forbidden alike."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fazhi.core.access import access_object, is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.roles import user_can
from fazhi.inspections.models import Draw, InspectionAssignment, InspectionPlan, InspectionTask
from fazhi.inspections.selectors import my_assignments


def access_plan(user: Any, pk: int, *, permission: str = "inspections.view") -> InspectionPlan:
    # Plans are bureau-wide (joint plans span departments): readable by all staff; writes are checked by the
    # services against the lead department.
    return access_object(user, InspectionPlan.objects.all(), permission=permission, what="抽查计划", pk=pk)


def visible_tasks(user: Any) -> Any:
    """Department-scoped roles see the tasks their department carries out or takes part in."""
    qs = InspectionTask.objects.select_related("plan", "department")
    if is_department_scoped(user):
        qs = qs.filter(Q(department_id=user.department_id) | Q(participating_departments=user.department_id))
    return qs.distinct()


def access_task(user: Any, pk: int, *, permission: str = "inspections.view") -> InspectionTask:
    """The task, if the user may see it (writes: the services also require the implementing department)."""
    return access_object(user, visible_tasks(user), permission=permission, what="抽查任务", pk=pk)


def access_draw(user: Any, pk: int, *, permission: str = "inspections.view") -> Draw:
    """A draw of a task the user may see."""
    draw = access_object(
        user, Draw.objects.filter(staging=False).select_related("task"), permission=permission, what="抽取记录", pk=pk
    )
    access_task(user, draw.task_id, permission=permission)
    return draw


def access_assignment(user: Any, pk: int) -> InspectionAssignment:
    """Officers reach only their own team's entities; section chiefs those of their department's tasks."""
    if not user_can(user, "inspections.record_result"):
        raise NotFound("检查对象")
    qs = my_assignments(user)
    if getattr(user, "role", None) == "section_chief" or user.is_superuser:
        qs = qs | InspectionAssignment.objects.filter(
            task__department_id=user.department_id, draw__superseded_by__isnull=True, draw__staging=False
        )
    try:
        return qs.select_related("task", "entity", "draw").distinct().get(pk=pk)
    except InspectionAssignment.DoesNotExist as exc:
        raise NotFound("检查对象") from exc
