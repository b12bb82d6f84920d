"""ID numbers and phones are encrypted at rest, searchable by a keyed index, and keys rotate (issue 14 §10)."""

from __future__ import annotations

import base64

import pytest

from fazhi.core import crypto


@pytest.fixture
def keys(settings):
    k1 = "k1:" + base64.b64encode(b"1" * 32).decode()
    settings.FAZHI_DATA_KEYS = k1
    crypto.reset_keys()
    yield {"k1": k1, "k2": "k2:" + base64.b64encode(b"2" * 32).decode()}
    crypto.reset_keys()


def test_加密_解密_每次密文不同_空值不加密(keys):
    a, b = crypto.encrypt("13812345678"), crypto.encrypt("13812345678")
    assert a != b and a.startswith("enc:v1:k1:") and "13812345678" not in a
    assert crypto.decrypt(a) == crypto.decrypt(b) == "13812345678"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""
    assert crypto.decrypt("plain-before-encryption") == "plain-before-encryption"


def test_密文被改动_拒绝解密(keys):
    stored = crypto.encrypt("120110199001011234")
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with pytest.raises(Exception, match="无法"):
        crypto.decrypt(tampered)


def test_检索索引_有密钥_同值相同_不可由明文哈希推出(keys):
    import hashlib

    index = crypto.blind_index("complaints.consumer", "ph:13812345678")
    assert index == crypto.blind_index("complaints.consumer", "ph:13812345678")
    assert index != hashlib.sha256(b"ph:13812345678").hexdigest()[:32]


def test_检索索引密钥_多把时首把计算_检索时每把各算一个(settings, keys):
    import hashlib
    import hmac

    def expected(raw: bytes) -> str:
        return hmac.new(raw, b"p:13812345678", hashlib.sha256).hexdigest()[:32]

    settings.FAZHI_DATA_INDEX_KEYS = (
        "new:" + base64.b64encode(b"n" * 32).decode() + ",old:" + base64.b64encode(b"o" * 32).decode()
    )
    crypto.reset_keys()
    assert crypto.current_index_key_id() == "new" and crypto.index_key_ids() == ["new", "old"]
    assert crypto.blind_index("p", "13812345678") == expected(b"n" * 32)
    assert crypto.blind_indexes("p", "13812345678") == [expected(b"n" * 32), expected(b"o" * 32)]
    assert crypto.blind_indexes("p", "") == []
    # The single-key setting of earlier installations is still read (its index values stay valid).
    settings.FAZHI_DATA_INDEX_KEYS = ""
    settings.FAZHI_DATA_INDEX_KEY = base64.b64encode(b"o" * 32).decode()
    crypto.reset_keys()
    assert crypto.blind_indexes("p", "13812345678") == [expected(b"o" * 32)]


@pytest.mark.parametrize(
    "bad",
    ["i1", "i-1:" + base64.b64encode(b"n" * 32).decode(), "a:" + base64.b64encode(b"n" * 32).decode() + ",a:"
     + base64.b64encode(b"o" * 32).decode(), "i1:" + base64.b64encode(b"1" * 32).decode()],
)  # fmt: skip
def test_检索索引密钥格式错误或与数据密钥相同_明确报错(settings, keys, bad):
    from django.core.exceptions import ImproperlyConfigured

    settings.FAZHI_DATA_INDEX_KEYS = bad  # the last one equals the data key k1
    crypto.reset_keys()
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index("p", "x")


@pytest.fixture
def production(settings, monkeypatch):
    for name in ("FAZHI_DATA_KEYS", "FAZHI_DATA_KEY_FILE", "FAZHI_DATA_INDEX_KEY", "FAZHI_DATA_INDEX_KEYS"):
        monkeypatch.delenv(name, raising=False)
    settings.PRODUCTION = True
    settings.FAZHI_DATA_KEYS = ""
    settings.FAZHI_DATA_INDEX_KEY = ""
    settings.FAZHI_DATA_INDEX_KEYS = ""
    crypto.reset_keys()
    yield settings
    crypto.reset_keys()


def test_生产环境无密钥_拒绝加密_系统检查报错(production):
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.core.checks import data_keys

    with pytest.raises(ImproperlyConfigured, match="FAZHI_DATA_KEYS"):
        crypto.encrypt("13812345678")
    assert [e.id for e in data_keys(None)] == ["fazhi.E012"]


def test_生产环境_密钥齐全才通过检查_索引密钥不得等于数据密钥(production):
    from fazhi.core.checks import data_keys

    production.FAZHI_DATA_KEYS = "k1:" + base64.b64encode(b"1" * 32).decode()
    production.FAZHI_DATA_INDEX_KEY = base64.b64encode(b"1" * 32).decode()
    crypto.reset_keys()
    assert [e.id for e in data_keys(None)] == ["fazhi.E012"]
    production.FAZHI_DATA_INDEX_KEY = base64.b64encode(b"9" * 32).decode()
    crypto.reset_keys()
    assert data_keys(None) == []
    assert crypto.encrypt("13812345678").startswith("enc:v1:k1:")


@pytest.mark.parametrize(
    "bad",
    [
        "k1",
        "k1:" + base64.b64encode(b"short").decode(),
        "k1:not base64!",
        "k-1:" + base64.b64encode(b"1" * 32).decode(),
    ],
)
def test_密钥格式错误_明确报错(settings, bad):
    from django.core.exceptions import ImproperlyConfigured

    settings.FAZHI_DATA_KEYS = bad
    crypto.reset_keys()
    try:
        with pytest.raises(ImproperlyConfigured):
            crypto.encrypt("x")
    finally:
        crypto.reset_keys()


def test_密钥文件_首行为当前密钥(settings, tmp_path, keys):
    path = tmp_path / "keys"
    path.write_text(f"# 当前\n{keys['k2']}\n{keys['k1']}\n", "utf-8")
    old = crypto.encrypt("13812345678")
    settings.FAZHI_DATA_KEYS = ""
    settings.FAZHI_DATA_KEY_FILE = str(path)
    crypto.reset_keys()
    assert crypto.current_key_id() == "k2"
    assert crypto.decrypt(old) == "13812345678"


def test_旧密钥被移除_读取密文时报错而非返回密文(settings, keys):
    from django.core.exceptions import ImproperlyConfigured

    stored = crypto.encrypt("13812345678")
    settings.FAZHI_DATA_KEYS = keys["k2"]
    crypto.reset_keys()
    with pytest.raises(ImproperlyConfigured, match="k1"):
        crypto.decrypt(stored)


def test_表单字段为单行且按明文长度限制():
    from fazhi.complaints.models import Complaint

    field = Complaint._meta.get_field("consumer_phone").formfield()
    assert field.max_length == 32 and not field.required
    assert field.widget.input_type == "text"
