"""Staff screens: plans and tasks (科室负责人), the draw screen, "my inspections" and result entry (执法人员)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fazhi.core import validation
from fazhi.core.access import scope, staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.roles import user_can
from fazhi.inspections import selectors, services, workflow
from fazhi.inspections.access import access_assignment, access_plan, access_task
from fazhi.inspections.forms import (
    ConflictForm,
    DrawForm,
    ItemForm,
    PlanForm,
    RedrawForm,
    ResultForm,
    SeedAnnounceForm,
    SeedValueForm,
    TaskForm,
)
from fazhi.inspections.models import Draw, DrawSeed, InspectionItem, InspectionPlan, InspectionTask, OfficerConflict
from fazhi.registry import selectors as registry_selectors


def _error(request, exc: DomainError) -> None:
    messages.error(request, f"[{exc.code}] {exc.message}")


@staff_view("inspections.view")
def plan_list(request):
    plans = InspectionPlan.objects.select_related("lead_department").annotate(
        task_count=Count("tasks", distinct=True), member_count=Count("member_units", distinct=True)
    )
    year = request.GET.get("year")
    if year and year.isdigit():
        plans = plans.filter(year=int(year))
    today = legal_today()
    tasks = scope(request.user, InspectionTask.objects.select_related("plan", "department"), "department")
    overdue = list(tasks.filter(pk__in=selectors.overdue_tasks(today)).order_by("publicity_due_on")[:20])
    return render(
        request,
        "inspections/plan_list.html",
        {"plans": plans[:200], "overdue": overdue, "can_plan": user_can(request.user, "inspections.plan")},
    )


@staff_view("inspections.plan")
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(**form.cleaned_data)
        except DomainError as exc:
            _error(request, exc)
        else:
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": "新建抽查计划"})


def _entity_by_uscc(raw: str) -> Any:
    uscc = validation.uscc(raw, field="uscc")
    entity = registry_selectors.entity_by_uscc(uscc)
    if entity is None:
        raise DomainError(
            "inspections.entity_unknown",
            f"主体名录中没有统一社会信用代码为 {uscc} 的市场主体，请核对代码或先在主体名录中登记",
            field="uscc",
        )
    return entity


@staff_view("inspections.plan")
def conflict_list(request):
    """回避申报: declare an officer–entity conflict and list the declared ones (officers of the user's scope)."""
    officers = scope(request.user, registry_selectors.active_officers(), "department")
    form = ConflictForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conflict_declare(
                officer=data["officer"],
                entity=_entity_by_uscc(data["uscc"]),
                reason=data["reason"],
                declared_on=legal_today(),
                note=data["note"],
            )
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, "回避申报已登记，抽取时该执法人员不会被分配检查该主体。")
            return redirect("inspections:conflict_list")
    conflicts = scope(
        request.user,
        OfficerConflict.objects.select_related("officer", "entity").order_by("-declared_on", "-id"),
        "officer__department",
    )
    return render(request, "inspections/conflict_list.html", {"form": form, "conflicts": conflicts[:300]})


@staff_view("inspections.plan")
def item_list(request):
    """抽查事项清单: add an item (its power must be in force on its effective date) and list all versions."""
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(**form.cleaned_data)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"抽查事项 {item} 已添加。")
            return redirect("inspections:item_list")
    items = InspectionItem.objects.select_related("department").order_by("code", "effective_from")
    return render(request, "inspections/item_list.html", {"form": form, "items": items[:500]})


@staff_view("inspections.view")
def plan_detail(request, pk: int):
    plan = access_plan(request.user, pk)
    tasks = plan.tasks.select_related("department").order_by("window_start", "id")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "members": plan.member_units.all(),
            "today": legal_today(),
            "can_plan": user_can(request.user, "inspections.plan"),
        },
    )


