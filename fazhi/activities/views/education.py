"""Legal education screens: the responsibility list, the calendar, events, publicity items."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.activities import documents, selectors, services
from fazhi.activities.access import access_event, access_list, access_publicity
from fazhi.activities.choices import Channel, ListStatus
from fazhi.activities.forms import AdoptForm, EventForm, ListForm, ListItemForm, PublicityForm
from fazhi.activities.views.common import word_response, year_param
from fazhi.core.access import staff_view
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import posted_revision, run_action, run_form


@staff_view("activities.view")
def responsibility(request):
    return render(
        request,
        "activities/responsibility.html",
        {
            "current": selectors.current_list(),
            "lists": selectors.lists(),
            "form": ListForm() if user_can(request.user, "activities.plan") else None,
        },
    )


@staff_view("activities.plan")
@require_POST
def list_create(request):
    form = ListForm(request.POST)

    def create(d):
        if d.get("copy_from"):
            return services.responsibility_list_copy(
                source=d["copy_from"], title=d["title"], year=d["year"], actor=request.user
            )
        return services.responsibility_list_create(title=d["title"], year=d["year"], actor=request.user)

    outcome = run_form(request, form, create, success="已新建清单草稿")
    if outcome.ok:
        return redirect("activities:list_detail", pk=outcome.value.pk)
    return render(
        request,
        "activities/responsibility.html",
        {"current": selectors.current_list(), "lists": selectors.lists(), "form": form},
        status=400,
    )


@staff_view("activities.view", gate=access_list)
def list_detail(request, pk: int):
    rlist = access_list(user=request.user, pk=pk)
    draft = rlist.status == ListStatus.DRAFT
    return render(
        request,
        "activities/list_detail.html",
        {
            "rlist": rlist,
            "items": rlist.items.select_related("department"),
            "item_form": ListItemForm() if draft and user_can(request.user, "activities.plan") else None,
            "adopt_form": AdoptForm() if draft and user_can(request.user, "activities.adopt") else None,
            "can_plan": draft and user_can(request.user, "activities.plan"),
        },
    )


@staff_view("activities.view")
def list_docx(request, pk: int):
    """The list as the bureau prints and issues it (Word); a draft prints as 草稿（未印发）."""
    rlist = access_list(user=request.user, pk=pk)
    return word_response(documents.responsibility_list_docx(rlist), rlist.title)


@staff_view("activities.plan")
@require_POST
def list_item_add(request, pk: int):
    rlist = access_list(user=request.user, pk=pk, permission="activities.plan")
    form = ListItemForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.responsibility_item_add(rlist=rlist, actor=request.user, **d),
        success="已添加",
    )
    if outcome.ok:
        return redirect("activities:list_detail", pk=rlist.pk)
    return render(
        request,
        "activities/list_detail.html",
        {"rlist": rlist, "items": rlist.items.select_related("department"), "item_form": form, "can_plan": True},
        status=400,
    )


@staff_view("activities.plan")
@require_POST
def list_item_remove(request, pk: int, item_id: int):
    rlist = access_list(user=request.user, pk=pk, permission="activities.plan")
    run_action(
        request,
        lambda: services.responsibility_item_remove(rlist=rlist, item_id=item_id, actor=request.user),
        success="已删除",
    )
    return redirect("activities:list_detail", pk=rlist.pk)


@staff_view("activities.adopt")
@require_POST
def list_adopt(request, pk: int):
    rlist = access_list(user=request.user, pk=pk, permission="activities.adopt")
    form = AdoptForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.responsibility_list_adopt(
            rlist=rlist, expected_revision=posted_revision(request), actor=request.user, **d
        ),
        success="清单已印发施行",
    )
    if outcome.ok:
        return redirect("activities:list_detail", pk=rlist.pk)
    return render(
        request,
        "activities/list_detail.html",
        {"rlist": rlist, "items": rlist.items.select_related("department"), "adopt_form": form},
        status=400,
    )


@staff_view("activities.view")
def calendar_view(request):
    year = year_param(request)
    return render(
        request,
        "activities/calendar.html",
        {
            "year": year,
            "rows": selectors.calendar_year(year),
            "can_record": user_can(request.user, "activities.record"),
        },
    )


@staff_view("activities.view")
def event_list(request):
    year = year_param(request)
    theme = request.GET.get("theme", "")
    names = selectors.theme_names()
    theme = theme if theme in names else ""
    page = Paginator(selectors.events(year=year, theme=theme), 25).get_page(page_number(request))
    return render(
        request,
        "activities/event_list.html",
        {"page_obj": page, "year": year, "theme": theme, "themes": names,
         "can_record": user_can(request.user, "activities.record")},
    )  # fmt: skip


def _event_values(d):
    return {**d, "materials_count": d.get("materials_count") or 0}


@staff_view("activities.record")
def event_create(request):
    theme = request.GET.get("theme", "")
    form = EventForm(request.POST or None, user=request.user, initial={"theme": theme})
    if request.method == "POST":
        outcome = run_form(
            request, form, lambda d: services.event_record(actor=request.user, **_event_values(d)), success="已登记"
        )
        if outcome.ok:
            if outcome.value.theme_check.get("warning"):
                from django.contrib import messages

                messages.warning(request, outcome.value.theme_check["warning"])
            return redirect("activities:event_list")
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": "登记普法活动", "back": reverse("activities:event_list")},
    )


@staff_view("activities.record")
def event_edit(request, pk: int):
    event = access_event(user=request.user, pk=pk, permission="activities.record")
    initial = {f: getattr(event, f) for f in ("theme", "title", "held_on", "location", "audience", "audience_count",
                                               "materials_count", "summary")} | {"department": event.department_id}  # fmt: skip
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.event_update(event=event, expected_revision=posted_revision(request), actor=request.user,
                                            **_event_values(d)),
            success="已保存",
        )  # fmt: skip
        if outcome.ok:
            return redirect("activities:event_list")
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "title": f"修改：{event.title}",
            "revision": event.revision,
            "back": reverse("activities:event_list"),
        },
    )


@staff_view("activities.view")
def publicity_list(request):
    year = year_param(request)
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    page = Paginator(selectors.publicity_items(year=year, channel=channel), 30).get_page(page_number(request))
    return render(
        request,
        "activities/publicity_list.html",
        {"page_obj": page, "year": year, "channel": channel, "channels": Channel.choices,
         "figures": [("政务微信（期）", selectors.wechat_issues(year)), ("网络发布（条）", selectors.online_posts(year)),
                     ("中央和市级媒体（篇）", selectors.media_articles(year))],
         "can_record": user_can(request.user, "activities.record")},
    )  # fmt: skip


def _publicity_values(d):
    return {**d, "article_count": d.get("article_count") or 1}


@staff_view("activities.record")
def publicity_create(request):
    form = PublicityForm(request.POST or None, user=request.user)
    if request.method == "POST":
        outcome = run_form(
            request, form, lambda d: services.publicity_record(actor=request.user, **_publicity_values(d)),
            success="已登记",
        )  # fmt: skip
        if outcome.ok:
            return redirect("activities:publicity_list")
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": "登记宣传信息", "back": reverse("activities:publicity_list")},
    )


@staff_view("activities.record")
def publicity_edit(request, pk: int):
    item = access_publicity(user=request.user, pk=pk, permission="activities.record")
    initial = {f: getattr(item, f) for f in ("channel", "published_on", "title", "url", "article_count", "outlet",
                                              "outlet_level")} | {"department": item.department_id, "event": item.event_id}  # fmt: skip
    form = PublicityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.publicity_update(item=item, expected_revision=posted_revision(request), actor=request.user,
                                                **_publicity_values(d)),
            success="已保存",
        )  # fmt: skip
        if outcome.ok:
            return redirect("activities:publicity_list")
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "title": f"修改：{item.title}",
            "revision": item.revision,
            "back": reverse("activities:publicity_list"),
        },
    )
