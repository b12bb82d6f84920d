"""Screens of 重大行政决策: the catalogue by year, a decision's page with its steps and the gate."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import screen_int
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.major_decisions import documents, forms, selectors, services
from fazhi.major_decisions.access import access_decision


@staff_view("major_decisions.view")
def home(request):
    today = legal_today()
    year = screen_int(request, "year", default=today.year, minimum=2019, maximum=2100) or today.year
    return render(
        request, "major_decisions/home.html",
        {"year": year, "years": range(today.year, 2018, -1), "rows": list(selectors.decisions(request.user).filter(catalogue_year=year)),
         "made": selectors.made(year), "can_catalogue": user_can(request.user, "major_decisions.catalogue")},
    )  # fmt: skip


@staff_view("major_decisions.catalogue")
def decision_new(request):
    form = forms.CatalogueForm(
        request.POST or None, initial={"year": legal_today().year, "catalogued_on": legal_today()}
    )
    if request.method == "POST":
        user = request.user

        def act(d: dict[str, Any]) -> Any:
            return services.decision_catalogue(
                department=d["department"], title=d["title"], year=d["year"], catalogued_on=d["catalogued_on"],
                description=d["description"], actor=user,
            )  # fmt: skip

        outcome = run_form(request, form, act, success="已列入目录")
        if outcome.ok:
            return redirect("major_decisions:decision_detail", pk=outcome.value.pk)
    return render(request, "major_decisions/form.html", {"form": form, "title": "列入重大行政决策事项目录", "button": "列入目录"},
                  status=422 if request.method == "POST" else 200)  # fmt: skip


def _detail(request, d: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    bound, today = bound or {}, legal_today()
    user = request.user
    open_ = d.status == "catalogued"
    can_step = user_can(user, "major_decisions.handle") or user_can(user, "major_decisions.decide")
    recorded = {s.step: s for s in d.steps.all()}
    steps = [{"rule": r, "record": recorded.get(r.id)} for r in services.steps_in_force(d.decided_on or today)]
    return render(
        request, "major_decisions/decision_detail.html",
        {
            "d": d, "steps": steps, "missing": services.missing_steps(d, today) if open_ else [],
            "step_form": (bound.get("step") or forms.StepForm(initial={"ended_on": today})) if open_ and can_step else None,
            "decide_form": (bound.get("decide") or forms.DecideForm(initial={"on": today, "revision": d.revision}))
            if open_ and user_can(user, "major_decisions.decide") else None,
            "publish_form": (bound.get("publish") or forms.PublishForm(initial={"on": today}))
            if d.status == "decided" and user_can(user, "major_decisions.handle") else None,
            "hearings": list(d.hearings.select_related("recorded_by")),
            "hearing_form": (bound.get("hearing") or forms.HearingForm(initial={"held_on": today}))
            if open_ and user_can(user, "major_decisions.handle") else None,
            "evaluation": getattr(d, "evaluation", None) if d.status in ("evaluating", "evaluated") else None,
            "evaluate_form": (bound.get("evaluate") or forms.EvaluationStartForm(initial={"started_on": today}))
            if d.status == "published" and user_can(user, "major_decisions.decide") else None,
            "conclude_form": (bound.get("conclude") or forms.EvaluationConcludeForm(initial={"concluded_on": today}))
            if d.status == "evaluating" and user_can(user, "major_decisions.handle") else None,
        },
        status=status,
    )  # fmt: skip


@staff_view("major_decisions.view", gate=access_decision)
def decision_detail(request, pk: int):
    return _detail(request, access_decision(user=request.user, pk=pk))


ACTIONS = {
    "step": None,
    "decide": "major_decisions.decide",
    "publish": "major_decisions.handle",
    "hearing": "major_decisions.handle",
    "evaluate": "major_decisions.decide",
    "conclude": "major_decisions.handle",
}


@staff_view("major_decisions.view")
def decision_act(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    permission = ACTIONS[action]
    user = request.user
    if permission is None and not (
        user_can(user, "major_decisions.handle") or user_can(user, "major_decisions.decide")
    ):
        permission = "major_decisions.handle"
    if permission is not None and not user_can(user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    d = access_decision(user=user, pk=pk)
    if request.method != "POST":
        return redirect("major_decisions:decision_detail", pk=pk)
    if action == "step":
        form: Any = forms.StepForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.step_record(
                decision=d, step=c["step"], started_on=c["started_on"], ended_on=c["ended_on"], summary=c["summary"],
                dissent=c["dissent"], passed=c["passed"] == "yes", skip_reason=c["skip_reason"], actor=user,
            )  # fmt: skip
    elif action == "decide":
        form = forms.DecideForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.decision_make(
                decision=d, on=c["on"], text=c["text"], expected_revision=parse_revision(c.get("revision")), actor=user
            )
    elif action == "publish":
        form = forms.PublishForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.decision_publish(decision=d, on=c["on"], channel=c["channel"], actor=user)
    elif action == "hearing":
        form = forms.HearingForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.hearing_record(decision=d, actor=user, **c)
    elif action == "evaluate":
        form = forms.EvaluationStartForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.evaluation_start(decision=d, actor=user, **c)
    else:
        form = forms.EvaluationConcludeForm(request.POST)

        def run(c: dict[str, Any]) -> Any:
            return services.evaluation_conclude(decision=d, actor=user, **c)

    outcome = run_form(request, form, run, success="已登记")
    if outcome.ok:
        return redirect("major_decisions:decision_detail", pk=pk)
    return _detail(request, d, bound={action: form}, status=422)


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.PDF if fmt == "pdf" else documents.DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response


def _hearing(request, pk: int, hearing: int, fmt: str) -> HttpResponse:
    d = access_decision(user=request.user, pk=pk)
    record = d.hearings.select_related("decision__department", "recorded_by").filter(pk=hearing).first()
    if record is None:
        raise Http404
    return _download(documents.hearing_report(record, fmt), f"听证会报告-{d.number}-{record.held_on:%Y%m%d}", fmt)


def _evaluation(request, pk: int, fmt: str) -> HttpResponse:
    d = access_decision(user=request.user, pk=pk)
    evaluation = getattr(d, "evaluation", None) if d.status == "evaluated" else None
    if evaluation is None:
        raise Http404
    return _download(documents.evaluation_report(evaluation, fmt), f"决策后评估报告-{d.number}", fmt)


@staff_view("major_decisions.view")
def hearing_document(request, pk: int, hearing: int):
    """听证会报告 (Word) of a recorded hearing."""
    return _hearing(request, pk, hearing, "docx")


@staff_view("major_decisions.view")
def hearing_pdf(request, pk: int, hearing: int):
    """听证会报告 (PDF) of a recorded hearing."""
    return _hearing(request, pk, hearing, "pdf")


@staff_view("major_decisions.view")
def evaluation_document(request, pk: int):
    """决策后评估报告 (Word): exists once the evaluation's conclusion is recorded."""
    return _evaluation(request, pk, "docx")


@staff_view("major_decisions.view")
def evaluation_pdf(request, pk: int):
    """决策后评估报告 (PDF): exists once the evaluation's conclusion is recorded."""
    return _evaluation(request, pk, "pdf")
