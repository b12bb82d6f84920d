"""Every exam URL × role × own/other object against the reviewed matrix in permissions.yaml."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.testing import ANONYMOUS, check_matrix_response, load_permission_matrix, matrix_url_names
from fazhi.exams import services
from fazhi.exams.models import Sitting
from fazhi.registry.models import Officer

COVERED_URL_NAMES = matrix_url_names("exams")
CELLS = load_permission_matrix("exams")
POST_ONLY = {
    "exams:rule_add", "exams:rule_remove", "exams:roster_fill", "exams:candidate_exempt", "exams:exam_publish",
    "exams:exam_close", "exams:sitting_start", "exams:answer_save", "exams:sitting_submit", "exams:question_retire",
}  # fmt: skip
SITTER_ROLES = ("officer", "section_chief", "legal_reviewer", "leader")

SMALL_BANK = {
    "laws": [{"id": "apl", "title": "中华人民共和国行政处罚法", "version": "2021年修订", "in_force_from": "2021-07-15",
              "in_force_until": None, "status": "TEXT", "source": "x", "last_verified_on": "2026-12-06"}],
    "questions": [
        {"id": f"t-{i}", "law": "apl", "article": "第四十二条", "difficulty": 1, "kind": "true_false",
         "stem": f"判断题{i}", "answer": "T"}
        for i in range(4)
    ],
}  # fmt: skip


def _officer(dept, n):
    return Officer.objects.create(
        name=f"人员{n}",
        certificate_number=f"12011088{n:04d}",
        certificate_expires_on=dt.date(2030, 1, 1),
        department=dept,
    )


def make_user(role, *, username, officer=None, dept):
    """A staff account without a password (force_login needs none; hashing one costs ~0.5 s per user)."""
    from fazhi.core.models import User

    return User.objects.create(username=username, role=role, department=dept, officer=officer, display_name=username)


@pytest.fixture
def world(db, department, other_department, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    users = {}
    from fazhi.core.roles import Role

    for n, role in enumerate([r.value for r in Role], start=1):
        officer = _officer(department, n) if role in SITTER_ROLES else None
        users[role] = make_user(role, username=f"m-{role}", officer=officer, dept=department)
    colleague = make_user("officer", username="m-colleague", officer=_officer(department, 20), dept=department)
    stranger = make_user(
        "officer", dept=other_department, username="m-stranger", officer=_officer(other_department, 21)
    )
    organiser = users["legal_reviewer"]
    services.bank_load(document=SMALL_BANK, actor=None)
    from fazhi.core import clock

    now = clock.now()

    def exam(title, department_ids):
        e = services.exam_create(title=title, kind="annual", year=now.astimezone(clock.SHANGHAI).year,
                                 department=department, opens_at=now - dt.timedelta(minutes=5),
                                 closes_at=now + dt.timedelta(hours=2), duration_minutes=60, pass_mark=1,
                                 actor=organiser)  # fmt: skip
        services.rule_add(exam=e, topic="中华人民共和国行政处罚法", kind="true_false", difficulty=None, count=2,
                          points=1, actor=organiser)  # fmt: skip
        services.roster_fill(exam=e, department_ids=department_ids, actor=organiser)
        e.refresh_from_db()
        services.exam_publish(exam=e, expected_revision=e.revision, actor=organiser)
        e.refresh_from_db()
        return e

    own_exam = exam("全员考试", None)
    other_exam = exam("万新所考试", [other_department.pk])
    sittings = {role: services.sitting_start(exam=own_exam, actor=users[role]) for role in SITTER_ROLES}
    colleague_sitting = services.sitting_submit(
        sitting=services.sitting_start(exam=own_exam, actor=colleague), actor=colleague
    )
    stranger_sitting = services.sitting_submit(
        sitting=services.sitting_start(exam=own_exam, actor=stranger), actor=stranger
    )
    from fazhi.exams.models import Question

    return {
        "users": users,
        "own_exam": own_exam,
        "other_exam": other_exam,
        "sittings": sittings,
        "colleague_sitting": colleague_sitting,
        "stranger_sitting": stranger_sitting,
        "question": Question.objects.first(),
        "candidate": own_exam.candidates.first(),
        "rule": own_exam.rules.first(),
    }


def _url(cell, w) -> str:
    name = cell.url_name
    exam = w["own_exam"] if cell.scope == "own" else w["other_exam"]
    if name in ("exams:sit", "exams:answer_save", "exams:sitting_submit"):
        if cell.scope == "own":
            sitting = w["sittings"].get(cell.role) or w["colleague_sitting"]
        else:
            sitting = Sitting.objects.get(pk=w["stranger_sitting"].pk)
        return reverse(name, args=[sitting.pk])
    if name == "exams:result":
        sitting = w["colleague_sitting"] if cell.scope == "own" else w["stranger_sitting"]
        return reverse(name, args=[sitting.pk])
    if name in ("exams:question_edit", "exams:question_retire"):
        return reverse(name, args=[w["question"].pk])
    if name == "exams:rule_remove":
        return reverse(name, args=[exam.pk, w["rule"].pk])
    if name == "exams:candidate_exempt":
        return reverse(name, args=[exam.pk, w["candidate"].pk])
    if name in ("exams:home", "exams:exam_create", "exams:bank", "exams:question_add"):
        return reverse(name)
    return reverse(name, args=[exam.pk])


def _api(cell, w, client):
    import json

    from fazhi.core.models import ApiToken

    method, path = cell.url_name.split(" ", 2)[1:]
    headers = {}
    if cell.role != ANONYMOUS:
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=w["users"][cell.role], name="matrix", token_hash=ApiToken.hash_token(raw))
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    exam = w["own_exam"] if cell.scope == "own" else w["other_exam"]
    if cell.scope == "own":
        sitting = w["sittings"].get(cell.role) or w["colleague_sitting"]
    else:
        sitting = w["stranger_sitting"]
    path = path.replace("{exam}", str(exam.pk)).replace("{sitting}", str(sitting.pk))
    if method == "GET":
        return client.get(path, **headers)
    body = {"position": 1, "response": "T"}
    if path.endswith("/questions"):
        body = {"law_id": w["question"].law_id, "article": "36条", "kind": "true_false", "difficulty": 1,
                "stem": "题干", "answer": "T"}  # fmt: skip
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_permission_matrix(cell, world):
    client = Client()
    if cell.url_name.startswith("api "):
        check_matrix_response(cell, _api(cell, world, client))
        return
    if cell.role != ANONYMOUS:
        client.force_login(world["users"][cell.role])
    url = _url(cell, world)
    response = client.post(url, {"reason": "测试"}) if cell.url_name in POST_ONLY else client.get(url)
    check_matrix_response(cell, response)


def test_the_matrix_covers_every_exam_url():
    from fazhi.core.testing import all_url_names

    assert {n for n in all_url_names() if n.startswith("exams:")} == set(COVERED_URL_NAMES)
