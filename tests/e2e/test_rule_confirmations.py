"""Browser: a legal reviewer confirms an UNCONFIRMED rule value for the bureau on 规则确认 (issue 13 §3)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REF = "deadlines/serious_list_measures.yaml#rules/serious_list.auto_removal/versions/2021-09-01"


def test_法制审核人员核对原文后确认_页面显示确认人与出处(page, live_server, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    user = make_user("legal_reviewer", username="e2e-legal")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/deadlines/rules/")
    row = page.locator(f'tr[data-ref="{REF}"]')
    assert "严重违法失信名单期满移出" in row.inner_text() and "不得单独结束列入名单或公示" in row.inner_text()
    row.locator("textarea[name=source]").fill("《市场监督管理严重违法失信名单管理办法》原文，总局网站")
    row.locator("button.primary").click()
    page.wait_for_selector("text=已确认，本局此后可据该规则值办理")
    row = page.locator(f'tr[data-ref="{REF}"]')
    text = row.inner_text()
    assert "已确认" in text and "e2e-legal" in text and "总局网站" in text
    assert page.inner_text("#confirmed-count") == "1"


def test_规则确认页面展开后只见中文字段名_规则编号以小字显示(page, live_server, make_user, settings):
    import re

    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    user = make_user("legal_reviewer", username="e2e-legal-2")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/deadlines/rules/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    row = page.locator('tr[data-ref="exemptions/samr_2025_first_batch.yaml#items/fv1.unmarked_price"]')
    assert "违法行为：经营者不按规定明码标价" in row.inner_text()
    assert "price.unmarked_price" in row.locator(".rule-id").inner_text()
    # what a person reads, the small id lines aside: no field name, no dotted id
    page.evaluate("document.querySelectorAll('.rule-id').forEach(e => e.remove())")
    text = page.inner_text("body")
    assert re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+", text) == []
