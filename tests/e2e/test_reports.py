"""Browser test of the annual report: 法制科 writes a paragraph, the leader approves, the Word file says it."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, settings, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip


def test_法制科撰写段落_局领导审定_审定稿的文字和数字在Word中(page, live_server, make_user, settings):
    import datetime as dt

    from docx import Document

    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    page.set_default_timeout(20000)
    for n in range(3):  # three entities registered in 2023: the figure the paragraph cites
        MarketEntity.objects.create(
            uscc=make_uscc("120110", "92", f"E{n:07d}"), name=f"测试个体户{n}", kind="individual",
            established_on=dt.date(2023, 3, 1 + n), status="active",
        )  # fmt: skip
    legal = make_user("legal_reviewer", username="e2e-legal")
    leader = make_user("leader", username="e2e-leader")

    login(page, live_server, settings, legal)
    page.goto(f"{live_server.url}/reports/reports/")
    page.locator("tr[data-kind=rule_of_law][data-year='2023'] button:has-text('起草')").click()
    page.wait_for_selector("text=已起草")
    page.locator("[data-key='plans.summary'] a:has-text('修改')").click()
    page.fill(
        "textarea[name=text]",
        "2024年，我局将持续优化营商环境，全年新登记市场主体{registry.entities_new}户的基础上再上台阶。",
    )
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=段落已保存")
    assert "全年新登记市场主体3户的基础上再上台阶" in page.locator("[data-key='plans.summary']").inner_text()
    page.click("button[data-event=submit]")
    page.wait_for_selector("text=已提交领导审定")

    # 三、存在的不足 has only the system's opening sentence: the leader sees it listed and cannot approve.
    login(page, live_server, settings, leader)
    page.goto(f"{live_server.url}/reports/reports/rule_of_law/2023/")
    assert page.locator("#unwritten li").all_inner_texts() == ["三、存在的不足"]
    page.fill("textarea[name=opinion]", "同意报送区委、区政府")
    page.check("input[name=acknowledge_missing]")
    page.click("button[data-event=approve]")
    page.wait_for_selector("text=还没有本局撰写的内容")
    page.fill("textarea[name=opinion]", "请写明存在的不足及其原因")
    page.click("button[data-event=return]")
    page.wait_for_selector("text=已退回修改")

    login(page, live_server, settings, legal)
    page.goto(f"{live_server.url}/reports/reports/rule_of_law/2023/")
    page.click("a:has-text('在“三、存在的不足”中增加一段')")
    page.fill("textarea[name=text]", "基层执法人员对新修订法律的学习不够深入，原因是培训以集中授课为主。")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已增加段落")
    page.click("button[data-event=submit]")
    page.wait_for_selector("text=已提交领导审定")

    login(page, live_server, settings, leader)
    page.goto(f"{live_server.url}/reports/reports/rule_of_law/2023/")
    assert page.locator("#unwritten").count() == 0
    page.fill("textarea[name=opinion]", "同意报送区委、区政府")
    page.check("input[name=acknowledge_missing]")
    page.click("button[data-event=approve]")
    page.wait_for_selector("text=已审定")

    with page.expect_download() as download_info:
        page.click("a:has-text('Word')")
    path = download_info.value.path()
    document = Document(io.BytesIO(open(path, "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全年新登记市场主体3户的基础上再上台阶" in text
    assert "原因是培训以集中授课为主" in text
    assert "【审定稿】" in text and "registry.entities_new" not in text

    # The leader publishes the approved report; a visitor of the public portal reads the approved text and figures.
    page.click("button[data-event=publish]")
    page.wait_for_selector("text=已公开")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/reports/")
    page.click("a:has-text('2023年法治政府建设年度报告')")
    frame = page.frame_locator("iframe.report-frame")
    expect(frame.locator("body")).to_contain_text("全年新登记市场主体3户的基础上再上台阶")
    expect(frame.locator("body")).to_contain_text("原因是培训以集中授课为主")


def test_政府信息公开年报_公开办撰写_局领导审定并公开_公众看到三张表(
    page, live_server, make_user, department, settings
):
    """The second report of the engine, walked as its users would: the disclosure office writes 六、其他需要报告的事项,
    the leader sees the missing fee table listed, approves and publishes; Word has the official head; the public
    page shows the tables with the counts of the records."""
    import datetime as dt

    from docx import Document

    from fazhi.disclosure.models import DisclosureRequest

    settings.FAZHI_LEGAL_TODAY = "2024-01-20"
    page.set_default_timeout(20000)
    legal = make_user("legal_reviewer", username="e2e-disclosure")
    leader = make_user("leader", username="e2e-leader2")
    for n, (kind, received) in enumerate([("natural_person", dt.date(2023, 3, 1)), ("business", dt.date(2023, 9, 1))]):
        DisclosureRequest.objects.create(
            number=f"GK-{n}", department=department, applicant_name="申请人", applicant_kind=kind,
            applicant_kind_label="x", channel="in_person", channel_label="当面提交", submitted_on=received,
            received_on=received, receipt_rule="r", content="c", created_by=legal, status="replied",
            replied_on=received + dt.timedelta(days=10), reply_type="disclosed", reply_group="disclosed",
        )  # fmt: skip

    login(page, live_server, settings, legal)
    page.goto(f"{live_server.url}/reports/reports/")
    page.locator("tr[data-kind=disclosure][data-year='2023'] button:has-text('起草')").click()
    page.wait_for_selector("text=已起草")
    requests_table = page.locator("[data-table=requests]")
    assert "申请人情况" in requests_table.inner_text()
    first_row = requests_table.locator("tbody tr").first.inner_text()
    assert first_row.split() == ["一、本年新收政府信息公开申请数量", "1", "1", "0", "0", "0", "0", "2"]
    page.locator("[data-key='other.fees'] a:has-text('修改')").click()
    page.fill("textarea[name=text]", "{year}年本机关未收取信息处理费。")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=段落已保存")
    page.click("a:has-text('在“五、存在的主要问题及改进情况”中增加一段')")
    page.fill("textarea[name=text]", "依申请公开的答复流转环节较多，下一年度将压缩内部流转时限。")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已增加段落")
    page.click("button[data-event=submit]")
    page.wait_for_selector("text=已提交领导审定")

    login(page, live_server, settings, leader)
    page.goto(f"{live_server.url}/reports/reports/disclosure/2023/")
    assert "行政事业性收费金额" in page.locator("#missing").inner_text()
    page.fill("textarea[name=opinion]", "同意公开")
    page.check("input[name=acknowledge_missing]")
    page.click("button[data-event=approve]")
    page.wait_for_selector("text=已审定")
    page.click("button[data-event=publish]")
    page.wait_for_selector("text=已公开")

    with page.expect_download() as download_info:
        page.click("a:has-text('Word')")
    document = Document(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2023年本机关未收取信息处理费。" in text and "【审定稿】" in text
    table = next(t for t in document.tables if t.cell(0, 1).text == "申请人情况")
    assert table.cell(0, 1)._tc is table.cell(0, 7)._tc

    # The public copy: the page frames the report document, served from this site.
    page.context.clear_cookies()
    body = page.request.get(f"{live_server.url}/public/reports/disclosure/2023/document/").text()
    assert "三、收到和处理政府信息公开申请情况" in body and "2023年本机关未收取信息处理费。" in body
    assert "申请人情况" in body
    # …and a visitor's browser shows it (the text lives in the embedded frame's document)
    page.goto(f"{live_server.url}/public/reports/disclosure/2023/")
    frame = page.frame_locator("iframe.report-frame")
    expect(frame.locator("body")).to_contain_text("三、收到和处理政府信息公开申请情况")
    expect(frame.locator("table").first).to_be_visible()
