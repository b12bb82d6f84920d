"""Review rounds: creation, detail, the organiser's actions and the draw."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.file_reviews import forms, selectors, services, workflow
from fazhi.file_reviews.access import (
    access_round,
)
from fazhi.file_reviews.choices import FileState, SeedKind
from fazhi.file_reviews.views.common import (
    form_revision,
)
from fazhi.rulebook import file_review as engine


@staff_view("file_reviews.organise")
def round_new(request):
    form = forms.RoundForm(request.POST or None, initial={"started_on": legal_today(), "team_size": "2"})
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.round_create(
                title=d["title"],
                started_on=d["started_on"],
                due_on=d["due_on"],
                method=d["method"],
                decided_from=d["decided_from"],
                decided_to=d["decided_to"],
                panel=list(d["panel"]),
                departments=list(d["departments"]),
                domains=d["domains"],
                min_amount=d["min_amount"],
                max_live_score=d["max_live_score"],
                sample_size=d["sample_size"],
                team_size=d["team_size"],
                actor=request.user,
            ),
            success="已建立评查活动",
        )
        if outcome.ok:
            return redirect("file_reviews:round_detail", pk=outcome.value.pk)
    return render(request, "file_reviews/round_form.html", {"form": form})


ROUND_ACTIONS: dict[str, tuple[type[forms.forms.Form], str]] = {
    "commit": (forms.CommitForm, "固定案卷库和随机数（抽取前）"),
    "seed": (forms.SeedEntryForm, "录入开奖号码"),
    "select": (forms.SelectForm, "抽取案卷并确定评查人员"),
    "start": (forms.StartForm, "开始评查"),
    "grade": (forms.GradeForm, "评定等次"),
    "feedback": (forms.FeedbackForm, "反馈评查意见、部署整改"),
    "close": (forms.CloseForm, "完成评查"),
    "cancel": (forms.CancelForm, "撤销评查活动"),
}
ROUND_ACTION_EVENTS = {
    "commit": workflow.RoundEvent.COMMIT,
    "select": workflow.RoundEvent.SELECT,
    "start": workflow.RoundEvent.START,
    "grade": workflow.RoundEvent.GRADE,
    "feedback": workflow.RoundEvent.SEND_FEEDBACK,
    "close": workflow.RoundEvent.CLOSE,
    "cancel": workflow.RoundEvent.CANCEL,
}


SEED_ENTRY_MESSAGES = {
    "first": (messages.SUCCESS, "第一遍已录入（号码不显示）。请另一位有权限的同事独立录入第二遍。"),
    "mismatch": (messages.ERROR, "两遍录入的开奖号码不一致：两遍录入均已作废并记录，请两人重新分别录入。"),
    "confirmed": (messages.SUCCESS, "两人录入一致，随机数已确定，可以抽取。"),
}


def _awaits_lottery_numbers(review_round: Any) -> bool:
    """A round committed to a lottery draw whose numbers two people have not yet entered alike."""
    return (
        review_round.status == workflow.RoundState.COMMITTED
        and review_round.seed_kind == SeedKind.PUBLIC_ANNOUNCED
        and not review_round.seed_value
    )


def _round_forms(review_round: Any) -> list[dict[str, Any]]:
    state = workflow.RoundState(review_round.status)
    awaits = _awaits_lottery_numbers(review_round)
    out = []
    for name, (form_class, label) in ROUND_ACTIONS.items():
        if name == "seed" or (name == "select" and awaits):
            shown = name == "seed" and awaits  # the draw waits for the two entries of the numbers
        else:
            shown = (state, ROUND_ACTION_EVENTS[name]) in workflow.ROUND_TRANSITIONS
        if shown:
            initial: dict[str, Any] = {"revision": review_round.revision}
            if "on" in form_class.base_fields:
                initial["on"] = legal_today()
            out.append({"name": name, "label": label, "form": form_class(initial=initial)})
    return out


def _round_context(request, review_round, *, action_form: dict[str, Any] | None = None) -> dict[str, Any]:
    files = selectors.round_files(request.user, review_round)
    rubric = engine.rubric_by_id(review_round.rubric_id)
    can_organise = user_can(request.user, "file_reviews.organise")
    actions = _round_forms(review_round) if can_organise else []
    if action_form is not None:
        actions = [action_form if a["name"] == action_form["name"] else a for a in actions]
    grades: dict[str, int] = {}
    for f in files:
        if f.grade:
            grades[f.get_grade_display()] = grades.get(f.get_grade_display(), 0) + 1
    return {
        "r": review_round,
        "files": files,
        "rubric": rubric,
        "actions": actions,
        "grades": grades,
        "scored": sum(1 for f in files if f.status == FileState.SCORED),
        "can_organise": can_organise,
    }


@staff_view("file_reviews.view", gate=access_round)
def round_detail(request, pk: int):
    review_round = access_round(user=request.user, pk=pk)
    return render(request, "file_reviews/round_detail.html", _round_context(request, review_round))


@staff_view("file_reviews.organise")
def round_action(request, pk: int, action: str):
    review_round = access_round(user=request.user, pk=pk, permission="file_reviews.organise")
    if action not in ROUND_ACTIONS:
        raise Http404
    if request.method != "POST":
        return redirect("file_reviews:round_detail", pk=pk)
    form_class, label = ROUND_ACTIONS[action]
    form = form_class(request.POST)
    user = request.user

    def act(d: dict[str, Any]) -> Any:
        rev = form_revision(d)
        if action == "commit":
            return services.round_commit(
                review_round=review_round, seed_kind=d["seed_kind"], lottery_source=d["lottery_source"],
                lottery_draw_at=d["lottery_draw_at"], expected_revision=rev, actor=user,
            )  # fmt: skip
        if action == "seed":
            return services.round_seed_enter(review_round=review_round, value=d["value"], actor=user)
        if action == "select":
            return services.round_select(review_round=review_round, on=d["on"], expected_revision=rev, actor=user)
        if action == "start":
            return services.round_start(review_round=review_round, expected_revision=rev, actor=user)
        if action == "grade":
            return services.round_grade(
                review_round=review_round, on=d["on"], summary=d["summary"], expected_revision=rev, actor=user
            )
        if action == "feedback":
            return services.round_send_feedback(
                review_round=review_round, on=d["on"], rectification_due_on=d["rectification_due_on"],
                expected_revision=rev, actor=user,
            )  # fmt: skip
        if action == "close":
            return services.round_close(review_round=review_round, on=d["on"], expected_revision=rev, actor=user)
        return services.round_cancel(review_round=review_round, reason=d["reason"], expected_revision=rev, actor=user)

    outcome = run_form(request, form, act, success="" if action == "seed" else f"已{label}")
    if outcome.ok:
        if action == "seed":
            messages.add_message(request, *SEED_ENTRY_MESSAGES[outcome.value.outcome])
        return redirect("file_reviews:round_detail", pk=pk)
    context = _round_context(request, review_round, action_form={"name": action, "label": label, "form": form})
    return render(request, "file_reviews/round_detail.html", context, status=422)


@staff_view("file_reviews.view")
def round_draw(request, pk: int):
    """The draw record (anyone can re-run it) and the result of re-running it here. A committed-seed round
    (fazhi-draw/2) downloads as the record file ``fazhi draw verify`` checks — public (no 回避 reasons, no salt),
    or full for the oversight and audit roles; a round drawn under fazhi-draw/1 as its JSON record."""
    review_round = access_round(user=request.user, pk=pk)
    if not review_round.draw_record:
        raise Http404
    version = services.draw_version(review_round)
    wanted = request.GET.get("format")
    if version == 1 and wanted == "json":
        response = HttpResponse(
            json.dumps(review_round.draw_record, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="draw-{review_round.pk}.json"'
        return response
    can_full = user_can(request.user, "inspections.full_record.view")
    if version == 2 and wanted in ("public", "full"):
        if wanted == "full" and not can_full:
            raise PermissionDenied
        chunks = services.round_record_chunks(review_round, disclosure=wanted)
        suffix = "-full" if wanted == "full" else ""
        stream = StreamingHttpResponse(chunks, content_type="text/plain; charset=utf-8")
        stream["Content-Disposition"] = f'attachment; filename="file-review-draw-{review_round.pk}{suffix}.txt"'
        return stream
    if wanted is not None:
        raise Http404
    verified = services.round_verify(review_round)
    return render(
        request,
        "file_reviews/round_draw.html",
        {
            "r": review_round,
            "verified": verified,
            "version": version,
            "record": review_round.draw_record,
            "can_full": can_full,
        },
    )
