"""``fazhi import entities``: the contract of docs/formats/entities.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.core.importing import ImportFileError, run_import
from fazhi.core.models import AuditEvent
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity, MarketEntityChange
from fazhi.rulebook.identifiers import make_registration_number, make_uscc

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "主体类型",
    "成立日期",
    "登记状态",
    "住所",
    "法定代表人",
    "行业门类",
    "管辖单位",
]
U1 = make_uscc("120110", "91", "MA05K1B3")
U2 = make_uscc("120110", "92", "L0000001")
U3 = make_uscc("120110", "93", "MA0000A1")


def write_csv(tmp_path: Path, rows, header=HEADER, encoding="utf-8", name="entities.csv") -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def good_rows():
    return [
        [
            U1,
            "天津市东丽区某某科技有限公司",
            "有限责任公司(自然人独资)",
            "2021-03-04",
            "存续",
            "东丽区张贵庄路1号",
            "张三",
            "I",
            "张贵庄市场监管所",
        ],
        [U2, "东丽区李四小吃店", "个体工商户", "2019/5/6", "在营", "东丽区万新街2号", "李四", "H 住宿和餐饮业", "ZGZ"],
        [U3, "东丽区绿野农民专业合作社", "农民专业合作社", "2015年1月2日", "注销", "", "王五", "农、林、牧、渔业", ""],
    ]


def run(path: Path):
    out = io.StringIO()
    try:
        call_command("import", "entities", str(path), "--json", stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_导入三行_全部新增_再次导入全部未变_每次运行一个审计事件(tmp_path, department):
    path = write_csv(tmp_path, good_rows())
    code, summary = run(path)
    assert code == 0
    assert summary == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
        "error_file": None,
        "warnings": [],
    }
    e1 = MarketEntity.objects.get(uscc=U1)
    assert (e1.kind, e1.status, e1.industry, e1.office_id) == ("enterprise", "active", "I", department.pk)
    assert str(MarketEntity.objects.get(uscc=U2).established_on) == "2019-05-06"
    assert MarketEntity.objects.get(uscc=U3).office_id is None
    events = AuditEvent.objects.filter(action="registry.import_entities")
    assert events.count() == 1 and events[0].changes["created"] == 3 and len(events[0].changes["sha256"]) == 64
    code, summary = run(path)
    assert (code, summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 0, 3)
    events = AuditEvent.objects.filter(action="registry.import_entities").order_by("sequence")
    assert events.count() == 2 and events.last().changes["unchanged"] == 3  # one event per run, data untouched
    assert not MarketEntityChange.objects.exists()


def test_变更字段_记录前后值_只写变化的字段(tmp_path, department):
    run(write_csv(tmp_path, good_rows()))
    rows = good_rows()
    rows[0][5] = "东丽区新地址8号"
    rows[1][4] = "吊销"
    code, summary = run(write_csv(tmp_path, rows, name="v2.csv"))
    assert (summary["updated"], summary["unchanged"]) == (2, 1)
    change = MarketEntityChange.objects.get(entity__uscc=U1)
    assert change.changes == {"domicile": ["东丽区张贵庄路1号", "东丽区新地址8号"]}
    assert change.source == "导入 v2.csv"
    assert MarketEntity.objects.get(uscc=U2).status == "revoked"


def test_文件缺列_不覆盖已有数据(tmp_path, department):
    run(write_csv(tmp_path, good_rows()))
    header = HEADER[:5]
    code, summary = run(write_csv(tmp_path, [r[:5] for r in good_rows()], header=header, name="short.csv"))
    assert summary["unchanged"] == 3
    assert MarketEntity.objects.get(uscc=U1).domicile == "东丽区张贵庄路1号"


def test_GB18030_编码与英文表头(tmp_path, department):
    header = ["uscc", "name", "kind", "established_on", "status", "office"]
    path = write_csv(
        tmp_path,
        [[U1, "天津某公司", "企业", "2020-01-01", "存续", "张贵庄市场监管所"]],
        header=header,
        encoding="gb18030",
    )
    code, summary = run(path)
    assert summary["created"] == 1
    assert MarketEntity.objects.get(uscc=U1).name == "天津某公司"


def test_注册号_代替统一社会信用代码(tmp_path, department):
    regno = make_registration_number("12011060000001")
    header = ["统一社会信用代码", "注册号", "名称", "主体类型", "成立日期", "登记状态"]
    path = write_csv(tmp_path, [["", regno, "老个体户", "个体工商户", "2005-01-01", "存续"]], header=header)
    assert run(path)[1]["created"] == 1
    # Later the business receives a USCC: the same entity is updated, not duplicated.
    path = write_csv(
        tmp_path, [[U2, regno, "老个体户", "个体工商户", "2005-01-01", "存续"]], header=header, name="b.csv"
    )
    summary = run(path)[1]
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert MarketEntity.objects.get(registration_number=regno).uscc == U2


def test_坏数据_逐行报错_好行照常导入_错误文件可修改后重导(tmp_path, department):
    bad_check = U1[:-1] + ("0" if U1[-1] != "0" else "1")
    rows = [
        *good_rows(),
        [bad_check, "校验错", "企业", "2020-01-01", "存续", "", "", "", ""],  # 4
        ["91120110MA05K1B3I", "长度错", "企业", "2020-01-01", "存续", "", "", "", ""],  # 5
        ["91120110MA05K1B3IO", "字母错", "企业", "2020-01-01", "存续", "", "", "", ""],  # 6
        [make_uscc("120110", "91", "MA05K1B4"), "日期错", "企业", "2023-02-30", "存续", "", "", "", ""],  # 7
        [U1, "重复", "企业", "2020-01-01", "存续", "", "", "", ""],  # 8
        [make_uscc("120110", "91", "MA05K1B5"), "状态错", "企业", "2020-01-01", "营业中吧", "", "", "", ""],  # 9
        [make_uscc("120110", "91", "MA05K1B6"), "类型错", "社团", "2020-01-01", "存续", "", "", "", ""],  # 10
        [make_uscc("120110", "91", "MA05K1B7"), "所错", "企业", "2020-01-01", "存续", "", "", "", "火星所"],  # 11
        [make_uscc("120110", "91", "MA05K1B8"), '=HYPERLINK("x")', "企业", "2020-01-01", "存续", "", "", "", ""],  # 12
        [make_uscc("120110", "91", "MA05K1B9"), "多列", "企业", "2020-01-01", "存续", "", "", "", "", "多出来"],  # 13
        [make_uscc("120110", "91", "MA05K1BA"), "少列", "企业"],  # 14
        [
            make_uscc("120110", "91", "MA05K1BB"),
            "超长" + "长" * 10_000_000,
            "企业",
            "2020-01-01",
            "存续",
            "",
            "",
            "",
            "",
        ],  # 15
    ]
    path = write_csv(tmp_path, rows)
    code, summary = run(path)
    assert code == 0
    assert (summary["created"], summary["rejected"]) == (3, 12)
    by_row = {e["row"]: e for e in summary["errors"]}
    assert by_row[4]["code"] == "uscc.checksum" and by_row[4]["column"] == "统一社会信用代码"
    assert by_row[5]["code"] == "uscc.length"
    assert by_row[6]["code"] == "uscc.alphabet"
    assert by_row[7]["code"] == "date.impossible" and by_row[7]["column"] == "成立日期"
    assert by_row[8]["code"] == "row.duplicate_in_file" and "第 1 行" in by_row[8]["message"]
    assert by_row[9]["code"] == "entity.status.unknown"
    assert by_row[10]["code"] == "entity.kind.unknown"
    assert by_row[11]["code"] == "entity.office_unknown"
    assert by_row[12]["code"] == "cell.formula"
    assert by_row[13]["code"] == "row.ragged"
    assert by_row[14]["code"] == "row.ragged"
    assert by_row[15]["code"] == "cell.too_long"
    assert all(e["message"] for e in summary["errors"])
    assert MarketEntity.objects.count() == 3
    error_file = Path(summary["error_file"])
    with error_file.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][0] == "原行号" and lines[0][-1] == "错误原因"
    assert [int(r[0]) for r in lines[1:]] == list(range(4, 16))
    # Fix row 7 in the error file and import it again (the extra columns are ignored).
    fixed = [r for r in lines if r[0] in ("原行号", "7")]
    fixed[1][4] = "2023-02-28"
    path2 = tmp_path / "fixed.csv"
    with path2.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(fixed)
    code, summary = run(path2)
    assert (code, summary["created"], summary["rejected"]) == (0, 1, 0)


def test_缺少必需表头_退出码2并列出缺少的列(tmp_path):
    path = write_csv(tmp_path, [["x", "y"]], header=["企业名称", "住所"])
    code, summary = run(path)
    assert code == 2
    assert summary["error"]["code"] == "file.missing_headers"
    for label in ("统一社会信用代码", "主体类型", "成立日期", "登记状态"):
        assert label in summary["error"]["message"]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "file.empty"), (b"\x00\x01\x02binary", "file.binary"), (b"\xff\xfe\xfa\x80\x81", "file.encoding")],
)
def test_无法读取的文件_退出码2(tmp_path, content, code):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    exit_code, summary = run(path)
    assert exit_code == 2 and summary["error"]["code"] == code


def test_找不到文件和不支持的类型_退出码2(tmp_path):
    assert run(tmp_path / "none.csv")[1]["error"]["code"] == "file.missing"
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF")
    assert run(p)[1]["error"]["code"] == "file.type"


def test_xlsx_代码列按文本读取(tmp_path, department):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    regno = make_registration_number("12011060000002")
    sheet.append(["统一社会信用代码", "注册号", "企业名称", "主体类型", "成立日期", "登记状态", "管辖单位"])
    import datetime as dt

    sheet.append([U1, None, "某公司", "企业", dt.datetime(2020, 1, 2), "存续", "张贵庄市场监管所"])
    sheet.append([None, int(regno), "某个体", "个体工商户", "2010-05-06", "存续", None])
    path = tmp_path / "e.xlsx"
    book.save(path)
    code, summary = run(path)
    assert (code, summary["created"], summary["rejected"]) == (0, 2, 0), summary
    assert MarketEntity.objects.get(registration_number=regno).established_on.isoformat() == "2010-05-06"


def test_run_import_直接调用_返回结果(tmp_path, department):
    result = run_import(EntityImporter(), write_csv(tmp_path, good_rows()))
    assert result.created == 3
    with pytest.raises(ImportFileError):
        run_import(EntityImporter(), tmp_path / "missing.csv")


def test_大批导入_名称检索索引批量填充_触发器恢复(tmp_path, department):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'registry_entity_fts_ai'")
        if cur.fetchone()[0] == 0:
            pytest.skip("no FTS index in this schema")
    rows = [
        [
            make_uscc("120110", "91", f"MA{i:06d}"),
            f"东丽区测试第{i}号商贸有限公司",
            "企业",
            "2020-01-01",
            "存续",
            "",
            "",
            "",
            "",
        ]
        for i in range(600)
    ]
    code, summary = run(write_csv(tmp_path, rows))
    assert summary["created"] == 600
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_entity_fts WHERE registry_entity_fts MATCH %s", ['"第599号"'])
        assert cur.fetchone()[0] == 1
        cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'registry_entity_fts_ai'")
        assert cur.fetchone()[0] == 1
    # Small imports go through the trigger again.
    run(write_csv(tmp_path, [[U1, "单独一家新公司", "企业", "2020-01-01", "存续", "", "", "", ""]], name="one.csv"))
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_entity_fts WHERE registry_entity_fts MATCH %s", ['"单独一家"'])
        assert cur.fetchone()[0] == 1


def test_注册号冲突与文件内重复注册号_逐行拒绝_不中断导入(tmp_path, department):
    r1, r2 = make_registration_number("12011060000011"), make_registration_number("12011060000012")
    header = ["统一社会信用代码", "注册号", "名称", "主体类型", "成立日期", "登记状态"]
    run(
        write_csv(
            tmp_path,
            [[U1, r1, "甲", "企业", "2020-01-01", "存续"], [U2, "", "乙", "个体工商户", "2020-01-01", "存续"]],
            header=header,
        )
    )
    rows = [
        [U2, r1, "乙", "个体工商户", "2020-01-01", "存续"],  # r1 belongs to U1's entity
        [U3, r2, "丙", "企业", "2020-01-01", "存续"],
        [make_uscc("120110", "91", "MA0000B1"), r2, "丁", "企业", "2020-01-01", "存续"],  # r2 again in this file
        [U1, "", "甲", "企业", "2020-01-01", "存续"],  # blank 注册号 does not erase r1
    ]
    code, summary = run(write_csv(tmp_path, rows, header=header, name="b.csv"))
    assert code == 0
    assert {e["row"]: e["code"] for e in summary["errors"]} == {
        1: "entity.identifier_conflict",
        3: "row.duplicate_in_file",
    }
    assert (summary["created"], summary["unchanged"]) == (1, 1)
    assert MarketEntity.objects.get(uscc=U1).registration_number == r1


def test_同一注册号_一行无代码一行有代码_后者被拒(tmp_path, department):
    r1 = make_registration_number("12011060000021")
    header = ["统一社会信用代码", "注册号", "名称", "主体类型", "成立日期", "登记状态"]
    rows = [["", r1, "甲", "个体工商户", "2020-01-01", "存续"], [U1, r1, "甲", "个体工商户", "2020-01-01", "存续"]]
    code, summary = run(write_csv(tmp_path, rows, header=header))
    assert (code, summary["created"], summary["rejected"]) == (0, 1, 1)
    assert summary["errors"][0]["code"] == "row.duplicate_in_file"


def test_分块写入_跨块重复仍被发现_结果与整块相同(tmp_path, department, monkeypatch):
    monkeypatch.setattr(EntityImporter, "chunk_size", 2)
    rows = [*good_rows(), [U1, "重复", "企业", "2020-01-01", "存续", "", "", "", ""]]
    code, summary = run(write_csv(tmp_path, rows))
    assert (summary["created"], summary["rejected"]) == (3, 1)
    assert summary["errors"][0]["row"] == 4 and summary["errors"][0]["code"] == "row.duplicate_in_file"
    rows = good_rows()
    rows[2][5] = "新住所"
    code, summary = run(write_csv(tmp_path, rows, name="v2.csv"))
    assert (summary["updated"], summary["unchanged"]) == (1, 2)


def test_命令行指定操作人_记入审计(tmp_path, make_user):
    admin = make_user("section_chief", username="chief")
    out = io.StringIO()
    row = good_rows()[2]
    row[8] = "张贵庄市场监管所"  # the chief's own office: imports are scoped like every write (issue 14 §1)
    call_command("import", "entities", str(write_csv(tmp_path, [row])), "--json", "--user", "chief", stdout=out)
    assert json.loads(out.getvalue())["created"] == 1
    assert AuditEvent.objects.get(action="registry.import_entities").actor_id == admin.pk
    with pytest.raises(SystemExit):
        call_command(
            "import", "entities", str(tmp_path / "entities.csv"), "--json", "--user", "nobody", stdout=io.StringIO()
        )


def test_导入更新主体_修订号加一_导入前打开的修改被拒(tmp_path, department, make_user):
    """Issue 19 §1 (one revision check): an import that changes an entity bumps its revision like the service does,
    so an edit begun on the entity before the import is refused instead of silently overwriting the import."""
    from fazhi.core.errors import ConcurrentUpdate
    from fazhi.registry import services

    run(write_csv(tmp_path, good_rows()))
    before = MarketEntity.objects.get(uscc=U1)
    untouched = MarketEntity.objects.get(uscc=U2)
    assert (before.revision, untouched.revision) == (0, 0)
    rows = good_rows()
    rows[0][5] = "东丽区张贵庄路99号"  # only U1's domicile changes
    code, summary = run(write_csv(tmp_path, rows, name="second.csv"))
    assert (code, summary["updated"], summary["unchanged"]) == (0, 1, 2), summary
    assert MarketEntity.objects.get(uscc=U1).revision == 1
    assert MarketEntity.objects.get(uscc=U2).revision == 0
    with pytest.raises(ConcurrentUpdate):
        services.entity_update(actor=make_user("admin"), entity=before, domicile="东丽区另一地址")
    assert MarketEntity.objects.get(uscc=U1).domicile == "东丽区张贵庄路99号"


def test_每个新增主体一个审计事件_指明主体_运行与行号_哈希链可校验(tmp_path, department):
    from fazhi.core.audit import audit_verify
    from fazhi.core.models import ImportRun

    # A first entity, deleted again: the next ids continue above it (AUTOINCREMENT on SQLite, the sequence on
    # PostgreSQL), and each event must still name the entity its row created.
    run(write_csv(tmp_path, [good_rows()[0]], name="first.csv"))
    MarketEntity.objects.filter(uscc=U1).delete()
    rows = good_rows()
    rows[2][0] = ""  # the third row without a USCC, identified by its 注册号
    header = [*HEADER, "注册号"]
    rows = [[*rows[0], ""], [*rows[1], ""], [*rows[2], make_registration_number("12011060000013")]]
    code, summary = run(write_csv(tmp_path, rows, header=header))
    assert (code, summary["created"]) == (0, 3)
    run_id = ImportRun.objects.filter(file_name="entities.csv").get().pk
    events = {
        e.object_id: e
        for e in AuditEvent.objects.filter(action="registry.import_entities.record", changes__import=run_id)
    }
    e1, e2 = MarketEntity.objects.get(uscc=U1), MarketEntity.objects.get(uscc=U2)
    e3 = MarketEntity.objects.get(registration_number=make_registration_number("12011060000013"))
    assert set(events) == {str(e1.pk), str(e2.pk), str(e3.pk)}
    assert {e.object_type for e in events.values()} == {"registry.marketentity"}
    assert events[str(e1.pk)].changes == {
        "op": "create", "row": 1, "import": run_id, "uscc": U1, "name": "天津市东丽区某某科技有限公司",
        "office": department.pk,
    }  # fmt: skip
    assert events[str(e2.pk)].changes == {
        "op": "create", "row": 2, "import": run_id, "uscc": U2, "name": "东丽区李四小吃店", "office": department.pk,
    }  # fmt: skip
    assert events[str(e3.pk)].changes == {
        "op": "create", "row": 3, "import": run_id, "uscc": None, "name": "东丽区绿野农民专业合作社", "office": None,
        "registration_number": make_registration_number("12011060000013"),
    }  # fmt: skip
    assert audit_verify().ok


def test_新增主体事件的规范文本_与审计模块对同一内容的编码一致():
    """The entity importer writes each new entity's event text directly; it must be the canonical JSON the audit
    module hashes and verifies for the same facts (keys sorted, compact, quotes and control characters escaped)."""
    from fazhi.core.audit import _canonical

    importer = EntityImporter()
    importer.run_id = 42
    (_, pk1, text1) = importer._entity_created_event(7, 5, {"uscc": U1, "name": '引号"反斜杠\\换行\n', "office": 3})
    (_, pk2, text2) = importer._entity_created_event(
        8, 6, {"uscc": None, "registration_number": "120110600000137", "name": "甲", "office": None}
    )
    assert (pk1, pk2) == (7, 8)
    assert text1 == (
        '{"import":42,"name":"引号\\"反斜杠\\\\换行\\n","office":3,"op":"create","row":5,"uscc":"' + U1 + '"}'
    )
    assert text2 == (
        '{"import":42,"name":"甲","office":null,"op":"create","registration_number":"120110600000137","row":6,'
        '"uscc":null}'
    )
    assert text1.encode() == _canonical(
        {"op": "create", "row": 5, "uscc": U1, "name": '引号"反斜杠\\换行\n', "office": 3, "import": 42}
    )


def test_分块并行检查_特殊字符原样入库_新增与更新同块_审计链可校验(tmp_path, department, monkeypatch):
    """Issue 19 §5: on PostgreSQL the rows reach the database as COPY text made in the checking process. Text with
    the format's special characters — backslash, tab, line breaks, the NULL marker ``\\N`` itself — must be stored
    as it was in the file; a chunk that creates some entities and changes others writes one event each; the chain
    verifies. The same on SQLite (its own path), so the file's outcome is the database's, not the path's."""
    from fazhi.core.audit import audit_verify

    monkeypatch.setattr(EntityImporter, "chunk_size", 2)  # 4 rows: two chunks, checked in the second process
    run(write_csv(tmp_path, [good_rows()[0]], name="first.csv"))
    odd = [
        [U1, "改名\\分公司", "企业", "2021-03-04", "存续", "东丽区\t张贵庄路1号", "张三", "I", "张贵庄市场监管所"],
        [U2, "\\N", "个体工商户", "2019-05-06", "在营", "第一行\n第二行\r\n第三行", "李\\四", "", ""],
        [U3, '引号"与\n逗号,', "农民专业合作社", "2015-01-02", "注销", "", "\\", "", ""],
        [make_uscc("120110", "91", "MA0000B2"), "普通商贸有限公司", "企业", "2020-02-02", "存续", "", "", "", ""],
    ]
    code, summary = run(write_csv(tmp_path, odd))
    assert (code, summary["created"], summary["updated"], summary["rejected"]) == (0, 3, 1, 0), summary
    stored = {e.uscc: e for e in MarketEntity.objects.all()}
    assert (stored[U1].name, stored[U1].domicile) == ("改名\\分公司", "东丽区\t张贵庄路1号")
    assert (stored[U2].name, stored[U2].domicile, stored[U2].legal_representative) == (
        "\\N",
        "第一行\n第二行\r\n第三行",
        "李\\四",
    )
    assert (stored[U3].name, stored[U3].legal_representative) == ('引号"与\n逗号,', "\\")
    records = AuditEvent.objects.filter(action="registry.import_entities.record").order_by("sequence")
    ops = [(e.object_id, e.changes["op"]) for e in records]
    assert sorted(ops) == sorted(
        [(str(stored[U1].pk), "create"), (str(stored[U1].pk), "update")]
        + [(str(stored[u].pk), "create") for u in (U2, U3, make_uscc("120110", "91", "MA0000B2"))]
    )
    changed = records.get(changes__op="update").changes["fields"]
    assert changed["name"] == ["天津市东丽区某某科技有限公司", "改名\\分公司"]
    assert records.get(object_id=str(stored[U2].pk)).changes["name"] == "\\N"
    assert records.get(object_id=str(stored[U3].pk)).changes["name"] == '引号"与\n逗号,'
    assert audit_verify().ok


