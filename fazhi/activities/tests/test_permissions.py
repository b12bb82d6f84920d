"""Every activities URL (staff, public and API) × role × own/other department against permissions.yaml."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.activities import services
from fazhi.activities.models import TypicalCase
from fazhi.core.roles import Role
from fazhi.core.testing import ANONYMOUS, check_matrix_response, load_permission_matrix, matrix_url_names

COVERED_URL_NAMES = matrix_url_names("activities")
CELLS = load_permission_matrix("activities")
POST_ONLY = {
    "attachment_upload", "attachment_remove", "matter_add", "matter_complete", "series_create", "list_create",
    "list_item_add", "list_item_remove", "list_adopt", "typical_submit", "typical_approve", "typical_return",
    "typical_withdraw",
}  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _user(role, dept, n):
    from fazhi.core.models import User

    return User.objects.create(username=f"p-{role}-{n}", role=role, department=dept, display_name=role)


def _objects(dept, actor, reviewer, n):
    from fazhi.cases.models import Case

    session = services.session_record(kind="party_committee", department=dept, held_on=dt.date(2023, 3, 1),
                                      title=f"党委会{n}", actor=actor)  # fmt: skip
    attachment = services.attachment_add(session=session, kind="minutes",
                                         upload=SimpleUploadedFile("纪要.pdf", PDF), actor=actor)  # fmt: skip
    matter = services.matter_add(session=session, title="事项", category="plan", decision="通过", actor=actor)
    event = services.event_record(title="普法", department=dept, held_on=dt.date(2023, 3, 15), audience_count=10,
                                  theme="", actor=actor)  # fmt: skip
    item = services.publicity_record(channel="weibo", published_on="2023-03-15", title="微博", department=dept,
                                     url="https://weibo.com/x", actor=actor)  # fmt: skip
    case = Case.objects.create(number=f"C{n}", department=dept, title="案", party_kind="organisation",
                               party_name="某公司", state="closed", filed_on=dt.date(2023, 1, 1), decision_kind="penalty",
                               decided_on=dt.date(2023, 2, 1), closed_on=dt.date(2023, 3, 1), fine=Decimal("1"))  # fmt: skip
    typical = TypicalCase.objects.create(case=case, department=dept, title="典型", domain="食品", facts="案情",
                                         analysis="分析", drafted_by=actor, status="submitted")  # fmt: skip
    published = TypicalCase.objects.create(case=case, department=dept, title="已发布", domain="食品", facts="案情",
                                           analysis="分析", drafted_by=actor, status="published",
                                           published_on=dt.date(2023, 4, 1), public_title="已发布",
                                           public_facts="案情", public_analysis="分析")  # fmt: skip
    return {"session": session, "attachment": attachment, "matter": matter, "event": event, "publicity": item,
            "typical": typical, "published": published}  # fmt: skip


@pytest.fixture
def world(db, department, other_department, settings, tmp_path):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    settings.MEDIA_ROOT = tmp_path
    users = {r.value: _user(r.value, department, 1) for r in Role}
    other_recorder = _user("legal_reviewer", other_department, 2)
    objects = {
        "own": _objects(department, users["legal_reviewer"], users["leader"], 1),
        "other": _objects(other_department, other_recorder, users["leader"], 2),
    }
    rlist = services.responsibility_list_create(title="清单", year=2023, actor=users["legal_reviewer"])
    services.responsibility_item_add(rlist=rlist, department=department, law_title="法", audience="对象",
                                     content="内容", methods="方式", actor=users["legal_reviewer"])  # fmt: skip
    return {"users": users, "objects": objects, "list": rlist}


def _path(cell, w) -> str:
    name = cell.url_name.split(":")[-1]
    o = w["objects"][cell.scope]
    if cell.url_name.startswith("publicity:"):
        return reverse(cell.url_name, args=[o["published"].pk] if name == "typical_detail" else [])
    session_args = {
        "session_detail": [], "session_docx": [], "session_edit": [], "session_attendance": [], "attachment_upload": [], "matter_add": [],
        "attachment_download": [o["attachment"].pk], "attachment_remove": [o["attachment"].pk],
        "matter_complete": [o["matter"].pk],
    }  # fmt: skip
    if name in session_args:
        return reverse(cell.url_name, args=[o["session"].pk, *session_args[name]])
    if name in ("event_edit",):
        return reverse(cell.url_name, args=[o["event"].pk])
    if name in ("publicity_edit",):
        return reverse(cell.url_name, args=[o["publicity"].pk])
    if name.startswith("typical_") and name not in ("typical_list", "typical_create"):
        return reverse(cell.url_name, args=[(o["published"] if name == "typical_withdraw" else o["typical"]).pk])
    if name in ("list_detail", "list_docx", "list_item_add", "list_adopt"):
        return reverse(cell.url_name, args=[w["list"].pk])
    if name == "list_item_remove":
        return reverse(cell.url_name, args=[w["list"].pk, w["list"].items.first().pk])
    return reverse(cell.url_name)


def _api(cell, w, client):
    method, path = cell.url_name.split(" ", 2)[1:]
    headers = {}
    if cell.role != ANONYMOUS:
        from fazhi.core.models import ApiToken

        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=w["users"][cell.role], name="matrix", token_hash=ApiToken.hash_token(raw))
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    if method == "GET":
        return client.get(path, **headers)
    body = {"channel": "fax", "published_on": "2023-03-01", "title": "x", "department_id": 1}
    if path.endswith("/events"):
        body = {"theme": "no_such_day", "title": "x", "department_id": 1, "held_on": "2023-03-01", "audience_count": 1}
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_permission_matrix(cell, world):
    client = Client()
    if cell.url_name.startswith("api "):
        check_matrix_response(cell, _api(cell, world, client))
        return
    if cell.role != ANONYMOUS:
        client.force_login(world["users"][cell.role])
    url = _path(cell, world)
    name = cell.url_name.split(":")[-1]
    if name in POST_ONLY:
        data = {"reason": "测试", "opinion": "同意", "done_on": "2023-12-01", "note": "已办"}
        if name in ("series_create", "list_create", "list_item_add", "list_adopt"):
            data = {}
        response = client.post(url, data)
    else:
        response = client.get(url)
    check_matrix_response(cell, response)


def test_the_matrix_covers_every_activities_url():
    from fazhi.core.testing import all_url_names

    names = {n for n in all_url_names() if n.startswith(("activities:", "publicity:public_activities:"))}
    assert names == set(COVERED_URL_NAMES)
