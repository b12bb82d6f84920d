"""The deadlines module's reviewed permission matrix (``permissions.yaml``) run against each page and API route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import api_url, check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

CELLS = load_permission_matrix("deadlines")
COVERED_URL_NAMES = matrix_url_names("deadlines")
KWARGS = {"deadlines:calendar_year_edit": {"year": 2025}}


@pytest.fixture
def confirmation(role_users):
    import datetime as dt

    from fazhi.deadlines.models import RuleConfirmation

    return RuleConfirmation.objects.create(
        ref="test.value", fingerprint="0" * 32, label="测试值", value_text="15日", bureau="本局",
        confirmed_on=dt.date(2026, 1, 5), confirmed_by=role_users["legal_reviewer"], source="原文",
    )  # fmt: skip


API_QUERY = {"/api/v1/deadlines/compute": {"rule": "complaint.acceptance", "start": "2023-03-01"}}


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users, confirmation):
    if cell.url_name.startswith("api "):
        method, url = api_url(cell)
        response = matrix_call(client, cell, role_users, url=url, method=method, data=API_QUERY.get(url))
    else:
        kwargs = {"pk": confirmation.pk} if cell.url_name == "deadlines:rule_confirmation_revoke" else None
        url = reverse(cell.url_name, kwargs=KWARGS.get(cell.url_name, kwargs))
        response = matrix_call(client, cell, role_users, url=url)
    check_matrix_response(cell, response)
