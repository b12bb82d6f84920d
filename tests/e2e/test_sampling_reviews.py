"""Browser tests of 抽检 after the result: a lab result corrected with its reason (before it is served), a re-test
requested after the window that goes through 法制审核 and ends in a recall, and the 证照分离 matters imported from
the approval system's export and counted by reform mode."""

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
    reviewer = User.objects.create(username="e2e-legal", role="legal_reviewer", display_name="周法审")
    shop = MarketEntity.objects.create(
        uscc=make_uscc("120110", "92", "08400001"), name="东丽区示例超市", kind="individual", status="active",
        established_on=D(2020, 1, 1), office=department, industry="F",
    )  # fmt: skip
    lab = services.lab_register(name="天津市食品安全检测技术研究院", actor=chief)
    plan = services.plan_create(
        year=2023, area="food", level="district", title="2023年区级食品安全监督抽检", department=department,
        planned_batches=20, actor=chief,
    )  # fmt: skip
    task = services.task_create(
        plan=plan, department=department, lab=lab, planned_batches=5, starts_on=D(2023, 3, 1),
        ends_on=D(2023, 12, 20), actor=chief,
    )  # fmt: skip
    sample = services.sample_register(
        task=task, product_name="散装花生米", sampled_on=D(2023, 5, 10), entity=shop, actor=officer
    )
    return {"chief": chief, "officer": officer, "reviewer": reviewer, "sample": sample}


def test_检验结论录入有误_更正并留痕_送达后不能再更正(page, live_server, settings, world):
    from fazhi.sampling import services
    from fazhi.sampling.models import Sample

    sample = services.result_record(
        sample=world["sample"], result="qualified", report_number="SP2023-0009", report_on=D(2023, 5, 30),
        actor=world["officer"],
    )  # fmt: skip
    _login(page, live_server, settings, world["officer"])
    page.goto(f"{live_server.url}/sampling/samples/{sample.pk}/")
    page.get_by_role("link", name="更正检验结论").click()
    page.wait_for_selector("text=现登记的检验结论")
    page.select_option("select[name=result]", "unqualified")
    page.fill("input[name=report_number]", "SP2023-0009")
    page.fill("input[name=report_on]", "2023-05-30")
    page.fill("textarea[name=failed_items]", "黄曲霉毒素B1|32.1μg/kg|≤20μg/kg")
    page.fill("textarea[name=reason]", "")
    page.get_by_role("button", name="更正").click()
    page.wait_for_selector("text=必填")  # the reason is required: nothing is changed
    assert Sample.objects.get(pk=sample.pk).result == "qualified"
    page.fill("textarea[name=reason]", "录入错误：检验报告原件结论为不合格")
    page.get_by_role("button", name="更正").click()
    page.wait_for_selector("text=已更正检验结论")
    page.wait_for_selector("text=更正记录")
    content = page.content()
    assert "录入错误：检验报告原件结论为不合格" in content and "黄曲霉毒素B1" in content
    assert Sample.objects.get(pk=sample.pk).result == "unqualified"
    # Once the result is served, it can only change through a re-test.
    page.locator("summary", has_text="登记送达不合格检验结论").click()
    page.fill("input[name=served_on]", "2023-06-05")
    page.get_by_role("button", name="登记送达").click()
    page.wait_for_selector("text=复检申请期限已计算")
    assert page.get_by_role("link", name="更正检验结论").count() == 0
    page.goto(f"{live_server.url}/sampling/samples/{sample.pk}/correct/")
    page.wait_for_selector("text=不能更正")


