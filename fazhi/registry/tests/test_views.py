from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.registry.models import AnnualReportFiling, MarketEntity, MarketEntityChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_entities(department, other_department):
    MarketEntity.objects.bulk_create(
        MarketEntity(
            registration_number=f"120110{i:09d}",
            name=f"天津鑫源{i}商贸有限公司",
            kind="enterprise",
            established_on=dt.date(2020, 1, 1),
            office=department if i % 2 else other_department,
            legal_representative="王小明",
        )
        for i in range(60)
    )


def test_查询页查询次数固定_无N加1(client, make_user, many_entities):
    client.force_login(make_user("officer"))
    client.get("/registry/entities/")  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get("/registry/entities/?q=鑫源&page=1", HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as full:
        r = client.get("/registry/entities/?q=鑫源&page=2")
    assert r.status_code == 200
    assert "天津鑫源" in r.content.decode()
    # Data queries only: the PostgreSQL time guard's SAVEPOINT / SET LOCAL / RELEASE are a constant per search.
    few_data, full_data = (
        [q["sql"] for q in c.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET ", "ROLLBACK"))]
        for c in (few, full)
    )
    assert len(few_data) <= 6, few_data
    assert len(full_data) <= 8, full_data


def test_htmx请求只返回结果表(client, make_user, many_entities):
    client.force_login(make_user("officer"))
    html = client.get("/registry/entities/?q=鑫源", HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in html and "<html" not in html and "下一页" in html


def test_详情页显示历史年报和法定代表人(client, make_user, department):
    e = MarketEntity.objects.create(
        uscc="91120110MA05L0XX1A",
        name="天津鑫源商贸有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=department,
        legal_representative="李四",
    )
    MarketEntityChange.objects.create(
        entity=e, changed_at="2023-05-01T10:00:00+08:00", source="导入 x.csv", changes={"domicile": ["甲", "乙"]}
    )
    AnnualReportFiling.objects.create(entity=e, year=2022, filed_on=dt.date(2023, 4, 1))
    client.force_login(make_user("auditor"))
    html = client.get(f"/registry/entities/{e.pk}/").content.decode()
    assert "李四" in html and "2022" in html and "domicile" in html


def test_不存在的主体显示404(client, make_user):
    client.force_login(make_user("leader"))
    assert client.get("/registry/entities/999999/").status_code == 404


def test_部门列表显示人数(client, make_user, department):
    client.force_login(make_user("leader"))
    html = client.get("/registry/departments/").content.decode()
    assert department.name in html


def test_上传含错误行的CSV_显示行错误并可下载错误文件(client, make_user, tmp_path, settings, department):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    # A section chief imports entities of his own office (管辖单位): issue 14 §1.
    csv = (
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位\n"
        f"91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2020-01-02,存续,{department.name}\n"
        f"91120110MA05L0XX1B,天津坏代码有限公司,企业,2020-01-02,存续,{department.name}\n"
    ).encode()
    user = make_user("section_chief")
    client.force_login(user)
    r = client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", csv, "text/csv")})
    html = r.content.decode()
    assert r.status_code == 200 and "import-errors" in html, html[-2000:]
    assert MarketEntity.objects.filter(uscc="91120110MA05L0XX67").exists()
    token = html.split("token=")[1].split('"')[0]
    download = client.get(f"/registry/import/errors/?token={token}")
    assert download.status_code == 200 and "错误原因".encode() in b"".join(download.streaming_content)
    client.force_login(make_user("section_chief", username="another-chief"))
    assert client.get(f"/registry/import/errors/?token={token}").status_code == 404  # only the uploader


def test_上传无法读取的文件给出说明(client, make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("section_chief"))
    r = client.post(
        "/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", b"\x00\x01\x02", "text/csv")}
    )
    # The one upload check (fazhi.core.uploads) decides by content: binary bytes are no CSV, a PDF is no workbook.
    assert "只能上传 CSV（UTF-8 或 GB18030 编码）" in r.content.decode()
    r = client.post(
        "/registry/import/",
        {
            "kind": "entities",
            "file": SimpleUploadedFile("e.xlsx", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf"),
        },
    )
    assert "只能上传 Excel（.xlsx）" in r.content.decode()
    # A GB18030 CSV (what Excel on Chinese Windows saves) passes the check and reaches the importer.
    gb = "统一社会信用代码,企业名称\n".encode("gb18030")
    r = client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", gb, "text/csv")})
    assert "只能上传" not in r.content.decode()
