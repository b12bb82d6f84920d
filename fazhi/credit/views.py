"""Staff screens: the listings (main page), the removal queue, a listing with its history and acts, the serious
list, credit repairs, an entity's credit page with the misused-identity revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import validation
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import run_action, run_form
from fazhi.credit import revocation, selectors, services, workflow
from fazhi.credit.access import (
    access_application,
    access_listing,
    access_repair,
    access_revocation,
    access_serious,
    may_act,
    may_act_on_department,
)
from fazhi.credit.choices import ApplicationKind, Consequence, Cure, ListingStatus, RevocationStatus
from fazhi.credit.forms import (
    DecideForm,
    LegalReviewForm,
    ResubmitForm,
    RevocationProposeForm,
    WithdrawForm,
)
from fazhi.deadlines.selectors import deadlines_for
from fazhi.registry.access import access_entity


def _date(request, name: str) -> dt.date:
    """The posted date, or a Chinese field error (never today silently in place of a bad or missing date)."""
    day = validation.parse_date(request.POST.get(name, ""), field=name)
    assert day is not None  # required=True
    return day


@staff_view("credit.view")
def abnormal_list(request):
    q = request.GET.get("q", "")
    status = request.GET.get("status", "listed")
    consequence = request.GET.get("consequence", "")
    qs = selectors.staff_listings(
        request.user,
        q=q,
        status=status if status in ListingStatus.values else "",
        consequence=consequence if consequence in Consequence.values else "",
    )
    page = page_number(request)
    rows, has_next = selectors.keyset_page(qs, page)
    return render(
        request,
        "credit/abnormal_list.html",
        {
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "q": q,
            "status": status,
            "consequence": consequence,
            "statuses": ListingStatus.choices,
            "consequences": Consequence.choices,
            "counts": selectors.queue_counts(request.user, legal_today()),
        },
    )


@staff_view("credit.view")
def queue(request):
    rows, has_next = selectors.keyset_page(selectors.application_queue(request.user), page_number(request))
    return render(
        request,
        "credit/queue.html",
        {"rows": rows, "has_next": has_next, "page": page_number(request), "today": legal_today()},
    )


@staff_view("credit.view", gate=access_listing)
def listing(request, pk: int):
    obj = access_listing(user=request.user, pk=pk)
    applications = list(obj.applications.order_by("received_on", "id"))
    return render(
        request,
        "credit/listing.html",
        {
            "listing": obj,
            "applications": [(a, deadlines_for(a)) for a in applications],
            "can_handle": may_act(request.user, obj, "credit.handle"),
            "can_decide": may_act(request.user, obj, "credit.decide"),
            "cures": Cure.choices,
            "today": legal_today(),
        },
    )


@staff_view("credit.handle")
@require_POST
def listing_apply(request, pk: int):
    obj = access_listing(user=request.user, pk=pk, permission="credit.handle")

    def apply() -> None:
        if request.POST.get("kind") == ApplicationKind.OBJECTION:
            services.objection_raise(
                listing=obj,
                received_on=_date(request, "received_on"),
                statement=request.POST.get("statement", ""),
                actor=request.user,
            )
            messages.success(request, "已登记异议，受理期限已开始计算")
        else:
            services.removal_apply(
                listing=obj,
                cure=request.POST.get("cure", ""),
                received_on=_date(request, "received_on"),
                statement=request.POST.get("statement", ""),
                actor=request.user,
            )
            messages.success(request, "已登记移出申请，决定期限已开始计算")

    run_action(request, apply)
    return redirect("credit:listing", pk=obj.pk)


@staff_view("credit.decide")
@require_POST
def application_act(request, pk: int, action: str):
    application = access_application(user=request.user, pk=pk, permission="credit.decide")
    note = request.POST.get("note", "")

    def decide() -> None:
        on = _date(request, "on")
        if action in ("accept", "not_accept"):
            services.objection_accept(
                application=application, accept=action == "accept", on=on, note=note, actor=request.user
            )
        elif action in ("approve", "reject"):
            services.application_decide(
                application=application, approve=action == "approve", decided_on=on, note=note, actor=request.user
            )
        else:
            raise DomainError("credit.unknown_action", "未知的操作")

    run_action(request, decide, success="已记录决定")
    return redirect("credit:listing", pk=application.listing_id)


@staff_view("credit.view")
def serious_list(request):
    rows, has_next = selectors.keyset_page(selectors.serious_listings(request.user), page_number(request))
    return render(
        request, "credit/serious_list.html", {"rows": rows, "has_next": has_next, "page": page_number(request)}
    )


@staff_view("credit.view", gate=access_serious)
def serious(request, pk: int):
    obj = access_serious(user=request.user, pk=pk)
    return render(
        request,
        "credit/serious.html",
        {
            "item": obj,
            "can_decide": may_act(request.user, obj, "credit.decide"),
            "today": legal_today(),
            "authority": selectors.serious_authority(obj),
            "upper_default": settings.FAZHI_UPPER_AUTHORITY,
        },
    )


@staff_view("credit.decide")
@require_POST
def serious_act(request, pk: int, action: str):
    obj = access_serious(user=request.user, pk=pk, permission="credit.decide")
    upper_on = request.POST.get("upper_on", "").strip() or None

    def decide() -> None:
        on = _date(request, "on")
        upper_day = validation.parse_date(upper_on, field="upper_on", required=False)
        if action in ("list", "drop"):
            services.serious_list_decide(
                listing=obj,
                list_it=action == "list",
                decided_on=on,
                statement=request.POST.get("statement", ""),
                upper_ref=request.POST.get("upper_ref", ""),
                upper_on=upper_day,
                upper_authority=request.POST.get("upper_authority", ""),
                actor=request.user,
            )
        elif action in ("remove_early", "expire"):
            services.serious_list_remove(
                listing=obj,
                on=on,
                early=action == "remove_early",
                upper_ref=request.POST.get("upper_ref", ""),
                upper_on=upper_day,
                actor=request.user,
            )
        else:
            raise DomainError("credit.unknown_action", "未知的操作")

    run_action(request, decide, success="已记录决定")
    return redirect("credit:serious", pk=obj.pk)


@staff_view("credit.view")
def repairs(request):
    rows, has_next = selectors.keyset_page(selectors.repairs(request.user), page_number(request))
    return render(request, "credit/repairs.html", {"rows": rows, "has_next": has_next, "page": page_number(request)})


@staff_view("credit.view", gate=access_repair)
def repair(request, pk: int):
    obj = access_repair(user=request.user, pk=pk)
    return render(
        request,
        "credit/repair.html",
        {
            "item": obj,
            "deadlines": deadlines_for(obj),
            "can_decide": may_act(request.user, obj, "credit.decide"),
            "today": legal_today(),
        },
    )


@staff_view("credit.decide")
@require_POST
def repair_act(request, pk: int, action: str):
    obj = access_repair(user=request.user, pk=pk, permission="credit.decide")

    def decide() -> None:
        if action not in ("approve", "reject"):
            raise DomainError("credit.unknown_action", "未知的操作")
        services.repair_decide(
            repair=obj,
            approve=action == "approve",
            decided_on=_date(request, "on"),
            note=request.POST.get("note", ""),
            actor=request.user,
        )

    run_action(request, decide, success="已记录决定")
    return redirect("credit:repair", pk=obj.pk)


@staff_view("credit.view", gate=access_entity, gate_arg="entity_id")
def entity(request, pk: int):
    obj = access_entity(user=request.user, entity_id=pk)
    data = selectors.entity_credit(obj)
    open_revocation = any(r.status in revocation.OPEN for r in data["revocations"])
    can_propose = (
        user_can(request.user, "credit.revoke_propose")
        and may_act_on_department(request.user, obj.office_id)
        and obj.status == "active"
        and not open_revocation
    )
    form = RevocationProposeForm(initial={"on": legal_today()}) if can_propose else None
    return render(
        request,
        "credit/entity.html",
        {
            "entity": obj,
            **data,
            "propose_form": form,
            "own_bars": selectors.entity_own_representative_bars(obj),
            "bar_warnings": selectors.entity_representative_warnings(obj, today=legal_today()),
        },
    )


@staff_view("credit.revoke_propose")
@require_POST
def entity_revoke(request, pk: int):
    """提出撤销登记 (the first of three steps; the entity's own department or the 信用监管科)."""
    from fazhi.registry.access import access_entity

    obj = access_entity(user=request.user, entity_id=pk)
    if not may_act_on_department(request.user, obj.office_id):
        raise NotFound("市场主体")
    form = RevocationProposeForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: revocation.revocation_propose(
            entity=obj, evidence=d["evidence"], proposed_on=d["on"], actor=request.user
        ),
        success="已提出撤销登记，待法制审核",
    )
    if outcome.ok:
        return redirect("credit:revocation", pk=outcome.value.pk)
    data = selectors.entity_credit(obj)
    context = {"entity": obj, **data, "propose_form": form}
    return render(request, "credit/entity.html", context, status=400)


