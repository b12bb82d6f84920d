"""``Importer.check_ahead``: the next chunk is checked in a second process while the current one is written.

The outcome must be the sequential one's: the same counts, the same errors in the same order, the same error file,
the same records; a write failure stops the checking process; a fault or a file error in the checking process
reaches the writer where the sequential check would raise it, with the chunks before it kept."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from django.db import IntegrityError

from fazhi.core import importing
from fazhi.core.importing import ImportFileError, run_import
from fazhi.core.models import ImportRun
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,企业名称,主体类型,成立日期,登记状态"


class Sequential(EntityImporter):
    chunk_size = 3
    check_ahead = False


class Ahead(EntityImporter):
    chunk_size = 3
    check_ahead = True


def _file(tmp_path, name: str):
    lines = [HEADER]
    for i in range(14):
        uscc = make_uscc("120110", "91", f"MA{i:06d}")
        if i == 2:
            uscc = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")  # wrong check character: a cell error
        status = "歇业中" if i == 7 else "存续"  # an unknown status word
        lines.append(f"{uscc},测试第{i}号有限公司,企业,2020-01-0{1 + i % 9},{status}")
    lines.append(lines[5])  # a duplicate of row 5, in a later chunk
    lines.append(f"{make_uscc('120110', '91', 'MA999999')},只有四列,企业,2020-01-01")  # ragged
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _outcome(importer, path):
    result = run_import(importer, path)
    summary = result.as_dict()
    error_file = Path(summary.pop("error_file")).read_text("utf-8-sig")
    entities = sorted(MarketEntity.objects.values_list("uscc", "name", "established_on", "status"))
    MarketEntity.objects.all().delete()
    return summary, error_file, entities


def test_提前检查与逐块检查结果完全相同(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sequential = _outcome(Sequential(), _file(tmp_path / "a", "e.csv"))
    ahead = _outcome(Ahead(), _file(tmp_path / "b", "e.csv"))
    assert ahead == sequential
    summary = ahead[0]
    assert (summary["created"], summary["rejected"]) == (12, 4)
    assert [(e["row"], e["code"]) for e in summary["errors"]] == [
        (3, "uscc.checksum"),
        (8, "entity.status.unknown"),
        (15, "row.duplicate_in_file"),
        (16, "row.ragged"),
    ]


class FailsInSecondChunk:
    """``apply`` raises ``error`` on the second chunk (rows 4–6)."""

    error: Exception

    def __init__(self) -> None:
        super().__init__()
        self.chunks = 0

    def apply(self, rows, result, progress):
        self.chunks += 1
        if self.chunks == 2:
            raise self.error
        super().apply(rows, result, progress)


class FailingSecondChunk(FailsInSecondChunk, Ahead):
    error = IntegrityError("boom")  # the database refuses the chunk


def test_写库失败时检查进程停止_第一块保留(tmp_path):
    with pytest.raises(ImportFileError) as err:
        run_import(FailingSecondChunk(), _file(tmp_path, "e.csv"))
    assert err.value.code == "import.write_failed"
    assert MarketEntity.objects.count() == 2  # the first chunk: rows 1, 2 (row 3 is rejected)
    assert not multiprocessing.active_children()


class CrashingThirdChunk(Ahead):
    """A fault of the checking code itself, in the third chunk (rows 7–9): it happens in the child process."""

    def ahead(self, rows):
        if rows and rows[0][0] >= 7:
            raise ZeroDivisionError("检查代码的缺陷")
        return super().ahead(rows)


def test_检查进程出错_写入方报错_已写批次保留_运行记为失败(tmp_path):
    with pytest.raises(RuntimeError, match="ZeroDivisionError") as err:
        run_import(CrashingThirdChunk(), _file(tmp_path, "e.csv"))
    assert "导入检查进程出错" in str(err.value)
    assert MarketEntity.objects.count() == 5  # chunks 1 and 2: rows 1–6 less row 3 (a cell error)
    run = ImportRun.objects.get()
    assert (run.state, run.error_code, run.chunks_applied) == (ImportRun.State.FAILED, "import.check_failed", 2)
    assert not multiprocessing.active_children()


class RefusedInSecondChunk(Ahead):
    """A file error found while checking (as a broken spreadsheet row would raise it), in the second chunk."""

    def clean_row(self, values, row):
        if row == 5:
            raise ImportFileError("file.unreadable", "第 5 行无法读取")
        return super().clean_row(values, row)


def test_检查进程发现文件错误_在该块处拒绝_此前的块保留(tmp_path):
    with pytest.raises(ImportFileError) as err:
        run_import(RefusedInSecondChunk(), _file(tmp_path, "e.csv"))
    assert (err.value.code, err.value.message) == ("file.unreadable", "第 5 行无法读取")
    assert MarketEntity.objects.count() == 2  # the first chunk only
    run = ImportRun.objects.get()
    assert (run.state, run.error_code) == (ImportRun.State.REFUSED, "file.unreadable")
    assert not multiprocessing.active_children()


class SlowFailingFirstChunk(EntityImporter):
    """Chunks too big for the pipe's buffer: while the first is written the child checks the rest and finishes."""

    chunk_size = 2_000
    check_ahead = True

    def apply(self, rows, result, progress):
        time.sleep(1.5)  # the child checks the other chunks meanwhile, and ends
        raise IntegrityError("boom")


