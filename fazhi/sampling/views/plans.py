"""Sampling plans, labs and tasks."""

from __future__ import annotations

from typing import Any

from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.registry import selectors as registry_selectors
from fazhi.sampling import forms, selectors, services
from fazhi.sampling.access import access_plan, access_task
from fazhi.sampling.models import Lab
from fazhi.sampling.views.common import (
    PAGE,
    year_param,
)


@staff_view("sampling.view")
def plan_list(request):
    year = year_param(request)
    return render(
        request,
        "sampling/plan_list.html",
        {
            "plans": list(selectors.plans_for(request.user, year=year)[:200]),
            "labs": list(Lab.objects.order_by("name")),
            "year": year,
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )


@staff_view("sampling.plan")
def plan_new(request):
    form = forms.PlanForm(request.POST or None, user=request.user, initial={"year": legal_today().year})
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.plan_create(actor=user, **d), success="已登记抽检计划")
        if outcome.ok:
            return redirect("sampling:plan_detail", pk=outcome.value.pk)
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记抽检计划"},
        status=422 if request.method == "POST" else 200,
    )


@staff_view("sampling.plan")
def lab_new(request):
    form = forms.LabForm(request.POST or None)
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.lab_register(actor=user, **d), success="已登记承检机构")
        if outcome.ok:
            return redirect("sampling:plan_list")
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记承检机构"},
        status=422 if request.method == "POST" else 200,
    )


@staff_view("sampling.view", gate=access_plan)
def plan_detail(request, pk: int):
    plan = access_plan(user=request.user, pk=pk)
    form = None
    status = 200
    if user_can(request.user, "sampling.plan"):
        form = forms.TaskForm(request.POST or None, initial={"starts_on": legal_today()})
        if request.method == "POST":
            user = request.user
            outcome = run_form(
                request, form, lambda d: services.task_create(plan=plan, actor=user, **d), success="已下达抽样任务"
            )
            if outcome.ok:
                return redirect("sampling:task_detail", pk=outcome.value.pk)
            status = 422
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "sampling.plan"}, status=403)
    tasks = list(plan.tasks.select_related("department", "lab").order_by("number"))
    return render(request, "sampling/plan_detail.html", {"plan": plan, "tasks": tasks, "form": form}, status=status)


@staff_view("sampling.view", gate=access_task)
def task_detail(request, pk: int):
    task = access_task(user=request.user, pk=pk)
    form = None
    status = 200
    may_record = user_can(request.user, "sampling.record")
    if may_record:
        form = forms.SampleForm(request.POST or None, initial={"sampled_on": legal_today()})
        if request.method == "POST":
            user = request.user

            def act(d: dict[str, Any]) -> Any:
                entity = registry_selectors.entity_by_uscc(d["entity_uscc"])
                if entity is None:
                    raise DomainError(
                        "sampling.unknown_entity", "系统中没有该统一社会信用代码的市场主体", field="entity_uscc"
                    )
                producer = None
                if d["producer_uscc"]:
                    producer = registry_selectors.entity_by_uscc(d["producer_uscc"])
                    if producer is None:
                        raise DomainError(
                            "sampling.unknown_entity", "系统中没有该统一社会信用代码的市场主体", field="producer_uscc"
                        )
                return services.sample_register(
                    task=task, number=d["number"], product_name=d["product_name"], sampled_on=d["sampled_on"],
                    entity=entity, producer=producer, producer_name=d["producer_name"], brand=d["brand"],
                    specification=d["specification"], batch_number=d["batch_number"], actor=user,
                )  # fmt: skip

            outcome = run_form(request, form, act, success="已登记抽样")
            if outcome.ok:
                return redirect("sampling:sample_detail", pk=outcome.value.pk)
            status = 422
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "sampling.record"}, status=403)
    page = page_number(request)
    samples = list(selectors.samples_for(request.user).filter(task=task)[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/task_detail.html",
        {"task": task, "samples": samples[:PAGE], "page": page, "has_next": len(samples) > PAGE, "form": form},
        status=status,
    )
