"""Staff screens: plans and tasks (科室负责人), the draw screen (publish, seed, draw, replacement with the 局领导's
approval), "my inspections", result entry and re-checks (执法人员). Every write goes through a service, which
checks the role and the department again (object-level), whatever path the request took."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from fazhi.core import clock, validation
from fazhi.core.access import scope, staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.roles import user_can
from fazhi.core.views import form_errors_to_messages, posted_revision, run_action, run_form
from fazhi.inspections import selectors, services, workflow
from fazhi.inspections.access import access_assignment, access_draw, access_plan, access_task, visible_tasks
from fazhi.inspections.choices import ReplacementStatus, SeedKind, TaskStatus
from fazhi.inspections.consequences import RESULT_RULES
from fazhi.inspections.forms import (
    ConflictForm,
    FreezeForm,
    ItemForm,
    PlanForm,
    RecheckForm,
    ReplacementDecisionForm,
    ReplacementRequestForm,
    ResultForm,
    SeedSourceForm,
    SeedValueForm,
    TaskForm,
)
from fazhi.inspections.models import InspectionItem, InspectionPlan, InspectionTask, OfficerConflict
from fazhi.registry import selectors as registry_selectors


@staff_view("inspections.view")
def plan_list(request):
    plans = InspectionPlan.objects.select_related("lead_department").annotate(
        task_count=Count("tasks", distinct=True), member_count=Count("member_units", distinct=True)
    )
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit() and len(year) == 4:
        plans = plans.filter(year=int(year))
    today = legal_today()
    tasks = scope(request.user, InspectionTask.objects.select_related("plan", "department"), "department")
    overdue = list(tasks.filter(pk__in=selectors.overdue_tasks(today)).order_by("publicity_due_on")[:20])
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": plans[:200],
            "overdue": overdue,
            "can_plan": user_can(request.user, "inspections.plan"),
            "can_record": user_can(request.user, "inspections.record_result"),
        },
    )


@staff_view("inspections.plan")
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST":
        outcome = run_form(request, form, lambda data: services.plan_create(**data, actor=request.user))
        if outcome.ok:
            return redirect("inspections:plan_detail", pk=outcome.value.pk)
    return render(request, "inspections/form.html", {"form": form, "title": "新建抽查计划"})


@staff_view("inspections.plan")
def plan_publish(request, pk: int):
    plan = access_plan(request.user, pk, permission="inspections.plan")
    if request.method == "POST":
        run_action(
            request,
            lambda: services.plan_publish(plan=plan, actor=request.user),
            success="抽查计划已公布：计划及其任务已在公示页面公开。",
        )
    return redirect("inspections:plan_detail", pk=pk)


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

    def declare(data):
        return services.conflict_declare(
            officer=data["officer"],
            entity=_entity_by_uscc(data["uscc"]),
            reason=data["reason"],
            declared_on=legal_today(),
            note=data["note"],
            actor=request.user,
        )

    if (
        request.method == "POST"
        and run_form(request, form, declare, success="回避申报已登记，抽取时该执法人员不会被分配检查该主体。").ok
    ):
        return redirect("inspections:conflict_list")
    conflicts = scope(
        request.user,
        OfficerConflict.objects.select_related("officer", "entity").order_by("-declared_on", "-id"),
        "officer__department",
    )
    return render(request, "inspections/conflict_list.html", {"form": form, "conflicts": conflicts[:300]})


@staff_view("inspections.plan")
def item_list(request):
    """抽查事项清单: add an item with its 检查对象 (its power must be in force on its effective date)."""
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST":
        outcome = run_form(request, form, lambda data: services.item_create(**data, actor=request.user))
        if outcome.ok:
            messages.success(request, f"抽查事项 {outcome.value} 已添加。")
            return redirect("inspections:item_list")
    items = InspectionItem.objects.select_related("department").order_by("code", "effective_from")
    return render(request, "inspections/item_list.html", {"form": form, "items": items[:500]})


@staff_view("inspections.view", gate=access_plan)
def plan_detail(request, pk: int):
    plan = access_plan(request.user, pk)
    tasks = plan.tasks.select_related("department").order_by("window_start", "id")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            # the reader opens only the tasks of their own department (access_task); the others are listed unlinked
            "openable": set(visible_tasks(request.user).filter(plan=plan).values_list("id", flat=True)),
            "members": plan.member_units.all(),
            "today": legal_today(),
            "can_plan": user_can(request.user, "inspections.plan"),
        },
    )


@staff_view("inspections.plan")
def task_create(request, pk: int):
    plan = access_plan(request.user, pk, permission="inspections.plan")
    form = TaskForm(request.POST or None, user=request.user)

    def create(data):
        return services.task_create(
            plan=plan,
            name=data["name"],
            department=data["department"],
            participating_departments=list(data["participating_departments"]),
            items=list(data["items"]),
            window_start=data["window_start"],
            window_end=data["window_end"],
            sample_size=data["sample_size"],
            sample_ratio=data["sample_ratio"],
            strata_ratios=form.strata_ratios(),
            team_size=data["team_size"],
            pool_criterion=form.criterion(),
            actor=request.user,
        )

    if request.method == "POST":
        outcome = run_form(request, form, create)
        if outcome.ok:
            return redirect("inspections:task_detail", pk=outcome.value.pk)
    return render(request, "inspections/form.html", {"form": form, "title": f"新建抽查任务 · {plan}"})


def _seed_state(seed: Any, task: InspectionTask) -> str:
    if seed is None:
        return "none"
    if seed.kind == SeedKind.SECRET:
        return "fixed"
    if seed.value:
        return "fixed"
    if seed.first_entry:
        return "second"
    return "first"


@staff_view("inspections.view", gate=access_task)
def task_detail(request, pk: int):
    """The draw screen: plan publication, the pools and their hashes with the seed's commitment, the seed (two
    entries of the lottery numbers), replacement with the leader's approval, the draws, teams and results."""
    task = access_task(request.user, pk)
    frozen = getattr(task, "frozen_pool", None) if hasattr(task, "frozen_pool") else None
    draws = list(task.draws.filter(staging=False).select_related("drawn_by", "seed", "superseded_by").order_by("id"))
    current = next((d for d in draws if d.superseded_by_id is None), None)
    assignments = []
    if current is not None:
        assignments = list(
            current.assignments.select_related("entity", "result").prefetch_related("officers").order_by("rank")[:500]
        )
    seed = services.live_seed(task)
    replacements = list(task.seed_replacements.select_related("requested_by", "decided_by", "seed").order_by("id"))
    pending = next((r for r in replacements if r.status == ReplacementStatus.REQUESTED), None)
    acts_for_task = not getattr(request.user, "department_id", None) or task.department_id == request.user.department_id
    can_draw = user_can(request.user, "inspections.draw") and (
        acts_for_task or request.user.role not in ("officer", "section_chief")
    )
    return render(
        request,
        "inspections/task_detail.html",
        {
            "task": task,
            "frozen": frozen,
            "draws": draws,
            "current": current,
            "assignments": assignments,
            "seed": seed,
            "seed_state": _seed_state(seed, task),
            "seeds": list(task.seeds.order_by("id")),
            "replacements": replacements,
            "pending": pending,
            "actions": workflow.allowed_actions(task.status),
            "can_draw": can_draw,
            "can_plan": user_can(request.user, "inspections.plan"),
            "can_approve": user_can(request.user, "inspections.approve_seed"),
            "can_full": user_can(request.user, "inspections.full_record.view"),
            "items": task.items.all(),
            "departments": task.participating_departments.all(),
            "criterion_text": selectors.pool_criterion_text(task),
            "freeze_form": FreezeForm(initial={"revision": task.revision, "seed_kind": SeedKind.SECRET}),
            "source_form": SeedSourceForm(initial={"seed_kind": SeedKind.SECRET}),
            "value_form": SeedValueForm(),
            "request_form": ReplacementRequestForm(),
            "decision_form": ReplacementDecisionForm(),
            "today": legal_today(),
            "now": clock.now(),
            "plan_published": task.plan.status == "published",
            "drawn_states": (TaskStatus.DRAWN, TaskStatus.IN_PROGRESS, TaskStatus.FINISHED, TaskStatus.PUBLISHED),
        },
    )


