"""Exams API (mounted at /api/v1/exams/): the same gates, selectors and services as the pages.

A sitter can answer and submit through the API (a client for the exam terminal); result readers get the rates
per department; organisers add questions with the same validation as the form and the bank file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema, Status

from fazhi.core.access import require
from fazhi.exams import selectors, services
from fazhi.exams.access import access_exam, access_own_sitting

router = Router(tags=["学法用法考试"])


class ExamOut(Schema):
    id: int
    title: str
    kind: str
    year: int
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    duration_minutes: int
    pass_mark: int
    total_points: int


class RateOut(Schema):
    department: str
    required: int
    exempt: int
    takers: int
    passed: int
    participation: Decimal | None
    pass_rate: Decimal | None
    average: Decimal | None


class SittingOut(Schema):
    id: int
    exam_id: int
    status: str
    started_at: dt.datetime
    deadline_at: dt.datetime
    submitted_at: dt.datetime | None
    submitted_how: str
    score: int | None
    max_score: int
    passed: bool | None


class AnswerIn(Schema):
    position: int
    response: str = ""


class AnswerOut(Schema):
    position: int
    response: str
    saved_at: dt.datetime | None


class QuestionIn(Schema):
    law_id: int
    article: str
    kind: str
    difficulty: int
    stem: str
    options: list[str] = []
    answer: str
    explanation: str = ""
    quote: str = ""


class QuestionOut(Schema):
    id: int
    code: str
    version: int
    article: str
    kind: str
    difficulty: int


@router.get("/", response=list[ExamOut])
def exam_list(request):
    require(request.user, "exams.view")
    return list(selectors.exams_visible(request.user)[:200])


@router.get("/{exam_id}/rates", response=list[RateOut])
def exam_rates(request, exam_id: int):
    exam = access_exam(user=request.user, pk=exam_id, permission="exams.results.view")
    rows = selectors.department_rates(exam, user=request.user)
    return [{**r.__dict__, "participation": r.participation, "pass_rate": r.pass_rate} for r in rows]


@router.post("/{exam_id}/start", response=SittingOut)
def start(request, exam_id: int):
    """Start (or resume) the caller's sitting; the paper is then read from ``sittings/{id}/paper``."""
    exam = access_exam(user=request.user, pk=exam_id)
    require(request.user, "exams.sit")
    return services.sitting_start(exam=exam, actor=request.user)


class PaperQuestionOut(Schema):
    position: int
    points: int
    kind: str
    stem: str
    options: list[str]
    response: str


@router.get("/sittings/{sitting_id}/paper", response=list[PaperQuestionOut])
def sitting_paper(request, sitting_id: int):
    """The sitter's paper in order (without the answers)."""
    sitting = access_own_sitting(user=request.user, pk=sitting_id)
    return [
        {"position": a.position, "points": a.points, "kind": a.question.kind, "stem": a.question.stem,
         "options": a.question.options, "response": a.response}
        for a in selectors.paper(sitting)
    ]  # fmt: skip


@router.get("/sittings/mine", response=list[SittingOut])
def my_sittings(request):
    require(request.user, "exams.view")
    return [m.sitting for m in selectors.my_exams(request.user) if m.sitting is not None]


@router.post("/sittings/{sitting_id}/answers", response=AnswerOut)
def answer(request, sitting_id: int, body: AnswerIn):
    sitting = access_own_sitting(user=request.user, pk=sitting_id)
    return services.answer_save(sitting=sitting, position=body.position, response=body.response, actor=request.user)


@router.post("/sittings/{sitting_id}/submit", response=SittingOut)
def submit(request, sitting_id: int):
    sitting = access_own_sitting(user=request.user, pk=sitting_id)
    return services.sitting_submit(sitting=sitting, actor=request.user)


@router.post("/questions", response={201: QuestionOut})
def question_add(request, body: QuestionIn):
    require(request.user, "exams.manage")
    data = body.dict()
    law = data.pop("law_id")
    return Status(201, services.question_add(law=law, actor=request.user, **data))
