"""Browser tests of 抽检与专项整治: a sampling task from plan to disposal (an unqualified batch, its re-test window
and its clue in the cases module), and a campaign with a check handed over as a clue."""

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
    from fazhi.sampling import services

    settings.FAZHI_LEGAL_TODAY = "2023-12-29"
    chief = User.objects.create(
        username="e2e-chief", role="section_chief", department=department, display_name="孙浩然"
    )
    officer = User.objects.create(username="e2e-officer", role="officer", department=department, display_name="钱雪梅")
    shops = [
        MarketEntity.objects.create(
            uscc=make_uscc("120110", "92", f"{8300000 + i:08d}"), name=f"东丽区示例{i}号超市", kind="individual",
            status="active", established_on=D(2020, 1, 1), office=department, industry="F",
        )
        for i in range(3)
    ]  # fmt: skip
    services.lab_register(name="天津市食品安全检测技术研究院", actor=chief)
    return {"chief": chief, "officer": officer, "shops": shops}


def test_抽检任务从计划到处置(page, live_server, settings, world, department):
    from fazhi.cases.models import Clue
    from fazhi.sampling.models import Sample

    _login(page, live_server, settings, world["chief"])
    page.goto(f"{live_server.url}/sampling/plans/new/")
    page.select_option("select[name=area]", "food")
    page.select_option("select[name=level]", "district")
    page.fill("input[name=title]", "2023年区级食品安全监督抽检")
    page.select_option("select[name=department]", str(department.pk))
    page.fill("input[name=planned_batches]", "20")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=抽检计划：CJ2023-")
    page.locator("summary", has_text="下达抽样任务").click()
    page.select_option("select[name=department]", str(department.pk))
    page.select_option("select[name=lab]", label="天津市食品安全检测技术研究院")
    page.fill("input[name=planned_batches]", "5")
    page.fill("input[name=starts_on]", "2023-03-01")
    page.fill("input[name=ends_on]", "2023-12-20")
    page.get_by_role("button", name="下达").click()
    page.wait_for_selector("text=抽样任务：CJ2023-")
    _login(page, live_server, settings, world["officer"])
    page.reload()
    page.locator("summary", has_text="登记抽样").click()
    page.fill("input[name=product_name]", "散装花生米")
    page.fill("input[name=entity_uscc]", world["shops"][0].uscc)
    page.fill("input[name=sampled_on]", "2023-05-10")
    page.get_by_role("button", name="登记抽样").click()
    page.wait_for_selector("text=已抽样待检验")
    page.locator("summary", has_text="登记检验结论").click()
    page.select_option("select[name=result]", "unqualified")
    page.fill("input[name=report_number]", "SP2023-0001")
    page.fill("input[name=report_on]", "2023-05-30")
    page.fill("textarea[name=failed_items]", "黄曲霉毒素B1|32.1μg/kg|≤20μg/kg")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=检验不合格待通知")
    page.locator("summary", has_text="登记送达不合格检验结论").click()
    page.fill("input[name=served_on]", "2023-06-05")
    page.get_by_role("button", name="登记送达").click()
    page.wait_for_selector("text=复检申请期限已计算")
    assert "2023-06-14" in page.content()  # 7 个工作日：6月6日至14日
    page.locator("summary", has_text="责令采取处置措施").click()
    page.select_option("select[name=measure]", "delist")
    page.fill("input[name=ordered_on]", "2023-06-05")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记处置措施")
    page.fill("input[name=completed_on]", "2023-06-07")
    page.get_by_role("button", name="登记完成").click()
    page.wait_for_selector("text=已登记措施完成")
    page.locator("summary", has_text="移交立案核查").click()
    page.locator("form[action$='/clue/'] input[name=on]").fill("2023-06-08")
    page.get_by_role("button", name="移交").click()
    page.wait_for_selector("text=已移交线索")
    clue = Clue.objects.get()
    assert clue.source_ref == Sample.objects.get().number
    page.get_by_role("link", name=clue.number).click()
    page.wait_for_selector(f"text={clue.number}")
    assert "黄曲霉毒素B1" in page.content()


def test_专项检查选定对象并移交线索(page, live_server, settings, world, department):
    from fazhi.cases.models import Clue

    _login(page, live_server, settings, world["chief"])
    page.goto(f"{live_server.url}/sampling/campaigns/new/")
    page.fill("input[name=title]", "超市食品安全专项执法检查")
    page.select_option("select[name=kind]", "enforcement")
    page.select_option("select[name=area]", "food")
    page.select_option("select[name=target_kind]", "food_business")
    page.select_option("select[name=department]", str(department.pk))
    page.fill("input[name=starts_on]", "2023-05-01")
    page.fill("input[name=ends_on]", "2023-06-30")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=专项执法检查：ZX2023-")
    page.locator("summary", has_text="选定检查对象").click()
    page.select_option("select[name=industry]", "F")
    page.fill("input[name=limit]", "3")
    page.get_by_role("button", name="选定").click()
    page.wait_for_selector("text=已选定检查对象")
    assert "东丽区示例2号超市" in page.content()
    _login(page, live_server, settings, world["officer"])
    page.reload()
    page.locator("summary", has_text="登记检查结果").first.click()
    form = page.locator("form[action$='/check/']").first
    form.locator("input[name=checked_on]").fill("2023-05-10")
    form.locator("select[name=finding]").select_option("clue")
    form.locator("textarea[name=description]").fill("经营超过保质期的食品")
    form.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记检查结果")
    page.get_by_role("button", name="移交立案核查").click()
    page.wait_for_selector("text=已移交立案核查")
    assert Clue.objects.get().number in page.content()
