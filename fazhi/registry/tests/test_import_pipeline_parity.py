"""ADR 0009: the forked check process must give the sequential run's outcome — counts, error order, the error file
(the cells of rows ``apply`` refuses included), the stored text and a chain that verifies — through the command
line, the web upload page and a spreadsheet, for files of several chunks. Written from docs/formats/entities.md."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from fazhi.core import importing
from fazhi.core.audit import audit_verify
from fazhi.core.importing import run_import
from fazhi.core.models import AuditEvent
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity
from fazhi.registry.tests.test_import_entities import write_csv
from fazhi.rulebook.identifiers import make_registration_number, make_uscc

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "注册号", "企业名称", "主体类型", "成立日期", "登记状态", "住所", "管辖单位"]


class Sequential(EntityImporter):
    chunk_size = 2
    check_ahead = False


class Ahead(EntityImporter):
    chunk_size = 2
    check_ahead = True


def _uscc(i: int) -> str:
    return make_uscc("120110", "91", f"MA{i:06d}")


def _regno(i: int) -> str:
    return make_registration_number(f"12011060{i:06d}")


ODD = ' 前后空格 \\N\t反斜杠\\ "引号",逗号\r\n换行\u2028段\u00a0\u3000尾'


def _rows(office: str, other: str) -> list[list[str]]:
    odd = ODD
    return [
        # chunk 1 (rows 1–2)
        [_uscc(1), _regno(1), "第一家有限公司", "企业", "2020-01-01", "存续", odd, office],
        [
            _uscc(2),
            _regno(2),
            "冲突行" + odd,
            "企业",
            "2020-01-01",
            "存续",
            "",
            office,
        ],  # the 注册号 belongs to entity 90
        # chunk 2 (rows 3–4)
        [_uscc(3), _regno(1), "注册号第二次出现", "企业", "2020-01-01", "存续", odd, office],
        [_uscc(4), "", "坏日期", "企业", "2020-13-01", "存续", "", office],
        # chunk 3 (rows 5–6)
        [_uscc(5), "", "他所主体" + odd, "企业", "2020-01-01", "存续", odd, other],
        [_uscc(6), "", "", "企业", "2020-01-01", "存续", "", office],  # a blank required name
        # chunk 4 (rows 7–8)
        [_uscc(90), "", "已有主体改名" + odd, "企业", "2020-01-01", "存续", odd, office],
        ["", _regno(7), "只有注册号\\", "个体工商户", "2019-05-06", "在营", "", office],
    ]


def _existing(department) -> None:
    MarketEntity.objects.create(
        uscc=_uscc(90),
        registration_number=_regno(2),
        name="已有主体",
        kind="enterprise",
        established_on="2019-01-01",
        office=department,
    )


def _outcome(importer, path, actor=None):
    start = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    result = run_import(importer, path, actor=actor)
    summary = result.as_dict()
    error_file = Path(summary.pop("error_file")).read_bytes().decode("utf-8-sig")
    summary.pop("run_id", None)
    entities = sorted(
        MarketEntity.objects.values_list("uscc", "registration_number", "name", "domicile", "office_id", "revision"),
        key=repr,
    )
    events = [
        (e.object_type, e.changes.get("op"), e.changes.get("row"), e.changes.get("name"), e.changes.get("fields"))
        for e in AuditEvent.objects.filter(action="registry.import_entities.record", sequence__gt=start).order_by(
            "sequence"
        )
    ]
    assert audit_verify().ok
    assert not multiprocessing.active_children()
    return summary, error_file, entities, events


def _both(tmp_path, department, rows, actor=None):
    outcomes = []
    for importer in (Sequential(), Ahead()):
        _existing(department)
        folder = tmp_path / type(importer).__name__
        folder.mkdir()
        outcomes.append(_outcome(importer, write_csv(folder, rows, header=HEADER), actor))
        MarketEntity.objects.all().delete()
    return outcomes


def test_检查进程与逐块检查_拒绝行的原始内容与结果相同(tmp_path, department, other_department, make_user):
    chief = make_user("section_chief")
    assert chief.department_id == department.pk
    sequential, ahead = _both(tmp_path, department, _rows(department.name, other_department.name), chief)
    assert ahead == sequential
    summary, error_file, _entities, _events = ahead
    codes = [(e["row"], e["code"]) for e in summary["errors"]]
    assert [row for row, _code in codes] == [2, 4, 3, 5, 6]  # chunk by chunk: the checks', then apply's
    # row 3's 注册号 is row 1's, written with chunk 1: the entity it names has another USCC
    assert {(2, "entity.identifier_conflict"), (3, "entity.identifier_conflict"), (5, "row.out_of_scope")} <= set(codes)
    assert (summary["created"], summary["updated"], summary["rejected"]) == (2, 1, 5)
    assert "冲突行" in error_file and "他所主体" in error_file and "注册号第二次出现" in error_file
    # the stored text is the file's, its cell's surrounding spaces trimmed (the format's rule for every cell)
    stored = {row[0]: row for row in _entities}
    assert stored[_uscc(1)][3] == ODD.strip()
    assert stored[_uscc(90)][2:4] == (("已有主体改名" + ODD).strip(), ODD.strip())
    assert stored[None][1:3] == (_regno(7), "只有注册号\\")
    update = next(e for e in _events if e[1] == "update")
    assert update[4]["name"] == ["已有主体", ("已有主体改名" + ODD).strip()]
    # the error file keeps the refused rows' cells as they were in the file
    import csv
    import io

    cells = {r[0]: r[1:-1] for r in csv.reader(io.StringIO(error_file, newline=""))}
    assert cells["5"][2] == "他所主体" + ODD and cells["5"][6] == ODD


def test_错误文件内容上限_检查进程与逐块检查相同(tmp_path, department, monkeypatch):
    """Past MAX_ERROR_FILE_BYTES a rejected row's cells are left out, and the error file says so."""
    monkeypatch.setattr(importing, "MAX_ERROR_FILE_BYTES", 1500)
    rows = [[_uscc(i), "", f"第{i}家有限公司", "企业", "2020-01-01", "存续", "", department.name] for i in range(1, 6)]
    rows[0][4] = rows[2][4] = "2020-13-01"
    rows[1][6] = "x" * 2000  # too long (a cell error), and more than the error file may keep
    sequential, ahead = _both(tmp_path, department, rows)
    assert "原始内容过多" in sequential[1]
    assert ahead == sequential


