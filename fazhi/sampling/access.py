"""Fetch-and-check gates: samples are department-scoped (the same "not found" for missing and forbidden);
plans, tasks and campaigns are the bureau's plans, readable by every staff role with ``sampling.view``."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.sampling.models import Campaign, Sample, SamplingPlan, SamplingTask


def access_sample(*, user: Any, pk: int, permission: str = "sampling.view") -> Sample:
    return access_object(
        user,
        Sample.objects.select_related("entity", "producer", "department", "task__plan", "task__lab", "clue"),
        permission=permission,
        department_field="department",
        what="抽检样品",
        pk=pk,
    )


def access_plan(*, user: Any, pk: int) -> SamplingPlan:
    return access_object(
        user, SamplingPlan.objects.select_related("department"), permission="sampling.view", what="抽检计划", pk=pk
    )


def access_task(*, user: Any, pk: int) -> SamplingTask:
    return access_object(
        user,
        SamplingTask.objects.select_related("plan", "department", "lab"),
        permission="sampling.view",
        what="抽样任务",
        pk=pk,
    )


def access_campaign(*, user: Any, pk: int) -> Campaign:
    return access_object(
        user, Campaign.objects.select_related("department"), permission="sampling.view", what="专项整治", pk=pk
    )
