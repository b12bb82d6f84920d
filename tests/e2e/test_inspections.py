"""Browser: the chief publishes the plan, fixes and publishes the pools with the seed's commitment, draws; a leader
approves a seed replacement; an officer records a result on a tablet-size screen; the public page shows it all."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.clock import legal_today
from fazhi.core.testing import browser_login


def _login(page, live_server, user) -> None:
    browser_login(page, live_server, user)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_公布计划_固定名录库和承诺值_抽取_局领导批准更换种子_公示页可见(page, live_server, department, make_user):
    from fazhi.inspections.models import InspectionTask
    from fazhi.inspections.tests.factories import make_world

    chief, leader = make_user("section_chief"), make_user("leader")
    # The browser draws now (the real clock): the task's window must still be open, or the draw is refused
    # (inspections.window_over — results are dated within the window and not before the draw).
    today = legal_today()
    world = make_world(
        department,
        chief,
        publish=False,
        window_start=today - dt.timedelta(days=1),
        window_end=today + dt.timedelta(days=30),
    )
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


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_分层抽取_检查结束_公示结果_公开页和公开记录不含风险等级和回避事由_记录可自行验证(
    page, live_server, department, make_user
):
    """Issue 12 §Public pages, walked in a browser: the chief finishes the task and publishes the results from the
    task screen; the public page shows the pool hash, the criteria, the commitment, the revealed seed, the selected
    entities with their results; the public record downloaded from it verifies (exit 0), and neither the page, the
    pool download nor the record names any entity's risk class or any recusal reason."""
    import datetime as dt
    import hashlib
    import json
    import re

    from fazhi.core.clock import at_moment
    from fazhi.inspections import services
    from fazhi.inspections.choices import ConflictReason, ResultCategory
    from fazhi.inspections.tests.factories import DRAWN_AT, freeze, make_world
    from fazhi.rulebook.draws import verify_stream

    chief = make_user("section_chief")
    world = make_world(
        department,
        chief,
        entities=40,
        officers=6,
        size=None,
        strata_ratios={"A": "0.1", "B": "0.1", "C": "0.2", "D": "0.5"},
    )
    services.conflict_declare(
        officer=world.officers[0],
        entity=world.entities[0],
        reason=ConflictReason.RELATIVE,
        note="表弟任该店店长",
        declared_on=dt.date(2023, 1, 1),
        actor=chief,
    )
    frozen = freeze(world)
    world.task.refresh_from_db()
    with at_moment(DRAWN_AT):
        drawn = services.task_draw(task=world.task, actor=chief)
    for a in drawn.assignments.order_by("rank"):
        services.result_record(
            assignment=a,
            category=ResultCategory.NO_PROBLEM,
            inspected_on=dt.date(2023, 5, 10),
            officers_present=list(a.officers.all()),
            actor=chief,
        )
    _login(page, live_server, chief)
    page.goto(f"{live_server.url}/inspections/tasks/{world.task.pk}/")
    page.click("#finish")
    page.wait_for_selector("#publish-results")
    page.click("#publish-results")
    page.wait_for_selector("text=结果已公示")

    page.context.clear_cookies()  # the public, not logged in
    page.goto(f"{live_server.url}/public/inspections/tasks/{world.task.pk}/")
    text = page.inner_text("main")
    seed = world.task.seeds.get()
    assert frozen.candidates_hash in text and seed.commitment in text and seed.value in text
    assert "管辖范围" in text and "检查结果" in text and "未发现问题" in text
    assert text.count("未发现问题") >= drawn.selected_count
    pool = page.request.get(f"{live_server.url}/public/inspections/tasks/{world.task.pk}/pool.txt").body()
    assert hashlib.sha256(pool).hexdigest() == frozen.candidates_hash
    link = page.locator(f"a[href$='/draws/{drawn.pk}/record.txt']").first.get_attribute("href")
    record = page.request.get(live_server.url + link).body().decode("utf-8")
    head, body = record.split("\n", 1)
    assert body.encode() == pool  # the record's candidate lines are exactly the published pool
    report = verify_stream(head, lambda: [body.encode()])
    assert report.exit_code == 0 and report.disclosure == "public"
    parsed = json.loads(head)
    assert "internal" not in parsed and all(set(s) == {"rank", "uscc", "digest"} for s in parsed["result"]["selected"])
    reasons = [label for _, label in ConflictReason.choices] + ["表弟任该店店长"]
    for published in (text, page.content(), record, pool.decode()):
        assert not any(reason in published for reason in reasons)
        assert "风险等级：" not in published
    # No candidate line carries a class: each is a USCC and a 32-digit commitment.
    assert all(re.fullmatch(r"[0-9A-Z]{18}\t[0-9a-f]{32}", line) for line in body.splitlines())
