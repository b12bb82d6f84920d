"""``fazhi backup`` / ``fazhi restore`` (issue 14 §14): a consistent copy of the whole database and its way back.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the live database page by page into a new
  file while the service keeps running — a consistent snapshot, never a half-written copy of the file; the copy is
  checked with ``PRAGMA integrity_check``. Restore copies the backup back over the live database the same way
  (stop the service first: docs/deploy.md).
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists --no-owner`` with the connection of
  ``DATABASE_URL`` (the password goes in the environment, never on the command line). The client programs are
  taken from ``FAZHI_PG_BIN``, else the newest ``/usr/lib/postgresql/*/bin``, else ``PATH``.

Uploaded files (evidence, attachments: ``MEDIA_ROOT``) go into ``<file>.files.tar`` beside the database copy, taken
after the database so that every file a backed-up row names is in the archive (uploads are never rewritten in
place); restore checks its SHA-256, unpacks it with the ``data`` filter (no absolute paths, no ``..``, no links out,
no devices) into a fresh folder and swaps it for ``MEDIA_ROOT``.

Each backup gets a manifest beside it (``<file>.json``): when, which database, its SHA-256 and size, and the audit
chain's head (sequence and hash) at the time — so a restore can be checked against what was saved. A restore
refuses a file whose SHA-256 does not match its manifest, and ends by verifying the audit chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), **self.manifest}


def backup_dir() -> Path:
    folder = Path(getattr(settings, "FAZHI_BACKUP_DIR", "") or Path(settings.VAR_DIR) / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _audit_head() -> dict[str, Any]:
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    return {"sequence": last.sequence if last else 0, "hash": last.hash if last else ""}


def _pg_program(name: str) -> str:
    configured = getattr(settings, "FAZHI_PG_BIN", "") or os.environ.get("FAZHI_PG_BIN", "")
    if configured:
        return str(Path(configured) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )
    for folder in reversed(versions):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise DomainError(
            "backup.no_client", f"找不到 PostgreSQL 客户端程序 {name}：请安装 postgresql-client 或设置 FAZHI_PG_BIN"
        )
    return found


def _pg_env() -> tuple[dict[str, str], str]:
    db = connection.settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env, str(db["NAME"])


def _run(cmd: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise DomainError("backup.failed", f"{Path(cmd[0]).name} 失败：{proc.stderr.strip()[-500:]}")


def backup(*, output: Path | None = None, now: dt.datetime | None = None) -> BackupResult:
    """Write a consistent copy of the database to ``output`` (default: the backup folder, named by time)."""
    moment = now or timezone.now()
    vendor = connection.vendor
    suffix = ".sqlite3" if vendor == "sqlite" else ".pgdump"
    path = Path(output) if output else backup_dir() / f"fazhi-{timezone.localtime(moment):%Y%m%d-%H%M%S}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    head = _audit_head()
    if vendor == "sqlite":
        connection.ensure_connection()
        tmp = path.with_name(path.name + ".partial")
        tmp.unlink(missing_ok=True)
        target = sqlite3.connect(tmp)
        try:
            connection.connection.backup(target)
            (result,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
        if result != "ok":
            tmp.unlink(missing_ok=True)
            raise DomainError("backup.corrupt", f"备份副本完整性检查未通过：{result}")
        tmp.replace(path)
    elif vendor == "postgresql":
        env, name = _pg_env()
        _run([_pg_program("pg_dump"), "--format=custom", "--no-owner", f"--file={path}", f"--dbname={name}"], env)
    else:  # pragma: no cover
        raise DomainError("backup.unsupported", f"不支持的数据库 {vendor}")
    os.chmod(path, 0o600)  # the copy holds everything the database holds
    files = _backup_files(path.with_name(path.name + FILES_SUFFIX))
    manifest = {
        "format": "fazhi-backup/1",
        "database": vendor,
        "created_at": moment.isoformat(),
        "file": path.name,
        "size": path.stat().st_size,
        "sha256": _sha256(path),
        "audit_head": head,
        "files": files,
    }
    manifest_path = path.with_name(path.name + ".json")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    os.chmod(manifest_path, 0o600)
    return BackupResult(path, manifest)


FILES_SUFFIX = ".files.tar"


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _backup_files(archive: Path) -> dict[str, Any]:
    """Archive ``MEDIA_ROOT`` (the uploaded evidence and attachments) beside the database copy."""
    root = _media_root()
    tmp = archive.with_name(archive.name + ".partial")
    count = 0
    with tarfile.open(tmp, "w") as tar:
        if root.is_dir():
            for item in sorted(root.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    tar.add(item, arcname=item.relative_to(root).as_posix(), recursive=False)
                    count += 1
    tmp.replace(archive)
    os.chmod(archive, 0o600)
    return {"file": archive.name, "count": count, "size": archive.stat().st_size, "sha256": _sha256(archive)}


def _check_files(path: Path, manifest: dict[str, Any]) -> Path | None:
    """The files archive of a backup, checked against the manifest (None for a backup made without one)."""
    files = manifest.get("files")
    if not files:
        return None
    archive = path.with_name(str(files["file"]))
    if not archive.is_file():
        raise DomainError("restore.files_missing", f"找不到上传文件归档 {archive.name}：请与备份文件放在同一目录")
    if _sha256(archive) != files.get("sha256"):
        raise DomainError("restore.files_checksum", "上传文件归档的 SHA-256 与清单不符：文件已损坏或被改动，拒绝恢复")
    return archive


def _unpack_files(archive: Path) -> Path:
    """Unpack the archive beside ``MEDIA_ROOT`` (before the database is touched: a bad archive changes nothing)."""
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(fresh, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise DomainError("restore.files_corrupt", f"上传文件归档无法解开：{exc}") from exc
    return fresh


def _swap_files(fresh: Path) -> None:
    root = _media_root()
    old = root.with_name(root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.rename(old)
    fresh.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def read_manifest(path: Path) -> dict[str, Any] | None:
    manifest_path = path.with_name(path.name + ".json")
    if not manifest_path.exists():
        return None
    return json.loads(manifest_path.read_text("utf-8"))


def restore(path: Path) -> dict[str, Any]:
    """Replace the whole database with the backup at ``path``. Returns the manifest (or ``{}`` without one)."""
    path = Path(path)
    if not path.is_file():
        raise DomainError("restore.missing", f"找不到备份文件 {path}")
    manifest = read_manifest(path) or {}
    if manifest and manifest.get("sha256") != _sha256(path):
        raise DomainError("restore.checksum", "备份文件的 SHA-256 与清单不符：文件已损坏或被改动，拒绝恢复")
    vendor = connection.vendor
    if manifest and manifest.get("database") not in (None, vendor):
        raise DomainError("restore.wrong_database", f"这是 {manifest['database']} 的备份，当前数据库是 {vendor}")
    files_archive = _check_files(path, manifest)  # before anything is replaced
    fresh = _unpack_files(files_archive) if files_archive is not None else None
    try:
        _restore_database(path, vendor)
    except BaseException:
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        raise
    if fresh is not None:
        _swap_files(fresh)
    return manifest


def _restore_database(path: Path, vendor: str) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = source.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise DomainError("restore.corrupt", f"备份文件完整性检查未通过：{result}")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()  # the next query reopens the restored database with the usual pragmas
    elif vendor == "postgresql":
        env, name = _pg_env()
        connection.close()
        _run([_pg_program("pg_restore"), "--clean", "--if-exists", "--no-owner", f"--dbname={name}", str(path)], env)
    else:  # pragma: no cover
        raise DomainError("backup.unsupported", f"不支持的数据库 {vendor}")
