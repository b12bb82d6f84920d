"""Every inspection URL, every role: the permission matrix; the public pages carry no personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import check_response, permission_matrix_cases
from fazhi.inspections import services
from fazhi.inspections.tests.factories import WINDOW, make_world
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(role_users, department):
    chief = role_users["section_chief"]
    world = make_world(department)
    services.task_freeze_pools(task=world.task, by=chief)
    draw = services.task_draw(task=world.task, seed=services.seed_generate(task=world.task, by=chief), by=chief)
    assignment = draw.assignments.order_by("rank").first()
    officer_user = role_users["officer"]
    officer_user.officer = assignment.officers.first()
    officer_user.save(update_fields=["officer"])
    for a in draw.assignments.all():
        services.result_record(
            assignment=a,
            category="no_problem",
            inspected_on=WINDOW[0],
            officers_present=list(a.officers.all()),
            by=chief,
        )
    world.task.refresh_from_db()
    services.task_finish(task=world.task, on=WINDOW[1], by=chief)
    world.task.refresh_from_db()
    services.task_publish_results(task=world.task, on=dt.date(2023, 7, 10), by=chief)
    return {"plan": world.plan, "task": world.task, "draw": draw, "assignment": assignment}


STAFF = [
    ("inspections:plan_list", {}),
    ("inspections:plan_create", {}),
    ("inspections:plan_detail", {"pk": "plan"}),
    ("inspections:task_create", {"pk": "plan"}),
    ("inspections:task_detail", {"pk": "task"}),
    ("inspections:task_freeze", {"pk": "task"}),
    ("inspections:task_seed", {"pk": "task"}),
    ("inspections:task_draw", {"pk": "task"}),
    ("inspections:task_finish", {"pk": "task"}),
    ("inspections:draw_record", {"pk": "draw"}),
    ("inspections:my_inspections", {}),
    ("inspections:conflict_list", {}),
    ("inspections:item_list", {}),
    ("inspections:result_entry", {"pk": "assignment"}),
]
PUBLIC = [
    ("publicity:public_inspections:plans", {}),
    ("publicity:public_inspections:tasks", {}),
    ("publicity:public_inspections:task", {"pk": "task"}),
    ("publicity:public_inspections:draw_record", {"pk": "draw"}),
]
COVERED = [name for name, _ in STAFF + PUBLIC]
COVERED_URL_NAMES = frozenset(COVERED)


def test_权限矩阵覆盖全部页面(client, data, role_users):
    urls = [(name, {k: data[v].pk for k, v in kwargs.items()}) for name, kwargs in STAFF + PUBLIC]
    for case in permission_matrix_cases(urls):
        client.logout()
        if case.role != "anonymous":
            client.force_login(role_users[case.role])
        check_response(case, client.get(case.url))


def test_公示页面不含个人信息_结果已公示(client, data):
    from django.urls import reverse

    for name, kwargs in PUBLIC[:3]:
        response = client.get(reverse(name, kwargs={k: data[v].pk for k, v in kwargs.items()}))
        html = response.content.decode()
        assert_no_personal_data(html)
        assert "张三丰" not in html  # operators' names are never shown
    html = client.get(reverse("publicity:public_inspections:task", kwargs={"pk": data["task"].pk})).content.decode()
    assert data["task"].frozen_pool.candidates_hash in html and "fazhi draw verify" in html and "未发现问题" in html


def test_其他部门的科室负责人看不到本部门任务(client, data, make_user, other_department):
    from django.urls import reverse

    outsider = make_user("section_chief", dept=other_department)
    client.force_login(outsider)
    assert client.get(reverse("inspections:task_detail", kwargs={"pk": data["task"].pk})).status_code == 404
    assert client.get(reverse("inspections:result_entry", kwargs={"pk": data["assignment"].pk})).status_code == 404


def test_草稿计划的任务不公开(client, department, role_users):
    from django.urls import reverse

    from fazhi.inspections.choices import PlanKind

    world = make_world(department)
    plan = services.plan_create(year=2024, name="草稿计划", kind=PlanKind.SINGLE, lead_department=department)
    world.task.plan = plan
    world.task.save(update_fields=["plan"])
    response = client.get(reverse("publicity:public_inspections:task", kwargs={"pk": world.task.pk}))
    assert response.status_code == 404


def test_接口_任务哈希_抽取记录_我的检查(client, role_users, data, make_user, other_department):
    from fazhi.core.models import ApiToken
    from fazhi.rulebook.draws import verify_record

    def auth(user):
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash_token(raw))
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    officer = auth(role_users["officer"])
    task = data["task"]
    r = client.get(f"/api/v1/inspections/tasks/{task.pk}", **officer)
    assert r.status_code == 200 and r.json()["candidates_hash"] == task.frozen_pool.candidates_hash
    r = client.get(f"/api/v1/inspections/tasks/{task.pk}/record", **officer)
    assert verify_record(r.json()).ok
    r = client.get("/api/v1/inspections/mine", **officer)
    assert data["assignment"].pk in [x["id"] for x in r.json()] and all(x["has_result"] for x in r.json())
    outsider = auth(make_user("section_chief", dept=other_department))
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}", **outsider).status_code == 404
    assert client.get("/api/v1/inspections/mine", **auth(role_users["auditor"])).status_code == 403
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}").status_code == 401
