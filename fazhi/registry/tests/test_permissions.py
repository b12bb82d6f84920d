"""Permission matrix over every registry page plus the shared pages (every role and anonymous).

``COVERED_URL_NAMES`` is read by fazhi/core/tests/test_permission_matrix_coverage.py, which fails
when a project URL is covered by no app's matrix.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import ANONYMOUS, check_response, permission_matrix_cases

MATRIX_URLS = [
    ("registry:entity_list", {}),
    ("registry:entity_detail", {"pk": 1}),
    ("registry:officer_list", {}),
    ("registry:department_list", {}),
    ("registry:import", {}),
    ("registry:import_error_file", {}),
    ("web:home", {}),
    ("web:notifications", {}),
    ("publicity:index", {}),
]
COVERED_URL_NAMES = frozenset(name for name, _ in MATRIX_URLS)


def _cases():
    import django

    django.setup()
    return permission_matrix_cases(MATRIX_URLS)


@pytest.fixture
def entity_one(department):
    from fazhi.registry.models import MarketEntity

    return MarketEntity.objects.create(
        pk=1,
        uscc="91120110MA05L0XX1A",
        name="天津鑫源商贸有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=department,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", _cases(), ids=str)
def test_每个角色访问登记页面的结果与权限表一致(case, client, role_users, entity_one):
    if case.role != ANONYMOUS:
        client.force_login(role_users[case.role])
    check_response(case, client.get(case.url))


@pytest.mark.django_db
def test_执法人员看不到其他部门的执法人员(client, make_user, other_department):
    from fazhi.registry.models import Officer

    Officer.objects.create(
        name="张三",
        certificate_number="12011000001",
        certificate_expires_on=dt.date(2030, 1, 1),
        department=other_department,
    )
    client.force_login(make_user("officer"))
    html = client.get("/registry/officers/").content.decode()
    assert "12011000001" not in html
    client.force_login(make_user("leader"))
    assert "12011000001" in client.get("/registry/officers/").content.decode()


@pytest.mark.django_db
def test_市场主体全局可查_不限管辖所(client, make_user, other_department):
    from fazhi.registry.models import MarketEntity

    e = MarketEntity.objects.create(
        uscc="91120110MA05L0XX1A",
        name="天津万新餐饮有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=other_department,
    )
    client.force_login(make_user("officer"))
    assert client.get(f"/registry/entities/{e.pk}/").status_code == 200


@pytest.mark.django_db
def test_编辑市场主体限于本所(make_user, other_department, department):
    from fazhi.core.errors import NotFound
    from fazhi.registry.access import access_entity_for_edit
    from fazhi.registry.models import MarketEntity

    e = MarketEntity.objects.create(
        uscc="91120110MA05L0XX1A",
        name="天津万新餐饮有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=other_department,
    )
    chief = make_user("section_chief")
    with pytest.raises(NotFound):
        access_entity_for_edit(user=chief, entity_id=e.pk)
    assert access_entity_for_edit(user=make_user("admin"), entity_id=e.pk) == e
    with pytest.raises(NotFound):
        access_entity_for_edit(user=make_user("officer"), entity_id=e.pk)  # no registry.edit at all
