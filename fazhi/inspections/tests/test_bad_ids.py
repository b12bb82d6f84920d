"""Every inspections URL with an id answers 404 (403 to a role without the permission, 405 for a POST-only step) to an id of 30 digits — never a 500 —
while real published tasks, pools and draws exist (the empty-database probe in core cannot see a lookup that only
runs once a public task exists)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from fazhi.core.testing import api_headers
from fazhi.inspections import public_urls, urls
from fazhi.inspections.tests.factories import freeze_and_draw, make_world

pytestmark = pytest.mark.django_db

HUGE = "123456789012345678901234567890"


def _with_pk(module, prefix: str) -> list[str]:
    out = []
    for entry in module.urlpatterns:
        assert isinstance(entry, URLPattern)
        if "pk" in entry.pattern.converters:
            out.append(prefix + str(entry.pattern).replace("<int:pk>", HUGE))
    return out


def test_公开页面的超长编号一律为404(client, department, role_users):
    freeze_and_draw(make_world(department, role_users["section_chief"]))
    paths = _with_pk(public_urls, "/public/inspections/")
    # the list is the mounted one: the pool URL reversed by name is in it
    assert reverse("publicity:public_inspections:pool", kwargs={"pk": int(HUGE)}) in paths
    for path in paths:
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("role", ["section_chief", "leader", "legal_reviewer", "auditor", "officer"])
def test_工作页面的超长编号不报服务器错误(client, department, role_users, role):
    freeze_and_draw(make_world(department, role_users["section_chief"]))
    client.force_login(role_users[role])
    client.raise_request_exception = False
    paths = _with_pk(urls, "/inspections/")
    assert len(paths) >= 10
    for path in paths:
        get = client.get(path).status_code
        post = client.post(path, {"revision": "1"}).status_code
        assert get in (403, 404, 405), (path, get)
        assert post in (403, 404, 405), (path, post)


@pytest.mark.parametrize(
    "path",
    [f"/api/v1/inspections/tasks/{HUGE}", f"/api/v1/inspections/tasks/{HUGE}/record"],
)
def test_接口的超长编号不报服务器错误(client, department, role_users, path):
    freeze_and_draw(make_world(department, role_users["section_chief"]))
    status = client.get(path, **api_headers(role_users["leader"])).status_code
    assert status in (404, 422), status
    status = client.post(
        f"/api/v1/inspections/assignments/{HUGE}/result",
        data={},
        content_type="application/json",
        **api_headers(role_users["officer"]),
    ).status_code
    assert status in (404, 422), status
