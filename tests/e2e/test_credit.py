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