@staff_view("credit.view")
def revocations(request):
    status = request.GET.get("status", "")
    status = status if status in RevocationStatus.values else ""
    page = page_number(request)
    qs = selectors.revocation_list(status=status)
    counts = selectors.revocation_counts()
    rows = list(qs[(page - 1) * 50 : page * 50 + 1])
    return render(
        request,
        "credit/revocations.html",
        {
            "rows": rows[:50],
            "has_next": len(rows) > 50,
            "page": page,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in RevocationStatus.choices],
        },
    )


REVOCATION_STEPS = {
    # action: (permission, form, success message)
    "legal_pass": ("credit.legal_review", LegalReviewForm, "法制审核通过，已转局领导批准"),
    "legal_return": ("credit.legal_review", LegalReviewForm, "已退回补充调查"),
    "resubmit": ("credit.revoke_propose", ResubmitForm, "已重新提交法制审核"),
    "withdraw": ("credit.revoke_propose", WithdrawForm, "已撤回"),
    "approve": ("credit.revoke_approve", DecideForm, "已批准撤销登记，登记状态改为“撤销”并已公示"),
    "refuse": ("credit.revoke_approve", DecideForm, "已决定不予批准"),
}


def _revocation_forms(request, obj) -> dict[str, Any]:
    """The step forms this user may use on this revocation now (none: the page only shows what happened)."""
    allowed = workflow.REVOCATION_TRANSITIONS.get(obj.status, {})
    forms: dict[str, Any] = {}
    for action, (permission, form_class, _) in REVOCATION_STEPS.items():
        if action not in allowed or not user_can(request.user, permission):
            continue
        if permission == "credit.revoke_propose" and not may_act_on_department(request.user, obj.department_id):
            continue
        initial: dict[str, Any] = {"revision": obj.revision, "on": legal_today()}
        if action == "resubmit":
            initial["evidence"] = obj.evidence
        forms[action] = form_class(initial=initial, prefix=action)
    return forms


