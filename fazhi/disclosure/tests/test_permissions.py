"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import ApiToken
from fazhi.core.testing import ANONYMOUS, all_url_names, check_matrix_response, load_permission_matrix, matrix_url_names
from fazhi.disclosure import services

pytestmark = pytest.mark.django_db
D = dt.date
COVERED_URL_NAMES = matrix_url_names("disclosure")
CELLS = load_permission_matrix("disclosure")


@pytest.fixture
def objects(register, other_department, role_users):
    own, other = register(), register(department=other_department)
    for r in (own, other):
        services.request_reply(
            request=r, reply_type="disclosed", on=D(2023, 3, 10), text="予以公开", actor=role_users["legal_reviewer"]
        )
    docs = {
        scope: services.document_publish(
            department=dept, title="2023年度行政执法统计年报", category="normative", document_number="",
            formed_on=D(2023, 3, 1), published_on=D(2023, 3, 5), summary="", actor=role_users["legal_reviewer"],
        ).pk
        for scope, dept in (("own", own.department), ("other", other_department))
    }  # fmt: skip
    return {
        "own": {"request": own.pk, "document": docs["own"]},
        "other": {"request": other.pk, "document": docs["other"]},
    }


def _kwargs(url_name: str, ids: dict[str, int]) -> dict | None:
    name = url_name.split(":")[-1]
    if name in ("request_detail", "request_letter", "request_contact"):
        return {"pk": ids["request"]}
    if name in ("document_detail", "document_withdraw"):
        return {"pk": ids["document"]}
    if name == "request_act":
        return {"pk": ids["request"], "action": "reply"}
    if name == "report_act":
        return {"year": 2022, "action": "open"}
    return None


def test_每个单元格(client, role_users, objects):
    for cell in CELLS:
        if cell.url_name.startswith("api "):
            continue
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        check_matrix_response(
            cell, client.get(reverse(cell.url_name, kwargs=_kwargs(cell.url_name, objects[cell.scope])))
        )


def test_接口的每个单元格(client, role_users, objects):
    tokens = {}
    for role, user in role_users.items():
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cells = [c for c in CELLS if c.url_name.startswith("api ")]
    assert cells
    for cell in cells:
        url = cell.url_name.split(" ", 2)[2].format(**objects[cell.scope])
        check_matrix_response(cell, client.get(url, **tokens.get(cell.role, {})))


def test_矩阵覆盖本模块全部网址():
    names = {n for n in all_url_names() if n.startswith("disclosure:") or n.startswith("publicity:public_disclosure:")}
    assert names == set(COVERED_URL_NAMES)
