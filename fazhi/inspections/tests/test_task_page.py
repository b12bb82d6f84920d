"""The task screens read as Chinese and show the commit-then-reveal steps; the public pages show the pool, the
seed and the draw without internal supervision data — crawled for risk classes and recusal reasons."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from fazhi.core.clock import at_moment
from fazhi.inspections import services
from fazhi.inspections.choices import ConflictReason, SeedKind
from fazhi.inspections.models import InspectionPlan
from fazhi.inspections.selectors import pool_criterion_text
from fazhi.inspections.tests.factories import (
    DRAWN_AT,
    LOTTERY_AT,
    NUMBERS,
    WINDOW,
    confirm_lottery,
    draw,
    freeze,
    make_world,
)
from fazhi.registry.choices import RiskClass
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db

# What must never appear on a public page: a class label, a "风险等级" cell, or a recusal reason.
FORBIDDEN = [str(label) for _, label in RiskClass.choices] + [str(label) for _, label in ConflictReason.choices]
FORBIDDEN += ["上一轮检查过", "风险等级：", "{'", '{"', "None", "csprng", "lottery", "secret"]


def test_对象库范围用中文写出(department, other_department, role_users):
    world = make_world(
        department,
        role_users["section_chief"],
        item_objects={"object_kinds": ["enterprise"], "object_industries": ["F", "H"]},
        pool_criterion={"risk_classes": ["C", "D"], "exclude_inspected_months": 12, "exclude_drawn_this_year": True},
    )
    text = pool_criterion_text(world.task)
    assert text.startswith(
        "管辖范围：张贵庄市场监管所；登记状态：存续；主体类型：企业；行业门类（GB/T 4754）：F 批发和零售业、H 住宿和餐饮业"
    )
    assert "信用风险分类：C 类（较高风险）、D 类（高风险）" in text
    assert (
        "排除近 12 个月已就本任务事项检查过的主体" in text and "排除本年度已被同一抽查事项的其他任务抽中的主体" in text
    )
    assert "{" not in text and "offices" not in text


def test_计划名称已含年份时不再重复年份(department):
    assert (
        str(InspectionPlan(year=2023, name="2023 年度部门联合双随机抽查工作计划"))
        == "2023 年度部门联合双随机抽查工作计划"
    )
    assert str(InspectionPlan(year=2023, name="食品安全专项抽查计划")) == "2023 食品安全专项抽查计划"


def test_任务页按步骤办理_公布计划_固定名录库_录入开奖号码_抽取(client, department, role_users):
    chief, leader = role_users["section_chief"], role_users["leader"]
    world = make_world(department, chief, publish=False)
    client.force_login(chief)
    url = reverse("inspections:task_detail", kwargs={"pk": world.task.pk})
    html = client.get(url).content.decode()
    assert "计划尚未公布" in html and 'id="freeze"' not in html
    plan_url = reverse("inspections:plan_detail", kwargs={"pk": world.plan.pk})
    assert 'id="publish-plan"' in client.get(plan_url).content.decode()
    with at_moment(dt.datetime(2023, 4, 3, 9, tzinfo=DRAWN_AT.tzinfo)):
        client.post(reverse("inspections:plan_publish", kwargs={"pk": world.plan.pk}))
    world.plan.refresh_from_db()
    assert world.plan.status == "published"
    html = client.get(url).content.decode()
    assert 'id="freeze"' in html and "系统密钥（事先公布承诺值）" in html
    with at_moment(dt.datetime(2023, 4, 20, 10, tzinfo=DRAWN_AT.tzinfo)):
        response = client.post(
            reverse("inspections:task_freeze", kwargs={"pk": world.task.pk}),
            {
                "revision": world.task.revision,
                "seed_kind": "lottery",
                "lottery_source": "中国福利彩票双色球第2023045期开奖号码",
                "lottery_draw_at": "2023-04-20T21:15",
            },
        )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "中国福利彩票双色球第2023045期开奖号码" in html and "尚未录入" in html and "名录库已公布" in html
    for user in (chief, leader):
        client.force_login(user)
        with at_moment(LOTTERY_AT + dt.timedelta(hours=12)):
            client.post(reverse("inspections:seed_value", kwargs={"pk": world.task.pk}), {"value": NUMBERS})
    html = client.get(url).content.decode()
    assert NUMBERS in html and 'id="draw"' in html
    world.task.refresh_from_db()
    with at_moment(LOTTERY_AT + dt.timedelta(hours=13)):
        response = client.post(
            reverse("inspections:task_draw", kwargs={"pk": world.task.pk}), {"revision": world.task.revision}
        )
    html = client.get(url, follow=True).content.decode()
    assert "抽取完成" in html or "已抽取" in html
    assert 'id="assignments"' in html and "公开记录" in html and "完整记录" in html  # the leader sees both


def test_重复提交过期页面时提示刷新(client, department, role_users):
    chief = role_users["section_chief"]
    world = make_world(department, chief)
    client.force_login(chief)
    stale = world.task.revision
    freeze(world)
    response = client.post(
        reverse("inspections:task_freeze", kwargs={"pk": world.task.pk}),
        {"revision": stale, "seed_kind": "secret"},
        follow=True,
    )
    assert "code-inspections.forbidden_transition" in response.content.decode()


@pytest.fixture
def public_world(department, role_users):
    chief, leader = role_users["section_chief"], role_users["leader"]
    world = make_world(
        department,
        chief,
        entities=40,
        officers=6,
        size=None,
        strata_ratios={"A": "0.1", "B": "0.2", "C": "0.3", "D": "0.5"},
    )
    for entity in world.entities[:10]:
        services.conflict_declare(
            officer=world.officers[0],
            entity=entity,
            reason=ConflictReason.RELATIVE,
            declared_on=dt.date(2023, 1, 1),
            actor=chief,
        )
    freeze(world, kind=SeedKind.LOTTERY)
    confirm_lottery(world, chief, leader)
    d = draw(world)
    for a in d.assignments.all():
        services.result_record(
            assignment=a,
            category="no_problem",
            inspected_on=WINDOW[0],
            officers_present=list(a.officers.all()),
            actor=chief,
        )
    world.task.refresh_from_db()
    services.task_finish(task=world.task, on=WINDOW[1], actor=chief)
    world.task.refresh_from_db()
    services.task_publish_results(task=world.task, on=dt.date(2023, 7, 10), actor=chief)
    return world, d


def _crawl(client, start: str) -> dict[str, str]:
    """Every public page reachable from ``start`` (same site, under /public/inspections/), with its text."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8")
        seen[url] = text
        for link in re.findall(r'href="(/public/inspections/[^"#?]*)"', text):
            queue.append(link)
    return seen


