import pytest

from fazhi.core.testing import check_response, permission_matrix_cases

pytestmark = pytest.mark.django_db

MATRIX_URLS = [
    ("reports:dashboard", {}),
    ("reports:metrics_json", {}),
    ("reports:annual", {"year": 2023, "fmt": "json"}),
]
COVERED_URL_NAMES = frozenset(name for name, _ in MATRIX_URLS)


def test_统计报告的权限矩阵(client, role_users):
    for case in permission_matrix_cases(MATRIX_URLS):
        client.logout()
        if case.role != "anonymous":
            client.force_login(role_users[case.role])
        check_response(case, client.get(case.url))
