"""Lossless JSON-Lines bundles of all data: ``fazhi export DIR`` / ``fazhi import-bundle DIR``.

Each app registers its record types in dependency order (``register_record_type`` in its
``apps.ready``). The bundle holds one ``<record type>.jsonl`` per type (rows in primary-key order,
every concrete field by its column name) and ``manifest.json`` with the schema version and counts.
Export → import into an empty database → export gives identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction

from fazhi.core.audit import jsonable

SCHEMA_VERSION = 1
CHUNK = 5000


@dataclass(frozen=True)
class RecordType:
    name: str
    model: type[models.Model]
    exclude: models.Q | None = None  # rows that are not (yet) records: e.g. a draw still being written


RECORD_TYPES: list[RecordType] = []


def register_record_type(name: str, model: type[models.Model], *, exclude: models.Q | None = None) -> None:
    """Register ``model`` under ``name``; register referenced models first. M2M tables follow automatically.

    ``exclude`` leaves out rows that are not records yet (a draw still being written in chunks); the rows of the
    model's M2M tables that belong to them are left out with them. Whoever excludes a row excludes the rows that
    refer to it too (their own ``exclude``), so that the bundle still imports."""
    if any(r.name == name for r in RECORD_TYPES):
        return
    RECORD_TYPES.append(RecordType(name, model, exclude))
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        if through is not None and through._meta.auto_created:
            owned = None
            if exclude is not None:
                source = m2m.m2m_field_name()
                owned = models.Q(**{f"{source}__in": model._base_manager.filter(exclude).values("pk")})
            RECORD_TYPES.append(RecordType(f"{name}__{m2m.name}", through, owned))


def _row(obj: dict[str, Any], json_fields: frozenset[str] = frozenset()) -> str:
    # JSON columns are written as stored (numbers stay numbers); other values in their stable text form.
    return json.dumps(
        {k: (v if k in json_fields else jsonable(v)) for k, v in obj.items()},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def _json_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField))


def _sealed_columns(model: type[models.Model]) -> dict[str, str]:
    from fazhi.core.crypto import EncryptedTextField

    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    return {
        f"sealed__{f.attname}": f"{table}.{qn(str(f.column))}"
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    }


def export_bundle(directory: Path, progress: Callable[[str, int], None] | None = None) -> dict[str, Any]:
    # Names, addresses and complaint texts are in the bundle in clear: only the system user that runs fazhi (and root)
    # may read it — a folder of mode 0700, files of 0600 (docs/security.md § 5); the export itself is audited.
    if directory.exists():
        if directory.stat().st_mode & 0o077:
            raise BundleError(
                "bundle.open_directory",
                f"目录 {directory} 对其他用户开放（数据包含个人信息）：请导出到一个新目录（自动以 0700 创建），"
                "或先 chmod 700 该目录",
            )
    else:
        directory.mkdir(parents=True)
        os.chmod(directory, 0o700)
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    for rt in RECORD_TYPES:
        columns = [f.attname for f in rt.model._meta.concrete_fields]
        json_fields = _json_fields(rt.model)
        path = directory / f"{rt.name}.jsonl"
        digest = hashlib.sha256()
        n = 0
        # Encrypted columns (ID numbers, phones: fazhi.core.crypto) are written as stored — ciphertext — so the bundle
        # carries no personal number in clear; import-bundle stores them as they are (issue 14 §10).
        sealed = _sealed_columns(rt.model)
        qs = rt.model._base_manager.order_by("pk")
        if rt.exclude is not None:
            qs = qs.exclude(rt.exclude)
        if sealed:
            qs = qs.extra(select=sealed)  # column names from the model's meta, no user input
        with _private(path).open("w", encoding="utf-8", newline="\n") as fh:
            for values in qs.values(*columns, *sealed).iterator(chunk_size=CHUNK):
                for raw_name in sealed:
                    values[raw_name.removeprefix("sealed__")] = values.pop(raw_name)
                line = _row(values, json_fields) + "\n"
                fh.write(line)
                digest.update(line.encode())
                n += 1
        counts[rt.name] = n
        digests[rt.name] = digest.hexdigest()
        if progress:
            progress(rt.name, n)
    manifest = {"format": "fazhi-bundle", "schema_version": SCHEMA_VERSION, "counts": counts, "sha256": digests}
    _private(directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    return manifest


def _private(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 before anything is written to it."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


class BundleError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _load_file(model: type[models.Model], path: Path) -> int:
    """Insert the rows of one JSONL file with a raw ``executemany``, values exactly as exported.

    Not ``bulk_create``: it would run ``pre_save`` and overwrite ``auto_now``/``auto_now_add``
    timestamps, and the bundle would no longer round-trip byte for byte.
    """
    fields = list(model._meta.concrete_fields)
    by_attname = {f.attname: f for f in fields}
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )

    def prepared(data: dict[str, Any]) -> list[Any]:
        unknown = set(data) - set(by_attname)
        if unknown:
            raise BundleError("bundle.unknown_field", f"{path.name}：未知字段 {'、'.join(sorted(unknown))}")
        out = []
        for f in fields:
            value = data.get(f.attname)
            if value is not None and not isinstance(f, models.JSONField):
                try:
                    value = f.to_python(value)
                except ValidationError as exc:
                    raise BundleError(
                        "bundle.bad_value", f"{path.name} 第 {n + 1} 行字段 {f.attname} 的值无效：{exc.messages[0]}"
                    ) from exc
            out.append(
                f.get_db_prep_save(value, connection) if value is not None or isinstance(f, models.JSONField) else None
            )
        return out

    n = 0
    batch: list[list[Any]] = []
    with path.open(encoding="utf-8") as fh, connection.cursor() as cur:
        for line in fh:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BundleError("bundle.bad_line", f"{path.name} 第 {n + 1} 行不是有效的 JSON：{exc}") from exc
            batch.append(prepared(data))
            n += 1
            if len(batch) >= CHUNK:
                cur.executemany(sql, batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
    return n


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def import_bundle(directory: Path, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    manifest_path = directory / "manifest.json"
    if not manifest_path.exists():
        raise BundleError("bundle.no_manifest", f"{directory} 中没有 manifest.json，不是 fazhi 数据包")
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError("bundle.bad_manifest", f"manifest.json 无法读取：{exc}") from exc
    if not isinstance(manifest, dict):
        raise BundleError("bundle.bad_manifest", "manifest.json 的内容不是对象")
    if manifest.get("format") != "fazhi-bundle" or manifest.get("schema_version") != SCHEMA_VERSION:
        raise BundleError(
            "bundle.version", f"数据包版本 {manifest.get('schema_version')} 与本系统（{SCHEMA_VERSION}）不符"
        )
    known = {rt.name for rt in RECORD_TYPES}
    unknown = sorted(set(manifest.get("counts", {})) - known)
    if unknown:
        raise BundleError("bundle.unknown_type", f"数据包含本系统不认识的记录类型：{'、'.join(unknown)}")
    for rt in RECORD_TYPES:
        path = directory / f"{rt.name}.jsonl"
        expected_sha = manifest.get("sha256", {}).get(rt.name)
        if path.exists() and expected_sha and _file_sha256(path) != expected_sha:
            raise BundleError("bundle.checksum", f"{path.name} 的 SHA-256 与清单不符：文件已被改动或损坏")
    for rt in RECORD_TYPES:
        if rt.model._base_manager.exists():
            raise BundleError("bundle.not_empty", f"目标数据库不是空的（{rt.name} 已有数据）：请导入到新数据库")
    loaded: dict[str, int] = {}
    with transaction.atomic():
        for rt in RECORD_TYPES:
            path = directory / f"{rt.name}.jsonl"
            if not path.exists():
                loaded[rt.name] = 0
                continue
            n = _load_file(rt.model, path)
            expected = manifest.get("counts", {}).get(rt.name)
            if expected is not None and expected != n:
                raise BundleError("bundle.count_mismatch", f"{rt.name}：清单记录 {expected} 条，文件中有 {n} 条")
            loaded[rt.name] = n
            if progress:
                progress(rt.name, n)
        sql = connection.ops.sequence_reset_sql(no_style(), [rt.model for rt in RECORD_TYPES])
        if sql:
            with connection.cursor() as cur:
                for statement in sql:
                    cur.execute(statement)
    return loaded
