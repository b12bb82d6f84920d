from __future__ import annotations

import importlib

from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.access import public_view, staff_view
from fazhi.core.models import Notification
from fazhi.core.roles import user_can

# Each app may offer ``home_panels(user) -> list[dict(title, items, link)]`` in its selectors, shown on the home page.
PANEL_APPS = ("complaints", "cases", "inspections", "credit", "powers", "registry", "exams", "activities")


@public_view
def home(request):
    if not request.user.is_authenticated:
        return redirect("publicity:index") if _has_public_index() else redirect("login")
    panels = []
    for app in PANEL_APPS:
        try:
            module = importlib.import_module(f"fazhi.{app}.selectors")
        except ModuleNotFoundError as exc:
            if exc.name != f"fazhi.{app}.selectors":  # a broken import inside the module fails loudly
                raise
            continue
        fn = getattr(module, "home_panels", None)
        if fn and user_can(request.user, f"{app}.view"):  # administrators (三员分立) see no business panel
            panels.extend(fn(request.user))
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).order_by("-created_at")[:10]
    return render(request, "web/home.html", {"panels": panels, "unread": unread})


def _has_public_index() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("publicity:index")
        return True
    except NoReverseMatch:
        return False


@staff_view("web.self")
def notifications(request):
    qs = Notification.objects.filter(user=request.user).order_by("-created_at")
    if request.method == "POST":
        qs.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("web:notifications")
    return render(request, "web/notifications.html", {"notifications": qs[:200]})


@staff_view("web.self")
def help_index(request):
    """操作手册: the index of the guides, one per role (every logged-in account may read every guide)."""
    from fazhi.web import help as guide

    return render(
        request,
        "web/help.html",
        {"guide": guide.load(None, request.user), "roles": guide.role_guides(), "current": None},
    )


@staff_view("web.self")
def help_role(request, role: str):
    from fazhi.core.errors import NotFound
    from fazhi.core.roles import Role
    from fazhi.web import help as guide

    if role not in Role.values:
        raise NotFound("操作手册")
    return render(
        request,
        "web/help.html",
        {"guide": guide.load(role, request.user), "roles": guide.role_guides(), "current": role},
    )
