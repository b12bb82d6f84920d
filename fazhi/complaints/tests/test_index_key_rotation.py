"""The keyed-hash search key rotates (issue 14 §10): ``fazhi data-key rotate-index`` re-computes every consumer key
under the new index key; during the overlap (new key first, old key kept) searches and repeat detection still find
the records not yet re-computed; after it the old key can go."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core import crypto
from fazhi.core.models import AuditEvent

I1 = "i1:" + base64.b64encode(b"a" * 32).decode()
I2 = "i2:" + base64.b64encode(b"b" * 32).decode()


def _hmac(raw: bytes, basis: str) -> str:
    # Written out from the scheme (HMAC-SHA256 of "purpose:basis", first 32 hex characters), not taken from crypto.
    return hmac.new(raw, f"complaints.consumer:{basis}".encode(), hashlib.sha256).hexdigest()[:32]


@pytest.fixture
def index_keys(settings):
    settings.FAZHI_DATA_INDEX_KEYS = I1
    crypto.reset_keys()
    yield settings
    crypto.reset_keys()


def _use(settings, keys: str) -> None:
    settings.FAZHI_DATA_INDEX_KEYS = keys
    crypto.reset_keys()


def _stored_keys() -> dict[int, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT id, consumer_key FROM complaints_complaint")
        return dict(cur.fetchall())


def _first(result):
    return result[0] if isinstance(result, (tuple, list)) else result


def _command(*args: str) -> dict:
    out = io.StringIO()
    call_command("data-key", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_轮换检索索引密钥_重叠期内检索不丢_重算后可去掉旧密钥(index_keys, register):
    from fazhi.complaints import selectors

    by_phone = _first(register(consumer_phone="13812345678"))
    by_id = _first(register(consumer_phone="", consumer_id_number="12011019900101123X", respondent_name="甲公司"))
    anonymous = _first(register(consumer_phone="", respondent_name="乙公司"))
    assert _stored_keys() == {
        by_phone.pk: _hmac(b"a" * 32, "ph:13812345678"),
        by_id.pk: _hmac(b"a" * 32, "id:12011019900101123X"),
        anonymous.pk: "",
    }

    def found(q):
        return {c.pk for c in selectors.search(register.officer, q)}

    # Overlap: the new key computes, the old one is still looked up.
    _use(index_keys, f"{I2},{I1}")
    assert found("13812345678") == {by_phone.pk}
    assert found("12011019900101123x") == {by_id.pk}
    repeat = _first(register(consumer_phone="13812345678"))  # same consumer, respondent, category, within the window
    assert repeat.repeat_of_id == by_phone.pk
    assert _stored_keys()[repeat.pk] == _hmac(b"b" * 32, "ph:13812345678")
    assert _command("index-status")["complaints.Complaint.consumer_key"] == 2

    before = AuditEvent.objects.filter(action="system.index_key_rotate").count()
    summary = _command("rotate-index")
    assert summary["current"] == "i2"
    assert summary["columns"]["complaints.Complaint.consumer_key"] == {"rows": 4, "recomputed": 2}
    assert _stored_keys() == {
        by_phone.pk: _hmac(b"b" * 32, "ph:13812345678"),
        by_id.pk: _hmac(b"b" * 32, "id:12011019900101123X"),
        anonymous.pk: "",
        repeat.pk: _hmac(b"b" * 32, "ph:13812345678"),
    }
    event = AuditEvent.objects.filter(action="system.index_key_rotate").latest("pk")
    assert AuditEvent.objects.filter(action="system.index_key_rotate").count() == before + 1
    assert event.changes["recomputed"] == 2 and event.changes["keys"] == ["i2", "i1"]

    # The old key goes: everything is still found; a second run has nothing to do.
    _use(index_keys, I2)
    assert found("13812345678") == {by_phone.pk, repeat.pk}
    assert found("12011019900101123X") == {by_id.pk}
    assert _command("index-status")["complaints.Complaint.consumer_key"] == 0
    assert _command("rotate-index")["columns"]["complaints.Complaint.consumer_key"]["recomputed"] == 0


@pytest.mark.django_db
def test_未重算就去掉旧密钥_旧记录查不到(index_keys, register):
    """Why the overlap and the command exist: an index is not found under a key it was not computed with."""
    from fazhi.complaints import selectors

    old = _first(register(consumer_phone="13812345678"))
    _use(index_keys, I2)
    assert old.pk not in {c.pk for c in selectors.search(register.officer, "13812345678")}


@pytest.mark.django_db
def test_索引密钥格式错误_命令退出码2(settings):
    from django.core.management.base import CommandError

    settings.FAZHI_DATA_INDEX_KEYS = "i1:" + base64.b64encode(b"short").decode()
    crypto.reset_keys()
    try:
        with pytest.raises(CommandError, match="至少 32 字节") as info:
            call_command("data-key", "rotate-index", stdout=io.StringIO())
        assert info.value.returncode == 2
    finally:
        crypto.reset_keys()
