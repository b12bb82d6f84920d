"""Browser tests of the credit screens: a removal application decided from the listing page; the public list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listing(department):
    from fazhi.credit import services
    from fazhi.registry.models import AnnualReportFiling, MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    entity = MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "70000001"), name="天津浏览器测试有限公司", kind="enterprise",
        established_on=dt.date(2019, 1, 1), office=department, legal_representative="王小明",
    )  # fmt: skip
    listing = services.abnormal_list_propose(
        entity=entity, ground="annual_report", decided_on=dt.date(2023, 7, 1), basis_ref="", actor=None
    )
    AnnualReportFiling.objects.create(entity=entity, year=2022, filed_on=dt.date(2023, 7, 20))
    return listing


@pytest.fixture
def chief_page(page, live_server, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-08-01"
    user = make_user("section_chief", username="e2e-chief")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    return page


def test_补报年报后申请移出并决定_公示名录不再显示(chief_page, live_server, listing):
    page = chief_page
    page.goto(f"{live_server.url}/credit/listings/{listing.pk}/")
    page.select_option("select[name=cure]", "report_filed")
    page.fill("input[name=received_on]", "2023-08-01")
    page.click("form[action$='/apply/'] button[type=submit]")
    page.wait_for_selector("text=移出决定期限：届满 2023年8月8日")
    page.click("text=准予移出")
    page.wait_for_selector("text=已移出")
    page.goto(f"{live_server.url}/public/credit/")
    assert "天津浏览器测试有限公司" not in page.content()
    page.goto(f"{live_server.url}/public/credit/entities/{listing.entity_id}/")
    assert "2023年7月1日" in page.content() and "王小明" not in page.content()


def test_满3年转入须登记上级机关的列入决定_局负责人登记后显示决定机关(
    page, live_server, make_user, department, settings
):
    """企业信息公示暂行条例（2014）第十七条第二款: the provincial authority lists; the bureau records its decision."""
    from fazhi.credit import services
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    settings.FAZHI_LEGAL_TODAY = "2023-08-01"
    entity = MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "70000002"), name="天津转列测试有限公司", kind="enterprise",
        established_on=dt.date(2019, 1, 1), office=department, legal_representative="赵六",
    )  # fmt: skip
    services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=dt.date(2020, 7, 1), basis_ref="", actor=None
    )
    (proposal,) = services.serious_list_propose_overdue(today=dt.date(2023, 7, 4), actor=None)
    client = Client()
    client.force_login(make_user("leader", username="e2e-leader"))
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/credit/serious/{proposal.pk}/")
    page.fill("input[name=on]", "2023-07-20")
    page.click("text=登记上级机关的列入决定")
    page.wait_for_selector("text=本局只能提请")
    page.fill("input[name=on]", "2023-07-20")
    page.fill("input[name=upper_ref]", "津市监信〔2023〕7号")
    page.fill("input[name=upper_on]", "2023-07-20")
    page.click("text=登记上级机关的列入决定")
    page.wait_for_selector("[data-testid=representative-bar]")
    content = page.content()
    assert "天津市市场监督管理委员会" in content and "津市监信〔2023〕7号" in content and "赵六" in content
