"""The kernel pages' reviewed permission matrix (``permissions.yaml``), and the public anchor page's content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names
from fazhi.rulebook.masking import assert_no_personal_data

CELLS = load_permission_matrix("core")
COVERED_URL_NAMES = matrix_url_names("core")
URL_ARGS = {"publicity:public_core:spec": ["draw-algorithm"]}


@pytest.fixture(autouse=True)
def anchor_file(tmp_path, settings):
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    settings.FAZHI_AUDIT_ANCHOR_KEY = "test-key"


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users):
    check_matrix_response(
        cell, matrix_call(client, cell, role_users, url=reverse(cell.url_name, args=URL_ARGS.get(cell.url_name)))
    )


@pytest.mark.django_db
def test_公开的锚点页显示每个锚点_不含个人信息(client, make_user):
    from fazhi.core import audit_check
    from fazhi.core.audit import audit_record

    audit_record(action="test.write", target=("test", 1), changes={"a": 1}, actor=make_user("officer"))
    first = audit_check.anchor()
    audit_record(action="test.write", target=("test", 2), changes={"a": 2})
    second = audit_check.anchor()
    html = client.get(reverse("publicity:public_core:audit_anchors")).content.decode()
    assert first.hash in html and second.hash in html
    assert_no_personal_data(html)
    lines = client.get(reverse("publicity:public_core:audit_anchors_file")).content.decode().splitlines()
    assert [line for line in lines if line] == [first.as_json(), second.as_json()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "title", "heading"),
    [
        ("draw-algorithm", "双随机抽取算法规范（fazhi-draw/2）", "The draw algorithm <code>fazhi-draw/2</code>"),
        ("draw-algorithm-v1", "旧版抽取算法规范（fazhi-draw/1）", "The draw algorithm <code>fazhi-draw/1</code>"),
        ("audit-anchors-format", "审计锚点文件格式", "Audit anchor file"),
        ("import-formats", "导入文件格式：通用约定", "Import formats: the common contract"),
    ],
)
def test_公开的技术规范页显示文档原文(client, name, title, heading):
    html = client.get(reverse("publicity:public_core:spec", args=[name])).content.decode()
    assert f"<h1>{title}</h1>" in html
    assert heading in html


@pytest.mark.django_db
def test_不在清单中的规范名是404_不拼接路径(client):
    assert client.get(reverse("publicity:public_core:spec", args=["security"])).status_code == 404
    assert client.get("/public/core/specs/..%2F..%2Fpyproject.toml/").status_code == 404


@pytest.mark.django_db
def test_抽取和锚点页面链接到公开的规范_不显示仓库路径(client):
    html = client.get(reverse("publicity:public_core:audit_anchors")).content.decode()
    assert reverse("publicity:public_core:spec", args=["audit-anchors-format"]) in html
    assert "docs/" not in html