def test_写库失败时_已检查完的检查进程自行结束_不被强行终止(tmp_path, monkeypatch):
    """ADR 0009: a failed write closes the pipe, and the child ends. Also a child that checked the whole file and
    waits with full hands (its last chunks and its end mark queued) must end by itself, not hang until killed."""
    ends = []
    close = importing._CheckProcess.close

    def recorded(self):
        began = time.monotonic()
        close(self)
        ends.append((self._process.exitcode, time.monotonic() - began))

    monkeypatch.setattr(importing._CheckProcess, "close", recorded)
    lines = [HEADER]
    lines += [
        f"{make_uscc('120110', '91', f'MB{i:06d}')},测试第{i}号有限公司的长名称,企业,2020-01-01,存续"
        for i in range(8_000)
    ]
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ImportFileError):
        run_import(SlowFailingFirstChunk(), path)
    [(exitcode, seconds)] = ends
    assert exitcode == 0 and seconds < 2, (exitcode, seconds)
    assert not multiprocessing.active_children()


def test_进度条无法启动时_检查进程也结束(tmp_path):
    """The child is forked before the progress bar starts: a bar that fails must not leave it running."""

    def broken_bar(total, label):
        raise OSError("no terminal")

    with pytest.raises(OSError, match="no terminal"):
        run_import(Ahead(), _file(tmp_path, "e.csv"), progress_factory=broken_bar)
    assert not multiprocessing.active_children()


def test_检查进程最多领先CHECK_AHEAD_CHUNKS块(tmp_path):
    """ADR 0009: up to CHECK_AHEAD_CHUNKS checked chunks wait in the check process and the pipe, and at most one
    more received in the writer (memory stays a few chunks), counted with chunks bigger than the pipe's buffer and
    a writer slower than the check."""
    log = tmp_path / "checked.txt"
    leads = []

    class Probe(EntityImporter):
        chunk_size = 2_000
        check_ahead = True
        applied = 0

        def ahead(self, rows):  # runs in the child, once per checked chunk
            with log.open("a") as fh:
                fh.write("x")
            return super().ahead(rows)

        def apply(self, rows, result, progress):
            Probe.applied += 1
            time.sleep(0.25)
            leads.append(len(log.read_text()) - Probe.applied)
            return super().apply(rows, result, progress)

    lines = [HEADER]
    lines += [
        f"{make_uscc('120110', '91', f'MC{i:06d}')},测试第{i}号有限公司的长名称,企业,2020-01-01,存续"
        for i in range(16_000)
    ]
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert run_import(Probe(), path).created == 16_000
    assert 1 <= max(leads) <= importing.CHECK_AHEAD_CHUNKS + 1, leads


class BrokenApply(FailsInSecondChunk, Sequential):
    error = ZeroDivisionError("写入代码的缺陷")  # a fault of the writing code itself, not the database's refusal


@pytest.mark.parametrize(
    "importer_class", [BrokenApply, type("BrokenApplyAhead", (FailsInSecondChunk, Ahead), {"error": BrokenApply.error})]
)
def test_写入代码出错_运行记为失败_已写批次保留(tmp_path, importer_class):
    with pytest.raises(ZeroDivisionError):
        run_import(importer_class(), _file(tmp_path, "e.csv"))
    assert MarketEntity.objects.count() == 2  # the first chunk: rows 1, 2 (row 3 is rejected)
    run = ImportRun.objects.get()
    assert (run.state, run.error_code, run.chunks_applied) == (ImportRun.State.FAILED, "import.apply_failed", 1)
    assert "写入时程序出错" in run.error_message
    assert not multiprocessing.active_children()


