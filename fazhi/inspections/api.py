"""Inspections API: tasks with their pool hashes, a draw record (verifiable JSON), my inspections."""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpResponse
from ninja import Router, Schema

from fazhi.api.params import RecordId
from fazhi.core.access import require
from fazhi.inspections import selectors
from fazhi.inspections.access import access_task
from fazhi.inspections.models import InspectionTask

router = Router(tags=["双随机抽查"])


class TaskOut(Schema):
    id: int
    name: str
    plan: str
    status: str
    window_start: dt.date
    window_end: dt.date
    candidates_hash: str | None
    inspectors_hash: str | None
    conflicts_hash: str | None
    current_draw_id: int | None
    publicity_due_on: dt.date | None
    published_on: dt.date | None


class AssignmentOut(Schema):
    id: int
    task_id: int
    task: str
    uscc: str
    entity: str
    has_result: bool


def _task_out(task: InspectionTask) -> dict:
    frozen = getattr(task, "frozen_pool", None) if hasattr(task, "frozen_pool") else None
    draw = selectors.current_draw(task)
    return {
        "id": task.pk,
        "name": task.name,
        "plan": str(task.plan),
        "status": task.status,
        "window_start": task.window_start,
        "window_end": task.window_end,
        "candidates_hash": frozen.candidates_hash if frozen else None,
        "inspectors_hash": frozen.inspectors_hash if frozen else None,
        "conflicts_hash": frozen.conflicts_hash if frozen else None,
        "current_draw_id": draw.pk if draw else None,
        "publicity_due_on": task.publicity_due_on,
        "published_on": task.published_on,
    }


@router.get("/tasks/{task_id}", response=TaskOut)
def task_detail(request, task_id: RecordId):
    return _task_out(access_task(request.user, task_id))


@router.get("/tasks/{task_id}/record")
def task_record(request, task_id: RecordId):
    """The current draw record (canonical JSON, as `fazhi draw verify` reads it)."""
    task = access_task(request.user, task_id)
    draw = selectors.current_draw(task)
    if draw is None:
        return HttpResponse(json.dumps({"code": "inspections.no_draw", "message": "任务尚未抽取"}), status=404)
    return HttpResponse(draw.record_json, content_type="application/json; charset=utf-8")


@router.get("/mine", response=list[AssignmentOut])
def mine(request):
    require(request.user, "inspections.record_result")
    return [
        {
            "id": a.pk,
            "task_id": a.task_id,
            "task": a.task.name,
            "uscc": a.entity.identifier,
            "entity": a.entity.name,
            "has_result": hasattr(a, "result"),
        }
        for a in selectors.my_assignments(request.user).select_related("result")[:500]
    ]
