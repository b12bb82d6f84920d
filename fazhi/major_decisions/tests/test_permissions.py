"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import ANONYMOUS, all_url_names, check_matrix_response, load_permission_matrix, matrix_url_names

pytestmark = pytest.mark.django_db
COVERED_URL_NAMES = matrix_url_names("major_decisions")
CELLS = load_permission_matrix("major_decisions")


def test_每个单元格(client, role_users, catalogued, other_department):
    ids = {"own": catalogued().pk, "other": catalogued(department=other_department).pk}
    for cell in CELLS:
        name = cell.url_name.split(":")[-1]
        kwargs = (
            {"pk": ids[cell.scope]}
            if name == "decision_detail"
            else {"pk": ids[cell.scope], "action": "step"}
            if name == "decision_act"
            else None
        )
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        check_matrix_response(cell, client.get(reverse(cell.url_name, kwargs=kwargs)))


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
