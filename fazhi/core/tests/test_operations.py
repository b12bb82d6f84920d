"""Operations (issue 14 §7, §14): the error page keeps tracebacks off the screen; granian replaces a dead worker."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
@pytest.mark.urls("fazhi.core.tests.urls_boom")
def test_服务器错误_中文页面与参考编号_不显示堆栈_日志里有堆栈(client, settings, caplog, make_user):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(make_user("leader"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/", HTTP_X_REQUEST_ID="ref-12345678")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出现错误" in html and "ref-12345678" in html and response["X-Request-ID"] == "ref-12345678"
    assert "Traceback" not in html and "secret detail" not in html and "RuntimeError" not in html
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info and "secret detail" in str(record.exc_info[1])
    from fazhi.core.errorpages import RequestIdFilter

    RequestIdFilter().filter(record)
    assert hasattr(record, "request_id")


def test_演示与服务_关闭调试并自动重启失败的工作进程():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--respawn-failed-workers" in makefile
    for target in ("demo", "serve"):
        block = makefile.split(f"\n{target}:")[1].split("\n\n")[0]
        assert "DEBUG=0" in block and "$(GRANIAN_ARGS)" in block


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out.extend(int(t) for t in text)
    return out


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@pytest.mark.slow
def test_granian_工作进程被杀后自动重启_服务不中断(tmp_path):
    """A worker killed like the reader's abort killed it: granian starts a new one and keeps serving."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    args = re.search(r"^GRANIAN_ARGS \?= (.+)$", makefile, re.M)[1]
    port = _free_port()
    args = args.replace("$(PORT)", str(port)).split()
    env = {
        **os.environ,
        "DEBUG": "0",
        "FAZHI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    granian = Path(sys.executable).with_name("granian")
    proc = subprocess.Popen([str(granian), *args, "fazhi.wsgi:application"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/login/"
    try:
        deadline = time.monotonic() + 120
        while _get(url) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _get(url) != 0, "granian did not start"
        workers = _children(proc.pid)
        assert workers
        os.kill(workers[0], signal.SIGABRT)  # what "memory allocation failed" did to the worker
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            alive = _children(proc.pid)
            if len(alive) >= len(workers) and workers[0] not in alive:
                break
            time.sleep(0.5)
        assert proc.poll() is None, "granian stopped the whole service"
        assert workers[0] not in _children(proc.pid) and len(_children(proc.pid)) >= len(workers)
        deadline = time.monotonic() + 60  # the respawned worker imports Django before it answers
        while _get(url) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _get(url) != 0, "the service did not answer after the worker was replaced"
    finally:
        # granian runs in its own session: stop the whole group, so no worker outlives the test
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


@pytest.mark.django_db
def test_上传文件超过保存期限即删除_期限内的保留(tmp_path, settings):
    import json as jsonlib

    from django.core.management import call_command

    from fazhi.core.models import AuditEvent

    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_IMPORT_WORK_DIR = tmp_path / "work"
    old, fresh = tmp_path / "imports" / ("a" * 32), tmp_path / "imports" / ("b" * 32)
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "upload.csv").write_text("统一社会信用代码,姓名\n", "utf-8")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "import-x.spool").write_bytes(b"x")
    forty_days_ago = time.time() - 40 * 86400
    for path in (old, old / "upload.csv", tmp_path / "work" / "import-x.spool"):
        os.utime(path, (forty_days_ago, forty_days_ago))
    out = __import__("io").StringIO()
    call_command("purge-uploads", "--json", stdout=out)
    summary = jsonlib.loads(out.getvalue())
    assert summary == {"retention_days": 30, "uploads_removed": 1, "temporary_removed": 1}
    assert not old.exists() and fresh.exists()
    assert AuditEvent.objects.get(action="system.purge_uploads").changes["uploads_removed"] == 1
