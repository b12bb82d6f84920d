"""fazhi draw run / verify without a database: CSV files in, record JSON out, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest

from fazhi.inspections.drawcli import run_from_files, verify_file
from fazhi.rulebook.errors import RulebookError


@pytest.fixture
def files(tmp_path):
    candidates = tmp_path / "candidates.csv"
    rows = "".join(f"91120110ma{i:08d},{'AB'[i % 2]}\n" for i in range(20))
    candidates.write_text("\ufeff统一社会信用代码,风险等级\n" + rows + "\n", encoding="utf-8")
    officers = tmp_path / "officers.csv"
    officers.write_text(
        "certificate,department\n" + "".join(f"C{i},区市场监管局\n" for i in range(5)), encoding="utf-8"
    )
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text(
        "执法证号,统一社会信用代码,原因\nC1,91120110MA00000003,近亲属\nC2,91120110MA00000004,\n", encoding="utf-8"
    )
    return candidates, officers, conflicts


def test_同样的文件和种子得到逐字节相同的记录(files):
    candidates, officers, conflicts = files
    first = run_from_files(candidates, 4, "2024001 03 07 12", officers, 2, conflicts)
    assert first == run_from_files(candidates, 4, "2024001 03 07 12", officers, 2, conflicts)
    record = json.loads(first)
    assert len(record["result"]["teams"]) == 4 and record["candidate_pool"]["usccs"][0] == "91120110MA00000000"
    assert ["C2", "91120110MA00000004", "已申报回避"] in record["conflicts"]
    assert record["seed"]["kind"] == "public_announced"


def test_验证退出码_一致0_不一致1_格式错误2(files, tmp_path):
    candidates, _, _ = files
    path = tmp_path / "record.json"
    path.write_text(run_from_files(candidates, 3, "seed"), encoding="utf-8")
    code, message = verify_file(path)
    assert code == 0 and "一致" in message
    record = json.loads(path.read_text(encoding="utf-8"))
    record["result"]["selected"][0]["uscc"] = "91120110MA99999999"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code, message = verify_file(path)
    assert code == 1 and "result.selected[0].uscc" in message
    del record["seed"]
    path.write_text(json.dumps(record), encoding="utf-8")
    assert verify_file(path)[0] == 2
    path.write_text("{not json", encoding="utf-8")
    assert verify_file(path)[0] == 2
    assert verify_file(tmp_path / "missing.json")[0] == 2


def test_缺少必需列时报明确代码(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text("名称\n某公司\n", encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        run_from_files(path, 1, "seed")
    assert exc.value.code == "draw.csv_missing_column"