def test_逾期复检申请经法制审核同意受理_复检维持不合格后召回(page, live_server, settings, world):
    from fazhi.sampling import services
    from fazhi.sampling.models import Sample

    sample = services.result_record(
        sample=world["sample"], result="unqualified", report_number="SP2023-0010", report_on=D(2023, 5, 30),
        failed_items=[{"item": "酸价", "value": "5.1mg/g", "standard": "≤3mg/g"}], actor=world["officer"],
    )  # fmt: skip
    sample = services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=world["officer"])
    url = f"{live_server.url}/sampling/samples/{sample.pk}/"

    _login(page, live_server, settings, world["officer"])
    page.goto(url)
    assert "2023-06-14" in page.content()  # the re-test window closed on 2023-06-14
    page.locator("summary", has_text="逾期复检申请").click()
    late = page.locator("form[action$='/late_retest/']")
    late.locator("input[name=requested_on]").fill("2023-06-20")
    late.locator("input[name=retest_lab]").fill("国家食品质量检验检测中心")
    late.locator("textarea[name=reason]").fill("当事人因住院未能按期申请，附住院证明")
    late.get_by_role("button", name="提交法制审核").click()
    page.wait_for_selector("text=已将逾期复检申请提交法制审核")
    assert Sample.objects.get(pk=sample.pk).retest_requested_on is None  # not registered before the review

    _login(page, live_server, settings, world["reviewer"])
    page.goto(f"{live_server.url}/sampling/reviews/")
    page.get_by_role("link", name=sample.number).first.click()
    page.wait_for_selector("text=法制审核：逾期复检申请")
    page.check("input[name=decision][value=accepted]")
    page.fill("textarea[name=opinion]", "逾期系因住院，有证明材料，属正当理由，同意受理")
    page.fill("input[name=decided_on]", "2023-06-21")  # before the submission (today): refused
    page.get_by_role("button", name="提交审核意见").click()
    page.wait_for_selector("text=早于提交审核的日期")
    page.fill("input[name=decided_on]", "2023-12-29")
    page.get_by_role("button", name="提交审核意见").click()
    page.wait_for_selector("text=已记录法制审核意见")
    page.wait_for_selector("text=经法制审核同意受理")
    stored = Sample.objects.get(pk=sample.pk)
    assert stored.retest_requested_on == D(2023, 6, 20) and stored.retest_in_window is False

    _login(page, live_server, settings, world["officer"])
    page.goto(url)
    page.locator("summary", has_text="登记复检结论").click()
    page.select_option("select[name=outcome]", "upheld")
    page.fill("input[name=concluded_on]", "2023-12-29")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记复检结论")
    page.locator("summary", has_text="责令采取处置措施").click()
    page.select_option("select[name=measure]", "recall")
    page.fill("input[name=ordered_on]", "2023-12-29")
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector("text=已登记处置措施")
    page.fill("input[name=completed_on]", "2023-12-29")
    page.get_by_role("button", name="登记完成").click()
    page.wait_for_selector("text=已登记措施完成")
    assert "召回" in page.content()
    assert Sample.objects.get(pk=sample.pk).disposals.get().completed_on == D(2023, 12, 29)


def test_证照分离办件从审批系统导出导入_按改革方式计数(page, live_server, settings, world, tmp_path):
    from fazhi.registry.models import PermitMatter

    lines = [
        "办件编号,许可事项,改革方式,申请人,统一社会信用代码,办结日期,办理部门",
        "XK2023-0001,食品经营许可,实行告知承诺,东丽区示例超市,,2023-03-02,张贵庄市场监管所",
        "XK2023-0002,食品经营许可,告知承诺,东丽区二号超市,,2023-04-02,张贵庄市场监管所",
        "XK2023-0003,小餐饮登记,审批改为备案,东丽区三号面馆,,2023-05-02,张贵庄市场监管所",
        "XK2023-0004,食品经营许可,不存在的方式,东丽区四号超市,,2023-05-03,张贵庄市场监管所",
        "XK2022-0005,工业产品生产许可,优化审批服务,东丽区五号厂,,2022-11-02,张贵庄市场监管所",
    ]
    path = tmp_path / "审批系统导出.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")

    _login(page, live_server, settings, world["chief"])
    page.goto(f"{live_server.url}/sampling/permits/?year=2023")
    page.get_by_role("link", name="导入审批系统导出的办件").click()
    page.select_option("select[name=kind]", "permits")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_selector("#import-result")
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1 and "reform_mode.unknown" in errors.first.inner_text()
    assert PermitMatter.objects.count() == 4

    page.goto(f"{live_server.url}/sampling/permits/?year=2023&mode=notify_commit")
    figures = page.locator(".figures .figure")
    counts = {
        figures.nth(i).locator("span").inner_text(): figures.nth(i).locator("strong").inner_text() for i in range(4)
    }
    assert counts == {"直接取消审批": "0", "审批改为备案": "1", "实行告知承诺": "2", "优化审批服务": "0"}
    rows = page.locator("table tbody tr")
    assert rows.count() == 2 and "XK2023-0001" in page.content() and "XK2023-0003" not in page.content()
    page.select_option("select[name=mode]", "filing")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=XK2023-0003")
    page.goto(f"{live_server.url}/sampling/permits/?year=2022&mode=optimised")
    page.wait_for_selector("text=XK2022-0005")
