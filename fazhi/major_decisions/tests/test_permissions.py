"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from fazhi.core.testing import (
    ANONYMOUS,
    all_api_routes,
    all_url_names,
    api_headers,
    api_url,
    check_matrix_response,
    load_permission_matrix,
    matrix_api_routes,
    matrix_url_names,
)
from fazhi.major_decisions import services
from fazhi.major_decisions.tests.test_hearing_evaluation import hearing_args

D = dt.date
HEARING = hearing_args()

pytestmark = pytest.mark.django_db
COVERED_URL_NAMES = matrix_url_names("major_decisions")
CELLS = load_permission_matrix("major_decisions")


API_BODIES = {
    "steps": {"step": "magic", "ended_on": "2023-04-01", "summary": "x"},
    "hearings": {**{k: str(v) for k, v in HEARING.items()}, "materials_served_on": "2023-03-09",
                 "participant_count": 11, "record_signed": True},
    "decide": {"on": "2023-05-01", "text": "同意"},
    "publish": {"on": "2023-05-01", "channel": "区政府网站"},
    "evaluation": {"ground": "not_achieved", "evaluator": "区委党校", "started_on": "2023-10-09"},
    "conclusion": {"concluded_on": "2023-12-01", "public_views": "问卷", "findings": "x", "recommendation": "continue"},
}  # fmt: skip


@pytest.fixture
def world(role_users, catalogued, published, other_department):
    """Per department: a catalogued decision with a hearing, and an evaluated one."""
    out = {}
    for scope, department in (("own", None), ("other", other_department)):
        kw = {} if department is None else {"department": department}
        d = catalogued(**kw)
        hearing = services.hearing_record(decision=d, actor=role_users["legal_reviewer"], **HEARING)
        p = published(**kw)
        services.evaluation_start(decision=p, ground="deemed_necessary", evaluator="区委党校",
                                  started_on=D(2023, 10, 9), actor=role_users["leader"])  # fmt: skip
        services.evaluation_conclude(decision=p, concluded_on=D(2023, 12, 1), public_views="问卷", findings="达到预期",
                                     recommendation="continue", actor=role_users["legal_reviewer"])  # fmt: skip
        out[scope] = {"decision": d, "hearing": hearing, "evaluated": p}
    return out


def _kwargs(name, w):
    if name in ("decision_detail",):
        return {"pk": w["decision"].pk}
    if name == "decision_act":
        return {"pk": w["decision"].pk, "action": "step"}
    if name in ("hearing_document", "hearing_pdf"):
        return {"pk": w["decision"].pk, "hearing": w["hearing"].pk}
    if name in ("evaluation_document", "evaluation_pdf"):
        return {"pk": w["evaluated"].pk}
    return None


def test_每个单元格(client, role_users, world):
    for cell in CELLS:
        w = world[cell.scope]
        if cell.url_name.startswith("api "):
            method, path = api_url(cell, pk=w["decision"].pk)
            headers = api_headers(None if cell.role == ANONYMOUS else role_users[cell.role])
            client.logout()
            if method == "GET":
                response = client.get(path, **headers)
            else:
                body = API_BODIES[path.rstrip("/").rsplit("/", 1)[-1]]
                response = client.post(path, data=json.dumps(body), content_type="application/json", **headers)
            check_matrix_response(cell, response)
            continue
        name = cell.url_name.split(":")[-1]
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        check_matrix_response(cell, client.get(reverse(cell.url_name, kwargs=_kwargs(name, w))))


def test_矩阵覆盖本模块全部接口():
    routes = {r for r in all_api_routes() if "/api/v1/major_decisions/" in r}
    assert routes == set(matrix_api_routes("major_decisions"))


def test_矩阵覆盖本模块全部网址():
    names = {
        n
        for n in all_url_names()
        if n.startswith("major_decisions:") or n.startswith("publicity:public_major_decisions:")
    }
    assert names == set(COVERED_URL_NAMES)


def test_错误输入显示字段错误(client, role_users, catalogued):
    d = catalogued()
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("major_decisions:decision_act", args=[d.pk, "step"]),
                           {"step": "public_participation", "started_on": "2023-03-01", "ended_on": "2023-03-20", "summary": "x", "passed": "yes"})  # fmt: skip
    assert response.status_code == 422
    assert "ended_on" in response.context["step_form"].errors