@staff_view("inspections.plan")
def task_create(request, pk: int):
    plan = access_plan(request.user, pk, permission="inspections.plan")
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criterion = {
            k: data[k] for k in ("risk_classes", "exclude_inspected_months", "exclude_drawn_this_year") if data[k]
        }
        try:
            task = services.task_create(
                plan=plan,
                name=data["name"],
                department=data["department"],
                participating_departments=list(data["participating_departments"]) or None,
                items=list(data["items"]),
                window_start=data["window_start"],
                window_end=data["window_end"],
                sample_size=data["sample_size"],
                sample_ratio=data["sample_ratio"],
                team_size=data["team_size"],
                pool_criterion=criterion,
            )
        except DomainError as exc:
            _error(request, exc)
        else:
            return redirect("inspections:task_detail", pk=task.pk)
    return render(request, "inspections/form.html", {"form": form, "title": f"新建抽查任务 · {plan}"})


@staff_view("inspections.view")
def task_detail(request, pk: int):
    """The draw screen: parameters, frozen pools with their hashes, the seed's source, draws, teams, results."""
    task = access_task(request.user, pk)
    frozen = getattr(task, "frozen_pool", None) if hasattr(task, "frozen_pool") else None
    draws = list(task.draws.select_related("drawn_by", "superseded_by").order_by("id"))
    current = next((d for d in draws if d.superseded_by_id is None), None)
    assignments = []
    if current is not None:
        assignments = list(
            current.assignments.select_related("entity", "result").prefetch_related("officers").order_by("rank")[:500]
        )
    seeds = list(task.seeds.filter(draw__isnull=True).order_by("id"))
    can_draw = user_can(request.user, "inspections.draw")
    return render(
        request,
        "inspections/task_detail.html",
        {
            "task": task,
            "frozen": frozen,
            "draws": draws,
            "current": current,
            "assignments": assignments,
            "seeds": seeds,
            "actions": workflow.allowed_actions(task.status),
            "can_draw": can_draw,
            "can_plan": user_can(request.user, "inspections.plan"),
            "items": task.items.all(),
            "departments": task.participating_departments.all(),
            "criterion_text": selectors.pool_criterion_text(task.pool_criterion),
            "announce_form": SeedAnnounceForm(),
            "redraw_form": RedrawForm(),
            "today": legal_today(),
        },
    )


def _task_for_post(request, pk: int, permission: str):
    task = access_task(request.user, pk, permission=permission)
    version = request.POST.get("version")
    if version and version.isdigit():
        task.version = int(version)  # act on the version the screen showed (stale screens are refused)
    return task


@staff_view("inspections.draw")
def task_freeze(request, pk: int):
    if request.method != "POST":
        return redirect("inspections:task_detail", pk=pk)
    task = _task_for_post(request, pk, "inspections.draw")
    try:
        frozen = services.task_freeze_pools(task=task, by=request.user)
        messages.success(request, f"名录库已固定：{frozen.candidate_count} 户，哈希 {frozen.candidates_hash[:16]}…")
    except DomainError as exc:
        _error(request, exc)
    return redirect("inspections:task_detail", pk=pk)


@staff_view("inspections.draw")
def task_seed(request, pk: int):
    """Announce a public seed, enter its value, or generate a CSPRNG seed (``mode``)."""
    if request.method != "POST":
        return redirect("inspections:task_detail", pk=pk)
    task = access_task(request.user, pk, permission="inspections.draw")
    mode = request.POST.get("mode")
    try:
        if mode == "announce":
            announce = SeedAnnounceForm(request.POST)
            if announce.is_valid():
                services.seed_announce(task=task, source=announce.cleaned_data["source"], by=request.user)
        elif mode == "value":
            form = SeedValueForm(request.POST)
            if form.is_valid():
                seed = task.seeds.get(pk=form.cleaned_data["seed"])
                services.seed_enter_value(seed=seed, value=form.cleaned_data["value"], by=request.user)
        elif mode == "csprng":
            services.seed_generate(task=task, by=request.user)
    except DomainError as exc:
        _error(request, exc)
    except DrawSeed.DoesNotExist:
        messages.error(request, "随机种子不存在。")
    return redirect("inspections:task_detail", pk=pk)


