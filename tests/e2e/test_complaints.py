"""Browser tests of complaints and tips, each step done by the role that really does it (issue 11 checks):
one complaint from intake to a successful mediation, one tip from intake to a clue in the cases module with its
respondent, and the refusals (a future date, a wrong USCC check character, a ground that needs legal review)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def _open(page, action):
    """Unfold one step of the complaint page (each step is a <details>; the first one is open)."""
    page.eval_on_selector(f"#step-{action}", "e => { e.open = true; }")


@pytest.fixture
def people(make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return {
        "officer": make_user("officer", username="e2e-officer"),
        "chief": make_user("section_chief", username="e2e-chief"),
        "leader": make_user("leader", username="e2e-leader"),
        "reviewer": make_user("legal_reviewer", username="e2e-reviewer"),
        "auditor": make_user("auditor", username="e2e-auditor"),
    }


@pytest.fixture
def company(department):
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    return MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "MA05JX11"),
        name="天津市东丽区示例超市有限公司",
        kind="enterprise",
        established_on=dt.date(2015, 1, 1),
        office=department,
        domicile="天津市东丽区张贵庄路1号",
    )


def test_投诉_执法人员登记受理调解_科室负责人查看_审计只读(page, live_server, people, settings):
    _login(page, live_server, people["officer"], settings)
    page.goto(f"{live_server.url}/complaints/new/")
    page.fill("input[name=received_on]", "2023-06-01")
    page.fill("input[name=consumer_name]", "张三")
    page.fill("input[name=consumer_phone]", "13812345678")
    page.fill("input[name=respondent_name]", "东丽区某某餐馆")
    page.select_option("select[name=category]", "food")
    page.fill("textarea[name=description]", "饭菜变质，要求退款")
    page.click("form button[type=submit]")
    page.wait_for_selector("#next-step >> text=作出受理或者不予受理的决定")
    assert "2023-06-12" in page.inner_text("#next-step")
    assert "13812345678" not in page.content()
    _open(page, "accept")
    page.fill("#step-accept input[name=on]", "2023-06-02")
    page.click("#step-accept button[type=submit]")
    page.wait_for_selector("#status >> text=已受理")
    _open(page, "start_mediation")
    page.check("#step-start_mediation input[name=method][value=remote]")
    page.click("#step-start_mediation button[type=submit]")
    page.wait_for_selector("#status >> text=调解中")
    _open(page, "succeed")
    page.fill("#step-succeed input[name=on]", "2023-06-20")
    page.fill("#step-succeed input[name=recovered_amount]", "300")
    page.fill("#step-succeed textarea[name=note]", "商家同意退款")
    page.click("#step-succeed button[type=submit]")
    page.wait_for_selector("#status >> text=已办结")
    assert "挽回经济损失 300.00 元" in page.content()
    url = page.url
    _login(page, live_server, people["chief"], settings)
    page.goto(url)
    page.wait_for_selector("text=办理完毕")
    _login(page, live_server, people["auditor"], settings)
    page.goto(url)
    page.wait_for_selector("#status >> text=已办结")
    assert page.locator("#steps").count() == 0 and "查看完整联系方式" not in page.content()


def test_举报_登记后移交_案件模块看到带被举报主体的线索(page, live_server, people, company, settings):
    _login(page, live_server, people["officer"], settings)
    page.goto(f"{live_server.url}/complaints/new/")
    page.check("input[name=kind][value=tip]")
    page.fill("input[name=received_on]", "2023-06-01")
    page.fill("input[name=consumer_name]", "李四")
    page.fill("input[name=consumer_phone]", "13900001111")
    page.fill("input[name=respondent_uscc]", company.uscc)
    page.select_option("select[name=category]", "food")
    page.fill("textarea[name=description]", "该超市销售过期牛奶")
    page.click("form button[type=submit]")
    page.wait_for_selector("#next-step >> text=移交案件线索核查")
    _open(page, "hand_over")
    page.fill("#step-hand_over input[name=on]", "2023-06-02")
    page.click("#step-hand_over button[type=submit]")
    page.wait_for_selector("#handover >> text=已移交")
    assert "负责人决定是否立案" in page.inner_text("#next-step")
    page.click("#handover a")
    page.wait_for_selector("text=涉嫌违法的当事人")
    content = page.content()
    assert company.name in content and "法人或其他组织" in content and "该超市销售过期牛奶" in content
    assert page.input_value("#id_party_name") == company.name
    assert page.input_value("#id_party_kind") == "organisation"  # not 自然人 for a company
    page.click("text=TS2023-000001")  # the clue links back to its tip
    page.wait_for_selector("#status >> text=已移交线索核查")
    tip_url = page.url
    # The 负责人 decides on the clue (立案), then the real-name reporter is told (Order No. 20 Art. 31(2)).
    _login(page, live_server, people["chief"], settings)
    page.goto(tip_url)
    page.click("#handover a")
    page.wait_for_selector("text=涉嫌违法的当事人")
    clue_url = page.url
    # 立案审批表: the chief proposes, the 局负责人 approves; the case exists from the approval.
    form = "form[action$='/propose/']"
    page.check(f"{form} input[name=decision][value=file]")
    page.fill(f"{form} input[name=on]", "2023-06-09")
    page.fill(f"{form} textarea[name=proposal]", "经核查，有证据初步证明被举报人销售过期食品，建议立案。")
    page.fill(f"{form} input[name=title]", "销售超过保质期的食品")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=待负责人审批")
    _login(page, live_server, people["leader"], settings)
    page.goto(clue_url)
    page.check("input[name=approve][value=yes]")
    page.fill("input[name=on]", "2023-06-09")
    page.fill("textarea[name=opinion]", "同意立案。")
    page.click("form[action$='/approve/decide/'] button[type=submit]")
    page.wait_for_selector("text=市监立〔2023〕")
    from fazhi.cases.models import Case

    case_number = str(Case.objects.get()).split()[0]
    _login(page, live_server, people["chief"], settings)
    page.goto(clue_url)
    page.fill("input[name=on]", "2023-06-12")
    page.fill("textarea[name=text]", "经核查已立案调查")
    page.click("form[action$='/notify/'] button[type=submit]")
    page.wait_for_selector("text=已于 2023-06-12 告知")
    # The officer sees the clue's progress on the tip, and the tip's help link opens its section of the guide.
    _login(page, live_server, people["officer"], settings)
    page.goto(tip_url)
    handover = page.inner_text("#handover")
    assert "已立案" in handover and case_number in handover and "2023-06-12 已告知举报人" in handover
    page.click("header >> text=帮助")
    page.wait_for_url("**/help/officer/#complaints")
    assert page.locator("h2#complaints").is_visible() and "办理举报" in page.content()


def test_拒绝_将来日期_错误的信用代码_存疑事由须法制审核(page, live_server, people, company, settings):
    from fazhi.complaints import services

    _login(page, live_server, people["officer"], settings)
    page.goto(f"{live_server.url}/complaints/new/")
    page.fill("input[name=received_on]", "2023-06-01")
    page.fill("input[name=respondent_name]", company.name)
    page.fill("input[name=respondent_uscc]", company.uscc[:-1] + ("0" if company.uscc[-1] != "0" else "1"))
    page.click("form button[type=submit]")
    page.wait_for_selector("text=校验")  # a field error, in Chinese; nothing stored
    assert "uscc." not in page.inner_text("main")
    (c,) = services.submission_register(
        kind="complaint", channel="12315", received_on=dt.date(2023, 6, 1), respondent_name="某店", category="food",
        actor=people["officer"],
    )  # fmt: skip
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    page.fill("#step-accept input[name=on]", "2023-07-02")
    page.click("#step-accept button[type=submit]")
    page.wait_for_selector("text=晚于今天")
    assert "date.future" not in page.inner_text("main")
    # After 2026-04-15 a termination on a ground whose text is unconfirmed waits for legal review.
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (late,) = services.submission_register(
        kind="complaint", channel="12315", received_on=dt.date(2026, 6, 1), respondent_name="某店", category="food",
        actor=people["officer"],
    )  # fmt: skip
    services.complaint_accept(complaint=late, on=dt.date(2026, 6, 2), actor=people["officer"])
    page.goto(f"{live_server.url}/complaints/{late.pk}/")
    _open(page, "terminate")
    page.fill("#step-terminate input[name=on]", "2026-06-10")
    page.select_option("#step-terminate select[name=ground]", "refusal_ground_found")
    page.click("#step-terminate button[type=submit]")
    page.wait_for_selector("#status >> text=待法制审核")
    assert "法制审核人员" in page.inner_text("#next-step")
    _login(page, live_server, people["reviewer"], settings)
    page.goto(f"{live_server.url}/complaints/?view=review")
    page.click(f"text={late.number}")
    page.wait_for_selector("#legal-review >> text=未经确认")
    page.check("input[name=decision][value=confirm]")
    page.click("#legal-review button[type=submit]")
    page.wait_for_selector("#status >> text=已办结")
    assert "终止调解" in page.content()
