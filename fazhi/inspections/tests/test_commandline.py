"""``fazhi draw run`` / ``fazhi draw verify``: the contract (exit codes 0/1/2/3/4/5, byte-identical output, no
database, the record file streamed)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.inspections import drawcli
from fazhi.inspections.commandline import main
from fazhi.rulebook.draws import canonical_json, seed_commitment
from fazhi.rulebook.errors import RulebookError

ROOT = Path(__file__).resolve().parents[3]
AT = "2026-12-01T10:00:00+08:00"
SALT = "5a" * 32


@pytest.fixture
def csvs(tmp_path):
    c = tmp_path / "c.csv"
    c.write_text(
        "\ufeffuscc,风险等级\n" + "".join(f"91120110ma{i:08d},{'ABCD'[i % 4]}\n" for i in range(30)) + "\n",
        encoding="utf-8",
    )
    o = tmp_path / "o.csv"
    o.write_text("执法证号,部门\n" + "".join(f"C{i},甲所\n" for i in range(4)), encoding="utf-8")
    k = tmp_path / "k.csv"
    k.write_text(
        "执法证号,统一社会信用代码,原因\nC1,91120110MA00000001,亲属\nC2,91120110MA00000002,\n", encoding="utf-8"
    )
    return c, o, k


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _record(csvs, *extra, seed="s1"):
    c, o, k = csvs
    argv = ["run", "--candidates", str(c), "--size", "5", "--seed", seed, "--officers", str(o), "--conflicts", str(k)]
    return _run([*argv, "--published-at", AT, "--salt", SALT, *extra])


def test_同样输入输出逐字节相同_换种子结果不同(csvs):
    first, second = _record(csvs), _record(csvs)
    assert first[0] == 0 and first[1] == second[1]
    head = json.loads(first[1].split("\n", 1)[0])
    assert head["disclosure"] == "full" and head["seed"]["kind"] == "secret"
    assert ["C2", "91120110MA00000002", "已申报回避"] in head["internal"]["conflicts"]
    other = json.loads(_record(csvs, seed="s2")[1].split("\n", 1)[0])
    assert other["result"]["selected"] != head["result"]["selected"]
    public = _record(csvs, "--disclosure", "public")[1]
    assert (
        "internal" not in json.loads(public.split("\n", 1)[0])
        and json.loads(public.split("\n", 1)[0])["record_hash"] == head["record_hash"]
    )


def _write(tmp_path, text, name="r.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _edit(text, change):
    head, body = text.split("\n", 1)
    data = json.loads(head)
    change(data)
    return canonical_json(data) + "\n" + body


def test_验证退出码_0一致_1不一致_2格式错误(csvs, tmp_path):
    _, text, _ = _record(csvs)
    path = _write(tmp_path, text)
    code, out, _ = _run(["verify", str(path)])
    assert code == 0 and out.startswith("一致") and "已核对（完整记录）" in out

    def selected(data):
        data["result"]["selected"][0]["uscc"] = "91120110MA99999999"

    code, _, err = _run(["verify", str(_write(tmp_path, _edit(text, selected)))])
    assert code == 1 and "result.selected[0].uscc" in err
    for bad in ("[]", "{not json\n", ""):
        assert _run(["verify", str(_write(tmp_path, bad))])[0] == 2
    assert _run(["verify", str(tmp_path / "missing.txt")])[0] == 2
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00\n")
    assert _run(["verify", str(tmp_path / "bin.txt")])[0] == 2
    assert _run(["verify"])[0] == 2


def test_开奖号码种子_开奖在公布之后一致_开奖在公布之前退出码4(csvs, tmp_path):
    lottery = ["--seed-kind", "lottery"]
    assert _record(csvs, *lottery)[0] == 2  # the draw time is required
    _, text, _ = _record(csvs, *lottery, "--seed-fixed-at", "2026-12-01T21:15:00+08:00")
    assert _run(["verify", str(_write(tmp_path, text))])[0] == 0

    def fixed_before_publication(data):  # the numbers drawn at 09:00, the pool hash published at 10:00
        data["seed"]["fixed_at"] = "2026-12-01T09:00:00+08:00"
        data["seed"]["announced_at"] = "2026-12-01T08:00:00+08:00"

    code, _, err = _run(["verify", str(_write(tmp_path, _edit(text, fixed_before_publication)))])
    assert code == 4 and "随机种子在名录库哈希公布之前就已确定" in err
    # A failed verification ticks nothing: the order it names as wrong is not shown as checked and passed.
    assert "✓" not in err


def test_系统密钥的承诺值晚于名录库哈希公布_退出码4(csvs, tmp_path):
    # docs/draw-algorithm.md §0 step 2: the secret's commitment is published together with the pool hash. One first
    # committed an hour after the pool was public could have been picked for that pool.
    secret = "cd" * 32
    _, text, _ = _record(csvs, "--drawn-at", "2026-12-01T12:00:00+08:00", seed=secret)

    def committed_later(data):
        data["seed"]["announced_at"] = data["seed"]["fixed_at"] = "2026-12-01T11:00:00+08:00"

    code, _, err = _run(["verify", str(_write(tmp_path, _edit(text, committed_later)))])
    assert code == 4 and "seed.announced_at" in err and "应与名录库哈希同时公布" in err


def test_生成记录时时间顺序不对_不写记录_退出码2(csvs):
    # docs/draw-algorithm.md §0: the seed is fixed after the pool hash is published, the draw after both. A record
    # that verify would refuse with exit 4 is not written.
    lottery = ["--seed-kind", "lottery", "--seed", "03 07 12 19 25 31 + 09"]
    code, out, err = _record(csvs, *lottery, "--seed-fixed-at", "2026-12-01T09:00:00+08:00", "--drawn-at", AT)
    assert code == 2 and out == "" and "[draw.order]" in err and "随机种子在名录库哈希公布之前就已确定" in err
    code, out, err = _record(csvs, "--drawn-at", "2026-12-01T09:59:59+08:00")
    assert code == 2 and out == "" and "[draw.order]" in err


def test_验证的错误说明是中文_不重复字段名(tmp_path, csvs):
    assert _run(["verify", str(tmp_path / "missing.txt")])[2].strip().endswith("文件不存在。")
    assert "这是一个目录" in _run(["verify", str(tmp_path)])[2]
    assert "为空" in _run(["verify", str(_write(tmp_path, "", "empty.txt"))])[2]
    err = _run(["verify", str(_write(tmp_path, "{not json\n", "bad.txt"))])[2]
    assert "不是有效的 JSON" in err and "Expecting" not in err
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00\n")
    err = _run(["verify", str(tmp_path / "bin.txt")])[2]
    assert "不是 UTF-8" in err and "codec" not in err
    _, text, _ = _record(csvs)

    def naive(data):
        data["timeline"]["drawn_at"] = "2026-12-01T10:00:00"

    err = _run(["verify", str(_write(tmp_path, _edit(text, naive)))])[2]
    assert err.count("timeline.drawn_at") == 1 and "缺少时区" in err and "。。" not in err
    code, _, err = _run(["run", "--candidates", str(tmp_path / "nope.csv"), "--size", "1", "--seed", "s"])
    assert code == 2 and "文件不存在" in err and "Errno" not in err


def test_系统密钥与承诺值不符_退出码5(csvs, tmp_path):
    secret = "ab" * 32
    _, text, _ = _record(csvs, "--seed-kind", "secret", seed=secret)
    path = _write(tmp_path, text)
    assert _run(["verify", str(path)])[0] == 0
    assert json.loads(text.split("\n", 1)[0])["seed"]["commitment"] == seed_commitment(secret)

    def commitment(data):
        data["seed"]["commitment"] = seed_commitment("another")

    code, _, err = _run(["verify", str(_write(tmp_path, _edit(text, commitment)))])
    assert code == 5 and "承诺值" in err


def test_完整记录的风险等级被改_退出码5_公开记录说明无法核对的部分(csvs, tmp_path):
    c, o, _ = csvs
    base = ["run", "--candidates", str(c), "--strata", "A=0.5,B=0.5,C=0.5,D=0.5", "--seed", "s", "--officers", str(o)]
    _, text, _ = _run([*base, "--published-at", AT, "--salt", SALT])
    head, body = text.split("\n", 1)
    changed = head + "\n" + body.replace("\tA\n", "\tB\n", 1)
    assert _run(["verify", str(_write(tmp_path, changed))])[0] == 5
    _, public, _ = _run([*base, "--published-at", AT, "--salt", SALT, "--disclosure", "public"])
    code, out, _ = _run(["verify", str(_write(tmp_path, public, "p.txt"))])
    assert code == 0 and "本记录无法核对" in out and "风险等级" in out


def test_参数或输入错误退出码2_无法配齐人员退出码3(csvs, tmp_path):
    c, o, k = csvs
    assert _run(["run", "--candidates", str(c), "--size", "0", "--seed", "x"])[0] == 2
    assert _run(["run", "--candidates", str(tmp_path / "none.csv"), "--size", "1", "--seed", "x"])[0] == 2
    assert _run(["run", "--candidates", str(c), "--size", "1", "--seed", "x", "--conflicts", str(k)])[0] == 2
    assert _run(["run", "--candidates", str(c), "--strata", "A=half", "--seed", "x"])[0] == 2
    assert _run(["run", "--candidates", str(c), "--size", "1", "--seed", "x", "--published-at", "昨天"])[0] == 2
    code, _, err = _run(
        ["run", "--candidates", str(c), "--size", "30", "--seed", "x", "--officers", str(o), "--team-size", "4",
         "--conflicts", str(k)]
    )  # fmt: skip
    assert code == 3 and "91120110MA00000001" in err


def test_名单按导入的同一编码规则读取_GB18030_与_UTF8_均可(tmp_path):
    """fazhi.core.csvtext: UTF-8 (with or without BOM) or GB18030 — what Excel saves as plain CSV on Chinese Windows."""
    rows = "统一社会信用代码,风险等级\n91120110ma00000001,A\n"
    for encoding in ("gb18030", "utf-8-sig", "utf-8"):
        path = tmp_path / f"candidates-{encoding}.csv"
        path.write_bytes(rows.encode(encoding))
        assert [(c.uscc, c.risk_class) for c in drawcli.read_candidates(path)] == [("91120110MA00000001", "A")]
    path = tmp_path / "candidates-utf16.csv"
    path.write_bytes(rows.encode("utf-16"))
    with pytest.raises(RulebookError) as exc:
        drawcli.read_candidates(path)
    assert exc.value.code == "draw.csv_encoding" and "UTF-16" in exc.value.message


def test_缺少必需列时报明确代码(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text("名称\n某公司\n", encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        drawcli.read_candidates(path)
    assert exc.value.code == "draw.csv_missing_column"


def test_控制台命令不需要数据库(csvs, tmp_path):
    c, _, _ = csvs
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    script = ROOT / ".venv" / "bin" / "fazhi"
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "fazhi.cli"]
    done = subprocess.run(
        [*exe, "draw", "run", "--candidates", str(c), "--size", "3", "--seed", "x"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    path = tmp_path / "r.txt"
    path.write_bytes(done.stdout)
    done = subprocess.run([*exe, "draw", "verify", str(path)], capture_output=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr.decode()


def _bigger_pool(tmp_path):
    """3,000 candidates in four strata, written in chunks small enough that lines straddle the reads."""
    c = tmp_path / "big.csv"
    c.write_text(
        "uscc,风险等级\n" + "".join(f"91120110MB{i:08d},{'ABCD'[(i * 7) % 4]}\n" for i in range(3000)),
        encoding="utf-8",
    )
    return c


@pytest.mark.parametrize("disclosure", ["full", "public"])
def test_完整记录的名录库哈希在第二个进程中计算_结论与单进程相同(csvs, tmp_path, monkeypatch, disclosure):
    _, o, k = csvs
    argv = ["run", "--candidates", str(_bigger_pool(tmp_path)), "--strata", "A=0.05,B=0.1,C=0.2,D=0.3"]
    argv += ["--seed", "s", "--officers", str(o), "--conflicts", str(k), "--published-at", AT, "--salt", SALT]
    _, text, _ = _run([*argv, "--disclosure", disclosure])
    monkeypatch.setattr(drawcli, "BLOCK", 1000)  # many reads, lines cut at the read boundaries
    path = _write(tmp_path, text)
    spawned: list[drawcli.SpawnedPoolHash] = []
    monkeypatch.setattr(drawcli, "SpawnedPoolHash", _recorded(drawcli.SpawnedPoolHash, spawned))
    two = drawcli.verify_record_file(path, second_process=True)
    one = drawcli.verify_record_file(path, second_process=False)
    assert two.exit_code == 0 and two == one
    assert len(spawned) == (1 if disclosure == "full" else 0)  # a public record's pool hash is one plain hash
    if disclosure == "public":
        return
    assert spawned[0].proc.returncode == 0
    # A risk class changed in the full record: the second process's hash no longer matches the published one.
    head, body = text.split("\n", 1)
    line = next(x for x in body.split("\n") if x.endswith("\tC"))
    changed = _write(tmp_path, head + "\n" + body.replace(line, line[:-1] + "D", 1), "changed.txt")
    two = drawcli.verify_record_file(changed, second_process=True)
    one = drawcli.verify_record_file(changed, second_process=False)
    assert two.exit_code == 5 and two == one and len(spawned) == 2
    assert any(item.startswith("candidate_pool.hash") for item in two.commitments)


def _recorded(cls, started):
    class Recorded(cls):
        def __init__(self, *args):
            super().__init__(*args)
            started.append(self)

    return Recorded


def _full_record(csvs, tmp_path):
    _, o, _ = csvs
    argv = ["run", "--candidates", str(_bigger_pool(tmp_path)), "--size", "40", "--seed", "s", "--officers", str(o)]
    _, text, _ = _run([*argv, "--published-at", AT, "--salt", SALT])
    return text, _write(tmp_path, text)


def test_第二个进程失败时校验未完成_退出码6_不自行补算(csvs, tmp_path, monkeypatch):
    text, path = _full_record(csvs, tmp_path)
    started: list[drawcli.SpawnedPoolHash] = []

    class Failing(drawcli.SpawnedPoolHash):
        def __init__(self, path, start, salt):  # the second process is given a damaged salt: it fails
            super().__init__(path, start, "not a salt")
            started.append(self)

    monkeypatch.setattr(drawcli, "SpawnedPoolHash", Failing)
    monkeypatch.setattr(drawcli, "SECOND_PROCESS_ABOVE_BYTES", 0)
    monkeypatch.setattr(drawcli.os, "cpu_count", lambda: 2)
    with pytest.raises(RulebookError) as exc:
        drawcli.verify_record_file(path)
    assert exc.value.code == "draw.verify_incomplete" and "异常结束" in exc.value.message
    code, message = drawcli.verify_file(path)
    assert code == drawcli.EXIT_INCOMPLETE == 6 and "draw.verify_incomplete" in message and len(started) == 2
    code, _, err = _run(["verify", str(path)])
    assert code == 6 and "校验未完成" in err
    assert all(s.proc.returncode == 2 for s in started)


def test_第二个进程没有结果时_等待有限时间后终止_退出码6(csvs, tmp_path, monkeypatch):
    _, path = _full_record(csvs, tmp_path)
    started: list[drawcli.SpawnedPoolHash] = []

    class Hanging(drawcli.SpawnedPoolHash):
        MIN_WAIT = 0.5

        @staticmethod
        def command(path, start):
            return [sys.executable, "-c", "import time; time.sleep(600)"]

    monkeypatch.setattr(drawcli, "SpawnedPoolHash", _recorded(Hanging, started))
    with pytest.raises(RulebookError) as exc:
        drawcli.verify_record_file(path, second_process=True)
    assert exc.value.code == "draw.verify_incomplete" and exc.value.params["reason"] == "timeout"
    assert started[0].proc.returncode is not None  # killed and reaped, not left running


def test_第二个进程无法启动时_退出码6(csvs, tmp_path, monkeypatch):
    _, path = _full_record(csvs, tmp_path)

    class Missing(drawcli.SpawnedPoolHash):
        @staticmethod
        def command(path, start):
            return [str(tmp_path / "no-such-python"), "-m", "fazhi.inspections.poolhash"]

    monkeypatch.setattr(drawcli, "SpawnedPoolHash", Missing)
    monkeypatch.setattr(drawcli, "SECOND_PROCESS_ABOVE_BYTES", 0)
    monkeypatch.setattr(drawcli.os, "cpu_count", lambda: 2)
    code, message = drawcli.verify_file(path)
    assert code == 6 and "无法启动" in message


def test_记录格式错误时第二个进程被终止回收(csvs, tmp_path, monkeypatch):
    text, _ = _full_record(csvs, tmp_path)
    started: list[drawcli.SpawnedPoolHash] = []
    monkeypatch.setattr(drawcli, "SpawnedPoolHash", _recorded(drawcli.SpawnedPoolHash, started))
    head, body = text.split("\n", 1)
    broken = _write(tmp_path, head + "\n" + body.replace("\t", " ", 1), "broken.txt")
    with pytest.raises(RulebookError) as exc:
        drawcli.verify_record_file(broken, second_process=True)
    assert exc.value.code == "draw.malformed_record" and len(started) == 1
    assert started[0].proc.returncode is not None


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--size", "3"], "缺少必需的参数：--candidates, --seed"),
        (["run", "--candidates", "x.csv", "--seed", "s", "--size", "abc"], "参数 --size 的值 'abc' 不是整数"),
        (
            ["run", "--candidates", "x.csv", "--seed", "s", "--size", "2", "--disclosure", "z"],
            "参数 --disclosure 的值 'z' 无效",
        ),
        (["run", "--candidates", "x.csv", "--seed", "s"], "须给出以下参数之一：--size --strata"),
        (["verify", "a.json", "b.json"], "无法识别的参数：b.json"),
        ([], "缺少必需的参数：{run,verify}"),
    ],
)
def test_参数有误时以中文说明_退出码2(argv, words):
    # A person at the terminal reads Chinese: argparse's English ("the following arguments are required", "invalid
    # int value", "usage:") is translated; exit status 2 as for any malformed input (docs/formats/draw-record.md).
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert code == 2 and words in text and "用法：" in text
    assert "required" not in text and "invalid" not in text and "usage" not in text
