"""Every inspection URL × every role × own / other department: the expected status, written here by hand as data
(issue 14 §2, §4) — not derived from the views' declarations; and the writes checked on the object, screens and API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.testing import (
    ANONYMOUS,
    api_headers,
    api_url,
    check_matrix_response,
    load_permission_matrix,
    matrix_url_names,
)
from fazhi.inspections import services
from fazhi.inspections.models import InspectionItem, InspectionPlan, InspectionResult, InspectionTask, OfficerConflict
from fazhi.inspections.tests.factories import WINDOW, freeze_and_draw, make_entities, make_officers, make_world

pytestmark = pytest.mark.django_db

CELLS = load_permission_matrix("inspections")
COVERED_URL_NAMES = matrix_url_names("inspections")
OBJECT = {
    "plan_detail": "plan",
    "plan_publish": "plan",
    "task_create": "plan",
    "task_detail": "task",
    "task_freeze": "task",
    "seed_value": "task",
    "replacement_request": "task",
    "replacement_decide": "task",
    "seed_commit": "task",
    "task_draw": "task",
    "task_finish": "task",
    "draw_record": "draw",
    "draw_full_record": "draw",
    "result_entry": "assignment",
    "result_recheck": "assignment",
    "task": "task",
    "pool": "task",
}


@pytest.fixture
def data(role_users, make_user, other_department):
    """A drawn task of the own department; its first assignment has a 责令整改 result (for the re-check page), the
    officer account is on its team and on the team of a second, still open assignment."""
    chief = role_users["section_chief"]
    world = make_world(chief.department, chief)
    d = freeze_and_draw(world)
    assignments = list(d.assignments.order_by("rank"))
    officer = assignments[0].officers.first()
    officer_user = role_users["officer"]
    officer_user.officer = officer
    officer_user.save(update_fields=["officer"])
    services.result_record(
        assignment=assignments[0],
        category="not_disclosed",
        findings="未公示股权变更信息",
        inspected_on=WINDOW[0],
        rectification_due_on=WINDOW[0] + dt.timedelta(days=10),
        recheck_on=WINDOW[0] + dt.timedelta(days=12),
        officers_present=list(assignments[0].officers.all()),
        actor=chief,
    )
    open_for_officer = next(a for a in assignments[1:] if officer in a.officers.all())
    open_for_chief = next(a for a in assignments[1:] if a.pk != open_for_officer.pk)
    other_users = {
        "officer": make_user("officer", dept=other_department, username="other-officer"),
        "section_chief": make_user("section_chief", dept=other_department, username="other-chief"),
    }
    return {
        "plan": world.plan,
        "task": world.task,
        "draw": d,
        "assignment": assignments[0],
        "open": {"officer": open_for_officer, "section_chief": open_for_chief},
        "other_users": other_users,
        "item_ids": [world.item.pk],
    }


def _page_url(cell, data) -> str:
    key = OBJECT.get(cell.url_name.rsplit(":", 1)[-1])
    return reverse(cell.url_name, kwargs={"pk": data[key].pk} if key else None)


def _api(cell, data, user, client):
    task, headers = data["task"], api_headers(user)
    if cell.url_name.endswith("/tasks"):
        # "own": a task for the user's own department; "other": for the department that owns the plan's task.
        department = user.department_id if user is not None and cell.scope == "own" else task.department_id
        payload = {
            "plan_id": data["plan"].pk,
            "name": "接口新建的任务",
            "department_id": department,
            "item_ids": data["item_ids"],
            "window_start": "2023-09-01",
            "window_end": "2023-09-30",
            "sample_size": 1,
        }
        return client.post("/api/v1/inspections/tasks", payload, content_type="application/json", **headers)
    if cell.url_name.endswith("/result"):
        assignment = data["open"].get(cell.role) if cell.scope == "own" else data["open"]["section_chief"]
        assignment = assignment or data["open"]["section_chief"]
        team = list(assignment.officers.values_list("id", flat=True))
        body = {"category": "no_problem", "inspected_on": "2023-05-10", "officer_ids": team}
        url = f"/api/v1/inspections/assignments/{assignment.pk}/result"
        return client.post(url, body, content_type="application/json", **headers)
    method, url = api_url(cell, task_id=task.pk)
    return client.get(url, **headers)


@pytest.mark.django_db
def test_权限矩阵_每个页面和接口_每个角色_本部门和其他部门(client, data, role_users):
    """One world for all ~600 cells (each write cell that succeeds uses an object no other cell needs)."""
    for cell in CELLS:
        client.logout()
        user = None
        if cell.role != ANONYMOUS:
            user = data["other_users"].get(cell.role) if cell.scope == "other" else None
            user = user or role_users[cell.role]
        if cell.url_name.startswith("api "):
            response = _api(cell, data, user, client)
        else:
            if user is not None:
                client.force_login(user)
            response = client.get(_page_url(cell, data))
        if response.status_code == 201 and cell.expect == "ok":
            continue  # an API write answers 201 Created
        check_matrix_response(cell, response)


def test_矩阵覆盖本模块全部网址和接口():
    from fazhi.core.testing import all_api_routes, all_url_names

    ours = {n for n in all_url_names() if n.startswith(("inspections:", "publicity:public_inspections:"))}
    assert ours == set(COVERED_URL_NAMES)
    routes = {r for r in all_api_routes() if "/api/v1/inspections/" in r}
    assert routes == {c.url_name for c in CELLS if c.url_name.startswith("api ")}


# --- object-level checks on writes (issue 14 §2) ------------------------------------------------------------------


def test_其他部门的科室负责人不能为本部门建计划_事项_任务_回避申报(client, role_users, other_department, make_user):
    chief = role_users["section_chief"]
    outsider = make_user("section_chief", dept=other_department, username="outsider")
    own = chief.department
    world = make_world(own, chief)
    make_officers(other_department, 1)
    entity = make_entities(1, office=own, start=900)[0]
    client.force_login(outsider)
    before = (InspectionPlan.objects.count(), InspectionItem.objects.count(), InspectionTask.objects.count())
    html = client.post(
        reverse("inspections:plan_create"),
        {"year": 2023, "name": "越权计划", "kind": "single", "lead_department": own.pk},
    ).content.decode()
    assert "选择一个有效的选项" in html  # the form offers only his own department
    item = {
        "code": "X-9", "name": "越权事项", "domain": "食品", "legal_basis": "x", "department": own.pk,
        "method": "on_site", "level": "general", "effective_from": "2023-01-01",
    }  # fmt: skip
    client.post(reverse("inspections:item_list"), item)
    task = {
        "name": "越权任务", "department": own.pk, "items": [world.item.pk], "window_start": "2023-05-04",
        "window_end": "2023-06-30", "sample_size": 2, "team_size": 2,
    }  # fmt: skip
    client.post(reverse("inspections:task_create", kwargs={"pk": world.plan.pk}), task)
    assert (InspectionPlan.objects.count(), InspectionItem.objects.count(), InspectionTask.objects.count()) == before
    officer = make_officers(own, 1, start=50)[0]
    client.post(reverse("inspections:conflict_list"), {"officer": officer.pk, "uscc": entity.uscc, "reason": "other"})
    assert not OfficerConflict.objects.exists()
    # The services refuse too, whatever the path.
    from fazhi.core.errors import DomainError

    for call in (
        lambda: services.plan_create(year=2023, name="x", kind="single", lead_department=own, actor=outsider),
        lambda: services.task_create(
            plan=world.plan,
            name="x",
            department=own,
            items=[world.item],
            window_start=WINDOW[0],
            window_end=WINDOW[1],
            sample_size=1,
            actor=outsider,
        ),  # fmt: skip
        lambda: services.conflict_declare(
            officer=officer, entity=entity, reason="other", declared_on=dt.date(2023, 1, 1), actor=outsider
        ),
    ):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "inspections.other_department"


def test_其他部门的科室负责人不能对本部门任务固定_抽取_结束(client, role_users, other_department, make_user):
    chief = role_users["section_chief"]
    outsider = make_user("section_chief", dept=other_department, username="outsider")
    world = make_world(chief.department, chief)
    client.force_login(outsider)
    for name, payload in (
        ("inspections:task_freeze", {"revision": world.task.revision, "seed_kind": "secret"}),
        ("inspections:task_draw", {"revision": world.task.revision}),
        ("inspections:task_finish", {"revision": world.task.revision}),
        ("inspections:replacement_request", {"reason": "越权申请更换种子"}),
    ):
        assert client.post(reverse(name, kwargs={"pk": world.task.pk}), payload).status_code == 404
    world.task.refresh_from_db()
    assert world.task.status == "draft"
    from fazhi.core.errors import NotFound

    with pytest.raises(NotFound):
        services.task_freeze_pools(task=world.task, actor=outsider, seed_kind="secret")


def test_接口_读取与写入同样按部门检查(client, data, role_users, other_department, make_user):
    task, assignment = data["task"], data["assignment"]
    officer = api_headers(role_users["officer"])
    r = client.get(f"/api/v1/inspections/tasks/{task.pk}", **officer)
    assert r.status_code == 200 and r.json()["candidates_hash"] == task.frozen_pool.candidates_hash
    assert r.json()["seed_kind"] == "secret" and len(r.json()["seed_commitment"]) == 64
    r = client.get(f"/api/v1/inspections/tasks/{task.pk}/record", **officer)
    assert r.status_code == 200 and b'"disclosure":"public"' in b"".join(r.streaming_content)
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}/record?full=true", **officer).status_code == 403
    auditor = api_headers(role_users["auditor"])
    r = client.get(f"/api/v1/inspections/tasks/{task.pk}/record?full=true", **auditor)
    assert r.status_code == 200 and b'"internal"' in b"".join(r.streaming_content)
    r = client.get("/api/v1/inspections/mine", **officer)
    assert assignment.pk in [x["id"] for x in r.json()]
    outsider = make_user("section_chief", dept=other_department, username="api-outsider")
    headers = api_headers(outsider)
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}", **headers).status_code == 404
    assert client.get("/api/v1/inspections/mine", **auditor).status_code == 403
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}").status_code == 401
    payload = {
        "plan_id": data["plan"].pk,
        "name": "接口越权任务",
        "department_id": role_users["section_chief"].department_id,
        "item_ids": list(task.items.values_list("id", flat=True)),
        "window_start": "2023-09-01",
        "window_end": "2023-09-30",
        "sample_size": 1,
    }
    r = client.post("/api/v1/inspections/tasks", payload, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["code"] == "inspections.other_department"
    chief_headers = api_headers(role_users["section_chief"])
    r = client.post("/api/v1/inspections/tasks", payload, content_type="application/json", **chief_headers)
    assert r.status_code == 201 and r.json()["department"] == role_users["section_chief"].department.name
    other = data["draw"].assignments.exclude(pk=assignment.pk).first()
    team = list(other.officers.values_list("id", flat=True))
    result = {"category": "no_problem", "inspected_on": "2023-05-10", "officer_ids": team}
    url = f"/api/v1/inspections/assignments/{other.pk}/result"
    assert client.post(url, result, content_type="application/json", **headers).status_code == 404
    assert client.post(url, result, content_type="application/json", **officer).status_code == 404  # not his team
    r = client.post(url, {**result, "inspected_on": "2099-01-01"}, content_type="application/json", **chief_headers)
    assert r.status_code == 400 and r.json()["code"] == "inspections.date_in_future"
    r = client.post(url, result, content_type="application/json", **chief_headers)
    assert r.status_code == 201 and InspectionResult.objects.filter(assignment=other).exists()
