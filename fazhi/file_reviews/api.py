"""Case-file review API (mounted at /api/v1/file_reviews/): the same gates, selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Router, Schema
from pydantic import Field

from fazhi.api.params import RecordId
from fazhi.cases.access import access_case
from fazhi.core.access import require
from fazhi.core.revision import parse_revision
from fazhi.file_reviews import selectors, services
from fazhi.file_reviews.access import access_file, access_round

router = Router(tags=["案卷评查"])


class RoundOut(Schema):
    id: int
    number: str
    year: int
    title: str
    status: str
    method: str
    rubric_id: str
    started_on: dt.date
    due_on: dt.date
    draw_hash: str


class FileOut(Schema):
    id: int
    case_id: int
    case_number: str
    department_id: int
    status: str
    total: int | None
    grade: str
    distinction: str
    reviewer_ids: list[int]


class RoundDetailOut(RoundOut):
    files: list[FileOut]


class LiveOut(Schema):
    case_id: int
    today: dt.date
    rubric: str
    score: int
    max_score: int
    blocking: list[str]
    results: list[dict[str, Any]]


class ScoreIn(Schema):
    on: Annotated[str, Field(max_length=20, description="评分日期（YYYY-MM-DD）")]
    opinion: Annotated[str, Field(max_length=20000)]
    deductions: dict[Annotated[str, Field(max_length=60)], Annotated[int, Field(ge=0, le=100)]] = {}
    notes: dict[Annotated[str, Field(max_length=60)], Annotated[str, Field(max_length=2000)]] = {}
    vetoes: list[Annotated[str, Field(max_length=60)]] = []
    revision: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


def _file_out(f: Any) -> dict[str, Any]:
    return {
        "id": f.pk,
        "case_id": f.case_id,
        "case_number": f.case.number,
        "department_id": f.department_id,
        "status": f.status,
        "total": f.total,
        "grade": f.grade,
        "distinction": f.distinction,
        "reviewer_ids": sorted(u.pk for u in f.reviewers.all()),
    }


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request):
    require(request.user, "file_reviews.view")
    return list(selectors.rounds(request.user)[:200])


@router.get("/rounds/{pk}", response=RoundDetailOut)
def round_detail(request, pk: RecordId):
    require(request.user, "file_reviews.view")
    r = access_round(user=request.user, pk=pk)
    files = [_file_out(f) for f in selectors.round_files(request.user, r)]
    return {**{k: getattr(r, k) for k in RoundOut.model_fields}, "files": files}


@router.get("/live/{case_id}", response=LiveOut)
def live(request, case_id: RecordId):
    require(request.user, "file_reviews.view")
    case = access_case(user=request.user, pk=case_id)
    view = selectors.case_live_review(case)
    data = view.review.as_dict()
    return {
        "case_id": case.pk,
        "today": view.today,
        "rubric": data["rubric"],
        "score": data["score"],
        "max_score": data["max_score"],
        "blocking": [r.checkpoint_id for r in view.blocking],
        "results": data["results"],
    }


@router.post("/files/{pk}/score", response=FileOut)
def score(request, pk: RecordId, body: ScoreIn):
    require(request.user, "file_reviews.score")
    f = access_file(user=request.user, pk=pk, permission="file_reviews.score")
    services.file_score(
        file=f,
        deductions=body.deductions,
        notes=body.notes,
        vetoes=body.vetoes,
        opinion=body.opinion,
        on=body.on,
        expected_revision=parse_revision(body.revision),
        actor=request.user,
    )
    f.refresh_from_db()
    return _file_out(f)
