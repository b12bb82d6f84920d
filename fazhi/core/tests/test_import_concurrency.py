"""A long import must not stop the office working (issue 14 §13).

The finding: a 1.6M-row import held the SQLite write lock for its whole run, and logins during it answered 500
"database is locked". Here a big import runs in one thread while another logs people in and writes audited
records: every login succeeds, and no audited write waits more than a fraction of the import's duration (the
import checks every row without a write lock, then writes in short transactions). File-backed SQLite (``make
test`` runs the ``concurrency`` mark with FAZHI_TEST_SQLITE) and PostgreSQL (``.ci/run``).
"""

from __future__ import annotations

import csv
import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.test import Client

from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.importing import run_import
from fazhi.core.models import ImportRun, User
from fazhi.core.testing import skip_unless_file_backed
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import Department, MarketEntity
from fazhi.rulebook.identifiers import USCC_ALPHABET, make_uscc

ROWS = 25_000
LOCK_WAIT_S = 5  # what a login may wait for the database before it would fail


def _write_csv(path, rows: int) -> None:
    alphabet = USCC_ALPHABET[:31]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态", "住所", "管辖单位"])
        for i in range(rows):
            body, k = [], i
            for _ in range(8):
                k, r = divmod(k, 31)
                body.append(alphabet[r])
            writer.writerow(
                [make_uscc("120110", "91", "".join(body)), f"天津市东丽区第{i}号商贸有限公司", "企业", "2020-01-02",
                 "存续", f"天津市东丽区某路{i}号", "张贵庄市场监管所"]
            )  # fmt: skip


@pytest.fixture
def short_lock_wait(settings):
    """Every connection of this test gives up after LOCK_WAIT_S (SQLite's busy timeout), as a busy login would."""
    if connection.vendor != "sqlite":
        yield
        return
    db = connection.settings_dict
    old_options = dict(db["OPTIONS"])
    db["OPTIONS"]["timeout"] = LOCK_WAIT_S
    db["OPTIONS"]["init_command"] = old_options.get("init_command", "").replace(
        "PRAGMA busy_timeout=30000;", f"PRAGMA busy_timeout={LOCK_WAIT_S * 1000};"
    )
    connection.close()
    yield
    db["OPTIONS"] = old_options
    connection.close()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_大批量导入期间_登录和其他写操作照常成功(tmp_path, monkeypatch, short_lock_wait):
    skip_unless_file_backed()
    monkeypatch.setattr(EntityImporter, "chunk_size", 2000)
    Department.objects.create(code="ZGZ", name="张贵庄市场监管所", kind="office")
    User.objects.create_user(username="clerk", password="pw-secret-123", role="officer")
    path = tmp_path / "big.csv"
    _write_csv(path, ROWS)

    outcome: dict = {}

    def do_import() -> None:
        try:
            started = time.perf_counter()
            outcome["result"] = run_import(EntityImporter(), path, actor=None)
            outcome["seconds"] = time.perf_counter() - started
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            close_old_connections()

    worker = threading.Thread(target=do_import)
    worker.start()
    logins: list[float] = []
    writes: list[float] = []
    failures: list[BaseException] = []
    try:
        while worker.is_alive():
            try:
                started = time.perf_counter()
                response = Client().post("/login/", {"username": "clerk", "password": "pw-secret-123"})
                assert response.status_code == 302, response.status_code  # logged in and sent on
                logins.append(time.perf_counter() - started)
                started = time.perf_counter()
                with transaction.atomic():
                    audit_record(action="test.office_work", target=("test", len(writes)))
                writes.append(time.perf_counter() - started)
            except BaseException as exc:  # "database is locked" would land here
                failures.append(exc)
            time.sleep(0.05)
    finally:
        worker.join()
        close_old_connections()
    assert "error" not in outcome, outcome.get("error")
    assert not failures, failures[:3]
    result = outcome["result"]
    assert result.created == ROWS and MarketEntity.objects.count() == ROWS
    assert ImportRun.objects.get(pk=result.run_id).state == "done"
    assert len(logins) >= 3, "the import finished before the office could try to work: make it bigger"
    # No audited write waited for a large part of the import: the lock is taken chunk by chunk, never for the whole
    # run. (Logins are only required to succeed: their time is mostly password hashing on a busy machine.)
    assert max(writes) < max(1.5, outcome["seconds"] / 4), (writes, outcome["seconds"])
    assert audit_verify().ok
