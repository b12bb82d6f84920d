"""Gates: fetch and check in one step; "not found" for missing and forbidden alike."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.core.errors import NotFound
from fazhi.inspections.models import InspectionAssignment, InspectionPlan, InspectionTask
from fazhi.inspections.selectors import my_assignments


def access_plan(user: Any, pk: int, *, permission: str = "inspections.view") -> InspectionPlan:
    # Plans are bureau-wide (joint plans span departments): not department-scoped.
    return access_object(user, InspectionPlan.objects.all(), permission=permission, what="抽查计划", pk=pk)


def access_task(user: Any, pk: int, *, permission: str = "inspections.view") -> InspectionTask:
    """Department-scoped roles see the tasks their department carries out or takes part in."""
    qs = InspectionTask.objects.select_related("plan", "department")
    task = access_object(user, qs, permission=permission, what="抽查任务", pk=pk)
    from fazhi.core.access import is_department_scoped

    if is_department_scoped(user) and task.department_id != user.department_id:
        if not task.participating_departments.filter(pk=user.department_id).exists():
            raise NotFound("抽查任务")
    return task


def access_assignment(user: Any, pk: int) -> InspectionAssignment:
    """Officers reach only their own team's entities; section chiefs those of their department's tasks."""
    from fazhi.core.roles import user_can

    if not user_can(user, "inspections.record_result"):
        raise NotFound("检查对象")
    qs = my_assignments(user)
    if getattr(user, "role", None) == "section_chief" or user.is_superuser:
        qs = qs | InspectionAssignment.objects.filter(
            task__department_id=user.department_id, draw__superseded_by__isnull=True
        )
    try:
        return qs.select_related("task", "entity", "draw").distinct().get(pk=pk)
    except InspectionAssignment.DoesNotExist as exc:
        raise NotFound("检查对象") from exc
