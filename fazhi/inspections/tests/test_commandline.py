"""``fazhi draw run`` / ``fazhi draw verify``: the contract (exit codes, byte-identical output, no database)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi.inspections.commandline import main

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def csvs(tmp_path):
    c = tmp_path / "c.csv"
    c.write_text(
        "uscc,风险等级\n" + "".join(f"91120110MA{i:08d},{'ABCD'[i % 4]}\n" for i in range(30)), encoding="utf-8"
    )
    o = tmp_path / "o.csv"
    o.write_text("执法证号,部门\n" + "".join(f"C{i},甲所\n" for i in range(4)), encoding="utf-8")
    k = tmp_path / "k.csv"
    k.write_text("执法证号,统一社会信用代码,原因\nC1,91120110MA00000001,亲属\n", encoding="utf-8")
    return c, o, k


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_同样输入输出逐字节相同_换种子结果不同(csvs):
    c, o, k = csvs
    argv = [
        "run",
        "--candidates",
        str(c),
        "--size",
        "5",
        "--seed",
        "s1",
        "--officers",
        str(o),
        "--conflicts",
        str(k),
        "--json",
    ]
    first, second = _run(argv), _run(argv)
    assert first[0] == 0 and first[1] == second[1]
    other = _run([*argv[:5], "--seed", "s2", *argv[7:]])
    assert json.loads(other[1])["result"]["selected"] != json.loads(first[1])["result"]["selected"]


def test_验证_一致0_不一致1并指出字段_格式错误2(csvs, tmp_path):
    c, o, _ = csvs
    code, text, _ = _run(["run", "--candidates", str(c), "--size", "3", "--seed", "x", "--officers", str(o)])
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    assert _run(["verify", str(path)])[0] == 0
    record = json.loads(text)
    record["candidate_pool_hash"] = "0" * 64
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(["verify", str(path)])
    assert code == 1 and "candidate_pool_hash" in err
    path.write_text("[]", encoding="utf-8")
    assert _run(["verify", str(path)])[0] == 2
    assert _run(["verify"])[0] == 2


def test_参数或输入错误退出码2_无法配齐人员退出码3(csvs, tmp_path):
    c, o, k = csvs
    assert _run(["run", "--candidates", str(c), "--size", "0", "--seed", "x"])[0] == 2
    assert _run(["run", "--candidates", str(tmp_path / "none.csv"), "--size", "1", "--seed", "x"])[0] == 2
    assert _run(["run", "--candidates", str(c), "--size", "1", "--seed", "x", "--conflicts", str(k)])[0] == 2
    code, _, err = _run(
        [
            "run",
            "--candidates",
            str(c),
            "--size",
            "30",
            "--seed",
            "x",
            "--officers",
            str(o),
            "--team-size",
            "4",
            "--conflicts",
            str(k),
        ]
    )
    assert code == 3 and "91120110MA00000001" in err


def test_控制台命令不需要数据库且一秒内返回(csvs, tmp_path):
    c, o, _ = csvs
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    script = ROOT / ".venv" / "bin" / "fazhi"
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "fazhi.cli"]
    started = time.perf_counter()
    done = subprocess.run(
        [*exe, "draw", "run", "--candidates", str(c), "--size", "3", "--seed", "x", "--json"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    path = tmp_path / "r.json"
    path.write_bytes(done.stdout)
    done = subprocess.run([*exe, "draw", "verify", str(path)], capture_output=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0
    assert time.perf_counter() - started < 2.0  # two processes, each well under a second
