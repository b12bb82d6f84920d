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
from fazhi.legal_affairs import services

pytestmark = pytest.mark.django_db
COVERED_URL_NAMES = matrix_url_names("legal_affairs")
CELLS = load_permission_matrix("legal_affairs")


API_BODIES = {
    "matters": {"department_id": 999999, "kind": "other", "handler_kind": "counsel", "handler_name": "赵律师",
                "title": "咨询", "received_on": "2023-12-31"},
    "complete": {"on": "2023-01-02", "opinion": "意见"},
    "proposals": {"kind": "abc", "reference": "R", "title": "t", "proposer": "p", "department_id": 1,
                  "assigned_on": "2023-03-01"},
    "extend": {},
    "reply": {"on": "2023-02-01", "text": "答复"},
}  # fmt: skip


def test_每个单元格(client, role_users, department, other_department):
    u = role_users["legal_reviewer"]
    ids = {
        scope: services.proposal_register(kind="npc", reference=f"R-{scope}", title="t", proposer="p", department=dept,
                                          assigned_on=dt.date(2023, 3, 1), actor=u).pk
        for scope, dept in (("own", department), ("other", other_department))
    }  # fmt: skip
    replied = {
        scope: services.proposal_register(kind="npc", reference=f"Q-{scope}", title="t", proposer="p", department=dept,
                                          assigned_on=dt.date(2023, 3, 1), actor=u)
        for scope, dept in (("own", department), ("other", other_department))
    }  # fmt: skip
    for p in replied.values():
        services.proposal_reply(proposal=p, on=dt.date(2023, 4, 1), text="已答复", actor=u)
    matters = {
        scope: services.matter_record(department=dept, kind="contract_review", handler_kind="public_lawyer",
                                      handler_name="李律师", title="采购合同审查", received_on=dt.date(2023, 3, 1), actor=u).pk
        for scope, dept in (("own", department), ("other", other_department))
    }  # fmt: skip
    for cell in CELLS:
        if cell.url_name.startswith("api "):
            last = cell.url_name.rstrip("/").rsplit("/", 1)[-1]
            pk = (
                matters[cell.scope]
                if "/matters/" in cell.url_name
                else replied[cell.scope].pk
                if last == "extend"
                else ids[cell.scope]
            )
            method, path = api_url(cell, pk=pk)
            headers = api_headers(None if cell.role == ANONYMOUS else role_users[cell.role])
            client.logout()
            if method == "GET":
                response = client.get(path, **headers)
            else:
                response = client.post(
                    path, data=json.dumps(API_BODIES[last]), content_type="application/json", **headers
                )
            check_matrix_response(cell, response)
            continue
        name = cell.url_name.split(":")[-1]
        kwargs = (
            {"pk": matters[cell.scope]}
            if name in ("matter_detail", "matter_complete")
            else {"pk": ids[cell.scope]}
            if name == "proposal_detail"
            else {"pk": ids[cell.scope], "action": "reply"}
            if name == "proposal_act"
            else None
        )
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        check_matrix_response(cell, client.get(reverse(cell.url_name, kwargs=kwargs)))


def test_矩阵覆盖本模块全部接口():
    routes = {r for r in all_api_routes() if "/api/v1/legal_affairs/" in r}
    assert routes == set(matrix_api_routes("legal_affairs"))


def test_矩阵覆盖本模块全部网址():
    assert {n for n in all_url_names() if n.startswith("legal_affairs:")} == set(COVERED_URL_NAMES)


def test_错误输入显示字段错误_无权限的写入被拒绝(client, role_users, department):
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("legal_affairs:matter_list"), {"department": department.pk, "kind": "other", "handler_kind": "counsel",
                           "handler_name": "赵律师", "title": "咨询", "received_on": "2030-01-01"})  # fmt: skip
    assert response.status_code == 422 and "received_on" in response.context["form"].errors
    client.force_login(role_users["officer"])
    assert client.post(reverse("legal_affairs:proposal_list"), {"kind": "npc"}).status_code == 403
