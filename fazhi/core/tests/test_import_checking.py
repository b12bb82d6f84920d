"""Checking cells column by column (``Importer.check_batches``) and counting rows before writing.

The expected verdicts come from the per-cell rules of docs/formats/README.md applied to one cell after another
(``_expected`` below, written from the rules, not from the column-wise code): a cell longer than its column's
limit is ``cell.too_long``; a blank optional cell is empty; a cell that starts like a formula is ``cell.formula``
(our own error files' ``'`` escape undone first); otherwise the column's parser decides.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.exporting import unescape_cell
from fazhi.core.importing import (
    CellError,
    Column,
    Importer,
    ImportFileError,
    ImportResult,
    Rejects,
    choice,
    formula_in_cell,
    optional_date,
    parse_date,
    required_text,
    run_import,
)
from fazhi.core.models import ImportRun


def _even(value: str) -> int:
    if not value.isdigit() or len(value) > 6:
        raise CellError("test.not_number", "应为数字")
    if int(value) % 2:
        raise CellError("test.odd", "应为偶数")
    return int(value)


def _upper(value: str) -> str:
    if value == "坏":
        raise CellError("test.bad", "坏值")
    return value.upper()


class Probe(Importer):
    kind = "probe"
    label = "测试"
    permission = "registry.import"
    key = "code"
    columns = (
        Column("code", ("编码",), parse=_upper, max_chars=8),
        Column("number", ("数字",), required=False, parse=_even, max_chars=10),
        Column("note", ("备注",), required=False, max_chars=5),
        Column("name", ("名称",), max_chars=6),
        Column("title", ("标题",), parse=required_text(4)),
        Column("day", ("日期",), required=False, parse=optional_date),
        Column("when", ("时间",), parse=parse_date),
        Column("kind", ("类别",), required=False, parse=choice({"甲类": "a", "乙类": "b"}, "test.kind")),
    )


HEADER = ["编码", "数字", "备注", "名称", "标题", "日期", "时间", "类别"]


def _expected(rows: list[list[str]]) -> tuple[list[tuple[int, dict]], dict[int, list[tuple[str, str]]]]:
    """The per-cell rules, row after row."""
    good: list[tuple[int, dict]] = []
    bad: dict[int, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for n, cells in enumerate(rows, start=1):
        if not any(cells):
            continue
        values, errors = {}, []
        for col, raw in zip(Probe.columns, cells, strict=True):
            if len(raw) > col.max_chars:
                errors.append((col.label, "cell.too_long"))
                continue
            raw = raw.strip()
            if not raw and not col.required:
                values[col.key] = None
                continue
            if raw:
                if raw[0] == "'":
                    raw = unescape_cell(raw)
                if formula_in_cell(raw):
                    errors.append((col.label, "cell.formula"))
                    continue
            try:
                values[col.key] = raw if col.parse.__name__ == "identity" else col.parse(raw)
            except CellError as exc:
                errors.append((col.label, exc.code))
        if not errors and values["code"] in seen:
            errors.append(("编码", "row.duplicate_in_file"))
        if errors:
            bad[n] = errors
        else:
            seen.add(values["code"])
            good.append((n, values))
    return good, bad


CELL = st.one_of(
    st.sampled_from(
        ["", " ", "a", "ab ", "坏", "=1+1", "'=1", "'x", "-5", "+86 1", "@x", "12", "13", "4", "abcdefghij"]
    ),
    st.sampled_from(["2023-01-02", " 2023-12-31", "2023-02-30", "20230102", "2023/1/2", "0001-01-01", "甲类", "乙 类"]),
    st.text(alphabet="ab1=-'@ 坏", max_size=9),
)
COLUMN = st.one_of(  # a column of one kind of cell (the fast passes), or of anything
    st.sampled_from(["2023-01-02", "甲类", "abc", "12", ""]).map(lambda cell: st.just(cell)), st.just(CELL)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), size=st.integers(1, 7))
def test_逐列检查与逐格规则结果相同(data, size):
    kinds = [data.draw(COLUMN) for _ in HEADER]
    rows = data.draw(st.lists(st.tuples(*kinds).map(list), max_size=30))
    result, rejects = ImportResult(), Rejects()
    batches = list(Probe().check_batches(HEADER, iter(rows), result, rejects, size=size))
    good = [(n, values) for batch in batches for (n, values), _cells in batch]
    expected_good, expected_bad = _expected(rows)
    assert good == expected_good
    got_bad: dict[int, list[tuple[str, str]]] = {}
    for error in result.errors:
        got_bad.setdefault(error.row, []).append((error.column, error.code))
    assert got_bad == expected_bad
    assert result.rejected == len(expected_bad) == len(rejects)
    assert [r[0] for r in rejects] == sorted(expected_bad)


@pytest.mark.django_db
def test_行数超限的文件_写入前整体拒绝(tmp_path):
    from fazhi.registry.importers import EntityImporter
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    class Small(EntityImporter):
        chunk_size = 2
        max_rows = 3

    lines = ["统一社会信用代码,企业名称,主体类型,成立日期,登记状态"]
    lines += [f"{make_uscc('120110', '91', f'MA{i:06d}')},测试第{i}号有限公司,企业,2020-01-01,存续" for i in range(4)]
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ImportFileError) as err:
        run_import(Small(), path)
    assert err.value.code == "file.too_many_rows"
    assert not MarketEntity.objects.exists()  # not even the first chunk
    assert ImportRun.objects.get().state == ImportRun.State.REFUSED

    # Line breaks inside quoted cells are not rows: three records on five lines are within the limit.
    lines = lines[:2] + [lines[2].replace("测试第1号有限公司", '"测试第1号\n\n有限公司"'), lines[3]]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = run_import(Small(), path)
    assert result.created == 3 and result.rejected == 0
    run = ImportRun.objects.get(pk=result.run_id)
    assert (run.state, run.rows, run.chunks_total, run.chunks_applied) == (ImportRun.State.DONE, 3, 2, 2)


def _entity_lines(n: int, series: str = "MB") -> list[str]:
    from fazhi.rulebook.identifiers import make_uscc

    lines = ["统一社会信用代码,企业名称,主体类型,成立日期,登记状态"]
    lines += [
        f"{make_uscc('120110', '91', f'{series}{i:06d}')},测试第{i}号有限公司,企业,2020-01-01,存续" for i in range(n)
    ]
    return lines


def _cli(path) -> tuple[int, dict]:
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("import", "entities", str(path), "--json", stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.getvalue())


@pytest.mark.django_db
def test_逐块检查写入_末块的坏行只拒绝该行_结果与整体先检查相同(tmp_path, monkeypatch):
    """Checking chunk by chunk keeps the row-error contract of docs/formats/README.md (“a rejected row never stops
    the good ones”): with chunks of 2 rows, the bad rows in the first and in the last chunk are rejected with their
    codes, every other row is written, and the JSON and exit code are those of the same file imported with every
    row checked first (one chunk)."""
    from fazhi.registry.importers import EntityImporter
    from fazhi.registry.models import MarketEntity

    def file(prefix: str, series: str):
        lines = _entity_lines(7, series)
        lines = [lines[0], *(line.replace("测试第", f"{prefix}第") for line in lines[1:])]
        lines[2] = lines[2].replace("2020-01-01", "2020-02-30")  # row 2: an impossible date (first chunk)
        lines[7] = lines[7].replace("存续", "未知状态")  # row 7: an unknown status word (the last chunk)
        lines.append(lines[3].replace("存续", "注销"))  # row 8: the key of row 3 again (last chunk)
        path = tmp_path / f"{prefix}.csv"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return path

    monkeypatch.setattr(EntityImporter, "chunk_size", 2)
    code, chunked = _cli(file("甲", "MB"))
    monkeypatch.setattr(EntityImporter, "chunk_size", None)
    monkeypatch.setattr(EntityImporter, "max_rows", 100)
    code_whole, whole = _cli(file("乙", "MC"))

    assert code == code_whole == 0
    assert [(e["row"], e["code"]) for e in chunked["errors"]] == [
        (2, "date.impossible"),
        (7, "entity.status.unknown"),
        (8, "row.duplicate_in_file"),
    ]
    for key in ("created", "updated", "unchanged", "rejected", "errors", "warnings"):
        assert chunked[key] == whole[key], key
    assert (chunked["created"], chunked["rejected"]) == (5, 3)
    assert bool(chunked["error_file"]) and bool(whole["error_file"])
    names = sorted(MarketEntity.objects.filter(name__startswith="甲").values_list("name", flat=True))
    assert names == [f"甲第{i}号有限公司" for i in (0, 2, 3, 4, 5)]
    runs = ImportRun.objects.order_by("pk")
    assert [(r.state, r.rows, r.created, r.rejected) for r in runs] == [(ImportRun.State.DONE, 8, 5, 3)] * 2


@pytest.mark.django_db
def test_逐块检查写入_末块超出行数上限_整个文件不写(tmp_path, monkeypatch):
    """A file error found only in the last chunk — here the row past ``max_rows`` — refuses the whole file: exit 2,
    the one ``{"error": …}`` object, nothing of the earlier chunks written, the run recorded as refused."""
    from fazhi.core.audit import AuditEvent
    from fazhi.registry.importers import EntityImporter
    from fazhi.registry.models import MarketEntity

    monkeypatch.setattr(EntityImporter, "chunk_size", 2)
    monkeypatch.setattr(EntityImporter, "max_rows", 6)
    path = tmp_path / "e.csv"
    path.write_text("\n".join(_entity_lines(7)) + "\n", "utf-8")
    events = AuditEvent.objects.count()
    code, out = _cli(path)
    assert code == 2
    assert out["error"]["code"] == "file.too_many_rows"
    assert not MarketEntity.objects.exists()
    assert ImportRun.objects.get().state == ImportRun.State.REFUSED
    assert AuditEvent.objects.count() == events
