"""Browser walks of the cases procedure, each step by the role that really takes it:

1. one full ordinary case (普通程序): clue → 立案审批表 (officer proposes, 局负责人 approves) → officers designated
   (科室负责人) → evidence, facts, proposal → case review → 法制审核 → 告知 → the party's period (an early close is
   refused with its reason) → decision (局负责人) → service → payment → 结案审批表 (proposed, approved) → archive;
2. one full simplified-procedure case (简易程序): 当场处罚 by two officers → 备案 (科室负责人) → payment → archive.
"""

from __future__ import annotations

import pytest

from fazhi.cases.models import Case, Clue
from fazhi.cases.tests.conftest import _legal_today, _media, entity, officers, users  # noqa: F401 - fixtures
from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=60000)  # a loaded CI machine: waits, never a timing assertion


def _step(page, live_server, case, view: str, name: str, fields: dict[str, str], *, checks=(), radios=(), selects=()):
    page.goto(f"{live_server.url}/cases/{case.pk}/{view}/{name}/")
    for selector, value in fields.items():
        page.fill(f"[name={selector}]", value)
    for field, value in selects:
        page.select_option(f"select[name={field}]", value)
    for selector in checks:
        page.check(selector)
    for field, value in radios:
        page.check(f"input[name={field}][value={value}]")
    page.click("form button[type=submit]")


def _ok(page):
    page.wait_for_selector(".msg.success")


def test_ordinary_case_walked_by_each_role(page, live_server, users, officers, entity, settings):  # noqa: F811
    officer, chief, reviewer, leader = (
        users["officer"],
        users["section_chief"],
        users["legal_reviewer"],
        users["leader"],
    )
    # 办案人员：登记线索并填写立案审批表。
    _login(page, live_server, officer, settings)
    page.goto(f"{live_server.url}/cases/clues/new/")
    page.select_option("select[name=source_kind]", "tip")
    page.fill("textarea[name=description]", "举报某店销售过期饮料")
    page.fill("input[name=received_on]", "2023-03-01")
    page.click("button[type=submit]")
    page.wait_for_selector("text=填写立案（不予立案）审批表")
    clue = Clue.objects.get()
    form = "form[action$='/propose/']"
    page.check(f"{form} input[name=decision][value=file]")
    page.fill(f"{form} input[name=on]", "2023-03-02")
    page.fill(f"{form} textarea[name=proposal]", "经核查，有证据初步证明当事人销售过期食品，建议立案。")
    page.fill(f"{form} input[name=title]", "销售超过保质期的食品")
    page.select_option(f"{form} select[name=party_kind]", "organisation")
    page.fill(f"{form} input[name=party_name]", "天津市东丽区示例食品店")
    page.fill(f"{form} input[name=party_id_number]", "91120110MA05L5XX2Y")
    page.fill(f"{form} textarea[name=facts_text]", "当事人于2023年2月销售超过保质期的饮料12瓶。")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=待负责人审批")
    assert not Case.objects.exists()  # a proposal is not a case

    # 局负责人：审批立案审批表 — the case and its number exist from here.
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/cases/clues/{clue.pk}/")
    page.check("input[name=approve][value=yes]")
    page.fill("input[name=on]", "2023-03-03")
    page.fill("textarea[name=opinion]", "同意立案，由承办机构指定两名办案人员调查。")
    page.click("form[action$='/approve/decide/'] button[type=submit]")
    page.wait_for_selector("text=津东丽市监立〔2023〕1号")
    case = Case.objects.get()

    # 科室负责人：指定两名办案人员。
    _login(page, live_server, chief, settings)
    _step(page, live_server, case, "approve", "officers", {"on": "2023-03-03"},
          checks=[f"input[name=officers][value='{officers[0].pk}']", f"input[name=officers][value='{officers[1].pk}']"])  # fmt: skip
    _ok(page)

    # 办案人员：证据、裁量事实、处罚建议、调查终结、提交法制审核。
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "evidence", {"title": "现场检查笔录", "obtained_on": "2023-03-06"})
    _ok(page)
    _step(page, live_server, case, "step", "facts", {"on": "2023-03-10", "goods_value": "3000"},
          selects=[("violation_id", "food.expired_food_sale")])  # fmt: skip
    _ok(page)
    _step(page, live_server, case, "step", "propose", {"fine": "70000"})
    _ok(page)
    _step(page, live_server, case, "step", "submit_review", {"on": "2023-03-20"})
    _ok(page)
    _step(page, live_server, case, "step", "request_legal_review", {"on": "2023-03-21"})
    _ok(page)

    # 法制审核人员：审核同意（听证数额标准未经确认，已在审核情形中列明）。
    _login(page, live_server, reviewer, settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.is_visible("text=未经确认")
    _step(page, live_server, case, "review", "legal_review", {"on": "2023-03-22", "text": "同意"},
          radios=[("opinion", "agree")])  # fmt: skip
    _ok(page)

    # 办案人员：负责人批准行政处罚建议前不能告知（程序规定第五十六条）。
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "notify", {"on": "2023-03-27"})
    page.wait_for_selector("text=行政处罚建议尚未经局负责人批准")
    assert Case.objects.get().state == "reviewed"

    # 局负责人：批准行政处罚建议。
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.is_visible("text=批准行政处罚建议（告知前）")
    _step(page, live_server, case, "decide", "approve_proposal", {"on": "2023-03-24", "opinion": "同意"})
    _ok(page)

    # 办案人员：送达告知书；期限届满前结束陈述申辩被拒绝并说明理由；届满后结束。
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "notify", {"on": "2023-03-27"})
    _ok(page)
    _step(page, live_server, case, "step", "close_statement", {"on": "2023-03-29"})
    page.wait_for_selector("text=陈述申辩期限至 2023-04-03 届满")
    assert Case.objects.get().state == "notified"
    _step(page, live_server, case, "step", "close_statement", {"on": "2023-04-04"})
    _ok(page)

    # 局负责人：作出行政处罚决定。
    _login(page, live_server, leader, settings)
    _step(page, live_server, case, "decide", "decide", {"on": "2023-04-06", "reasoning": "违法事实清楚，证据确凿。"})
    page.wait_for_selector("text=津东丽市监处罚〔2023〕1号")

    # 办案人员：送达、登记缴款、提请结案。
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "serve", {"on": "2023-04-07", "place": "当事人经营场所"})
    _ok(page)
    _step(page, live_server, case, "step", "publish", {"on": "2023-04-10"})  # 行政处罚信息公示规定 Art. 9
    _ok(page)
    _step(page, live_server, case, "step", "payment", {"on": "2023-04-14", "amount": "70000"})
    _ok(page)
    # 程序规定 Art. 77: the 结案审批表 within 15 working days of execution — counted by hand over 劳动节 2023 (29 April
    # – 3 May off, Sunday 23 April and Saturday 6 May worked): due Monday 8 May.
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    next_step = page.inner_text("#next-step")
    assert "填写结案审批表" in next_step and "2023-05-08" in next_step
    assert page.is_visible("text=填写结案审批表期限")
    _step(page, live_server, case, "step", "request_close", {"on": "2023-04-17", "proposal": "已执行完毕，建议结案。"})
    _ok(page)
    page.wait_for_selector("text=局负责人：审批结案审批表")

    # 局负责人：批准结案审批表；办案人员：归档。
    _login(page, live_server, leader, settings)
    _step(page, live_server, case, "decide", "close", {"on": "2023-04-18", "opinion": "同意结案。"},
          radios=[("approve", "yes")])  # fmt: skip
    _ok(page)
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "archive", {"on": "2023-04-20"})
    _ok(page)
    case.refresh_from_db()
    assert case.state == "archived" and case.decision_number == "津东丽市监处罚〔2023〕1号"
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    for label in ("立案审批表", "行政处罚告知书", "行政处罚决定书", "送达回证", "结案审批表"):
        assert page.is_visible(f"td:has-text('{label}') + td a:has-text('PDF')")
    assert page.is_visible("text=已结案") or page.is_visible("text=已归档")


