"""专项整治 campaigns with their checks."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import page_number
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.registry import selectors as registry_selectors
from fazhi.sampling import forms, selectors, services
from fazhi.sampling.access import access_campaign
from fazhi.sampling.choices import CampaignStatus, Finding
from fazhi.sampling.views.common import (
    PAGE,
    year_param,
)


@staff_view("sampling.view")
def campaign_list(request):
    year = year_param(request)
    page = page_number(request)
    rows = list(selectors.campaigns_for(request.user, year=year)[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/campaign_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "year": year or "",
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )


@staff_view("sampling.plan")
def campaign_new(request):
    today = legal_today()
    form = forms.CampaignForm(request.POST or None, user=request.user, initial={"starts_on": today, "ends_on": today})
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.campaign_create(actor=user, **d), success="已登记专项整治")
        if outcome.ok:
            return redirect("sampling:campaign_detail", pk=outcome.value.pk)
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记专项整治"},
        status=422 if request.method == "POST" else 200,
    )


def _campaign_page(request, campaign: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    bound = bound or {}
    today = legal_today()
    checks = list(campaign.checks.select_related("entity", "department", "clue").order_by("id"))
    is_open = campaign.status == CampaignStatus.OPEN
    may_plan = is_open and user_can(request.user, "sampling.plan")
    may_record = is_open and user_can(request.user, "sampling.record")
    return render(
        request,
        "sampling/campaign_detail.html",
        {
            "c": campaign,
            "checks": checks,
            "problems": sum(1 for c in checks if c.finding in (Finding.RECTIFY, Finding.CLUE)),
            "select_form": bound.get("select") or (forms.SelectForm() if may_plan else None),
            "close_form": bound.get("close") or (forms.CloseCampaignForm(initial={"on": today}) if may_plan else None),
            "may_record": may_record,
            "check_form": bound.get("check"),
            "today": today,
        },
        status=status,
    )


@staff_view("sampling.view", gate=access_campaign)
def campaign_detail(request, pk: int):
    return _campaign_page(request, access_campaign(user=request.user, pk=pk))


CAMPAIGN_ACTIONS: dict[str, tuple[type[Any], str, str]] = {
    "select": (forms.SelectForm, "sampling.plan", "已选定检查对象"),
    "close": (forms.CloseCampaignForm, "sampling.plan", "专项整治已结束"),
    "check": (forms.CheckForm, "sampling.record", "已登记检查结果"),
    "recheck": (forms.RecheckForm, "sampling.record", "已登记复查结果"),
    "clue": (forms.CheckClueForm, "sampling.record", "已移交立案核查"),
}


@staff_view("sampling.view")
def campaign_act(request, pk: int, action: str):
    if action not in CAMPAIGN_ACTIONS:
        raise Http404
    form_class, permission, success = CAMPAIGN_ACTIONS[action]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    campaign = access_campaign(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("sampling:campaign_detail", pk=pk)
    form = form_class(request.POST)
    user = request.user

    def check_of(d: dict[str, Any]) -> Any:
        check = campaign.checks.select_related("campaign", "entity").filter(pk=d["check"]).first()
        if check is None:
            raise DomainError("sampling.no_check", "该专项整治中没有这个检查对象", field="check")
        return check

    def run(d: dict[str, Any]) -> Any:
        if action == "select":
            entities = registry_selectors.active_entities_matching(
                industry=d["industry"], street=d["street"], name_contains=d["name_contains"],
                on=campaign.starts_on, limit=5000 if d["draw"] else d["limit"],
            )  # fmt: skip
            criteria = {k: d[k] for k in ("industry", "street", "name_contains", "limit") if d[k]}
            if d["draw"]:
                return services.campaign_draw(
                    campaign=campaign, pool=entities, size=min(d["limit"], len(entities)) or 1,
                    seed_hex=secrets.token_hex(32), drawn_at=timezone.localtime(), actor=user,
                )  # fmt: skip
            return services.campaign_select(campaign=campaign, entities=entities, criteria=criteria, actor=user)
        if action == "close":
            return services.campaign_close(campaign=campaign, on=d["on"], summary=d["summary"], actor=user)
        check = check_of(d)
        revision = parse_revision(d.get("revision"))
        if action == "check":
            return services.check_record(
                check=check, checked_on=d["checked_on"], finding=d["finding"], officers=d["officers"],
                description=d["description"], rectification_due_on=d["rectification_due_on"],
                expected_revision=revision, actor=user,
            )  # fmt: skip
        if action == "recheck":
            return services.check_recheck(
                check=check, rechecked_on=d["rechecked_on"], result=d["result"], expected_revision=revision, actor=user
            )
        return services.check_hand_over(check=check, on=d["on"], actor=user)

    outcome = run_form(request, form, run, success=success)
    if outcome.ok:
        return redirect("sampling:campaign_detail", pk=pk)
    return _campaign_page(request, campaign, bound={action: form}, status=422)
