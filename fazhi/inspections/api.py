"""Inspections API: tasks with their pool hashes and seed commitment, the record files, my inspections, and the
two writes a field terminal needs — create a task, record a result. The writes go through the same services as
the screens, which check the role and the department on the object (a chief cannot act for another department
here either)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import StreamingHttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from fazhi.api.params import ApiDate, RecordId
from fazhi.core.access import require
from fazhi.core.errors import DomainError, NotFound
from fazhi.inspections import selectors, services
from fazhi.inspections.access import access_assignment, access_plan, access_task
from fazhi.inspections.choices import FollowUp, ResultCategory
from fazhi.inspections.models import InspectionItem, InspectionTask
from fazhi.registry import selectors as registry_selectors

router = Router(tags=["双随机抽查"])


class TaskOut(Schema):
    id: int
    name: str
    plan: str
    department: str
    status: str
    window_start: dt.date
    window_end: dt.date
    candidates_hash: str | None
    candidate_count: int | None
    inspectors_hash: str | None
    conflict_pairs_hash: str | None
    pool_published_at: dt.datetime | None
    seed_kind: str | None
    seed_source: str | None
    seed_commitment: str | None
    current_draw_id: int | None
    publicity_due_on: dt.date | None
    published_on: dt.date | None


class TaskIn(Schema):
    plan_id: RecordId
    name: str = Field(..., min_length=2, max_length=200)
    department_id: RecordId
    item_ids: list[RecordId] = Field(..., min_length=1, max_length=200)
    window_start: ApiDate
    window_end: ApiDate
    sample_size: int | None = Field(None, ge=1, le=10_000_000)
    sample_ratio: Decimal | None = Field(None, gt=0, le=1, max_digits=7, decimal_places=6)
    team_size: int = Field(2, ge=2, le=10)
    participating_department_ids: list[RecordId] = Field(default_factory=list, max_length=50)


class ResultIn(Schema):
    category: ResultCategory
    inspected_on: ApiDate
    officer_ids: list[RecordId] = Field(..., min_length=2, max_length=10)
    findings: str = Field("", max_length=4000)
    follow_up: FollowUp | None = None
    rectification_due_on: ApiDate | None = None
    recheck_on: ApiDate | None = None
    transfer_to: str = Field("", max_length=100)


class ResultOut(Schema):
    id: int
    category: str
    follow_up: str
    handover_reference: str


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
    seed = services.live_seed(task)
    return {
        "id": task.pk,
        "name": task.name,
        "plan": str(task.plan),
        "department": task.department.name,
        "status": task.status,
        "window_start": task.window_start,
        "window_end": task.window_end,
        "candidates_hash": frozen.candidates_hash if frozen else None,
        "candidate_count": frozen.candidate_count if frozen else None,
        "inspectors_hash": frozen.inspectors_hash if frozen else None,
        "conflict_pairs_hash": frozen.conflict_pairs_hash if frozen else None,
        "pool_published_at": frozen.frozen_at if frozen else None,
        "seed_kind": seed.kind if seed else None,
        "seed_source": seed.source if seed else None,
        "seed_commitment": (seed.commitment or None) if seed else None,
        "current_draw_id": draw.pk if draw else None,
        "publicity_due_on": task.publicity_due_on,
        "published_on": task.published_on,
    }


@router.get("/tasks/{task_id}", response=TaskOut)
def task_detail(request, task_id: RecordId):
    return _task_out(access_task(request.user, task_id))


@router.post("/tasks", response={201: TaskOut})
def task_create(request, payload: TaskIn):
    """Create a task in a plan — for the caller's own department only (``inspections.other_department``)."""
    plan = access_plan(request.user, payload.plan_id, permission="inspections.plan")
    department = registry_selectors.active_departments().filter(pk=payload.department_id).first()
    if department is None:
        raise DomainError("inspections.unknown_department", "实施部门不存在。", field="department_id")
    items = list(InspectionItem.objects.filter(pk__in=payload.item_ids))
    if len(items) != len(set(payload.item_ids)):
        raise DomainError("inspections.unknown_item", "有抽查事项不存在。", field="item_ids")
    others = list(registry_selectors.active_departments().filter(pk__in=payload.participating_department_ids))
    if len(others) != len(set(payload.participating_department_ids)):
        raise DomainError("inspections.unknown_department", "有参与部门不存在。", field="participating_department_ids")
    task = services.task_create(
        plan=plan,
        name=payload.name,
        department=department,
        participating_departments=others,
        items=items,
        window_start=payload.window_start,
        window_end=payload.window_end,
        sample_size=payload.sample_size,
        sample_ratio=payload.sample_ratio,
        team_size=payload.team_size,
        actor=request.user,
    )
    return Status(201, _task_out(task))


def _record(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((c.encode("utf-8") for c in chunks), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/tasks/{task_id}/record")
def task_record(request, task_id: RecordId, full: bool = False):
    """The current draw's record file (``fazhi draw verify``): public, or ``?full=true`` for the oversight and
    audit roles (risk classes, salt, recusal reasons)."""
    task = access_task(request.user, task_id)
    if full:
        require(request.user, "inspections.full_record.view")
    draw = selectors.current_draw(task)
    if draw is None:
        raise NotFound("抽取记录")
    chunks = services.record_chunks(draw, disclosure="full" if full else "public")
    return _record(chunks, f"draw-{task.pk}-{draw.pk}-{'full' if full else 'public'}.txt")


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


@router.post("/assignments/{assignment_id}/result", response={201: ResultOut})
def result_record(request, assignment_id: RecordId, payload: ResultIn):
    """Record the result of one drawn entity (the team's officers or the task department's chief)."""
    assignment = access_assignment(request.user, assignment_id)
    team = {o.pk: o for o in assignment.officers.all()}
    unknown = [pk for pk in payload.officer_ids if pk not in team]
    if unknown:
        raise DomainError(
            "inspections.officers_present", "到场检查人员须为抽中的检查组成员且至少 2 人。", field="officer_ids"
        )
    result = services.result_record(
        assignment=assignment,
        category=payload.category,
        inspected_on=payload.inspected_on,
        officers_present=[team[pk] for pk in payload.officer_ids],
        findings=payload.findings,
        follow_up=payload.follow_up,
        rectification_due_on=payload.rectification_due_on,
        recheck_on=payload.recheck_on,
        transfer_to=payload.transfer_to,
        actor=request.user,
    )
    return Status(
        201,
        {
            "id": result.pk,
            "category": result.category,
            "follow_up": result.follow_up,
            "handover_reference": result.handover_reference,
        },
    )