def test_接收线程出错_写入方报错_运行记为失败_不挂起(tmp_path, monkeypatch):
    """The writer's receiving thread unpickles and unpacks each chunk: a fault there must reach the writer (which
    waits for that chunk) as a check fault, not leave it waiting for ever."""
    unpack = importing._unpack
    calls = []

    def breaks_on_third(packed):
        calls.append(1)
        if len(calls) == 3:
            raise ZeroDivisionError("接收代码的缺陷")
        return unpack(packed)

    monkeypatch.setattr(importing, "_unpack", breaks_on_third)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_import(Ahead(), _file(tmp_path, "e.csv"))
    run = ImportRun.objects.get()
    assert (run.state, run.error_code, run.chunks_applied) == (ImportRun.State.FAILED, "import.check_failed", 2)
    assert MarketEntity.objects.count() == 5  # chunks 1 and 2: rows 1–6 less row 3 (a cell error)
    assert not multiprocessing.active_children()


def test_接收线程只在写入方等待数据库或索取时接收下一块(tmp_path):
    """ADR 0009: the receiving thread takes a chunk off the pipe only when released (the writer waits for a COPY
    to be stored) or when the writer asks for a chunk none was received for — never while the writer makes its
    round trips to the server, where it would hold the interpreter lock the writer needs after each answer."""
    importer = Ahead()
    path = _file(tmp_path, "e.csv")
    lines = path.read_text("utf-8").splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    importer.map_headers(header)
    importer.prepare()
    result, rejects = importing.ImportResult(), []
    ahead = importing._CheckProcess(importer, header, iter(rows), result, rejects, 3)
    try:
        time.sleep(0.5)  # the child has checked and sent its first chunks by now
        assert ahead._received.empty()  # nothing received unasked
        first = next(ahead)  # none received: the writer's request releases the thread
        assert [n for n, _values in first.goods] == [1, 2]  # row 3 has a cell error
        time.sleep(0.3)
        assert ahead._received.empty()
        ahead.release()  # as a COPY's storing would
        deadline = time.monotonic() + 5
        while ahead._received.empty() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not ahead._received.empty()
        ahead.release()  # a second release before the writer took that chunk receives nothing more
        time.sleep(0.3)
        assert ahead._received.qsize() == 1
        assert [n for n, _values in next(ahead).goods] == [4, 5, 6]
    finally:
        ahead.close()
    assert not multiprocessing.active_children()


class _FileDatabase:
    """A WAL-mode SQLite file as the one thing ``_sqlite_checkpoints_deferred`` uses of a connection (the test
    database lives in memory, which has no WAL)."""

    def __init__(self, path):
        import sqlite3

        self.raw = sqlite3.connect(path, isolation_level=None)
        self.raw.execute("PRAGMA journal_mode=WAL")
        self.in_atomic_block = False

    def cursor(self):
        import contextlib

        return contextlib.closing(self.raw.cursor())

    def value(self, pragma):
        return self.raw.execute(f"PRAGMA {pragma}").fetchone()


def test_SQLite_多块导入期间少做WAL检查点_结束时自己做一次并恢复设置(tmp_path):
    """ADR 0009 decision 7: for the run, this connection's ``wal_autocheckpoint`` is raised (each chunk's commit
    had checkpointed the whole WAL); at the end it is restored and the run checkpoints the WAL once itself."""
    db = _FileDatabase(tmp_path / "wal.sqlite3")
    db.raw.execute("CREATE TABLE t (x TEXT)")
    before = db.value("wal_autocheckpoint")[0]
    with importing._sqlite_checkpoints_deferred(db):
        assert db.value("wal_autocheckpoint")[0] == importing.SQLITE_RUN_CHECKPOINT_PAGES
        for i in range(20):  # 20 commits of ≈ 400 KB each: past SQLite's 1,000-page default, no checkpoint now
            db.raw.executemany("INSERT INTO t VALUES (?)", [(f"{i}-{n}" * 40,) for n in range(1_000)])
        assert (tmp_path / "wal.sqlite3-wal").stat().st_size > 1_000 * 4096
        assert (tmp_path / "wal.sqlite3").stat().st_size < 100 * 4096  # the rows are still in the WAL only
    assert db.value("wal_autocheckpoint")[0] == before
    assert (tmp_path / "wal.sqlite3").stat().st_size > 1_000 * 4096  # the run's checkpoint copied them back


def test_SQLite_多块导入才推迟检查点_一块的不推迟(tmp_path, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite: the WAL checkpoints")
    used = []
    deferred = importing._sqlite_checkpoints_deferred

    def recorded(conn):
        used.append(conn)
        return deferred(conn)

    monkeypatch.setattr(importing, "_sqlite_checkpoints_deferred", recorded)
    run_import(Sequential(), _file(tmp_path, "e.csv"))  # 16 rows in chunks of 3
    assert used == [connection]

    class OneChunk(Sequential):
        chunk_size = 100

    used.clear()
    MarketEntity.objects.all().delete()
    run_import(OneChunk(), _file(tmp_path, "f.csv"))
    assert used == []
