"""The shell pages' reviewed permission matrix (``permissions.yaml``) run against each page, and the home page of
the administrator roles (三员分立) shows no business panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

CELLS = load_permission_matrix("web")
COVERED_URL_NAMES = matrix_url_names("web")
URL_ARGS = {"web:help_role": ["leader"]}  # a guide other than most readers' own: every guide is open to all staff


# URL name → (kwargs builder, POSTed form or None for a GET)
POSTS = {
    "web:audit_verify": {},
    "web:token_create": {"name": "同步", "days": "30"},
    "web:token_revoke": {},
    "web:account_create": {"username": "newcomer", "display_name": "新人", "role": "officer"},
    "web:account_unlock": {"username": "target"},
    "web:account_password": {},
    "web:account_otp_reset": {"reason": "手机遗失"},
    "web:account_token_revoke": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users, make_user, department, tmp_path, settings):
    from fazhi.core import accounts
    from fazhi.core.audit import audit_record

    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    event = audit_record(action="core.login", target=role_users["officer"], changes={}, actor=role_users["officer"])
    target = make_user("officer", username="target")
    target_token, _ = accounts.token_create(actor=target, user=target, name="t", days=1)
    me = role_users.get(cell.role)
    own_token = accounts.token_create(actor=me, user=me, name="mine", days=1)[0] if me is not None else target_token
    kwargs = {
        "web:audit_event": {"sequence": event.sequence},
        "web:token_revoke": {"pk": own_token.pk},
        "web:account_detail": {"pk": target.pk},
        "web:account_password": {"pk": target.pk},
        "web:account_otp_reset": {"pk": target.pk},
        "web:account_token_revoke": {"pk": target.pk, "token_id": target_token.pk},
    }.get(cell.url_name)
    form = POSTS.get(cell.url_name)
    if cell.url_name == "web:account_create":
        form = {**form, "department": str(department.pk)}
    url = reverse(cell.url_name, args=URL_ARGS.get(cell.url_name), kwargs=kwargs)
    method = "POST" if form is not None else "GET"
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=url, method=method, data=form))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "security_admin", "audit_admin"])
def test_管理员工作台不显示业务待办(client, role_users, role):
    client.force_login(role_users[role])
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["panels"] == []
