"""``scripts/system-packages`` on a really fresh machine (issue 19 §6).

The issue: the Debian packages the project needs are checked by one step used by ``make demo``, ``make test`` and
``.ci/run``; missing ones are installed as root with apt-get, "otherwise it prints the one command to run and
stops". A fresh Debian machine has no package lists yet (``apt-get install`` then finds nothing), so the printed
command must be one that works there as it is: it updates the lists before installing. ``make install`` then
creates the virtualenv with ``$PY``; Debian's own Python does that only with ``python3-venv``, which is added when
``$PY`` cannot import ``ensurepip``.

``dpkg-query``, ``id`` and ``apt-get`` are replaced by stand-ins on PATH that answer as a fresh machine would and
record what was run, so the test needs neither root nor the network.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "system-packages"
NEEDED = ("chromium", "fonts-noto-cjk", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "poppler-utils")


def _stand_ins(tmp_path: Path, *, uid: int, installed: set[str], ensurepip: bool = True) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    known = " ".join(sorted(installed))
    scripts = {
        "dpkg-query": f'for p in {known}; do [ "$p" = "${{@: -1}}" ] && {{ printf "install ok installed"; exit 0; }}; '
        'done; echo "dpkg-query: no packages found matching ${@: -1}" >&2; exit 1',
        "id": f'[ "$1" = "-u" ] && echo {uid}',
        "apt-get": f'echo "apt-get $*" >> {log}',
        "python-for-venv": 'case "$*" in *ensurepip*) exit ' + ("0" if ensurepip else "1") + ";; esac",
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PY": str(bin_dir / "python-for-venv")}


def _run(tmp_path: Path, *, uid: int, installed: set[str], extra: tuple[str, ...] = (), ensurepip: bool = True):
    env = _stand_ins(tmp_path, uid=uid, installed=installed, ensurepip=ensurepip)
    result = subprocess.run(
        ["bash", str(SCRIPT), *extra], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    log = tmp_path / "calls.log"
    return result, (log.read_text(encoding="utf-8").splitlines() if log.exists() else [])


def test_不是root且缺包_打印一条在全新机器上可用的命令并停止_不调用apt(tmp_path):
    result, calls = _run(tmp_path, uid=1000, installed=set(NEEDED) - {"chromium", "fonts-noto-cjk"})
    assert result.returncode != 0  # make stops here: `make test` and `make demo` go no further
    assert calls == []  # nothing installed without root
    commands = [line for line in result.stderr.splitlines() if "apt-get install" in line]
    assert len(commands) == 1, result.stderr  # the one command to run
    command = commands[0].split(": ", 1)[1]
    # A fresh machine has no package lists: the command refreshes them first, then installs exactly what is missing.
    assert (
        command == "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk'"
    )


def test_root且缺包_先更新软件包列表再只安装缺少的包(tmp_path):
    result, calls = _run(tmp_path, uid=0, installed=set(NEEDED) - {"poppler-utils"}, extra=("postgresql",))
    assert result.returncode == 0, result.stderr
    assert calls == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends poppler-utils postgresql"]


def test_Python_不能建虚拟环境时_一并安装_python3_venv(tmp_path):
    result, calls = _run(tmp_path, uid=0, installed=set(NEEDED), ensurepip=False)
    assert result.returncode == 0, result.stderr
    assert calls == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends python3-venv"]


def test_make_把所用的_Python_告诉检查步骤():
    block = (ROOT / "Makefile").read_text("utf-8").split("\nsystem-packages:")[1].split("\n\n")[0]
    assert "PY=$(PY) scripts/system-packages" in block


@pytest.mark.parametrize("uid", [0, 1000])
def test_全部已安装_什么也不做(tmp_path, uid):
    result, calls = _run(tmp_path, uid=uid, installed=set(NEEDED))
    assert (result.returncode, calls, result.stdout, result.stderr) == (0, [], "", "")


def test_make_demo_与_make_test_都先检查系统软件包():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test"):
        prerequisites = re.search(rf"^{target}:(.*)$", makefile, re.M)[1].split()
        assert prerequisites[0] == "system-packages", (target, prerequisites)
    assert "scripts/system-packages" in (ROOT / ".ci" / "run").read_text("utf-8")