def _post_action(request, pk: int, permission: str, form_class: Any, act: Callable[..., str | None]) -> HttpResponse:
    """A POST from the draw screen: validate, run the service on the revision the screen showed (stale screens are
    refused), show its outcome as a message, back to the task."""
    task = access_task(request.user, pk, permission=permission)
    if request.method != "POST":
        return redirect("inspections:task_detail", pk=pk)
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("inspections:task_detail", pk=pk)
    data = form.cleaned_data if form is not None else {}

    def run() -> str | None:
        shown = posted_revision(request)
        if shown is not None:
            task.revision = shown
        return act(task, data)

    outcome = run_action(request, run)
    if outcome.ok and outcome.value:
        messages.success(request, outcome.value)
    elif outcome.error is not None:
        for failure in outcome.error.params.get("failures", [])[:20]:
            messages.error(request, f"{failure['uscc']}：{failure['reason']}")
    return redirect("inspections:task_detail", pk=pk)


@staff_view("inspections.draw")
def task_freeze(request, pk: int):
    def act(task, data):
        frozen = services.task_freeze_pools(
            task=task,
            actor=request.user,
            seed_kind=data["seed_kind"],
            lottery_source=data["lottery_source"],
            lottery_draw_at=FreezeForm.draw_at_of(data),
        )
        return f"名录库已固定并公布：{frozen.candidate_count} 户，哈希 {frozen.candidates_hash[:16]}…；随机种子来源已同时公布。"

    return _post_action(request, pk, "inspections.draw", FreezeForm, act)


