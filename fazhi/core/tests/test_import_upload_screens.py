"""One upload-and-import screen (issue 19 §1: "one way for each thing").

The registry's and the complaints' import pages take the same upload through the same helper: the size limit is
the one setting ``FAZHI_IMPORT_MAX_FILE_MB`` on both (documented in docs/deploy.md), an oversized file is refused
with a Chinese message on the file field and nothing is imported, and a good file under the limit is imported.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.complaints.models import Complaint
from fazhi.registry.models import MarketEntity

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _entities_csv(department, *, pad_to: int = 0) -> bytes:
    head = "统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位\n"
    row = f"91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2020-01-02,存续,{department.name}\n"
    text = head + row
    if pad_to:  # the same row again until the file passes the size
        text += row * (pad_to // len(row.encode()) + 1)
    return text.encode()


def _complaints_csv(department, number: str, *, pad_to: int = 0) -> bytes:
    head = "登记编号,登记日期,类型,渠道,消费者姓名,联系电话,被投诉方名称,统一社会信用代码,问题类别,涉及金额,诉求,承办单位\n"
    row = f"{number},2023-03-01,投诉,,,,某店,,,,,{department.name}\n"
    text = head + row * (pad_to // len(row.encode()) + 1 if pad_to else 1)
    return text.encode()


@pytest.fixture
def chief(client, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FAZHI_IMPORT_MAX_FILE_MB = 1
    user = make_user("section_chief", username="chief")
    client.force_login(user)
    return user


def test_主体导入_超过设置上限的文件被拒绝_小文件照常导入(client, chief, department):
    big = _entities_csv(department, pad_to=MB + 1)
    response = client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", big)})
    html = response.content.decode()
    assert "<h2>导入结果</h2>" not in html and "文件过大" in html and "最大 1 MB" in html and "请拆分后分别导入" in html
    assert not MarketEntity.objects.filter(uscc="91120110MA05L0XX67").exists()
    small = _entities_csv(department)
    html = client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", small)}).content
    assert MarketEntity.objects.filter(uscc="91120110MA05L0XX67").exists(), html.decode()[-2000:]


def test_投诉导入_超过设置上限的文件被拒绝_小文件照常导入(client, chief, department):
    big = _complaints_csv(department, "J001", pad_to=MB + 1)
    html = client.post("/complaints/import/", {"file": SimpleUploadedFile("export.csv", big)}).content.decode()
    assert "<h2>导入结果</h2>" not in html and "文件过大" in html and "最大 1 MB" in html and "请拆分后分别导入" in html
    assert not Complaint.objects.filter(number="J001").exists()
    small = _complaints_csv(department, "J002")
    html = client.post("/complaints/import/", {"file": SimpleUploadedFile("export.csv", small)}).content.decode()
    assert Complaint.objects.filter(number="J002").exists(), html[-2000:]
