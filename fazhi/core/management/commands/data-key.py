"""``fazhi data-key new|rotate|rotate-index|status [--json]``: the keys that encrypt personal data and the keys of
its keyed-hash search columns (docs/operations.md, docs/security.md § 5).

- ``new`` prints a fresh key line ``kid:base64`` (put it first in FAZHI_DATA_KEYS / the key file) and a fresh index
  key line ``kid:base64`` (put it first in FAZHI_DATA_INDEX_KEYS);
- ``rotate`` re-encrypts every encrypted value that is not under the current key (and any left in plain text),
  in batches, and appends one audit event with the counts;
- ``rotate-index`` re-computes every keyed-hash search column (``fazhi/<app>/search_indexes.py``) under the current
  index key: batch by batch (rows locked, sources decrypted, the values that differ written by one set-based
  ``fazhi.core.bulk.update_by_pk``), one audit event per column with the counts; while it runs, searches look the
  value up under every configured index key, so nothing goes missing;
- ``status`` counts the encrypted values per key id (plain-text values count under ``plain``);
- ``index-status`` counts, per search column (``<app>.<Model>.<field>``), the rows whose index is not what the current
  index key computes (0 everywhere: the old index key may be removed).

Exit codes: 0 done, 2 a key is missing or malformed (the Chinese message says which).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections import Counter

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import bulk, crypto
from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as

BATCH = 2000


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # ``new`` must work before the keys exist (the check refuses without them)
    help = (
        "个人数据加密密钥：new 生成新密钥；rotate 用当前密钥重新加密全部密文；"
        "rotate-index 用当前检索索引密钥重算全部检索索引；status 按密钥统计；index-status 统计未按当前索引密钥计算的索引"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["new", "rotate", "rotate-index", "status", "index-status"])
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, action: str, json: bool = False, **options):
        try:
            self._handle(action, json)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _handle(self, action: str, json: bool) -> None:
        if action == "new":
            kid = timezone.localdate().strftime("k%Y%m%d") + secrets.token_hex(2)
            line = f"{kid}:{base64.b64encode(secrets.token_bytes(32)).decode()}"
            index = f"i{kid[1:]}:{base64.b64encode(secrets.token_bytes(32)).decode()}"
            if json:
                self.stdout.write(_dumps({"key": line, "index_key": index}))
            else:
                self.stdout.write(f"FAZHI_DATA_KEYS={line}\nFAZHI_DATA_INDEX_KEYS={index}")
            return
        if action == "index-status":
            stale = self._index_status()
            self.stdout.write(_dumps(stale) if json else "\n".join(f"{k}\t{v}" for k, v in stale.items()))
            return
        if action == "status":
            counts = self._status()
            self.stdout.write(_dumps(counts) if json else "\n".join(f"{k}\t{v}" for k, v in counts.items()))
            return
        if action == "rotate-index":
            columns = self._rotate_index()
            summary_index = {"current": crypto.current_index_key_id(), "columns": columns}
            if json:
                self.stdout.write(_dumps(summary_index))
            else:
                for name, counts in columns.items():
                    self.stdout.write(f"{name}\t检查 {counts['rows']} 行，重算 {counts['recomputed']} 个检索索引")
                self.stdout.write(f"已用检索索引密钥 {summary_index['current']} 重算全部检索索引")
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

    def _index_status(self) -> dict[str, int]:
        out = {}
        for index in crypto.search_indexes():
            stale, last_pk = 0, 0
            while True:
                rows = _index_rows(index, last_pk, lock=False)
                stale += len(_recomputed(index, rows))
                if len(rows) < BATCH:
                    break
                last_pk = rows[-1][0]
            out[f"{index.model}.{index.field}"] = stale
        return out

    def _rotate_index(self) -> dict[str, dict[str, int]]:
        """Re-compute every declared search column under the current index key, one batch per transaction (a batch's
        rows are locked while it is written, so a concurrent edit cannot be overwritten with a stale index)."""
        columns: dict[str, dict[str, int]] = {}
        for index in crypto.search_indexes():
            model = index.model_class()
            seen = recomputed = 0
            last_pk = 0
            while True:
                with transaction.atomic():
                    rows = _index_rows(index, last_pk, lock=True)
                    changed = _recomputed(index, rows)
                    bulk.update_by_pk(model, [model._meta.get_field(index.field).column], changed)  # type: ignore[union-attr]
                seen += len(rows)
                recomputed += len(changed)
                if len(rows) < BATCH:
                    break
                last_pk = rows[-1][0]
            name = f"{index.model}.{index.field}"
            columns[name] = {"rows": seen, "recomputed": recomputed}
            with acting_as(None, label="命令行检索索引密钥轮换"):
                audit_record(
                    action="system.index_key_rotate",
                    target=("search_index", name),
                    changes={
                        "rows": seen,
                        "recomputed": recomputed,
                        "current": crypto.current_index_key_id(),
                        "keys": crypto.index_key_ids(),
                    },
                )
        return columns

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


def _index_rows(index: crypto.SearchIndex, after_pk: int, *, lock: bool) -> list[tuple]:
    """``(pk, stored index, *decrypted sources)`` of the next batch of rows after ``after_pk`` (keyset paging)."""
    model = index.model_class()
    qs = model._base_manager.filter(pk__gt=after_pk).order_by("pk")
    if lock and connection.vendor == "postgresql":
        qs = qs.select_for_update()  # SQLite: the IMMEDIATE transaction already holds the write lock
    return list(qs.values_list("pk", index.field, *index.sources)[:BATCH])


def _recomputed(index: crypto.SearchIndex, rows: list[tuple]) -> list[tuple[int, str]]:
    """``(pk, new index)`` of the rows whose index differs from what the current key computes."""
    out = []
    for pk, stored, *sources in rows:
        value = index.compute(**dict(zip(index.sources, sources, strict=True)))
        if value != stored:
            out.append((pk, value))
    return out


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