@staff_view("inspections.draw")
def seed_value(request, pk: int):
    def act(task, data):
        seed = services.live_seed(task)
        if seed is None:
            raise DomainError("inspections.seed_not_open", "任务没有待录入的随机种子。")
        entry = services.seed_enter_value(seed=seed, value=data["value"], actor=request.user)
        if entry.outcome == "first":
            return "第一遍已录入（号码不显示）。请另一位同事独立录入第二遍。"
        if entry.outcome == "mismatch":
            messages.error(request, "两遍录入的开奖号码不一致：两遍录入均已作废并记录，请两人重新分别录入。")
            return None
        return f"两人录入一致，随机种子已确定：{entry.seed.value}"

    return _post_action(request, pk, "inspections.draw", SeedValueForm, act)


@staff_view("inspections.draw")
def replacement_request(request, pk: int):
    def act(task, data):
        services.seed_replacement_request(task=task, reason=data["reason"], actor=request.user)
        return "更换随机种子的申请已提交，待局领导审批。"

    return _post_action(request, pk, "inspections.draw", ReplacementRequestForm, act)


@staff_view("inspections.approve_seed")
def replacement_decide(request, pk: int):
    def act(task, data):
        pending = task.seed_replacements.filter(status=ReplacementStatus.REQUESTED).first()
        if pending is None:
            raise DomainError("inspections.replacement_decided", "没有待审批的更换申请。")
        approve = data["decision"] == "approve"
        services.seed_replacement_decide(replacement=pending, approve=approve, note=data["note"], actor=request.user)
        return "已批准更换随机种子：原种子及其抽取作废，请公布新的种子来源。" if approve else "已不批准更换随机种子。"

    return _post_action(request, pk, "inspections.approve_seed", ReplacementDecisionForm, act)


@staff_view("inspections.draw")
def seed_commit(request, pk: int):
    def act(task, data):
        seed = services.seed_commit(
            task=task,
            kind=data["seed_kind"],
            lottery_source=data["lottery_source"],
            lottery_draw_at=SeedSourceForm.draw_at_of(data),
            actor=request.user,
        )
        return f"新的随机种子来源已公布：{seed.get_kind_display()}。"

    return _post_action(request, pk, "inspections.draw", SeedSourceForm, act)


@staff_view("inspections.draw")
def task_draw(request, pk: int):
    def act(task, data):
        draw = services.task_draw(task=task, actor=request.user)
        return f"抽取完成：抽中 {draw.selected_count} 户，记录哈希 {draw.record_hash[:16]}…"

    return _post_action(request, pk, "inspections.draw", None, act)


