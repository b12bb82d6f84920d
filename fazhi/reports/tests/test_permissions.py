"""The reports' reviewed permission matrix (``permissions.yaml``) run against each page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

pytestmark = pytest.mark.django_db

CELLS = load_permission_matrix("reports")
COVERED_URL_NAMES = matrix_url_names("reports")
KWARGS = {"reports:annual": {"year": 2023, "fmt": "json"}}


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_统计报告的权限矩阵(cell, client, role_users):
    url = reverse(cell.url_name, kwargs=KWARGS.get(cell.url_name))
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=url))
