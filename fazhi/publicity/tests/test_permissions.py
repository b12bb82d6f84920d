"""The portal index's reviewed permission matrix (``permissions.yaml``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

CELLS = load_permission_matrix("publicity")
COVERED_URL_NAMES = matrix_url_names("publicity")


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users):
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=reverse(cell.url_name)))
