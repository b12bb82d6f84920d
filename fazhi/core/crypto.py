"""Personal data encrypted at rest (issue 14 §10, PIPL Art. 51): ID numbers and phone numbers.

- ``EncryptedTextField`` stores ``enc:v1:<key id>:<base64(nonce ‖ AES-256-GCM ciphertext)>`` and gives the plain
  text back to the application; an empty value stays empty (so "was a phone given" needs no decryption). A value
  without the prefix (written before encryption was introduced) is read as it is and re-encrypted by the next
  ``fazhi data-key rotate``.
- The keys live outside the database: ``FAZHI_DATA_KEYS`` (``kid:base64key,kid:base64key``, the first encrypts,
  all decrypt) or a file named by ``FAZHI_DATA_KEY_FILE`` (one ``kid:base64key`` a line, the first current). A
  database dump alone reveals no number. Rotation: put the new key first, keep the old ones, run
  ``fazhi data-key rotate`` (re-encrypts every value under the new key), then drop the old key
  (docs/security.md § 5, keys for personal data).
- Exact search without decrypting: ``blind_index(purpose, value)`` is a keyed HMAC-SHA256 with its own keys
  (``FAZHI_DATA_INDEX_KEYS`` = ``kid:base64,kid:base64``, the first computes new values; a single
  ``FAZHI_DATA_INDEX_KEY`` = ``base64`` is still read), so the index column cannot be reversed by trying every phone
  number the way an unkeyed hash can. Each app declares its index columns in ``fazhi/<app>/search_indexes.py``
  (``INDEXES = [SearchIndex(...)]``, autodiscovered). Rotation: put the new index key first, keep the old one —
  look-ups go through ``blind_indexes(purpose, value)`` (one value per configured key), so searches keep finding
  rows not yet re-computed — run ``fazhi data-key rotate-index`` (re-computes every index column from the decrypted
  sources, batch by batch, set-based, audited), then drop the old key (docs/operations.md).

Outside production, keys are derived from ``SECRET_KEY`` so that the demo and the tests run without setup;
``FAZHI_ENV=production`` refuses to run without real keys.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import importlib
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc:v1:"
_AAD = b"fazhi-personal-data"


def _b64_key(b64: str, what: str) -> bytes:
    try:
        return base64.b64decode(b64.strip(), validate=True)
    except binascii.Error as exc:
        raise ImproperlyConfigured(f"{what}不是有效的 base64：用 fazhi data-key new 生成") from exc


def _decode_key(text: str) -> tuple[str, bytes]:
    kid, _, b64 = text.strip().partition(":")
    if not kid or not b64 or not kid.isalnum():
        raise ImproperlyConfigured("数据加密密钥格式应为 kid:base64（kid 为字母数字，密钥 32 字节）")
    key = _b64_key(b64, f"数据加密密钥 {kid} ")
    if len(key) != 32:
        raise ImproperlyConfigured(f"数据加密密钥 {kid} 应为 32 字节（AES-256），实际 {len(key)} 字节")
    return kid, key


@functools.cache
def _keys() -> tuple[tuple[str, bytes], ...]:
    raw = getattr(settings, "FAZHI_DATA_KEYS", "") or os.environ.get("FAZHI_DATA_KEYS", "")
    entries = [e for e in raw.split(",") if e.strip()]
    key_file = getattr(settings, "FAZHI_DATA_KEY_FILE", "") or os.environ.get("FAZHI_DATA_KEY_FILE", "")
    if not entries and key_file:
        entries = [
            line for line in Path(key_file).read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")
        ]
    if entries:
        keys = tuple(_decode_key(e) for e in entries)
        if len({kid for kid, _ in keys}) != len(keys):
            raise ImproperlyConfigured("数据加密密钥的 kid 重复：每把密钥须有自己的 kid")
        return keys
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("FAZHI_ENV=production 需要数据加密密钥：设置 FAZHI_DATA_KEYS 或 FAZHI_DATA_KEY_FILE")
    return (("dev", hashlib.sha256(b"fazhi-dev-data-key:" + settings.SECRET_KEY.encode()).digest()),)


@functools.cache
def _index_keys() -> tuple[tuple[str, bytes], ...]:
    """The keyed-hash (search index) keys, the current one first."""
    listed = getattr(settings, "FAZHI_DATA_INDEX_KEYS", "") or os.environ.get("FAZHI_DATA_INDEX_KEYS", "")
    single = getattr(settings, "FAZHI_DATA_INDEX_KEY", "") or os.environ.get("FAZHI_DATA_INDEX_KEY", "")
    keys: list[tuple[str, bytes]] = []
    for entry in (e for e in listed.split(",") if e.strip()):
        kid, _, b64 = entry.strip().partition(":")
        if not kid or not b64 or not kid.isalnum():
            raise ImproperlyConfigured(
                "检索索引密钥 FAZHI_DATA_INDEX_KEYS 的格式应为 kid:base64,kid:base64（kid 为字母数字）"
            )
        keys.append((kid, _b64_key(b64, f"检索索引密钥 {kid} ")))
    if single and not keys:
        keys.append(("index", _b64_key(single, "检索索引密钥 FAZHI_DATA_INDEX_KEY ")))
    if keys:
        if len({kid for kid, _ in keys}) != len(keys):
            raise ImproperlyConfigured("检索索引密钥的 kid 重复：每把密钥须有自己的 kid")
        data_keys = {k for _, k in _keys()}
        for kid, key in keys:
            if len(key) < 32:
                raise ImproperlyConfigured(f"检索索引密钥 {kid} 至少 32 字节，实际 {len(key)} 字节")
            if key in data_keys:
                raise ImproperlyConfigured("检索索引密钥不得与数据加密密钥相同")
        return tuple(keys)
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("FAZHI_ENV=production 需要检索索引密钥：设置 FAZHI_DATA_INDEX_KEYS")
    return (("dev", hashlib.sha256(b"fazhi-dev-index-key:" + settings.SECRET_KEY.encode()).digest()),)


def check_keys() -> None:
    """Load both keys now (raises ImproperlyConfigured): production refuses to start without them."""
    _keys()
    _index_keys()


def reset_keys() -> None:
    """Forget the cached keys (after settings change: tests, rotation)."""
    _keys.cache_clear()
    _index_keys.cache_clear()


def current_key_id() -> str:
    return _keys()[0][0]


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(value: str) -> str | None:
    return value[len(PREFIX) :].split(":", 1)[0] if is_encrypted(value) else None


def encrypt(plain: str | None) -> str:
    """The stored form of ``plain`` (empty stays empty)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not plain:
        return ""
    kid, key = _keys()[0]
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, plain.encode("utf-8"), _AAD + kid.encode())
    return f"{PREFIX}{kid}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(stored: str | None) -> str:
    """The plain text of a stored value (a value without the prefix is returned as it is)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not stored or not is_encrypted(stored):
        return stored or ""
    kid, _, b64 = stored[len(PREFIX) :].partition(":")
    keys = dict(_keys())
    if kid not in keys:
        raise ImproperlyConfigured(f"缺少数据加密密钥 {kid}：轮换后旧密钥须保留到 fazhi data-key rotate 完成")
    blob = base64.b64decode(b64)
    try:
        return AESGCM(keys[kid]).decrypt(blob[:12], blob[12:], _AAD + kid.encode()).decode("utf-8")
    except InvalidTag as exc:
        raise ImproperlyConfigured(f"个人数据密文无法用密钥 {kid} 解开（密文被改动或密钥不对）") from exc


def current_index_key_id() -> str:
    return _index_keys()[0][0]


def index_key_ids() -> list[str]:
    return [kid for kid, _ in _index_keys()]


def _hmac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def blind_index(purpose: str, value: str) -> str:
    """A keyed, irreversible index of ``value`` for exact search (32 hex characters; empty for an empty value),
    under the current index key: what is written."""
    if not value:
        return ""
    return _hmac(_index_keys()[0][1], purpose, value)


def blind_indexes(purpose: str, value: str) -> list[str]:
    """The index of ``value`` under every configured index key, the current first: what a search looks for
    (``column__in=...``), so that rows not yet re-computed by ``fazhi data-key rotate-index`` are still found."""
    if not value:
        return []
    return [_hmac(key, purpose, value) for _, key in _index_keys()]


@dataclass(frozen=True)
class SearchIndex:
    """A blind-index column and how to compute it: ``compute(**{source: plain value})`` returns the index under the
    current key (the same function the services write it with). Declared in ``fazhi/<app>/search_indexes.py``."""

    model: str  # "app_label.ModelName"
    field: str
    sources: tuple[str, ...]
    compute: Callable[..., str]

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)


def search_indexes() -> list[SearchIndex]:
    """Every declared blind-index column (``INDEXES`` of each app's ``search_indexes.py``)."""
    from django.apps import apps

    found: list[SearchIndex] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.search_indexes")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.search_indexes":
                raise
            continue
        found.extend(module.INDEXES)
    return found


class EncryptedTextField(models.TextField):
    """A text column holding AES-GCM ciphertext; the model sees plain text. Equality filters cannot work on it:
    search through a blind-index column instead."""

    def __init__(self, *args: Any, max_chars: int = 64, **kwargs: Any) -> None:
        self.max_chars = max_chars  # of the plain text (checked by the forms and services)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.max_chars != 64:
            kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        # A one-line input bounded by the plain text's length, not the Textarea of a TextField.
        from fazhi.core.validation import BoundedTextField

        return BoundedTextField(label=self.verbose_name, max_length=self.max_chars, required=not self.blank)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return value if is_encrypted(value) else encrypt(value)


def decrypt_columns_in_place(connection: Any, table: str, columns: Iterable[str]) -> int:
    """Write the plain text back into ``columns`` of ``table`` (the reverse of the encrypting migrations only: a
    migration back to the plain-text schema must not leave ciphertext in a column that becomes ``varchar(32)``)."""
    qn = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cur:
        for column in columns:
            cur.execute(f"SELECT id, {qn(column)} FROM {qn(table)} WHERE {qn(column)} LIKE %s", [PREFIX + "%"])  # noqa: S608
            rows = [(decrypt(raw), pk) for pk, raw in cur.fetchall()]
            cur.executemany(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s", rows)  # noqa: S608
            changed += len(rows)
    return changed


def encrypted_fields() -> Iterable[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column of every installed model (for rotation)."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
