"""Operations (issue 14 §7, §14): the error page keeps tracebacks off the screen; granian replaces a dead worker."""

from __future__ import annotations

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
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/login/"
    try:
        deadline = time.monotonic() + 60
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
        assert _get(url) != 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
