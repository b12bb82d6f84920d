"""Rectifications: list, detail, report and verification."""

from __future__ import annotations

from typing import Any

from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.file_reviews import forms, selectors, services
from fazhi.file_reviews.access import (
    access_rectification,
)
from fazhi.file_reviews.choices import RectificationStatus
from fazhi.file_reviews.views.common import (
    PAGE,
    form_revision,
)


@staff_view("file_reviews.view")
def rectification_list(request):
    qs = selectors.visible_rectifications(request.user).order_by("status", "due_on", "id")
    status = request.GET.get("status", "")
    if status in RectificationStatus.values:
        qs = qs.filter(status=status)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "file_reviews/rectification_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "status": status,
            "statuses": RectificationStatus.choices,
            "today": legal_today(),
        },
    )


def _rect_context(request, rect, *, report_form=None, verify_form=None) -> dict[str, Any]:
    user = request.user
    initial = {"on": legal_today(), "revision": rect.revision}
    return {
        "x": rect,
        "today": legal_today(),
        "report_form": (report_form or forms.ReportForm(initial=initial))
        if rect.status == RectificationStatus.OPEN and user_can(user, "file_reviews.rectify")
        else None,
        "verify_form": (verify_form or forms.VerifyForm(initial=initial))
        if rect.status == RectificationStatus.REPORTED and user_can(user, "file_reviews.verify")
        else None,
    }


@staff_view("file_reviews.view", gate=access_rectification)
def rectification_detail(request, pk: int):
    rect = access_rectification(user=request.user, pk=pk)
    return render(request, "file_reviews/rectification_detail.html", _rect_context(request, rect))


@staff_view("file_reviews.rectify")
def rectification_report(request, pk: int):
    rect = access_rectification(user=request.user, pk=pk, permission="file_reviews.rectify")
    if request.method != "POST":
        return redirect("file_reviews:rectification_detail", pk=pk)
    form = forms.ReportForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.rectification_report(
            rectification=rect, report=d["report"], on=d["on"], expected_revision=form_revision(d), actor=request.user
        ),
        success="已报告整改情况",
    )
    if outcome.ok:
        return redirect("file_reviews:rectification_detail", pk=pk)
    context = _rect_context(request, rect, report_form=form)
    return render(request, "file_reviews/rectification_detail.html", context, status=422)


@staff_view("file_reviews.verify")
def rectification_verify(request, pk: int):
    rect = access_rectification(user=request.user, pk=pk, permission="file_reviews.verify")
    if request.method != "POST":
        return redirect("file_reviews:rectification_detail", pk=pk)
    form = forms.VerifyForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.rectification_verify(
            rectification=rect,
            accepted=d["accepted"],
            note=d["note"],
            on=d["on"],
            expected_revision=form_revision(d),
            actor=request.user,
        ),  # fmt: skip
        success="已核验",
    )
    if outcome.ok:
        return redirect("file_reviews:rectification_detail", pk=pk)
    context = _rect_context(request, rect, verify_form=form)
    return render(request, "file_reviews/rectification_detail.html", context, status=422)
