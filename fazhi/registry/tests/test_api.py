from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from fazhi.core.models import ApiToken
from fazhi.registry.models import MarketEntity, Officer

pytestmark = pytest.mark.django_db


def token_for(user) -> dict:
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def entity(department):
    return MarketEntity.objects.create(
        uscc="91120110MA05L0XX67",
        name="天津鑫源商贸有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=department,
        legal_representative="李四",
    )


def test_openapi文档可以加载(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/registry/entities" in paths and "/api/v1/registry/entities/{entity_id}" in paths


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/registry/entities",
        "/api/v1/registry/entities/1",
        "/api/v1/registry/officers",
        "/api/v1/registry/departments",
    ],
)
def test_没有令牌或令牌无效时拒绝(client, url):
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer fz_nope").status_code == 401


@pytest.mark.parametrize("role", ["officer", "section_chief", "legal_reviewer", "leader", "auditor"])
def test_各角色都可检索和查看市场主体(client, make_user, entity, role):
    headers = token_for(make_user(role))
    r = client.get("/api/v1/registry/entities?q=鑫源商贸", **headers)
    assert r.status_code == 200 and [e["id"] for e in r.json()["results"]] == [entity.pk]
    detail = client.get(f"/api/v1/registry/entities/{entity.pk}", **headers).json()
    assert detail["legal_representative"] == "李四" and detail["office"] == entity.office.name


def test_不存在的主体返回404(client, make_user):
    r = client.get("/api/v1/registry/entities/424242", **token_for(make_user("leader")))
    assert r.status_code == 404 and r.json()["code"] == "access.not_found"


def test_执法人员接口按部门范围(client, make_user, department, other_department):
    Officer.objects.create(
        name="甲", certificate_number="A1", certificate_expires_on=dt.date(2030, 1, 1), department=department
    )
    Officer.objects.create(
        name="乙", certificate_number="B1", certificate_expires_on=dt.date(2030, 1, 1), department=other_department
    )
    mine = client.get("/api/v1/registry/officers", **token_for(make_user("officer"))).json()
    assert [o["certificate_number"] for o in mine] == ["A1"]
    everyone = client.get("/api/v1/registry/officers", **token_for(make_user("leader"))).json()
    assert {o["certificate_number"] for o in everyone} == {"A1", "B1"}


def test_停用用户的令牌失效(client, make_user, entity):
    user = make_user("leader")
    headers = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/registry/entities", **headers).status_code == 401


def test_部门接口(client, make_user, department):
    r = client.get("/api/v1/registry/departments", **token_for(make_user("auditor")))
    assert r.status_code == 200 and r.json()[0]["code"] == department.code


def test_token命令只显示一次令牌且可用于接口(client, make_user, entity):
    make_user("leader", username="zhang")
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "zhang", "--name", "报表同步", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("fz_") and "只显示这一次" in err.getvalue()
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert client.get("/api/v1/registry/entities", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
