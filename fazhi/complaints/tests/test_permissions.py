"""Every cell of the reviewed permission matrix (``permissions.yaml``): each role, on a record of its own department
and of another, on every complaints page, step and API route. ``COVERED_URL_NAMES`` feeds the project-wide check
that no URL escapes a matrix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.testing import ANONYMOUS, check_matrix_response, load_permission_matrix

CELLS = load_permission_matrix("complaints")
COVERED_URL_NAMES = frozenset(c.url_name for c in CELLS if ":" in c.url_name and " " not in c.url_name)


def _register(officer, **extra):
    from fazhi.complaints import services

    data = dict(
        kind="complaint",
        channel="12315",
        received_on=dt.date(2023, 6, 1),
        consumer_name="张三",
        consumer_phone="13812345678",
        respondent_name="某某餐馆",
        category="food",
        description="饭菜变质",
        attachments=[SimpleUploadedFile("小票.jpg", b"receipt")],
    )
    data.update(extra)
    return services.submission_register(**data, actor=officer)[0]


@pytest.fixture
def records(make_user, department, other_department, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    own_officer = make_user("officer", username="own-handler")
    other_officer = make_user("officer", dept=other_department, username="other-handler")

    def pair():
        return {"own": _register(own_officer), "other": _register(other_officer)}

    return pair


def _token(user) -> dict[str, str]:
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _request(client, cell, c, user):
    name = cell.url_name
    if name.startswith("api "):
        method, path = name.split(" ")[1:]
        path = path.replace("{id}", str(c.pk)).replace("{year}", "2023")
        auth = _token(user) if user is not None else {}
        if method == "GET":
            return client.get(path, **auth)
        body = {"on": "2023-06-02", "revision": c.revision}
        if path.endswith("/complaints/"):
            body = {"kind": "complaint", "received_on": "2023-06-02", "respondent_name": "某店", "category": "food"}
        return client.post(path, body, content_type="application/json", **auth)
    if name == "POST complaints:act":
        return client.post(
            reverse("complaints:act", args=[c.pk, "accept"]), {"on": "2023-06-02", "revision": c.revision}
        )
    if name == "POST complaints:intake":
        data = {"kind": "complaint", "channel": "12315", "received_on": "2023-06-02", "respondent_name": "某店",
                "category": "food"}  # fmt: skip
        return client.post(reverse("complaints:intake"), data)
    kwargs = {
        "complaints:chart": {"what": "category"},
        "complaints:detail": {"pk": c.pk},
        "complaints:by_number": {"number": c.number},
        "complaints:attachment": {"pk": c.pk, "attachment_id": c.attachments.get().pk},
        "complaints:respondent_notice": {"pk": c.pk},
        "complaints:reveal": {"pk": c.pk},
        "complaints:act": {"pk": c.pk, "action": "accept"},
        "complaints:review": {"pk": c.pk},
    }.get(name, {})
    return client.get(reverse(name, kwargs=kwargs))


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵每一格与复核过的期望一致(cell, client, role_users, records):
    c = records()[cell.scope]
    user = None if cell.role == ANONYMOUS else role_users[cell.role]
    if user is not None:
        client.force_login(user)
    check_matrix_response(cell, _request(client, cell, c, user))


def test_矩阵覆盖投诉举报模块的每个网址():
    from fazhi.core.testing import all_url_names

    assert {n for n in all_url_names() if n.startswith("complaints:")} == COVERED_URL_NAMES


@pytest.mark.django_db
def test_拒绝的写操作不改变记录(client, role_users, records):
    pair = records()
    client.force_login(role_users["officer"])
    other = pair["other"]
    client.post(reverse("complaints:act", args=[other.pk, "accept"]), {"on": "2023-06-02", "revision": other.revision})
    other.refresh_from_db()
    assert other.status == "received"
