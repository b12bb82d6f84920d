"""The shell pages' reviewed permission matrix (``permissions.yaml``) run against each page, and the home page of
the administrator roles (三员分立) shows no business panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

CELLS = load_permission_matrix("web")
COVERED_URL_NAMES = matrix_url_names("web")
URL_ARGS = {"web:help_role": ["leader"]}  # a guide other than most readers' own: every guide is open to all staff


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users, tmp_path, settings):
    from fazhi.core.audit import audit_record

    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    event = audit_record(action="core.login", target=role_users["officer"], changes={}, actor=role_users["officer"])
    kwargs = {"sequence": event.sequence} if cell.url_name == "web:audit_event" else None
    method = "POST" if cell.url_name == "web:audit_verify" else "GET"
    check_matrix_response(
        cell,
        matrix_call(
            client,
            cell,
            role_users,
            url=reverse(cell.url_name, args=URL_ARGS.get(cell.url_name), kwargs=kwargs),
            method=method,
        ),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "security_admin", "audit_admin"])
def test_管理员工作台不显示业务待办(client, role_users, role):
    client.force_login(role_users[role])
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["panels"] == []
