"""``fazhi data-key new|rotate|status [--json]``: the keys that encrypt ID numbers and phones (docs/security.md § 5, keys for personal data).

- ``new`` prints a fresh key line ``kid:base64`` (put it first in FAZHI_DATA_KEYS / the key file) and a fresh index
  key (``FAZHI_DATA_INDEX_KEY``: set once at installation; it is not rotated, see docs/security.md § 5);
- ``rotate`` re-encrypts every encrypted value that is not under the current key (and any left in plain text),
  in batches, and appends one audit event with the counts;
- ``status`` counts the values per key id (plain-text values count under ``plain``).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import crypto
from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as

BATCH = 2000


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # ``new`` must work before the keys exist (the check refuses without them)
    help = "个人数据加密密钥：new 生成新密钥；rotate 用当前密钥重新加密全部密文；status 按密钥统计"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["new", "rotate", "status"])
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, action: str, json: bool = False, **options):
        if action == "new":
            kid = timezone.localdate().strftime("k%Y%m%d") + secrets.token_hex(2)
            line = f"{kid}:{base64.b64encode(secrets.token_bytes(32)).decode()}"
            index = base64.b64encode(secrets.token_bytes(32)).decode()
            if json:
                self.stdout.write(_dumps({"key": line, "index_key": index}))
            else:
                self.stdout.write(f"FAZHI_DATA_KEYS={line}\nFAZHI_DATA_INDEX_KEY={index}")
            return
        if action == "status":
            counts = self._status()
            self.stdout.write(_dumps(counts) if json else "\n".join(f"{k}\t{v}" for k, v in counts.items()))
            return
        rotated = self._rotate()
        with acting_as(None, label="命令行密钥轮换"):
            audit_record(
                action="system.data_key_rotate",
                target=("data_key", crypto.current_key_id()),
                changes={"re_encrypted": rotated, "current": crypto.current_key_id()},
            )
        summary = {"current": crypto.current_key_id(), "re_encrypted": rotated}
        self.stdout.write(_dumps(summary) if json else f"已用密钥 {summary['current']} 重新加密 {rotated} 个值")

    def _status(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for model, field in crypto.encrypted_fields():
            for _pk, raw in _stored(model, str(field.column)):
                if raw:
                    counts[crypto.key_id_of(raw) or "plain"] += 1
        return dict(counts)

    def _rotate(self) -> int:
        current = crypto.current_key_id()
        total = 0
        for model, field in crypto.encrypted_fields():
            manager = model._base_manager
            stale = [pk for pk, raw in _stored(model, str(field.column)) if raw and crypto.key_id_of(raw) != current]
            for start in range(0, len(stale), BATCH):
                ids = stale[start : start + BATCH]
                with transaction.atomic():
                    rows = list(manager.filter(pk__in=ids).only("pk", field.name))  # decrypted with the old keys
                    manager.bulk_update(rows, [field.name])  # encrypted again with the current key
                total += len(ids)
        return total


def _stored(model, column: str) -> list[tuple[int, str]]:
    """``(pk, stored value)`` of one encrypted column: the ciphertext as it is in the database."""
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {qn(model._meta.pk.column)}, {qn(column)} FROM {qn(model._meta.db_table)}")  # noqa: S608
        return list(cur.fetchall())


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
