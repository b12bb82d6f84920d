"""Staff screens: the listings (main page), the removal queue, a listing with its history and acts, the serious
list, credit repairs, an entity's credit page with the misused-identity revocation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.roles import user_can
from fazhi.credit import selectors, services
from fazhi.credit.access import access_application, access_listing, access_repair, access_serious, may_act
from fazhi.credit.choices import ApplicationKind, Consequence, Cure, ListingStatus
from fazhi.deadlines.selectors import deadlines_for


def _page(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def _date(request, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        return legal_today()


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
    page = _page(request)
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
    rows, has_next = selectors.keyset_page(selectors.application_queue(request.user), _page(request))
    return render(
        request,
        "credit/queue.html",
        {"rows": rows, "has_next": has_next, "page": _page(request), "today": legal_today()},
    )


@staff_view("credit.view")
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
    try:
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
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:listing", pk=obj.pk)


@staff_view("credit.decide")
@require_POST
def application_act(request, pk: int, action: str):
    application = access_application(user=request.user, pk=pk, permission="credit.decide")
    on, note = _date(request, "on"), request.POST.get("note", "")
    try:
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
        messages.success(request, "已记录决定")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:listing", pk=application.listing_id)


@staff_view("credit.view")
def serious_list(request):
    rows, has_next = selectors.keyset_page(selectors.serious_listings(request.user), _page(request))
    return render(request, "credit/serious_list.html", {"rows": rows, "has_next": has_next, "page": _page(request)})


@staff_view("credit.view")
def serious(request, pk: int):
    obj = access_serious(user=request.user, pk=pk)
    return render(
        request,
        "credit/serious.html",
        {"item": obj, "can_decide": may_act(request.user, obj, "credit.decide"), "today": legal_today()},
    )


@staff_view("credit.decide")
@require_POST
def serious_act(request, pk: int, action: str):
    obj = access_serious(user=request.user, pk=pk, permission="credit.decide")
    on = _date(request, "on")
    try:
        if action in ("list", "drop"):
            services.serious_list_decide(
                listing=obj,
                list_it=action == "list",
                decided_on=on,
                statement=request.POST.get("statement", ""),
                actor=request.user,
            )
        elif action in ("remove_early", "expire"):
            services.serious_list_remove(listing=obj, on=on, early=action == "remove_early", actor=request.user)
        else:
            raise DomainError("credit.unknown_action", "未知的操作")
        messages.success(request, "已记录决定")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:serious", pk=obj.pk)


@staff_view("credit.view")
def repairs(request):
    rows, has_next = selectors.keyset_page(selectors.repairs(request.user), _page(request))
    return render(request, "credit/repairs.html", {"rows": rows, "has_next": has_next, "page": _page(request)})


@staff_view("credit.view")
def repair(request, pk: int):
    obj = access_repair(user=request.user, pk=pk)
    return render(
        request,
        "credit/repair.html",
        {"item": obj, "deadlines": deadlines_for(obj), "can_decide": may_act(request.user, obj, "credit.decide")},
    )


@staff_view("credit.decide")
@require_POST
def repair_act(request, pk: int, action: str):
    obj = access_repair(user=request.user, pk=pk, permission="credit.decide")
    try:
        if action not in ("approve", "reject"):
            raise DomainError("credit.unknown_action", "未知的操作")
        services.repair_decide(
            repair=obj,
            approve=action == "approve",
            decided_on=_date(request, "on"),
            note=request.POST.get("note", ""),
            actor=request.user,
        )
        messages.success(request, "已记录决定")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:repair", pk=obj.pk)


@staff_view("credit.view")
def entity(request, pk: int):
    from fazhi.registry.access import access_entity

    obj = access_entity(user=request.user, entity_id=pk)
    return render(
        request,
        "credit/entity.html",
        {
            "entity": obj,
            **selectors.entity_credit(obj),
            "can_revoke": user_can(request.user, "credit.decide") and obj.status == "active",
            "today": legal_today(),
        },
    )


@staff_view("credit.decide")
@require_POST
def entity_revoke(request, pk: int):
    from fazhi.registry.access import access_entity

    obj = access_entity(user=request.user, entity_id=pk)
    try:
        services.identity_misuse_revoke(
            entity=obj, evidence=request.POST.get("evidence", ""), decided_on=_date(request, "on"), actor=request.user
        )
        messages.success(request, "已撤销该登记，登记状态改为“撤销”")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:entity", pk=obj.pk)
