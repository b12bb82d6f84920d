"""API reads do not write (issue 14 §13): a token's last use is recorded at most once per LAST_USED_RESOLUTION, by one
conditional UPDATE, so that a stream of GETs does not take the write lock on every call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.api.root import LAST_USED_RESOLUTION
from fazhi.core.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/api/v1/registry/departments"


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


@pytest.fixture
def token(make_user):
    raw = ApiToken.new_raw_token()
    row = ApiToken.objects.create(user=make_user("leader"), name="测试", token_hash=ApiToken.hash_token(raw))
    return row, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_分辨率为5分钟(token):
    assert dt.timedelta(minutes=5) == LAST_USED_RESOLUTION


def test_首次使用记一次_间隔内的读取不写_过了间隔再记一次(client, token):
    row, headers = token
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL, **headers).status_code == 200
    assert len(_writes(first)) == 1 and "last_used_at" in _writes(first)[0]
    row.refresh_from_db()
    assert row.last_used_at is not None

    for _ in range(3):
        with CaptureQueriesContext(connection) as again:
            assert client.get(URL, **headers).status_code == 200
        assert _writes(again) == []

    stale = timezone.now() - LAST_USED_RESOLUTION - dt.timedelta(seconds=5)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=stale)
    with CaptureQueriesContext(connection) as later:
        assert client.get(URL, **headers).status_code == 200
    writes = _writes(later)
    # One conditional statement: a concurrent request that already moved it on finds nothing to update.
    assert len(writes) == 1 and "last_used_at" in writes[0] and "<" in writes[0]
    row.refresh_from_db()
    assert row.last_used_at > stale


def test_吊销或过期的令牌不记使用(client, token):
    row, headers = token
    ApiToken.objects.filter(pk=row.pk).update(revoked=True)
    assert client.get(URL, **headers).status_code == 401
    row.refresh_from_db()
    assert row.last_used_at is None