def test_无法解析的CSV行_检查进程与逐块检查的错误文件相同(tmp_path, department, monkeypatch):
    """A row the CSV reader refuses is named in the error file with no cells (row.csv_invalid)."""
    real_limit = importing.csv.field_size_limit
    monkeypatch.setattr(importing.csv, "field_size_limit", lambda *a: real_limit(30))
    rows = [[_uscc(i), "", f"第{i}家有限公司", "企业", "2020-01-01", "存续", "", department.name] for i in range(1, 6)]
    rows[2][6] = "很长的住所" * 10  # longer than the reader's field limit: a csv.Error
    sequential, ahead = _both(tmp_path, department, rows)
    assert [(e["row"], e["code"]) for e in sequential[0]["errors"]] == [(3, "row.csv_invalid")]
    assert ahead == sequential


def _upload(client, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile(name, content)})


def _upload_rows(department, n: int) -> list[list[object]]:
    return [
        [_uscc(i), "", f"上传第{i}家\\有限公司", "企业", "2020-01-01", "存续", f"住所\t{i}", department.name]
        for i in range(1, n + 1)
    ]


def test_网页上传_多于一块的CSV(client, make_user, tmp_path, settings, department, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(EntityImporter, "chunk_size", 3)
    client.force_login(make_user("section_chief"))
    path = write_csv(tmp_path, _upload_rows(department, 10), header=HEADER)
    r = _upload(client, "e.csv", path.read_bytes())
    assert r.status_code == 200
    assert MarketEntity.objects.count() == 10, r.content.decode()[-1500:]
    assert MarketEntity.objects.get(uscc=_uscc(7)).domicile == "住所\t7"
    assert audit_verify().ok
    assert not multiprocessing.active_children()


def test_网页上传_多于一块的xlsx(client, make_user, tmp_path, settings, department, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(EntityImporter, "chunk_size", 3)
    client.force_login(make_user("section_chief"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _upload_rows(department, 10):
        row[6] = f"住所 {row[6][-1]}"  # no tab in a sheet cell
        sheet.append(row)
    path = tmp_path / "e.xlsx"
    book.save(path)
    r = _upload(client, "e.xlsx", path.read_bytes())
    assert r.status_code == 200
    assert MarketEntity.objects.count() == 10, r.content.decode()[-1500:]
    assert MarketEntity.objects.get(uscc=_uscc(7)).name == "上传第7家\\有限公司"
    assert audit_verify().ok
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("importer", [Sequential, Ahead])
def test_写入时数据库拒绝_运行记为写入失败_检查进程结束(tmp_path, department, monkeypatch, importer):
    """A conflict only the database sees at the write (another user created the same USCC between the look-up and
    the bulk write) is ``import.write_failed``: the run says failed, the chunks before are kept."""
    from fazhi.core import bulk

    writes = []

    def racing(real):
        def write(target, *args, **kwargs):
            if target is MarketEntity:
                writes.append(target)
                if len(writes) == 2:  # chunk 2 (rows 3–4), after its look-up
                    MarketEntity.objects.create(
                        uscc=_uscc(3), name="抢先", kind="enterprise", established_on="2020-01-01"
                    )
            return real(target, *args, **kwargs)

        return write

    monkeypatch.setattr(bulk, "copy_in", racing(bulk.copy_in))
    monkeypatch.setattr(bulk, "insert", racing(bulk.insert))
    rows = [[_uscc(i), "", f"第{i}家有限公司", "企业", "2020-01-01", "存续", "", department.name] for i in range(1, 6)]
    with pytest.raises(importing.ImportFileError) as err:
        run_import(importer(), write_csv(tmp_path, rows, header=HEADER))
    assert err.value.code == "import.write_failed"
    from fazhi.core.models import ImportRun

    run = ImportRun.objects.get()
    assert (run.state, run.error_code, run.chunks_applied) == (ImportRun.State.FAILED, "import.write_failed", 1)
    assert MarketEntity.objects.filter(uscc__in=[_uscc(1), _uscc(2)]).count() == 2
    assert not multiprocessing.active_children()
