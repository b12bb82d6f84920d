"""Exam screens: my exams and the organiser's list, an exam (rules, roster, publish, close, make-up, rates per
department), the timed paper, a result, and the question bank."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import clock
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import posted_revision, run_action, run_form
from fazhi.exams import documents, selectors, services
from fazhi.exams.access import access_candidate, access_exam, access_own_sitting, access_question, access_result
from fazhi.exams.choices import ExamStatus, QuestionKind, SittingStatus
from fazhi.exams.forms import ExamForm, MakeupForm, QuestionForm, ReasonForm, RosterFillForm, RuleForm


@staff_view("exams.view")
def home(request):
    user = request.user
    exams = None
    if selectors.sees_all_exams(user):
        exams = Paginator(selectors.exams_visible(user), 20).get_page(page_number(request))
    return render(
        request,
        "exams/home.html",
        {
            "mine": selectors.my_exams(user),
            "exams": exams,
            "can_manage": user_can(user, "exams.manage"),
            "now": clock.now(),
        },
    )


@staff_view("exams.manage")
def exam_create(request):
    form = ExamForm(request.POST or None, initial={"year": legal_today().year, "duration_minutes": 60, "pass_mark": 60})
    if request.method == "POST":
        outcome = run_form(
            request, form, lambda d: services.exam_create(actor=request.user, **d), success="已创建考试草稿"
        )
        if outcome.ok:
            return redirect("exams:exam_detail", pk=outcome.value.pk)
    return render(request, "exams/exam_form.html", {"form": form, "title": "新建考试"})


@staff_view("exams.manage")
def exam_edit(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    form = ExamForm(
        request.POST or None,
        initial={
            "title": exam.title, "kind": exam.kind, "year": exam.year, "department": exam.department_id,
            "opens_at": exam.opens_at.astimezone(clock.SHANGHAI), "closes_at": exam.closes_at.astimezone(clock.SHANGHAI),
            "duration_minutes": exam.duration_minutes, "pass_mark": exam.pass_mark,
        },
    )  # fmt: skip
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.exam_update(
                exam=exam, expected_revision=posted_revision(request), actor=request.user, **d
            ),
            success="已保存",
        )
        if outcome.ok:
            return redirect("exams:exam_detail", pk=exam.pk)
    return render(request, "exams/exam_form.html", {"form": form, "exam": exam, "title": f"修改：{exam.title}"})


@staff_view("exams.view", gate=access_exam)
def exam_detail(request, pk: int):
    exam = access_exam(user=request.user, pk=pk)
    user = request.user
    mine = next((m for m in selectors.my_exams(user) if m.exam.pk == exam.pk), None)
    manage = user_can(user, "exams.manage")
    context: dict[str, Any] = {
        "exam": exam,
        "mine": mine,
        "can_manage": manage,
        "can_results": user_can(user, "exams.results.view"),
        "rules": selectors.paper_rules(exam),
        "total": sum(r.count * r.points for r in selectors.paper_rules(exam)),
        "now": clock.now(),
    }
    if manage or user_can(user, "exams.results.view"):
        rows = selectors.department_rates(exam, user=user)
        context.update(progress=selectors.exam_progress(exam), rates=rows, rate_total=selectors.totals(rows))
        context["makeups"] = list(exam.makeups.all())
    if manage and exam.status == ExamStatus.DRAFT:
        context["rule_form"] = RuleForm(topics=selectors.law_titles())
    return render(request, "exams/exam_detail.html", context)


@staff_view("exams.manage")
@require_POST
def rule_add(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    form = RuleForm(request.POST, topics=selectors.law_titles())
    outcome = run_form(
        request, form, lambda d: services.rule_add(exam=exam, actor=request.user, **d), success="已添加组卷规则"
    )
    if outcome.ok:
        return redirect("exams:exam_detail", pk=exam.pk)
    rules = selectors.paper_rules(exam)
    return render(
        request,
        "exams/exam_detail.html",
        {"exam": exam, "rules": rules, "total": sum(r.count * r.points for r in rules), "can_manage": True,
         "rule_form": form, "now": clock.now()},
        status=400,
    )  # fmt: skip


@staff_view("exams.manage")
@require_POST
def rule_remove(request, pk: int, rule_id: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    run_action(request, lambda: services.rule_remove(exam=exam, rule_id=rule_id, actor=request.user), success="已删除")
    return redirect("exams:exam_detail", pk=exam.pk)


# The roster's gate: the exam, for those who manage exams (the page's gate and its links' check, ``may_open``).
_roster_exam = functools.partial(access_exam, permission="exams.manage")


@staff_view("exams.manage", gate=_roster_exam)
def roster(request, pk: int):
    exam = _roster_exam(user=request.user, pk=pk)
    candidates = exam.candidates.select_related("officer", "department").order_by("department__name", "officer_id")
    sat = set(exam.sittings.values_list("candidate_id", flat=True))
    return render(
        request,
        "exams/roster.html",
        {
            "exam": exam,
            "candidates": candidates,
            "sat": sat,
            "fill_form": RosterFillForm(),
            "reason_form": ReasonForm(),
        },
    )


@staff_view("exams.manage")
@require_POST
def roster_fill(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    form = RosterFillForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.roster_fill(
            exam=exam, department_ids=[dep.pk for dep in d["departments"]] or None, actor=request.user
        ),
    )
    if outcome.ok:
        messages.success(request, f"已加入 {outcome.value} 人")
    elif not outcome.error:
        messages.error(request, "请检查所选部门")
    return redirect("exams:roster", pk=exam.pk)


@staff_view("exams.manage")
@require_POST
def candidate_exempt(request, pk: int, candidate_id: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    candidate = access_candidate(user=request.user, exam=exam, pk=candidate_id)
    run_action(
        request,
        lambda: services.candidate_exempt(
            candidate=candidate, reason=request.POST.get("reason", ""), actor=request.user
        ),
        success="已登记免考",
    )
    return redirect("exams:roster", pk=exam.pk)


@staff_view("exams.manage")
@require_POST
def exam_publish(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    run_action(
        request,
        lambda: services.exam_publish(exam=exam, expected_revision=posted_revision(request), actor=request.user),
        success="考试已发布，组卷种子已记录",
    )
    return redirect("exams:exam_detail", pk=exam.pk)


@staff_view("exams.manage")
@require_POST
def exam_close(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    outcome = run_action(request, lambda: services.exam_close(exam=exam, actor=request.user))
    if outcome.ok:
        messages.success(request, f"考试已结束；{outcome.value} 份未交答卷已自动交卷")
    return redirect("exams:exam_detail", pk=exam.pk)


@staff_view("exams.manage")
def makeup_create(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.manage")
    form = MakeupForm(request.POST or None, initial={"title": f"{exam.title}（补考）"})
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.makeup_create(original=exam, actor=request.user, **d),
            success="已创建补考草稿，应考名单为未合格和未参考人员",
        )
        if outcome.ok:
            return redirect("exams:exam_detail", pk=outcome.value.pk)
    return render(request, "exams/exam_form.html", {"form": form, "exam": exam, "title": f"安排补考：{exam.title}"})


@staff_view("exams.results.view")
def results(request, pk: int):
    exam = access_exam(user=request.user, pk=pk, permission="exams.results.view")
    page = Paginator(selectors.sitting_list(exam, user=request.user), 50).get_page(page_number(request))
    return render(request, "exams/results.html", {"exam": exam, "page_obj": page, "now": clock.now()})


@staff_view("exams.results.view")
def results_docx(request, pk: int):
    """考试成绩统计表 (Word), scoped like the results page (section chiefs: their own department)."""
    from urllib.parse import quote

    exam = access_exam(user=request.user, pk=pk, permission="exams.results.view")
    response = HttpResponse(documents.results_docx(exam, user=request.user), content_type=documents.DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(exam.title + '成绩统计表')}.docx"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view("exams.sit")
@require_POST
def sitting_start(request, pk: int):
    exam = access_exam(user=request.user, pk=pk)
    outcome = run_action(request, lambda: services.sitting_start(exam=exam, actor=request.user))
    if outcome.ok:
        return redirect("exams:sit", pk=outcome.value.pk)
    return redirect("exams:exam_detail", pk=exam.pk)


@staff_view("exams.sit")
def sit(request, pk: int):
    sitting = access_own_sitting(user=request.user, pk=pk)
    if sitting.status != SittingStatus.IN_PROGRESS:
        return redirect("exams:result", pk=sitting.pk)
    now = clock.now()
    remaining = max(0, int((sitting.deadline_at - now).total_seconds()))
    return render(
        request,
        "exams/sit.html",
        {
            "sitting": sitting,
            "exam": sitting.exam,
            "answers": selectors.paper(sitting),
            "remaining": remaining,
            # the same "29 分 05 秒" the countdown script shows, so the page reads right before (or without) it
            "remaining_text": f"{remaining // 60} 分 {remaining % 60:02d} 秒",
        },
    )


def _response(request, position: int | None = None) -> str:
    name = f"q{position}" if position is not None else "response"
    return "".join(request.POST.getlist(name))[:8]


@staff_view("exams.sit")
@require_POST
def answer_save(request, pk: int):
    sitting = access_own_sitting(user=request.user, pk=pk)
    position = request.POST.get("position", "")
    try:
        answer = services.answer_save(
            sitting=sitting,
            position=position,
            response=_response(request, int(position) if position.isascii() and position.isdigit() else None),
            actor=request.user,
        )
    except DomainError as exc:
        if request.htmx:
            status = 409 if exc.code in ("exams.time_up", "exams.submitted") else 400
            response = HttpResponse(f'<span class="badge bad">{exc.message}</span>', status=status)
            if status == 409:
                response["HX-Redirect"] = f"/exams/sittings/{sitting.pk}/result/"
            return response
        messages.error(request, exc.message)
        return redirect("exams:sit", pk=sitting.pk)
    if request.htmx:
        saved = (answer.saved_at or clock.now()).astimezone(clock.SHANGHAI)
        return HttpResponse(f'<span class="badge ok">已保存 {saved:%H:%M:%S}</span>')
    return redirect("exams:sit", pk=sitting.pk)


@staff_view("exams.sit")
@require_POST
def sitting_submit(request, pk: int):
    sitting = access_own_sitting(user=request.user, pk=pk)
    positions = sitting.answers.values_list("position", flat=True)
    responses = {p: _response(request, p) for p in positions if f"q{p}" in request.POST}
    outcome = run_action(
        request, lambda: services.sitting_submit(sitting=sitting, actor=request.user, responses=responses)
    )
    if outcome.ok:
        messages.success(request, "已交卷")
        return redirect("exams:result", pk=sitting.pk)
    return redirect("exams:sit", pk=sitting.pk)


@staff_view("exams.view")
def result(request, pk: int):
    sitting = access_result(user=request.user, pk=pk)
    exam = sitting.exam
    show_key = exam.status == ExamStatus.CLOSED or user_can(request.user, "exams.manage")
    context = {
        "sitting": sitting,
        "exam": exam,
        "answers": selectors.paper(sitting) if sitting.status == SittingStatus.SUBMITTED else [],
        "show_key": show_key,
        "own": sitting.officer_id == request.user.officer_id,
    }
    if user_can(request.user, "exams.manage") or user_can(request.user, "exams.results.view"):
        context["check"] = selectors.rederive(sitting)
    return render(request, "exams/result.html", context)


@staff_view("exams.manage")
def bank(request):
    law_raw = request.GET.get("law", "")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:40]
    questions = selectors.bank_questions(
        law_id=int(law_raw) if law_raw.isascii() and law_raw.isdigit() and len(law_raw) < 10 else None,
        kind=kind if kind in QuestionKind.values else "",
        q=q,
    )
    return render(
        request,
        "exams/bank.html",
        {
            "summary": selectors.bank_summary(on=legal_today()),
            "page_obj": Paginator(questions, 30).get_page(page_number(request)),
            "laws": selectors.laws(),
            "kinds": QuestionKind.choices,
            "law": law_raw,
            "kind": kind,
            "q": q,
            "reason_form": ReasonForm(),
        },
    )


def _question_fields(d: dict) -> dict:
    return {**d, "options": [line.strip() for line in (d.get("options") or "").splitlines() if line.strip()]}


@staff_view("exams.manage")
def question_add(request):
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.question_add(actor=request.user, **_question_fields(d)),
            success="已加入题库",
        )
        if outcome.ok:
            return redirect("exams:bank")
    return render(request, "exams/question_form.html", {"form": form, "title": "新增试题"})


@staff_view("exams.manage")
def question_edit(request, pk: int):
    question = access_question(user=request.user, pk=pk)
    initial = {
        "law": question.law_id, "article": question.article, "kind": question.kind, "difficulty": question.difficulty,
        "stem": question.stem, "options": "\n".join(question.options),
        "answer": {"T": "正确", "F": "错误"}.get(question.answer, question.answer),
        "explanation": question.explanation, "quote": question.quote,
    }  # fmt: skip
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and question.retired_at is None:
        outcome = run_form(
            request,
            form,
            lambda d: services.question_revise(question=question, actor=request.user, **_question_fields(d)),
            success="已修订：旧版本停用，新版本入库",
        )
        if outcome.ok:
            return redirect("exams:bank")
    return render(
        request, "exams/question_form.html", {"form": form, "question": question, "title": f"修订试题 {question.code}"}
    )


@staff_view("exams.manage")
@require_POST
def question_retire(request, pk: int):
    question = access_question(user=request.user, pk=pk)
    run_action(
        request,
        lambda: services.question_retire(question=question, reason=request.POST.get("reason", ""), actor=request.user),
        success="已停用，今后组卷不再抽取",
    )
    return redirect("exams:bank")
