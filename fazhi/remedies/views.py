"""Screens of the reconsideration and litigation registers (复议诉讼): overview, lists, registration, the matter's
page with its clock, materials, hearings and outcome. Every write goes through a service via ``run_form``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.metrics import METRICS, format_value
from fazhi.core.pages import page_number
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.remedies import forms, selectors, services, workflow
from fazhi.remedies.access import (
    access_case_by_number,
    access_lawsuit,
    access_reconsideration,
    reconsideration_by_number,
)
from fazhi.remedies.choices import ActKind, Status
from fazhi.remedies.models import Reconsideration
from fazhi.rulebook import remedies as rules

PAGE = 50
KINDS: dict[str, dict[str, Any]] = {
    "reconsideration": {"label": "行政复议", "access": access_reconsideration, "form": forms.ReconsiderationForm},
    "lawsuit": {"label": "行政诉讼", "access": access_lawsuit, "form": forms.LawsuitForm},
}
METRIC_IDS = (
    "reconsiderations.handled",
    "reconsiderations.correction_rate",
    "litigation.handled",
    "litigation.head_appearances",
    "litigation.head_appearance_rate",
    "litigation.correction_rate",
)


@staff_view("remedies.view")
def home(request):
    today = legal_today()
    years = (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)
    table = []
    for metric_id in METRIC_IDS:
        metric = METRICS[metric_id]
        table.append({"label": metric.label, "values": [format_value(metric, metric.value(y)) for y in years]})
    return render(
        request,
        "remedies/home.html",
        {
            "years": years,
            "table": table,
            "due": [
                {
                    "m": m,
                    "label": "行政复议" if isinstance(m, Reconsideration) else "行政诉讼",
                    "party": m.applicant_name if isinstance(m, Reconsideration) else m.plaintiff_name,
                    "url": reverse(
                        "remedies:reconsideration_detail"
                        if isinstance(m, Reconsideration)
                        else "remedies:lawsuit_detail",
                        kwargs={"pk": m.pk},
                    ),
                }
                for m in selectors.due_answers(request.user, today=today)[:20]
            ],
            "today": today,
            "can_handle": user_can(request.user, "remedies.handle"),
        },
    )


def _list(request, kind: str):
    qs: Any = (
        selectors.reconsiderations(request.user) if kind == "reconsideration" else selectors.lawsuits(request.user)
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:60]
    if q:
        name = "applicant_name" if kind == "reconsideration" else "plaintiff_name"
        qs = qs.filter(number__contains=q) | qs.filter(**{f"{name}__contains": q})
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "remedies/list.html",
        {
            "kind": kind,
            "label": KINDS[kind]["label"],
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "status": status,
            "statuses": Status.choices,
            "q": q,
            "today": legal_today(),
            "can_handle": user_can(request.user, "remedies.handle"),
        },
    )


@staff_view("remedies.view")
def reconsideration_list(request):
    return _list(request, "reconsideration")


@staff_view("remedies.view")
def lawsuit_list(request):
    return _list(request, "lawsuit")


def _case(request, d: dict[str, Any]) -> Any:
    if d.get("act_kind") == ActKind.PENALTY or d.get("case_number"):
        return access_case_by_number(user=request.user, number=d.get("case_number", ""))
    return None


def _new(request, kind: str):
    form_class = KINDS[kind]["form"]
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST":
        user = request.user

        def act(d: dict[str, Any]) -> Any:
            common = dict(
                department=d["department"], act_kind=d["act_kind"], act_description=d["act_description"],
                act_reference=d["act_reference"], case=_case(request, d), actor=user,
            )  # fmt: skip
            if kind == "reconsideration":
                return services.reconsideration_register(
                    applicant_name=d["applicant_name"], applicant_kind=d["applicant_kind"],
                    reviewing_body=d["reviewing_body"], reviewing_number=d["reviewing_number"],
                    procedure=d["procedure"], applied_on=d["applied_on"], accepted_on=d["accepted_on"],
                    copy_received_on=d["copy_received_on"], **common,
                )  # fmt: skip
            reconsideration = (
                reconsideration_by_number(user=user, number=d["reconsideration_number"])
                if d["reconsideration_number"]
                else None
            )
            return services.lawsuit_register(
                plaintiff_name=d["plaintiff_name"], plaintiff_kind=d["plaintiff_kind"], court=d["court"],
                court_case_number=d["court_case_number"], instance=d["instance"], reconsideration=reconsideration,
                co_defendant=d["co_defendant"], filed_on=d["filed_on"],
                complaint_received_on=d["complaint_received_on"], **common,
            )  # fmt: skip

        outcome = run_form(request, form, act, success="已登记")
        if outcome.ok:
            return redirect(f"remedies:{kind}_detail", pk=outcome.value.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "remedies/form.html", {"form": form, "title": f"登记{KINDS[kind]['label']}案件"}, status=status
    )


@staff_view("remedies.handle")
def reconsideration_new(request):
    return _new(request, "reconsideration")


@staff_view("remedies.handle")
def lawsuit_new(request):
    return _new(request, "lawsuit")


ACTIONS = {"submit": "remedies.handle", "hearing": "remedies.appear", "conclude": "remedies.conclude"}


def _forms(request, matter: Any, kind: str, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    today = legal_today()
    proceeding = "reconsideration" if kind == "reconsideration" else "litigation"
    open_ = workflow.State(matter.status) in workflow.OPEN_STATES
    out: dict[str, Any] = {}
    if open_ and user_can(request.user, "remedies.handle"):
        out["submit"] = bound.get("submit") or forms.SubmitForm(
            initial={
                "submitted_on": today,
                "revision": matter.revision,
                "kind": "answer" if matter.status == "received" else "supplement",
            }
        )
    if open_ and user_can(request.user, "remedies.appear"):
        out["hearing"] = bound.get("hearing") or forms.HearingForm(initial={"held_on": today})
    if open_ and user_can(request.user, "remedies.conclude"):
        out["conclude"] = bound.get("conclude") or forms.ConcludeForm(
            initial={"revision": matter.revision}, proceeding=proceeding
        )
    return out


def _detail(request, kind: str, matter: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    today = legal_today()
    proceeding = "reconsideration" if kind == "reconsideration" else "litigation"
    positions = {p.id: p.label for p in rules.default_tables().positions}
    reasons = {r.id: r.label for r in rules.default_tables().reasons}
    hearings = [
        {"h": h, "position": positions.get(h.head_position, ""), "reason": reasons.get(h.absence_reason, "")}
        for h in matter.hearings.select_related("head_user")
    ]
    clocks = [deadline_selectors.explain(d, today=today) for d in deadline_selectors.deadlines_for(matter)]
    return render(
        request,
        "remedies/detail.html",
        {
            "kind": kind,
            "label": KINDS[kind]["label"],
            "m": matter,
            "proceeding": proceeding,
            "submissions": list(matter.submissions.all()),
            "hearings": hearings,
            "clocks": clocks,
            "forms": _forms(request, matter, kind, bound),
            "overdue": matter.status == "received"
            and matter.answer_due_on is not None
            and matter.answer_due_on < today,
            "duty": rules.appearance_duty(proceeding, today),
        },
        status=status,
    )


@staff_view("remedies.view", gate=access_reconsideration)
def reconsideration_detail(request, pk: int):
    return _detail(request, "reconsideration", access_reconsideration(user=request.user, pk=pk))


@staff_view("remedies.view", gate=access_lawsuit)
def lawsuit_detail(request, pk: int):
    return _detail(request, "lawsuit", access_lawsuit(user=request.user, pk=pk))


def _act(request, kind: str, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    permission = ACTIONS[action]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    matter = KINDS[kind]["access"](user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(f"remedies:{kind}_detail", pk=pk)
    user = request.user
    proceeding = "reconsideration" if kind == "reconsideration" else "litigation"
    if action == "submit":
        form: Any = forms.SubmitForm(request.POST)

        def run(d: dict[str, Any]) -> Any:
            return services.matter_submit(
                matter=matter, kind=d["kind"], title=d["title"], items=d["items"], submitted_on=d["submitted_on"],
                note=d["note"], expected_revision=parse_revision(d.get("revision")), actor=user,
            )  # fmt: skip

        success = "已登记提交的材料"
    elif action == "hearing":
        form = forms.HearingForm(request.POST)

        def run(d: dict[str, Any]) -> Any:
            return services.hearing_record(
                matter=matter, held_on=d["held_on"], place=d["place"], court_notified_head=d["court_notified_head"],
                head_appeared=d["head_appeared"], head_user=d["head_user"], head_name=d["head_name"],
                head_position=d["head_position"], absence_reason=d["absence_reason"],
                absence_explanation=d["absence_explanation"], delegate_name=d["delegate_name"],
                staff_observers=d["staff_observers"], note=d["note"], actor=user,
            )  # fmt: skip

        success = "已登记开庭（听证）情况"
    else:
        form = forms.ConcludeForm(request.POST, proceeding=proceeding)

        def run(d: dict[str, Any]) -> Any:
            return services.matter_conclude(
                matter=matter, outcome=d["outcome"], decided_on=d["decided_on"], known_on=d["known_on"],
                withdraw_on=d["withdraw_on"], outcome_document=d["outcome_document"], note=d["note"],
                expected_revision=parse_revision(d.get("revision")), actor=user,
            )  # fmt: skip

        success = "已登记结果"
    outcome = run_form(request, form, run, success=success)
    if outcome.ok:
        return redirect(f"remedies:{kind}_detail", pk=pk)
    return _detail(request, kind, matter, bound={action: form}, status=422)


@staff_view("remedies.view")
def reconsideration_act(request, pk: int, action: str):
    return _act(request, "reconsideration", pk, action)


@staff_view("remedies.view")
def lawsuit_act(request, pk: int, action: str):
    return _act(request, "lawsuit", pk, action)
