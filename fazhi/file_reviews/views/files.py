"""One reviewed file: its score sheet, distinction and reassignment."""

from __future__ import annotations

from typing import Any

from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.file_reviews import forms, selectors, services, workflow
from fazhi.file_reviews.access import (
    access_file,
)
from fazhi.file_reviews.choices import FileState
from fazhi.file_reviews.models import ItemScore
from fazhi.file_reviews.views.common import (
    form_revision,
)
from fazhi.rulebook import file_review as engine


def _file_context(request, file, *, score_form=None, distinction_form=None, reassign_form=None) -> dict[str, Any]:
    rubric = engine.rubric_by_id(file.round.rubric_id)
    user = request.user
    is_reviewer = file.reviewers.filter(pk=user.pk).exists()
    can_score = (
        is_reviewer
        and user_can(user, "file_reviews.score")
        and workflow.RoundState(file.round.status) in workflow.SCORING_STATES
    )
    live = selectors.case_live_review(file.case)
    scores = {s.checkpoint_id: s for s in ItemScore.objects.filter(file=file)}
    if can_score and score_form is None:
        initial: dict[str, Any] = {"on": legal_today(), "revision": file.revision, "opinion": file.opinion}
        suggested = {r.checkpoint_id: r for r in live.rows}
        for cp in rubric.checkpoints:
            s = scores.get(cp.id)
            if s is not None:
                initial[f"deduction_{cp.id}"] = s.deduction
                initial[f"note_{cp.id}"] = s.note
                initial[f"veto_{cp.id}"] = s.veto_failed
            elif cp.id in suggested and suggested[cp.id].status == "fail":
                # The machine proposes; the reviewer confirms or changes it.
                initial[f"deduction_{cp.id}"] = cp.deduction
                initial[f"note_{cp.id}"] = f"机器核查：{suggested[cp.id].message}"
        score_form = forms.ScoreForm(initial=initial, rubric=rubric)
    can_organise = user_can(user, "file_reviews.organise")
    rows = []
    for item in rubric.items:
        for cp in item.checkpoints:
            rows.append({"item": item, "checkpoint": cp, "score": scores.get(cp.id)})
    return {
        "f": file,
        "r": file.round,
        "rubric": rubric,
        "rows": rows,
        "reviewers": list(file.reviewers.select_related("department")),
        "live": live,
        "score_form": score_form if can_score else None,
        "distinction_form": (
            distinction_form
            or forms.DistinctionForm(
                initial={"distinction": file.distinction, "reason": file.distinction_reason, "revision": file.revision}
            )
        )
        if can_organise and workflow.RoundState(file.round.status) in workflow.DISTINCTION_STATES
        else None,
        "reassign_form": (reassign_form or forms.ReassignForm())
        if can_organise
        and workflow.RoundState(file.round.status) in workflow.REASSIGN_STATES
        and file.status == FileState.ASSIGNED
        else None,
        "rectification": getattr(file, "rectification", None) if hasattr(file, "rectification") else None,
    }


@staff_view("file_reviews.view", gate=access_file)
def file_detail(request, pk: int):
    file = access_file(user=request.user, pk=pk)
    return render(request, "file_reviews/file_detail.html", _file_context(request, file))


@staff_view("file_reviews.score")
def file_score(request, pk: int):
    file = access_file(user=request.user, pk=pk, permission="file_reviews.score")
    if request.method != "POST":
        return redirect("file_reviews:file_detail", pk=pk)
    rubric = engine.rubric_by_id(file.round.rubric_id)
    form = forms.ScoreForm(request.POST, rubric=rubric)
    outcome = run_form(
        request,
        form,
        lambda d: services.file_score(
            file=file,
            opinion=d["opinion"],
            on=d["on"],
            expected_revision=form_revision(d),
            actor=request.user,
            **form.sheet(),
        ),
        success="评分已保存",
    )
    if outcome.ok:
        return redirect("file_reviews:file_detail", pk=pk)
    return render(request, "file_reviews/file_detail.html", _file_context(request, file, score_form=form), status=422)


@staff_view("file_reviews.organise")
def file_distinguish(request, pk: int):
    file = access_file(user=request.user, pk=pk, permission="file_reviews.organise")
    if request.method != "POST":
        return redirect("file_reviews:file_detail", pk=pk)
    form = forms.DistinctionForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.file_distinguish(
            file=file,
            distinction=d["distinction"],
            reason=d["reason"],
            expected_revision=form_revision(d),
            actor=request.user,
        ),
        success="评选已保存",
    )
    if outcome.ok:
        return redirect("file_reviews:file_detail", pk=pk)
    context = _file_context(request, file, distinction_form=form)
    return render(request, "file_reviews/file_detail.html", context, status=422)


@staff_view("file_reviews.organise")
def file_reassign(request, pk: int):
    file = access_file(user=request.user, pk=pk, permission="file_reviews.organise")
    if request.method != "POST":
        return redirect("file_reviews:file_detail", pk=pk)
    form = forms.ReassignForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.file_reassign(
            file=file, reviewers=list(d["reviewers"]), reason=d["reason"], actor=request.user
        ),
        success="已调整评查人员",
    )
    if outcome.ok:
        return redirect("file_reviews:file_detail", pk=pk)
    return render(
        request, "file_reviews/file_detail.html", _file_context(request, file, reassign_form=form), status=422
    )
