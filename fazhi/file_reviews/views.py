"""Screens of the case-file review (案卷评查): overview, rounds, score sheets, rectifications, sent-up files, the
live review queue. Every write goes through a service via ``run_form``; errors appear on their field in Chinese."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.file_reviews import forms, selectors, services, workflow
from fazhi.file_reviews.access import (
    access_case_number,
    access_file,
    access_higher,
    access_rectification,
    access_round,
)
from fazhi.file_reviews.choices import FileState, RectificationStatus, SeedKind
from fazhi.file_reviews.models import ItemScore
from fazhi.rulebook import file_review as engine

PAGE = 50


def _rev(d: dict[str, Any]) -> int | None:
    return parse_revision(d.get("revision"))


@staff_view("file_reviews.view")
def home(request):
    user = request.user
    dist = selectors.live_distribution(user)
    bars, x = [], 0.0
    for label, n, color in (
        ("90 分以上", dist["excellent"], "#2e7d32"),
        ("70–89 分", dist["passing"], "#ef8f00"),
        ("70 分以下", dist["failing"], "#c62828"),
    ):
        width = 100 * n / dist["total"] if dist["total"] else 0
        bars.append({"label": label, "n": n, "x": round(x, 3), "w": round(width, 3), "color": color})
        x += width
    return render(
        request,
        "file_reviews/home.html",
        {
            "bars": bars,
            "rounds": selectors.rounds(user)[:20],
            "to_score": selectors.files_to_score(user)[:20],
            "rectifications": selectors.visible_rectifications(user)
            .exclude(status=RectificationStatus.VERIFIED)
            .order_by("due_on")[:20],
            "dist": dist,
            "blocked": selectors.live_queue(user, limit=10),
            "can_organise": user_can(user, "file_reviews.organise"),
            "can_send_up": user_can(user, "file_reviews.send_up"),
            "today": legal_today(),
        },
    )


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
        rev = _rev(d)
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
            file=file, opinion=d["opinion"], on=d["on"], expected_revision=_rev(d), actor=request.user, **form.sheet()
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
            file=file, distinction=d["distinction"], reason=d["reason"], expected_revision=_rev(d), actor=request.user
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
            rectification=rect, report=d["report"], on=d["on"], expected_revision=_rev(d), actor=request.user
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
            expected_revision=_rev(d),
            actor=request.user,
        ),  # fmt: skip
        success="已核验",
    )
    if outcome.ok:
        return redirect("file_reviews:rectification_detail", pk=pk)
    context = _rect_context(request, rect, verify_form=form)
    return render(request, "file_reviews/rectification_detail.html", context, status=422)


@staff_view("file_reviews.view")
def higher_list(request):
    qs = selectors.higher_reviews(request.user)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    form = None
    if user_can(request.user, "file_reviews.send_up"):
        form = forms.HigherForm(request.POST or None, initial={"sent_on": legal_today()})
        if request.method == "POST":
            outcome = run_form(
                request,
                form,
                lambda d: services.higher_review_send(
                    case=access_case_number(user=request.user, number=d["case_number"]),
                    authority=d["authority"],
                    review_name=d["review_name"],
                    sent_on=d["sent_on"],
                    actor=request.user,
                ),
                success="已登记报送上级评查的案卷",
            )
            if outcome.ok:
                return redirect("file_reviews:higher_list")
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "file_reviews.send_up"}, status=403)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "file_reviews/higher_list.html",
        {"rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "form": form},
        status=status,
    )


@staff_view("file_reviews.view", gate=access_higher)
def higher_detail(request, pk: int):
    item = access_higher(user=request.user, pk=pk)
    form = None
    if user_can(request.user, "file_reviews.send_up"):
        initial = {"result_on": legal_today(), "revision": item.revision, "result": item.result}
        form = forms.HigherResultForm(request.POST or None, initial=initial)
        if request.method == "POST":
            outcome = run_form(
                request,
                form,
                lambda d: services.higher_review_result(
                    item=item,
                    result=d["result"],
                    note=d["result_note"],
                    on=d["result_on"],
                    expected_revision=_rev(d),
                    actor=request.user,
                ),  # fmt: skip
                success="已登记评查结果",
            )
            if outcome.ok:
                return redirect("file_reviews:higher_detail", pk=pk)
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "file_reviews.send_up"}, status=403)
    status = 422 if request.method == "POST" else 200
    return render(request, "file_reviews/higher_detail.html", {"x": item, "form": form}, status=status)


@staff_view("file_reviews.view")
def live_queue(request):
    page = page_number(request)
    blocking_only = request.GET.get("all") != "1"
    rows = selectors.live_queue(request.user, blocking_only=blocking_only, limit=PAGE + 1, offset=(page - 1) * PAGE)
    rubric = selectors.rubric_for(legal_today())
    labels = {cp.id: cp.text for cp in rubric.checkpoints}
    for row in rows:
        row["failed_labels"] = [labels.get(c, c) for c in row["failed"]]
        row["url"] = reverse("cases:case_detail", kwargs={"pk": row["case_id"]})
    return render(
        request,
        "file_reviews/live_queue.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "blocking_only": blocking_only,
            "dist": selectors.live_distribution(request.user),
        },
    )