def test_PostgreSQL_分块提交不等待落盘(tmp_path, department, monkeypatch):
    """A chunk's transaction commits with ``synchronous_commit`` off (the run's last commit, synchronous, flushes
    every chunk's WAL before it): checked from inside the chunks' writing, the server's setting being on."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL 的提交方式")
    seen = []
    original = EntityImporter.apply

    def apply(self, rows, result, progress):
        with connection.cursor() as cur:
            cur.execute("SHOW synchronous_commit")
            seen.append(cur.fetchone()[0])
        return original(self, rows, result, progress)

    monkeypatch.setattr(EntityImporter, "chunk_size", 2)
    monkeypatch.setattr(EntityImporter, "apply", apply)
    with connection.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit TO on")  # the test server runs with it off
    code, summary = run(write_csv(tmp_path, good_rows()))
    assert (code, summary["created"]) == (0, 3)
    assert seen == ["off", "off"]


def test_SQLite_新编号不连续时_按代码读回编号_事件仍指明各自的主体(tmp_path, department, monkeypatch):
    """SQLite: new entities' ids are taken from the table's counter when the rows took the next ids in order; when
    they did not (the counter moved by more than the rows written), the ids are read back by USCC or 注册号. Forced
    here by a counter that reports one more after the insert; each event must still name the entity of its row."""
    from django.db import connection

    from fazhi.registry import importers

    if connection.vendor != "sqlite":
        pytest.skip("SQLite 的编号方式")
    real = importers._sqlite_next_id
    calls = []

    def moved(model):
        calls.append(model)
        return real(model) + (1 if len(calls) % 2 == 0 else 0)  # the second read of each chunk: not consecutive

    monkeypatch.setattr(importers, "_sqlite_next_id", moved)
    read_back = []
    original = EntityImporter._audit_created

    def audit_created(self, inserted):
        read_back.append(len(inserted))
        return original(self, inserted)

    monkeypatch.setattr(EntityImporter, "_audit_created", audit_created)
    header = [*HEADER, "注册号"]
    regno = make_registration_number("12011060000013")
    rows = good_rows()
    rows = [[*rows[0], ""], [*rows[1], ""], [*[("" if i == 0 else v) for i, v in enumerate(rows[2])], regno]]
    code, summary = run(write_csv(tmp_path, rows, header=header))
    assert (code, summary["created"]) == (0, 3)
    assert (len(calls), read_back) == (2, [3])  # the read-back path ran, for the three new rows
    events = {e.object_id: e.changes for e in AuditEvent.objects.filter(action="registry.import_entities.record")}
    by_row = {changes["row"]: int(object_id) for object_id, changes in events.items()}
    assert by_row == {
        1: MarketEntity.objects.get(uscc=U1).pk,
        2: MarketEntity.objects.get(uscc=U2).pk,
        3: MarketEntity.objects.get(registration_number=regno).pk,
    }
