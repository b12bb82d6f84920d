"""Screens of 规范性文件 and 公平竞争审查: overview, documents (draft, page with each step), clean-up rounds and the
mechanisms' records. Every write goes through a service via ``run_form``."""

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
from fazhi.core.views import run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.normative_docs import forms, selectors, services
from fazhi.normative_docs.access import access_cleanup, access_document, document_by_number
from fazhi.normative_docs.models import Status

PAGE = 50
METRIC_IDS = (
    "normative_docs.issued",
    "normative_docs.cleaned",
    "normative_docs.fair_competition_reviews",
    "normative_docs.mechanism_records",
)


def _years() -> tuple[int, int]:
    today = legal_today()
    return (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)


@staff_view("normative_docs.view")
def home(request):
    years, today = _years(), legal_today()
    table = [
        {"label": METRICS[m].label, "values": [format_value(METRICS[m], METRICS[m].value(y)) for y in years]}
        for m in METRIC_IDS
    ]
    return render(
        request,
        "normative_docs/home.html",
        {
            "years": years, "table": table, "today": today,
            "expiring": list(selectors.expiring(request.user, today)[:20]),
            "unfiled": list(selectors.unfiled(request.user)[:20]),
            "can_draft": user_can(request.user, "normative_docs.draft"),
        },
    )  # fmt: skip


@staff_view("normative_docs.view")
def document_list(request):
    qs = selectors.documents(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(title__contains=q) | qs.filter(document_number__contains=q)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "normative_docs/document_list.html",
        {
            "rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "status": status,
            "statuses": Status.choices, "q": q, "today": legal_today(),
            "can_draft": user_can(request.user, "normative_docs.draft"),
        },
    )  # fmt: skip


