"""Browser: a citizen picks a rule, enters a date and sees the due date with the marked month calendar."""

from __future__ import annotations

import pytest


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_计算器_选择规则输入日期_看到届满日和日历(page, live_server):
    page.goto(f"{live_server.url}/deadlines/calculator/")
    page.select_option("#id_rule", "complaint.acceptance")
    page.fill("#id_start", "2023-09-28")
    page.fill("#id_as_of", "2023-10-09")
    page.click("button.primary")
    page.wait_for_selector("#due-date")
    assert page.inner_text("#due-date") == "2023-10-13"
    assert page.locator('td.holiday[data-date="2023-10-02"]').count() == 1
    assert page.locator('td.makeup_working[data-date="2023-10-07"]').count() == 1
    assert page.locator('td.due[data-date="2023-10-13"]').count() == 1
    assert "第十四条" in page.inner_text("#deadline-result")
    # htmx swapped the result in place and pushed a shareable URL.
    assert "rule=complaint.acceptance" in page.url


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_计算器_2027年安排未公布_按法定节日临时计算并说明原因(page, live_server):
    page.goto(f"{live_server.url}/deadlines/calculator/")
    page.select_option("#id_rule", "case.hearing_request")
    page.fill("#id_start", "2026-12-28")
    page.check("#id_provisional")
    page.click("button.primary")
    page.wait_for_selector("#due-date")
    # 元旦（2027年1月1日）依法放假；1月4日可能补假：当事人的期间取最晚可能日。
    assert page.inner_text("#due-date") == "2027-01-06"
    reason = page.inner_text("#provisional-reason")
    assert "2027 年节假日安排尚未公布" in reason and "不早于法定期限" in reason
    assert page.locator('td.holiday[data-date="2027-01-01"]').count() == 1
    assert page.locator('td.possible_rest[data-date="2027-01-04"]').count() == 1
