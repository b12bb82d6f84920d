"""Browser: the section chief freezes the pools and draws; an officer records a result on a tablet-size screen."""

from __future__ import annotations

import pytest
from django.test import Client


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_科室负责人固定名录库_生成种子_抽取_看到哈希和种子来源(page, live_server, department, make_user):
    from fazhi.inspections.tests.factories import make_world

    world = make_world(department)
    _login(page, live_server, make_user("section_chief"))
    page.goto(f"{live_server.url}/inspections/tasks/{world.task.pk}/")
    page.click("#freeze")
    page.wait_for_selector("#pool-hashes")
    frozen_hash = world.task.__class__.objects.get(pk=world.task.pk).frozen_pool.candidates_hash
    assert frozen_hash in page.inner_text("#pool-hashes")
    page.click("#csprng")
    page.locator("button[id^=draw-]").first.click()
    page.wait_for_selector("#assignments")
    assert page.locator("#assignments tbody tr").count() == 6
    assert "系统密码学安全随机数" in page.inner_text("#draws")
    assert "已抽取" in page.inner_text("#task-status")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_执法人员在我的检查中录入结果(page, live_server, department, make_user):
    from fazhi.inspections import services
    from fazhi.inspections.tests.factories import make_world

    world = make_world(department)
    chief = make_user("section_chief")
    services.task_freeze_pools(task=world.task, by=chief)
    draw = services.task_draw(task=world.task, seed=services.seed_generate(task=world.task, by=chief), by=chief)
    assignment = draw.assignments.order_by("rank").first()
    officer = make_user("officer", officer=assignment.officers.first())
    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/inspections/mine/")
    page.click(f"a[href='/inspections/assignments/{assignment.pk}/result/']")
    page.check("input[name=category][value=corrected]")
    page.fill("input[name=inspected_on]", "2023-05-10")
    page.fill("textarea[name=findings]", "未按规定公示年度报告，现场责令改正，已改正。")
    page.click("#save-result")
    page.wait_for_url("**/inspections/mine/")
    assert "发现问题经责令已改正" in page.content()
    assignment.refresh_from_db()
    assert assignment.result.category == "corrected" and assignment.result.officers_present.count() == 2