def test_summary_case_on_the_spot_filed_paid_archived(page, live_server, users, officers, settings):  # noqa: F811
    officer, chief = users["officer"], users["section_chief"]
    _login(page, live_server, officer, settings)
    page.goto(f"{live_server.url}/cases/summary/new/")
    page.fill("input[name=on]", "2023-06-01")
    page.fill("input[name=place]", "东丽区先锋路某超市")
    page.select_option("select[name=party_kind]", "organisation")
    page.fill("input[name=party_name]", "天津市东丽区某超市")
    page.fill("input[name=party_id_number]", "91120110MA05L5XX2Y")
    page.select_option("select[name=domain]", "price")
    page.select_option("select[name=violation_id]", "price.unmarked_price")
    page.fill("textarea[name=violation_facts]", "当事人销售的12种商品未按规定明码标价。")
    page.fill("input[name=fine]", "5000")
    page.check(f"input[name=officers][value='{officers[0].pk}']")
    page.check(f"input[name=officers][value='{officers[1].pk}']")
    page.check("input[name=credentials_shown]")
    page.check("input[name=rights_told]")
    page.click("button[type=submit]")
    page.wait_for_selector("text=超过简易程序限额")  # 3,000 yuan for an organisation (行政处罚法 Art. 51)
    page.fill("input[name=fine]", "1000")
    page.click("button[type=submit]")
    page.wait_for_selector("text=津东丽市监当罚〔2023〕1号")
    case = Case.objects.get()
    assert case.procedure == "summary" and case.state == "decided"

    _login(page, live_server, chief, settings)
    _step(page, live_server, case, "approve", "record_filing", {"on": "2023-06-02"})
    _ok(page)
    _login(page, live_server, officer, settings)
    _step(page, live_server, case, "step", "payment", {"on": "2023-06-10", "amount": "1000"})
    _ok(page)
    _step(page, live_server, case, "step", "archive", {"on": "2023-06-12"})
    _ok(page)
    case.refresh_from_db()
    assert case.state == "archived"
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.is_visible("td:has-text('当场行政处罚决定书') + td a:has-text('PDF')")
