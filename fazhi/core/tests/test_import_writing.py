"""``Importer.writing(rows)``: one context around the checking and writing of all chunks, left also when a chunk
fails; ``rows`` is the number of data rows in the file (counted before anything is written)."""

from __future__ import annotations

import contextlib

import pytest
from django.db import IntegrityError

from fazhi.core.importing import ImportFileError, run_import
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db


class Recording(EntityImporter):
    chunk_size = 2

    def __init__(self, fail_in_chunk: int | None = None) -> None:
        super().__init__()
        self.events: list[str] = []
        self.fail_in_chunk = fail_in_chunk

    @contextlib.contextmanager
    def _writing(self, rows: int):
        self.events.append(f"enter {rows}")
        try:
            yield
        finally:
            self.events.append("exit")

    def writing(self, rows: int):
        return self._writing(rows)

    def apply(self, rows, result, progress):
        self.events.append(f"chunk {len(rows)}")
        if self.fail_in_chunk is not None and self.events.count("chunk 2") + self.events.count("chunk 1") == (
            self.fail_in_chunk
        ):
            raise IntegrityError("boom")
        super().apply(rows, result, progress)


def _csv(tmp_path, n: int):
    lines = ["统一社会信用代码,企业名称,主体类型,成立日期,登记状态"]
    lines += [f"{make_uscc('120110', '91', f'MA{i:06d}')},测试第{i}号有限公司,企业,2020-01-01,存续" for i in range(n)]
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_所有块都在_writing_之内_行数为文件的数据行数(tmp_path):
    importer = Recording()
    result = run_import(importer, _csv(tmp_path, 5))
    assert result.created == 5
    assert importer.events == ["enter 5", "chunk 2", "chunk 2", "chunk 1", "exit"]


def test_第二块写库失败_writing_照样退出_第一块保留(tmp_path):
    importer = Recording(fail_in_chunk=2)
    with pytest.raises(ImportFileError) as err:
        run_import(importer, _csv(tmp_path, 5))
    assert err.value.code == "import.write_failed"
    assert importer.events == ["enter 5", "chunk 2", "chunk 2", "exit"]
    assert MarketEntity.objects.count() == 2


def test_全部行被拒_不写库也进出一次(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态\n91120110MA05K1B3XX,某公司,企业,2020-01-01,存续\n"
    )
    importer = Recording()
    result = run_import(importer, path)
    assert result.rejected == 1 and result.created == 0
    assert importer.events == ["enter 1", "exit"]  # no chunk: the only row was rejected