@staff_view("inspections.draw")
def task_draw(request, pk: int):
    if request.method != "POST":
        return redirect("inspections:task_detail", pk=pk)
    task = _task_for_post(request, pk, "inspections.draw")
    redraw = task.status == "drawn"
    form = (RedrawForm if redraw else DrawForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写完整（重新抽取必须写明理由）。")
        return redirect("inspections:task_detail", pk=pk)
    try:
        seed = task.seeds.get(pk=form.cleaned_data["seed"])
        if redraw:
            draw = services.task_redraw(task=task, seed=seed, reason=form.cleaned_data["reason"], by=request.user)
        else:
            draw = services.task_draw(task=task, seed=seed, by=request.user)
        messages.success(request, f"抽取完成：抽中 {draw.selected_count} 户，记录哈希 {draw.record_hash[:16]}…")
    except DomainError as exc:
        _error(request, exc)
        for failure in exc.params.get("failures", [])[:20]:
            messages.error(request, f"{failure['uscc']}：{failure['reason']}")
    except DrawSeed.DoesNotExist:
        messages.error(request, "随机种子不存在。")
    return redirect("inspections:task_detail", pk=pk)


@staff_view("inspections.plan")
def task_finish(request, pk: int):
    if request.method != "POST":
        return redirect("inspections:task_detail", pk=pk)
    task = _task_for_post(request, pk, "inspections.plan")
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.task_publish_results(task=task, on=legal_today(), by=request.user)
            messages.success(request, "检查结果已公示。")
        else:
            task = services.task_finish(task=task, on=legal_today(), by=request.user)
            messages.success(request, f"检查已结束，结果须于 {task.publicity_due_on} 前公示。")
    except DomainError as exc:
        _error(request, exc)
    return redirect("inspections:task_detail", pk=pk)


@staff_view("inspections.view")
def draw_record(request, pk: int):
    """The draw record as a JSON download (what `fazhi draw verify` checks)."""
    draw = Draw.objects.select_related("task").filter(pk=pk).first()
    if draw is None:
        from fazhi.core.errors import NotFound

        raise NotFound("抽取记录")
    access_task(request.user, draw.task_id)
    return _record_response(draw)


def _record_response(draw: Draw) -> HttpResponse:
    response = HttpResponse(draw.record_json, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.task_id}-{draw.pk}.json"'
    return response


@staff_view("inspections.record_result")
def my_inspections(request):
    rows = list(selectors.my_assignments(request.user).prefetch_related("officers").select_related("result")[:300])
    return render(request, "inspections/my_inspections.html", {"rows": rows, "today": legal_today()})


@staff_view("inspections.record_result")
def result_entry(request, pk: int):
    assignment = access_assignment(request.user, pk)
    officers = list(assignment.officers.all())
    existing = getattr(assignment, "result", None) if hasattr(assignment, "result") else None
    initial = {"inspected_on": legal_today(), "officers_present": [str(o.pk) for o in officers]}
    form = ResultForm(request.POST or None, request.FILES or None, officers=officers, initial=initial)
    if request.method == "POST" and existing is None and form.is_valid():
        data = form.cleaned_data
        upload = data.get("evidence")
        try:
            services.result_record(
                assignment=assignment,
                category=data["category"],
                inspected_on=data["inspected_on"],
                officers_present=[o for o in officers if str(o.pk) in data["officers_present"]],
                findings=data["findings"],
                by=request.user,
                attachments=[(upload.name, upload.read())] if upload else [],
            )
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"{assignment.entity.name} 的检查结果已保存。")
            return redirect("inspections:my_inspections")
    return render(
        request,
        "inspections/result_entry.html",
        {"assignment": assignment, "form": form, "result": existing, "officers": officers},
    )
