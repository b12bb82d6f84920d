"""Browser: the chief publishes the plan, fixes and publishes the pools with the seed's commitment, draws; a leader
approves a seed replacement; an officer records a result on a tablet-size screen; the public page shows it all."""

from __future__ import annotations

import pytest
from django.test import Client


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_公布计划_固定名录库和承诺值_抽取_局领导批准更换种子_公示页可见(page, live_server, department, make_user):
    from fazhi.inspections.models import InspectionTask
    from fazhi.inspections.tests.factories import make_world

    chief, leader = make_user("section_chief"), make_user("leader")
    world = make_world(department, chief, publish=False)
    _login(page, live_server, chief)
    page.goto(f"{live_server.url}/inspections/plans/{world.plan.pk}/")
    page.click("#publish-plan")
    page.wait_for_selector("text=抽查计划已公布")
    page.goto(f"{live_server.url}/inspections/tasks/{world.task.pk}/")
    page.check("input[name=seed_kind][value=secret]")
    page.click("#freeze")
    page.wait_for_selector("#pool-hashes")
    task = InspectionTask.objects.get(pk=world.task.pk)
    assert task.frozen_pool.candidates_hash in page.inner_text("#pool-hashes")
    commitment = task.seeds.get().commitment
    assert commitment in page.inner_text("#seed") and "抽取时揭示" in page.inner_text("#seed-value")
    page.click("#draw")
    page.wait_for_selector("#assignments")
    assert page.locator("#assignments tbody tr").count() == 6
    assert "已抽取" in page.inner_text("#task-status")
    page.click("text=申请更换随机种子（须局领导批准，公开）")
    page.fill("#replacement-reason", "系统密钥存放环境曾被越权访问")
    page.click("#request-replacement")
    page.wait_for_selector("text=待局领导审批")
    _login(page, live_server, leader)
    page.goto(f"{live_server.url}/inspections/tasks/{world.task.pk}/")
    page.check("input[name=decision][value=approve]")
    page.click("#decide")
    page.wait_for_selector("#commit-form")
    page.check("#commit-form input[name=seed_kind][value=secret]")
    page.click("#commit-seed")
    page.wait_for_selector("#draw")
    page.click("#draw")
    page.wait_for_selector("#assignments")
    assert "已因更换种子作废" in page.inner_text("#draws")
    page.goto(f"{live_server.url}/public/inspections/tasks/{world.task.pk}/")
    text = page.inner_text("main")
    assert commitment in text and "系统密钥存放环境曾被越权访问" in text and "批准" in text
    assert "fazhi draw verify" in text and "风险等级：" not in text


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_执法人员在我的检查中录入结果_问题须写明并按要求后续处理(page, live_server, department, make_user):
    from fazhi.core.clock import at_moment
    from fazhi.inspections import services
    from fazhi.inspections.tests.factories import DRAWN_AT, freeze, make_world

    chief = make_user("section_chief")
    world = make_world(department, chief)
    freeze(world)
    world.task.refresh_from_db()
    with at_moment(DRAWN_AT):
        draw = services.task_draw(task=world.task, actor=chief)
    assignment = draw.assignments.order_by("rank").first()
    officer = make_user("officer", officer=assignment.officers.first())
    page.set_viewport_size({"width": 800, "height": 1100})
    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/inspections/mine/")
    page.click(f"a[href='/inspections/assignments/{assignment.pk}/result/']")
    page.check("input[name=category][value=corrected]")
    page.fill("input[name=inspected_on]", "2023-05-10")
    page.click("#save-result")
    page.wait_for_selector("text=必须写明")  # the findings field's error (code inspections.findings_required)
    page.fill("textarea[name=findings]", "未按规定公示年度报告，现场责令改正，已改正。")
    page.click("#save-result")
    page.wait_for_url("**/inspections/mine/")
    assert "发现问题经责令已改正" in page.content()
    assignment.refresh_from_db()
    assert assignment.result.category == "corrected" and assignment.result.officers_present.count() == 2
