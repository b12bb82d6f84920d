"""The registry's reviewed permission matrix (``permissions.yaml``, written by hand) run against every page and API
route: each role logged in, with an entity of the user's own department and one of another department.

``COVERED_URL_NAMES`` is read by fazhi/core/tests/test_permission_matrix_coverage.py (as is the YAML itself).
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import api_url, check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names

CELLS = load_permission_matrix("registry")
COVERED_URL_NAMES = matrix_url_names("registry")


@pytest.fixture
def entities(department, other_department):
    from fazhi.registry.models import MarketEntity

    def make(uscc, name, office):
        return MarketEntity.objects.create(
            uscc=uscc, name=name, kind="enterprise", established_on=dt.date(2020, 1, 2), office=office
        )

    return {
        "own": make("91120110MA05L0XX1A", "天津鑫源商贸有限公司", department),
        "other": make("91120110MA05L0XX67", "天津万新餐饮有限公司", other_department),
    }


PAGES = {
    "registry:entity_list": lambda e: "/registry/entities/?q=鑫源",
    "registry:entity_detail": lambda e: f"/registry/entities/{e.pk}/",
    "registry:officer_list": lambda e: "/registry/officers/",
    "registry:department_list": lambda e: "/registry/departments/",
    "registry:import": lambda e: "/registry/import/",
    "registry:import_error_file": lambda e: "/registry/import/errors/",
}
API_PARAMS = {"entity_id": lambda e: e.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users, entities):
    entity = entities[cell.scope]
    if cell.url_name.startswith("api "):
        method, url = api_url(cell, **{k: f(entity) for k, f in API_PARAMS.items() if "{" + k + "}" in cell.url_name})
    else:
        method, url = "GET", PAGES[cell.url_name](entity)
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=url, method=method))


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
    assert access_entity_for_edit(user=make_user("section_chief", dept=other_department), entity_id=e.pk) == e
    with pytest.raises(NotFound):
        access_entity_for_edit(user=make_user("admin"), entity_id=e.pk)  # 三员分立: no business write
    with pytest.raises(NotFound):
        access_entity_for_edit(user=make_user("officer"), entity_id=e.pk)  # no registry.edit at all
