"""The import framework never ends in a traceback: random bytes and random CSV give a result or ImportFileError."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.importing import MAX_ERRORS_KEPT, ImportFileError, normalise_header, parse_date, run_import
from fazhi.registry.importers import DepartmentImporter, EntityImporter, OfficerImporter

pytestmark = pytest.mark.django_db

HEADERS = [
    "统一社会信用代码",
    "注册号",
    "企业名称",
    "主体类型",
    "成立日期",
    "登记状态",
    "管辖单位",
    "住所",
    "姓名",
    "执法证号",
]
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "存续", "注销", "企业", "个体工商户", "2020-01-01", "2023-02-30", "=1+1", "@x", "91120110MA05K1B3XX"]
    ),
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _import(path, factory):
    try:
        result = run_import(factory(), path)
    except ImportFileError as exc:
        assert exc.code.startswith("file.") and exc.message
        return None
    # every rejected row is named by at least one error, and no error names a row that was not rejected
    if len(result.errors) < MAX_ERRORS_KEPT:
        assert len({error.row for error in result.errors}) == result.rejected
    for error in result.errors:
        assert error.row >= 1 and error.code and error.message
    return result


@SETTINGS
@given(
    data=st.binary(max_size=2000),
    factory=st.sampled_from([EntityImporter, OfficerImporter, DepartmentImporter]),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
)
def test_随机字节_只会得到结果或文件错误(tmp_path, data, factory, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _import(path, factory)


@SETTINGS
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=10), max_size=12),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]),
)
def test_随机CSV_只会得到结果或文件错误(tmp_path, header, rows, encoding):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "random.csv"
    try:
        path.write_bytes(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return  # not representable in GB18030 (surrogates): not a file a user could have
    _import(path, EntityImporter)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-02-28", "2023-02-28"),
        ("2023/2/8", "2023-02-08"),
        ("2023年2月8日", "2023-02-08"),
        ("20230208", "2023-02-08"),
        ("2023-02-08 00:00:00", "2023-02-08"),
    ],
)
def test_日期的常见写法(text, iso):
    assert parse_date(text).isoformat() == iso


def test_表头规范化_忽略空格全角括号与大小写():
    assert normalise_header(" 统一社会信用代码（必填） ") == normalise_header("统一社会信用代码(必填)")
    assert normalise_header("USCC") == "uscc"


def test_写库冲突_整体回滚_报文件级错误(tmp_path, monkeypatch):

    from fazhi.registry.models import MarketEntity

    def boom(self, rows, result, progress):
        MarketEntity.objects.create(
            uscc=None, registration_number=None, name="x", kind="enterprise", established_on="2020-01-01"
        )

    monkeypatch.setattr(EntityImporter, "apply", boom)
    path = tmp_path / "e.csv"
    path.write_text(
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态\n91120110MA05K1B38U,某公司,企业,2020-01-01,存续\n",
        "utf-8",
    )
    with pytest.raises(ImportFileError) as err:
        run_import(EntityImporter(), path)
    assert err.value.code == "import.write_failed"
    assert not MarketEntity.objects.exists()


def test_UTF16_文件_提示另存为UTF8(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("统一社会信用代码,企业名称\n".encode("utf-16"))
    with pytest.raises(ImportFileError) as err:
        run_import(EntityImporter(), path)
    assert err.value.code == "file.encoding" and "UTF-16" in err.value.message
