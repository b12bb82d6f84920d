"""Screens of 法律事务 and 建议提案: overview, the matters register, proposals with their clocks and replies."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.metrics import METRICS, format_value
from fazhi.core.pages import page_number
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_action, run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.legal_affairs import forms, selectors, services
from fazhi.legal_affairs.access import access_matter, access_proposal

PAGE = 50
METRIC_IDS = ("legal_affairs.handled", "proposals.closed", "proposals.suggestions_replied")


@staff_view("legal_affairs.view")
def home(request):
    today = legal_today()
    years = (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)
    table = [
        {"label": METRICS[m].label, "values": [format_value(METRICS[m], METRICS[m].value(y)) for y in years]}
        for m in METRIC_IDS
    ]
    due = list(selectors.proposals(request.user).filter(replied_on__isnull=True).order_by("reply_due_on")[:20])
    return render(request, "legal_affairs/home.html", {"years": years, "table": table, "due": due, "today": today})


@staff_view("legal_affairs.view")
def matter_list(request):
    can = user_can(request.user, "legal_affairs.handle")
    form = forms.MatterForm(request.POST or None, initial={"received_on": legal_today()})
    if request.method == "POST":
        if not can:
            return render(request, "web/forbidden.html", {"permission": "legal_affairs.handle"}, status=403)
        user = request.user
        outcome = run_form(request, form, lambda d: services.matter_record(actor=user, **d), success="已登记")
        if outcome.ok:
            return redirect("legal_affairs:matter_detail", pk=outcome.value.pk)
    qs = selectors.matters(request.user)
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(number__contains=q) | qs.filter(title__contains=q)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request, "legal_affairs/matter_list.html",
        {"rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "q": q, "form": form if can else None},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


def _matter_page(request, m: Any, *, form: Any = None, status: int = 200):
    can = user_can(request.user, "legal_affairs.handle") and m.completed_on is None
    return render(
        request, "legal_affairs/matter_detail.html",
        {"m": m, "form": (form or forms.CompleteForm(initial={"on": legal_today()})) if can else None},
        status=status,
    )  # fmt: skip


@staff_view("legal_affairs.view", gate=access_matter)
def matter_detail(request, pk: int):
    return _matter_page(request, access_matter(user=request.user, pk=pk))


@staff_view("legal_affairs.view")
def matter_complete(request, pk: int):
    """办结: the date and the legal opinion the lawyer or counsel gave (the result of the matter)."""
    m = access_matter(user=request.user, pk=pk)
    if not user_can(request.user, "legal_affairs.handle"):
        return render(request, "web/forbidden.html", {"permission": "legal_affairs.handle"}, status=403)
    if request.method != "POST":
        return redirect("legal_affairs:matter_detail", pk=pk)
    user, form = request.user, forms.CompleteForm(request.POST)
    outcome = run_form(
        request, form, lambda d: services.matter_complete(matter=m, on=d["on"], opinion=d["opinion"], actor=user),
        success="已办结",
    )  # fmt: skip
    if outcome.ok:
        return redirect("legal_affairs:matter_detail", pk=pk)
    return _matter_page(request, m, form=form, status=422)


@staff_view("legal_affairs.view")
def proposal_list(request):
    can = user_can(request.user, "legal_affairs.handle")
    form = forms.ProposalForm(request.POST or None, initial={"assigned_on": legal_today()})
    if request.method == "POST":
        if not can:
            return render(request, "web/forbidden.html", {"permission": "legal_affairs.handle"}, status=403)
        user = request.user
        outcome = run_form(request, form, lambda d: services.proposal_register(actor=user, **d), success="已登记")
        if outcome.ok:
            return redirect("legal_affairs:proposal_detail", pk=outcome.value.pk)
    page = page_number(request)
    rows = list(selectors.proposals(request.user)[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request, "legal_affairs/proposal_list.html",
        {"rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "today": legal_today(), "form": form if can else None},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


def _detail(request, p: Any, *, form: Any = None, status: int = 200):
    today = legal_today()
    can = user_can(request.user, "legal_affairs.handle") and p.replied_on is None
    return render(
        request, "legal_affairs/proposal_detail.html",
        {"p": p, "today": today, "form": (form or forms.ReplyForm(initial={"on": today, "revision": p.revision})) if can else None,
         "can_extend": can, "clocks": [deadline_selectors.explain(d, today=today) for d in deadline_selectors.deadlines_for(p)]},
        status=status,
    )  # fmt: skip


@staff_view("legal_affairs.view", gate=access_proposal)
def proposal_detail(request, pk: int):
    return _detail(request, access_proposal(user=request.user, pk=pk))


@staff_view("legal_affairs.view")
def proposal_act(request, pk: int, action: str):
    if action not in ("reply", "extend"):
        raise Http404
    if not user_can(request.user, "legal_affairs.handle"):
        return render(request, "web/forbidden.html", {"permission": "legal_affairs.handle"}, status=403)
    p = access_proposal(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("legal_affairs:proposal_detail", pk=pk)
    user = request.user
    if action == "extend":
        run_action(request, lambda: services.proposal_extend(proposal=p, actor=user), success="已延长答复期限")
        return redirect("legal_affairs:proposal_detail", pk=pk)
    form = forms.ReplyForm(request.POST)
    outcome = run_form(
        request, form,
        lambda d: services.proposal_reply(proposal=p, on=d["on"], text=d["text"], feedback=d["feedback"],
                                          expected_revision=parse_revision(d.get("revision")), actor=user),
        success="已答复",
    )  # fmt: skip
    if outcome.ok:
        return redirect("legal_affairs:proposal_detail", pk=pk)
    return _detail(request, p, form=form, status=422)
