"""Browser tests of 学法普法: a section chief records a study session with its attendance; a typical case is
written from a closed penalty case, approved by the legal section and published masked on the portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, settings, user):
    browser_login(page, live_server, user, timeout_ms=15000)


@pytest.fixture
def people(department, settings):
    from fazhi.core.models import User
    from fazhi.registry.models import Officer

    settings.FAZHI_LEGAL_TODAY = "2023-12-29"
    officers = [
        Officer.objects.create(name=n, certificate_number=f"12011066{i:04d}", certificate_expires_on=dt.date(2030, 1, 1),
                               department=department)
        for i, n in enumerate(["孙浩然", "钱雪梅", "李立新"])
    ]  # fmt: skip
    chief = User.objects.create(username="e2e-chief", role="section_chief", department=department, officer=officers[0],
                                display_name="孙浩然")  # fmt: skip
    reviewer = User.objects.create(username="e2e-legal", role="legal_reviewer", department=department,
                                   display_name="法制科")  # fmt: skip
    return {"officers": officers, "chief": chief, "reviewer": reviewer}


def test_科室负责人登记干部学法并登记出勤(page, live_server, settings, people, department):
    _login(page, live_server, settings, people["chief"])
    page.goto(f"{live_server.url}/activities/sessions/new/")
    page.select_option("select[name=kind]", "cadre_study")
    page.fill("input[name=held_on]", "2023-12-20")
    page.fill("input[name=title]", "学习新修订的行政复议法")
    page.fill("textarea[name=laws_studied]", "中华人民共和国行政复议法")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=登记出勤：")
    page.check(f"input[name=a_{people['officers'][0].pk}][value=present]")
    page.check(f"input[name=a_{people['officers'][1].pk}][value=present]")
    page.check(f"input[name=a_{people['officers'][2].pk}][value=leave]")
    page.get_by_role("button", name="保存出勤").click()
    page.wait_for_selector("text=已保存出勤：出席 2 人，请假 1 人")
    assert "钱雪梅" in page.content() and "李立新（请假）" in page.content()
    # Bad input is answered on the field: a date after today.
    page.goto(f"{live_server.url}/activities/sessions/new/")
    page.select_option("select[name=kind]", "cadre_study")
    page.fill("input[name=held_on]", "2024-03-01")
    page.fill("input[name=title]", "将来的学习")
    page.fill("textarea[name=laws_studied]", "宪法")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=晚于今天")


def test_典型案例经审核后脱敏发布(page, live_server, settings, people, department):
    from fazhi.cases.models import Case

    case = Case.objects.create(
        number="东市监立〔2023〕88号", department=department, title="销售超过保质期的食品", domain="food",
        party_kind="natural_person", party_name="赵德明", party_id_number="120110197805061234",
        party_address="天津市东丽区万新街道成林道66号2单元301室",
        facts_text="执法人员检查当事人赵德明（身份证号120110197805061234，电话13912345678）经营的便利店，发现过期食品。",
        state="closed", filed_on=dt.date(2023, 3, 2), decision_kind="penalty", decided_on=dt.date(2023, 5, 10),
        fine=Decimal("3000.00"), closed_on=dt.date(2023, 6, 20),
    )  # fmt: skip
    _login(page, live_server, settings, people["chief"])
    page.goto(f"{live_server.url}/activities/cases/new/")
    page.get_by_role("button", name="以此案撰写").click()
    page.wait_for_selector("textarea[name=analysis]")
    page.fill(
        "textarea[name=analysis]",
        "经营者应当定期检查库存食品，及时清理超过保质期的食品。本案当事人赵德明未履行该义务。",
    )
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("#preview-facts")
    assert "赵**" in page.inner_text("#preview-facts") and "赵德明" not in page.inner_text("#preview-facts")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("text=已提交审核")
    _login(page, live_server, settings, people["reviewer"])
    page.goto(f"{live_server.url}/activities/cases/")
    page.get_by_role("link", name="销售超过保质期的食品案").first.click()
    page.fill("textarea[name=opinion]", "同意发布")
    page.get_by_role("button", name="审核通过并发布").click()
    page.wait_for_selector("text=审核通过，已在公示网站发布")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/activities/cases/")
    page.get_by_role("link", name="销售超过保质期的食品案").click()
    html = page.content()
    from fazhi.rulebook.masking import assert_no_personal_data

    assert_no_personal_data(html)
    for secret in ("赵德明", "120110197805061234", "13912345678", "成林道66号"):
        assert secret not in html
    assert "赵**" in html and "以案释法" in html
    assert case.pk
