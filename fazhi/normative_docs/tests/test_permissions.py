"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import ApiToken
from fazhi.core.testing import ANONYMOUS, all_url_names, check_matrix_response, load_permission_matrix, matrix_url_names
from fazhi.normative_docs import services

pytestmark = pytest.mark.django_db
D = dt.date
COVERED_URL_NAMES = matrix_url_names("normative_docs")
CELLS = load_permission_matrix("normative_docs")


@pytest.fixture
def objects(draft, other_department, role_users):
    own, other = draft(), draft(department=other_department)
    cleanup = services.cleanup_open(title="清理", started_on=D(2024, 11, 1), actor=role_users["legal_reviewer"])
    return {"own": {"document": own.pk, "cleanup": cleanup.pk}, "other": {"document": other.pk, "cleanup": cleanup.pk}}


def _kwargs(url_name: str, ids: dict[str, int]) -> dict | None:
    name = url_name.split(":")[-1]
    if name == "document_detail":
        return {"pk": ids["document"]}
    if name == "document_act":
        return {"pk": ids["document"], "action": "legality"}
    if name == "cleanup_detail":
        return {"pk": ids["cleanup"]}
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
    for cell in [c for c in CELLS if c.url_name.startswith("api ")]:
        url = cell.url_name.split(" ", 2)[2].format(**objects[cell.scope])
        check_matrix_response(cell, client.get(url, **tokens.get(cell.role, {})))


def test_矩阵覆盖本模块全部网址():
    names = {
        n
        for n in all_url_names()
        if n.startswith("normative_docs:") or n.startswith("publicity:public_normative_docs:")
    }
    assert names == set(COVERED_URL_NAMES)


def test_无权限的写入被拒绝(client, role_users, objects):
    client.force_login(role_users["officer"])
    assert (
        client.post(reverse("normative_docs:cleanup_list"), {"title": "x", "started_on": "2024-11-01"}).status_code
        == 403
    )
    assert client.post(reverse("normative_docs:mechanism_list"), {"kind": "joint_meeting"}).status_code == 403
    pk = objects["own"]["cleanup"]
    assert (
        client.post(
            reverse("normative_docs:cleanup_detail", args=[pk]), {"document_number": "x", "outcome": "keep"}
        ).status_code
        == 403
    )
