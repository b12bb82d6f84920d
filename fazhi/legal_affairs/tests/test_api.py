"""The legal-affairs API drives the same services as the screens: a matter recorded and completed, a proposal
registered, extended and replied to; bad input answered with the field and a stable code."""

from __future__ import annotations

import pytest

from fazhi.core.testing import api_headers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def test_法律事务登记与办结(client, role_users, department):
    h = api_headers(role_users["legal_reviewer"])
    body = {"department_id": department.pk, "kind": "contract_review", "handler_kind": "public_lawyer",
            "handler_name": "李律师", "title": "快检设备采购合同审查", "received_on": "2023-05-04"}  # fmt: skip
    r = client.post("/api/v1/legal_affairs/matters", data=body, content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["kind_label"] == "合同审查" and r.json()["completed_on"] is None
    pk = r.json()["id"]
    bad = client.post(f"/api/v1/legal_affairs/matters/{pk}/complete", data={"on": "2023-05-01", "opinion": "x"},
                      content_type="application/json", **h)  # fmt: skip
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, "date.too_early", "on")
    done = client.post(f"/api/v1/legal_affairs/matters/{pk}/complete", data={"on": "2023-05-10", "opinion": "建议修改违约条款"},
                       content_type="application/json", **h)  # fmt: skip
    assert done.status_code == 200 and done.json()["completed_on"] == "2023-05-10"
    listed = client.get("/api/v1/legal_affairs/matters?year=2023&kind=contract_review", **h).json()
    assert [m["id"] for m in listed] == [pk]
    assert client.get("/api/v1/legal_affairs/matters?year=2022", **h).json() == []
    missing = client.post("/api/v1/legal_affairs/matters", data={**body, "department_id": 999999},
                          content_type="application/json", **h)  # fmt: skip
    assert (missing.status_code, missing.json()["field"]) == (400, "department_id")


def test_建议提案登记延期答复(client, role_users, department):
    h = api_headers(role_users["legal_reviewer"])
    body = {"kind": "npc", "reference": "第15号", "title": "加强校园周边食品安全监管", "proposer": "张代表",
            "department_id": department.pk, "assigned_on": "2023-03-01"}  # fmt: skip
    r = client.post("/api/v1/legal_affairs/proposals", data=body, content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["reply_due_on"] is not None
    pk, due = r.json()["id"], r.json()["reply_due_on"]
    extended = client.post(f"/api/v1/legal_affairs/proposals/{pk}/extend", content_type="application/json", **h)
    assert extended.status_code == 200 and extended.json()["reply_due_on"] > due
    again = client.post(f"/api/v1/legal_affairs/proposals/{pk}/extend", content_type="application/json", **h)
    assert (again.status_code, again.json()["code"]) == (400, "legal_affairs.extend_once")
    replied = client.post(f"/api/v1/legal_affairs/proposals/{pk}/reply", content_type="application/json",
                          data={"on": "2023-05-20", "text": "已开展专项检查", "feedback": "satisfied"}, **h)  # fmt: skip
    assert replied.status_code == 200 and replied.json()["replied_on"] == "2023-05-20" and replied.json()["satisfied"]
    officer = api_headers(role_users["officer"])
    assert client.post(f"/api/v1/legal_affairs/proposals/{pk}/reply", content_type="application/json",
                       data={"on": "2023-05-20", "text": "x"}, **officer).status_code == 403  # fmt: skip
