"""Browser test of a special campaign (专项整治) as the office runs it: the section chief registers it and draws
the entities with the draw engine; officers record each check — two ordered to rectify (责令整改, with a due date),
one a clue — re-check the rectifications (one rectified, one not), hand the clue and the failed rectification to
the cases module, and the chief closes the campaign once nothing is open."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


def _login(page, live_server, settings, user):
    browser_login(page, live_server, user, timeout_ms=45000)  # the shared CI machine is slow under load


@pytest.fixture
def world(department, settings):
    from fazhi.core.models import User
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    settings.FAZHI_LEGAL_TODAY = "2023-12-29"
    chief = User.objects.create(
        username="e2e-chief", role="section_chief", department=department, display_name="孙浩然"
    )
    officer = User.objects.create(username="e2e-officer", role="officer", department=department, display_name="钱雪梅")
    shops = [
        MarketEntity.objects.create(
            uscc=make_uscc("120110", "92", f"{8400000 + i:08d}"), name=f"东丽区整治{i}号超市", kind="individual",
            status="active", established_on=D(2020, 1, 1), office=department, industry="F",
        )
        for i in range(4)
    ]  # fmt: skip
    return {"chief": chief, "officer": officer, "shops": shops}


def _row(page, name):
    return page.locator("tbody tr", has_text=name)


def _record(page, name, *, finding, description="", due=""):
    row = _row(page, name)
    row.locator("summary", has_text="登记检查结果").click()
    form = row.locator("form[action$='/check/']")
    form.locator("input[name=checked_on]").fill("2023-05-10")
    form.locator("select[name=finding]").select_option(finding)
    form.locator("input[name=officers]").fill("钱雪梅、李明")
    form.locator("textarea[name=description]").fill(description)
    if due:
        form.locator("input[name=rectification_due_on]").fill(due)
    form.get_by_role("button", name="登记").click()


def _recheck(page, name, result):
    row = _row(page, name)
    row.locator("summary", has_text="登记复查").click()
    form = row.locator("form[action$='/recheck/']")
    form.locator("input[name=rechecked_on]").fill("2023-05-26")
    form.locator("select[name=result]").select_option(result)
    form.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记复查")


def _close(page, summary):
    page.locator("summary", has_text="结束专项整治").click()
    form = page.locator("form[action$='/close/']")
    form.locator("input[name=on]").fill("2023-06-30")
    form.locator("textarea[name=summary]").fill(summary)
    form.get_by_role("button", name="结束").click()


def test_专项整治_随机抽取对象_责令整改复查_线索移交_结束(page, live_server, settings, world, department):
    from fazhi.cases.models import Clue
    from fazhi.core.models import AuditEvent
    from fazhi.sampling.models import Campaign

    _login(page, live_server, settings, world["chief"])
    page.goto(f"{live_server.url}/sampling/campaigns/new/")
    page.fill("input[name=title]", "超市过期食品专项整治")
    page.select_option("select[name=kind]", "rectification")
    page.select_option("select[name=area]", "food")
    page.select_option("select[name=target_kind]", "food_business")
    page.select_option("select[name=department]", str(department.pk))
    page.fill("input[name=starts_on]", "2023-05-01")
    page.fill("input[name=ends_on]", "2023-06-30")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=专项整治：ZX2023-")
    campaign = Campaign.objects.get()
    # Three of the four supermarkets, drawn by the draw engine: the page shows the pool and the seed commitment.
    page.locator("summary", has_text="选定检查对象").click()
    page.select_option("select[name=industry]", "F")
    page.fill("input[name=limit]", "3")
    page.check("input[name=draw]")
    page.get_by_role("button", name="选定").click()
    page.wait_for_selector("text=已选定检查对象")
    assert "候选 4 户" in page.content()
    assert "种子承诺" in page.content()
    drawn = list(campaign.checks.order_by("entity__name").values_list("entity__name", flat=True))
    assert len(drawn) == 3
    first, second, third = drawn

    _login(page, live_server, settings, world["officer"])
    page.reload()
    # 责令整改 without a due date is refused with the field's Chinese message; nothing is recorded.
    _record(page, first, finding="rectify", description="冷藏柜温度超标，未建立进货查验记录")
    page.wait_for_selector("text=责令整改的，请填写整改期限")
    assert campaign.checks.get(entity__name=first).checked_on is None
    page.goto(f"{live_server.url}/sampling/campaigns/{campaign.pk}/")
    _record(page, first, finding="rectify", description="冷藏柜温度超标，未建立进货查验记录", due="2023-05-25")
    page.wait_for_selector("text=已登记检查结果")
    _record(page, second, finding="rectify", description="散装食品未标明生产日期", due="2023-05-25")
    page.wait_for_selector("text=已登记检查结果")
    _record(page, third, finding="clue", description="销售超过保质期的乳制品12盒")
    page.wait_for_selector("text=已登记检查结果")
    assert "限 2023-05-25 前整改" in _row(page, first).inner_text()
    # The campaign cannot end while a rectification is not re-checked.
    _login(page, live_server, settings, world["chief"])
    page.reload()
    _close(page, "共检查3户，责令整改2户，移交线索1条")
    page.wait_for_selector("text=还有责令整改的对象未复查")
    assert Campaign.objects.get().status == "open"

    _login(page, live_server, settings, world["officer"])
    page.goto(f"{live_server.url}/sampling/campaigns/{campaign.pk}/")
    _recheck(page, first, "rectified")
    _recheck(page, second, "not_rectified")
    assert "复查：已整改" in _row(page, first).inner_text()
    assert "复查：未整改" in _row(page, second).inner_text()
    # A rectified check has nothing to hand over; the failed rectification and the clue do.
    assert _row(page, first).get_by_role("button", name="移交立案核查").count() == 0
    for name in (second, third):
        _row(page, name).get_by_role("button", name="移交立案核查").click()
        page.wait_for_selector("text=已移交立案核查")
    clues = {c.party_name: c for c in Clue.objects.all()}
    assert set(clues) == {second, third}
    assert all(c.source_ref == campaign.number and c.department_id == department.pk for c in clues.values())
    assert "逾期未整改" not in clues[third].description and "乳制品" in clues[third].description
    for name in (second, third):
        assert clues[name].number in _row(page, name).inner_text()

    _login(page, live_server, settings, world["chief"])
    page.reload()
    _close(page, "共检查3户，责令整改2户（1户逾期未整改已移交），移交线索2条")
    page.wait_for_selector("text=已结束")
    assert "2023-06-30：共检查3户" in page.content()
    assert Campaign.objects.get().status == "closed"
    # Every step left its event, by the person who did it.
    actions = list(AuditEvent.objects.filter(object_type="sampling.campaigncheck").values_list("action", "actor"))
    officer = world["officer"].pk
    assert sorted(a for a, who in actions if who == officer) == sorted(
        ["sampling.check_record"] * 3 + ["sampling.check_recheck"] * 2 + ["sampling.check_hand_over"] * 2
    )