def test_公开页面_中文_无风险等级和回避事由_可下载可验证的记录(client, public_world):
    from fazhi.rulebook.draws import verify_stream

    world, d = public_world
    pages = _crawl(client, reverse("publicity:public_inspections:plans"))
    task_url = reverse("publicity:public_inspections:task", kwargs={"pk": world.task.pk})
    assert task_url in pages and len(pages) >= 5
    for url, text in pages.items():
        if url.endswith(".txt"):
            if "record" in url:
                head, body = text.split("\n", 1)
                report = verify_stream(head, lambda body=body: [body.encode()])
                assert report.exit_code == 0 and report.unchecked  # stratified: what the public cannot check
                assert all(len(line.split("\t")[1]) == 32 for line in body.splitlines())
            assert "亲属关系" not in text and "上一轮检查过" not in text
            continue
        main = text[text.index("<main") : text.index("</main>")]
        for word in FORBIDDEN:
            assert word not in main, (url, word)
        assert_no_personal_data(text)
        assert "张三丰" not in text
    html = pages[task_url]
    frozen = world.task.frozen_pool
    for fact in (
        frozen.candidates_hash,
        frozen.reasons_commitment,
        "中国福利彩票双色球第2023045期开奖号码",
        NUMBERS,
        "由两人分别录入核对一致",
        "fazhi draw verify",
        "未发现问题",
        "A 类 10 户",  # per-stratum counts are public; each entity's class is not
        "管辖范围：张贵庄市场监管所；登记状态：存续",
        d.record_hash,
    ):
        assert fact in html, fact
    for a in d.assignments.all():
        assert a.entity.uscc in html


def test_公开任务页说明_draw_verify_的每个退出码并链接算法规范(client, public_world):
    # docs/draw-algorithm.md §5: 0 match, 1 differs, 2 malformed or unreadable, 4 order, 5 commitment,
    # 6 verification not finished (nothing decided). A reader of the public page must be able to read each one.
    world, _ = public_world
    html = client.get(reverse("publicity:public_inspections:task", kwargs={"pk": world.task.pk})).content.decode()
    text = html[html.index("如何自行验证") :]
    text = text[: text.index("</div>")]
    for code, meaning in [
        (0, "完全相同"),
        (1, "不一致"),
        (2, "格式错误"),
        (4, "时间顺序不对"),
        (5, "承诺值不符"),
        (6, "校验未能完成"),
    ]:
        assert re.search(rf"{code} 表示[^；。]*{meaning}", text), (code, meaning)
    assert reverse("publicity:public_core:spec", args=["draw-algorithm"]) in text


def test_草稿计划的任务不公开(client, department, role_users):
    world = make_world(department, role_users["section_chief"], publish=False)
    response = client.get(reverse("publicity:public_inspections:task", kwargs={"pk": world.task.pk}))
    assert response.status_code == 404
    assert client.get(reverse("publicity:public_inspections:pool", kwargs={"pk": world.task.pk})).status_code == 404


def test_系统密钥在抽取前不公开_抽取后公开(client, department, role_users):
    chief = role_users["section_chief"]
    world = make_world(department, chief)
    freeze(world)
    seed = services.live_seed(world.task)
    url = reverse("publicity:public_inspections:task", kwargs={"pk": world.task.pk})
    html = client.get(url).content.decode()
    assert seed.commitment in html and seed.value not in html and "抽取时公布" in html
    client.force_login(chief)
    assert (
        seed.value not in client.get(reverse("inspections:task_detail", kwargs={"pk": world.task.pk})).content.decode()
    )
    client.logout()
    draw(world)
    assert seed.value in client.get(url).content.decode()


def test_计划页只为能打开任务的人链接任务_其他所的科长看到任务名不带链接(
    client, department, other_department, role_users, make_user
):
    # access_task: a section chief opens the tasks of their own department only (a task of another 所 answers 404)
    world = make_world(department, role_users["section_chief"], publish=False)
    task_url = reverse("inspections:task_detail", kwargs={"pk": world.task.pk})
    plan_url = reverse("inspections:plan_detail", kwargs={"pk": world.plan.pk})
    client.force_login(role_users["section_chief"])
    assert task_url in client.get(plan_url).content.decode()
    outsider = make_user("section_chief", dept=other_department)
    client.force_login(outsider)
    html = client.get(plan_url).content.decode()
    assert world.task.name in html and task_url not in html
    assert client.get(task_url).status_code == 404
