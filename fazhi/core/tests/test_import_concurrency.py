"""A long import must not stop the office working (issue 14 §13).

The finding: a 1.6M-row import held the SQLite write lock for its whole run, and logins during it answered 500
"database is locked". Here a big import runs in one thread while another logs people in and writes audited
records: every login succeeds within the lock wait a busy login has (LOCK_WAIT_S), and audited writes complete
while the import is still running (the import checks every row without a write lock, then writes in short
transactions; had it held the lock for its whole run, every write would wait for its end). No wall-time bound:
the shared machine's load decides how long a write takes, not the code (issue 19 §3). File-backed SQLite (``make
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
            outcome["result"] = run_import(EntityImporter(), path, actor=None)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            close_old_connections()

    worker = threading.Thread(target=do_import)
    worker.start()
    logins = 0
    writes_during_import = 0
    failures: list[BaseException] = []
    try:
        while worker.is_alive():
            try:
                response = Client().post("/login/", {"username": "clerk", "password": "pw-secret-123"})
                assert response.status_code == 302, response.status_code  # logged in and sent on
                logins += 1
                with transaction.atomic():
                    audit_record(action="test.office_work", target=("test", logins))
                writes_during_import += worker.is_alive()  # done, and the import still running
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
    assert logins >= 3, "the import finished before the office could try to work: make it bigger"
    # The lock is taken chunk by chunk, never for the whole run: audited writes went through between the chunks.
    assert writes_during_import >= 2, (writes_during_import, logins)
    assert audit_verify().ok