@staff_view("normative_docs.draft")
def document_new(request):
    form = forms.DraftForm(request.POST or None, user=request.user)
    if request.method == "POST":
        user = request.user

        def act(d: dict[str, Any]) -> Any:
            return services.document_draft(
                department=d["department"], title=d["title"], summary=d["summary"],
                affects_business=d["affects_business"], interim=d["interim"], drafted_on=d["drafted_on"], actor=user,
            )  # fmt: skip

        outcome = run_form(request, form, act, success="已登记送审稿")
        if outcome.ok:
            return redirect("normative_docs:document_detail", pk=outcome.value.pk)
    return render(
        request, "normative_docs/form.html", {"form": form, "title": "登记规范性文件送审稿", "button": "登记"},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


# action → (permission, form class, states, title)
ACTIONS: dict[str, tuple[str, Any, frozenset[str], str]] = {
    "legality": ("normative_docs.legality_review", forms.LegalityForm, frozenset({"draft"}), "合法性审核"),
    "fair": (
        "normative_docs.fair_competition",
        forms.FairForm,
        frozenset({"draft", "reviewed", "discussed"}),
        "公平竞争审查",
    ),
    "discuss": ("normative_docs.decide", forms.DiscussForm, frozenset({"reviewed"}), "集体讨论决定"),
    "issue": ("normative_docs.decide", forms.IssueForm, frozenset({"discussed"}), "公布施行"),
    "file": ("normative_docs.manage", forms.FileForm, frozenset({"issued"}), "报送备案"),
    "repeal": ("normative_docs.manage", forms.RepealForm, frozenset({"issued"}), "废止"),
}


def _forms(request, d: Any, bound: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    bound, today, out = bound or {}, legal_today(), []
    for name, (permission, form_class, states, title) in ACTIONS.items():
        if d.status not in states or not user_can(request.user, permission):
            continue
        if (name == "fair" and not d.affects_business) or (name == "file" and d.filed_on):
            continue
        form = bound.get(name) or form_class(initial={"on": today, "revision": d.revision})
        out.append({"name": name, "title": title, "form": form})
    return out


def _detail(request, d: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    today = legal_today()
    return render(
        request,
        "normative_docs/document_detail.html",
        {
            "d": d, "forms": _forms(request, d, bound), "today": today,
            "reviews": list(d.fair_reviews.select_related("reviewer")),
            "entries": list(d.cleanup_entries.select_related("cleanup")),
            "clocks": [deadline_selectors.explain(x, today=today) for x in deadline_selectors.deadlines_for(d)],
            "latest": services.latest_review(d),
        },
        status=status,
    )  # fmt: skip


@staff_view("normative_docs.view", gate=access_document)
def document_detail(request, pk: int):
    return _detail(request, access_document(user=request.user, pk=pk))


@staff_view("normative_docs.view")
def document_act(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    permission, form_class, _, title = ACTIONS[action]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    d = access_document(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("normative_docs:document_detail", pk=pk)
    user, form = request.user, form_class(request.POST)

    def run(c: dict[str, Any]) -> Any:
        rev = parse_revision(c.get("revision")) if "revision" in c else None
        if action == "legality":
            return services.legality_review(
                document=d,
                on=c["on"],
                passed=c["passed"] == "yes",
                opinion=c["opinion"],
                expected_revision=rev,
                actor=user,
            )
        if action == "fair":
            return services.fair_competition_review(
                document=d, on=c["on"], findings=c["findings"], conclusion=c["conclusion"],
                conclusion_text=c["conclusion_text"], exception_reason=c["exception_reason"],
                exception_until=c["exception_until"], stakeholders_heard=c["stakeholders_heard"], actor=user,
            )  # fmt: skip
        if action == "discuss":
            return services.collective_discussion(
                document=d, on=c["on"], meeting=c["meeting"], minutes=c["minutes"], expected_revision=rev, actor=user
            )
        if action == "issue":
            return services.document_issue(
                document=d, on=c["on"], document_number=c["document_number"], valid_years=c["valid_years"] or None,
                expected_revision=rev, actor=user,
            )  # fmt: skip
        if action == "file":
            return services.document_file(document=d, on=c["on"], body=c["body"], actor=user)
        return services.document_repeal(document=d, on=c["on"], reason=c["reason"], expected_revision=rev, actor=user)

    outcome = run_form(request, form, run, success=f"已{title}")
    if outcome.ok:
        return redirect("normative_docs:document_detail", pk=pk)
    return _detail(request, d, bound={action: form}, status=422)


@staff_view("normative_docs.view")
def cleanup_list(request):
    form = forms.CleanupForm(request.POST or None, initial={"started_on": legal_today()})
    can_manage = user_can(request.user, "normative_docs.manage")
    if request.method == "POST":
        if not can_manage:
            return render(request, "web/forbidden.html", {"permission": "normative_docs.manage"}, status=403)
        user = request.user
        outcome = run_form(
            request, form, lambda c: services.cleanup_open(title=c["title"], started_on=c["started_on"], actor=user),
            success="已开始清理",
        )  # fmt: skip
        if outcome.ok:
            return redirect("normative_docs:cleanup_detail", pk=outcome.value.pk)
    return render(
        request, "normative_docs/cleanup_list.html",
        {"rows": list(selectors.cleanups()[:100]), "form": form if can_manage else None},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


def _cleanup_page(request, cleanup: Any, *, entry_form: Any = None, publish_form: Any = None, status: int = 200):
    can_manage = user_can(request.user, "normative_docs.manage") and cleanup.published_on is None
    entries = list(cleanup.entries.select_related("document"))
    return render(
        request,
        "normative_docs/cleanup_detail.html",
        {
            "c": cleanup,
            "entries": entries,
            # the round is bureau-wide; a department-scoped user opens only the documents of its department
            "visible": set(
                selectors.documents(request.user)
                .filter(pk__in=[e.document_id for e in entries])
                .values_list("pk", flat=True)
            ),
            "entry_form": (entry_form or forms.CleanupEntryForm()) if can_manage else None,
            "publish_form": (publish_form or forms.PublishForm(initial={"on": legal_today()})) if can_manage else None,
        },
        status=status,
    )


@staff_view("normative_docs.view", gate=access_cleanup)
def cleanup_detail(request, pk: int):
    cleanup = access_cleanup(user=request.user, pk=pk)
    if request.method != "POST":
        return _cleanup_page(request, cleanup)
    if not user_can(request.user, "normative_docs.manage"):
        return render(request, "web/forbidden.html", {"permission": "normative_docs.manage"}, status=403)
    user = request.user
    if "publish" in request.POST:
        form: Any = forms.PublishForm(request.POST)
        outcome = run_form(
            request,
            form,
            lambda c: services.cleanup_publish(cleanup=cleanup, on=c["on"], actor=user),
            success="已公布清理结果",
        )
        if outcome.ok:
            return redirect("normative_docs:cleanup_detail", pk=pk)
        return _cleanup_page(request, cleanup, publish_form=form, status=422)
    form = forms.CleanupEntryForm(request.POST)

    def run(c: dict[str, Any]) -> Any:
        document = document_by_number(user=user, number=c["document_number"])
        return services.cleanup_record(
            cleanup=cleanup, document=document, outcome=c["outcome"], reason=c["reason"], actor=user
        )

    outcome = run_form(request, form, run, success="已登记清理结果")
    if outcome.ok:
        return redirect("normative_docs:cleanup_detail", pk=pk)
    return _cleanup_page(request, cleanup, entry_form=form, status=422)


@staff_view("normative_docs.view")
def mechanism_list(request):
    can_manage = user_can(request.user, "normative_docs.manage")
    form = forms.MechanismForm(request.POST or None, user=request.user, initial={"held_on": legal_today()})
    if request.method == "POST":
        if not can_manage:
            return render(request, "web/forbidden.html", {"permission": "normative_docs.manage"}, status=403)
        user = request.user
        outcome = run_form(
            request, form,
            lambda c: services.mechanism_record(
                kind=c["kind"], department=c["department"], held_on=c["held_on"], title=c["title"],
                summary=c["summary"], actor=user,
            ),
            success="已登记",
        )  # fmt: skip
        if outcome.ok:
            return redirect("normative_docs:mechanism_list")
    kind = request.GET.get("kind", "")
    qs = selectors.mechanisms(request.user)
    if kind:
        qs = qs.filter(kind=kind[:20])
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request, "normative_docs/mechanism_list.html",
        {"rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "kind": kind,
         "kinds": forms._choices("normative_docs.mechanisms"), "form": form if can_manage else None},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip
