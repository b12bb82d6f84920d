"""The probe's bad inputs to the API answer 4xx with a Chinese error and a stable code, never a 500 (issue 14 §8),
and a read never writes on every call (issue 14 §13)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(make_user):
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=make_user("leader"), name="测试", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/powers/in-force?offset=-5", "offset"),
        ("/api/v1/powers/in-force?limit=0", "limit"),
        ("/api/v1/powers/in-force?limit=abc", "limit"),
        ("/api/v1/powers/in-force?on=0001-01-01", "on"),
        ("/api/v1/registry/officers?offset=-5", "offset"),
        ("/api/v1/registry/entities?page=0", "page"),
        ("/api/v1/registry/entities?q=" + "名" * 101, "q"),
        ("/api/v1/complaints/stats/-1", "year"),
        ("/api/v1/complaints/stats/99999", "year"),
        ("/api/v1/complaints/queue?limit=-1", "limit"),
        ("/api/v1/registry/entities/123456789012345678901234567890", "entity_id"),
        ("/api/v1/cases/0", "pk"),
        ("/api/v1/deadlines/compute?rule=complaint.acceptance&start=9999-12-31", "start"),
    ],
)
def test_越界或格式错误的参数_422与中文字段错误(client, auth, url, field):
    response = client.get(url, **auth)
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert body["code"] == "input.invalid" and body["field"] == field
    assert _has_chinese(body["message"]) and _has_chinese(body["errors"][field])


def test_不存在的记录_404中文(client, auth):
    response = client.get("/api/v1/complaints/999999", **auth)
    assert response.status_code == 404 and _has_chinese(response.json()["message"])


def test_接口读取不每次写令牌的最后使用时间(client, make_user):
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=make_user("leader"), name="测试", token_hash=ApiToken.hash_token(raw))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/registry/departments", **headers).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/registry/departments", **headers).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []
    token.refresh_from_db()
    assert token.last_used_at == first


def test_接口文档不依赖外部CDN(client):
    from django.contrib.staticfiles import finders

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