@staff_view("inspections.plan")
def task_finish(request, pk: int):
    def act(task, data):
        if request.POST.get("action") == "publish":
            services.task_publish_results(task=task, on=legal_today(), actor=request.user)
            return "检查结果已公示。"
        task = services.task_finish(task=task, on=legal_today(), actor=request.user)
        return f"检查已结束，结果须于 {task.publicity_due_on} 前公示。"

    return _post_action(request, pk, "inspections.plan", None, act)


def record_response(chunks: Iterator[str], filename: str) -> StreamingHttpResponse:
    """A record file, streamed (a million-candidate pool is never built as one string)."""
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view("inspections.view")
def draw_record(request, pk: int):
    """The public record file of a draw (what `fazhi draw verify` checks)."""
    draw = access_draw(request.user, pk)
    return record_response(services.record_chunks(draw, disclosure="public"), f"draw-{draw.task_id}-{draw.pk}.txt")


@staff_view("inspections.full_record.view")
def draw_full_record(request, pk: int):
    """The full record (risk classes, salt, recusal reasons) for the oversight and audit roles."""
    draw = access_draw(request.user, pk, permission="inspections.full_record.view")
    return record_response(services.record_chunks(draw, disclosure="full"), f"draw-{draw.task_id}-{draw.pk}-full.txt")


@staff_view("inspections.record_result")
def my_inspections(request):
    rows = list(selectors.my_assignments(request.user).prefetch_related("officers").select_related("result")[:300])
    rechecks = list(selectors.rechecks_due(request.user)[:100])
    return render(
        request, "inspections/my_inspections.html", {"rows": rows, "rechecks": rechecks, "today": legal_today()}
    )


@staff_view("inspections.record_result")
def result_entry(request, pk: int):
    assignment = access_assignment(request.user, pk)
    officers = list(assignment.officers.all())
    existing = getattr(assignment, "result", None) if hasattr(assignment, "result") else None
    initial = {"inspected_on": legal_today(), "officers_present": [str(o.pk) for o in officers]}
    post = request.POST if request.method == "POST" and existing is None else None
    form = ResultForm(post, request.FILES or None, officers=officers, initial=initial)

    def record(data):
        upload = data.get("evidence")
        return services.result_record(
            assignment=assignment,
            category=data["category"],
            inspected_on=data["inspected_on"],
            officers_present=[o for o in officers if str(o.pk) in data["officers_present"]],
            findings=data["findings"],
            follow_up=data["follow_up"] or None,
            rectification_due_on=data["rectification_due_on"],
            recheck_on=data["recheck_on"],
            transfer_to=data["transfer_to"],
            actor=request.user,
            attachments=[(upload.name, upload.read(services.EVIDENCE_MAX_BYTES + 1))] if upload else [],
        )

    if post is not None and run_form(request, form, record, success=f"{assignment.entity.name} 的检查结果已保存。").ok:
        return redirect("inspections:my_inspections")
    recheck_form = RecheckForm(initial={"rechecked_on": legal_today()})
    return render(
        request,
        "inspections/result_entry.html",
        {
            "assignment": assignment,
            "form": form,
            "result": existing,
            "officers": officers,
            "recheck_form": recheck_form,
            "rules": [(c, RESULT_RULES[c]) for c in RESULT_RULES],
        },
    )


@staff_view("inspections.record_result")
def result_recheck(request, pk: int):
    assignment = access_assignment(request.user, pk)
    result = getattr(assignment, "result", None) if hasattr(assignment, "result") else None
    if result is None:
        raise NotFound("检查结果")
    form = RecheckForm(request.POST or None)

    def recheck(data):
        return services.result_recheck(
            result=result,
            rechecked_on=data["rechecked_on"],
            corrected=data["outcome"] == "corrected",
            findings=data["findings"],
            actor=request.user,
        )

    if request.method == "POST" and not run_form(request, form, recheck, success="复查结果已保存。").ok:
        form_errors_to_messages(request, form)
    return redirect("inspections:result_entry", pk=pk)