@staff_view("credit.view", gate=access_revocation)
def revocation_detail(request, pk: int):
    obj = access_revocation(user=request.user, pk=pk)
    return render(request, "credit/revocation.html", {"r": obj, "forms": _revocation_forms(request, obj)})


def _revocation_act(request, pk: int, action: str):
    permission, form_class, success = REVOCATION_STEPS[action]
    obj = access_revocation(user=request.user, pk=pk, permission=permission)
    form = form_class(request.POST, prefix=action)

    def step(d: dict[str, Any]) -> Any:
        common = {"revocation": obj, "actor": request.user, "expected_revision": d["revision"]}
        if action in ("legal_pass", "legal_return"):
            return revocation.revocation_legal_review(
                passed=action == "legal_pass", opinion=d["opinion"], reviewed_on=d["on"], **common
            )
        if action == "resubmit":
            return revocation.revocation_resubmit(evidence=d["evidence"], resubmitted_on=d["on"], **common)
        if action == "withdraw":
            return revocation.revocation_withdraw(reason=d["reason"], **common)
        return revocation.revocation_decide(approve=action == "approve", note=d["note"], decided_on=d["on"], **common)

    outcome = run_form(request, form, step, success=success)
    if outcome.ok:
        return redirect("credit:revocation", pk=obj.pk)
    forms = _revocation_forms(request, obj)
    forms[action] = form
    return render(request, "credit/revocation.html", {"r": obj, "forms": forms, "failed": action}, status=400)


@staff_view("credit.legal_review")
@require_POST
def revocation_legal_pass(request, pk: int):
    return _revocation_act(request, pk, "legal_pass")


@staff_view("credit.legal_review")
@require_POST
def revocation_legal_return(request, pk: int):
    return _revocation_act(request, pk, "legal_return")


@staff_view("credit.revoke_propose")
@require_POST
def revocation_resubmit(request, pk: int):
    return _revocation_act(request, pk, "resubmit")


@staff_view("credit.revoke_propose")
@require_POST
def revocation_withdraw(request, pk: int):
    return _revocation_act(request, pk, "withdraw")


@staff_view("credit.revoke_approve")
@require_POST
def revocation_approve(request, pk: int):
    return _revocation_act(request, pk, "approve")


@staff_view("credit.revoke_approve")
@require_POST
def revocation_refuse(request, pk: int):
    return _revocation_act(request, pk, "refuse")
