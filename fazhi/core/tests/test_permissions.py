"""The kernel pages' reviewed permission matrix (``permissions.yaml``), and the public anchor page's content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names
from fazhi.rulebook.masking import assert_no_personal_data

CELLS = load_permission_matrix("core")
COVERED_URL_NAMES = matrix_url_names("core")


@pytest.fixture(autouse=True)
def anchor_file(tmp_path, settings):
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    settings.FAZHI_AUDIT_ANCHOR_KEY = "test-key"


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users):
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=reverse(cell.url_name)))


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
