"""Issue 11, penalty cases: one browser test per numbered finding, each showing the thing refused with its Chinese
reason on the screen the user really works on (the fixtures drive a case to the step by the roles that take it).
"""

# ruff: noqa: F811 - the fixtures imported from the cases tests are parameters here

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.models import Case, Clue
from fazhi.cases.tests.conftest import (  # noqa: F401 - fixtures
    NOTIFIED,
    _legal_today,
    _media,
    entity,
    make_case,
    officers,
    users,
)
from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=60000)


def _submit_step(page, live_server, case, view, name, fields):
    page.goto(f"{live_server.url}/cases/{case.pk}/{view}/{name}/")
    for field, value in fields.items():
        page.fill(f"[name={field}]", value)
    page.click("form button[type=submit]")


def test_finding_1_a_document_exists_only_from_its_step_and_says_what_was_recorded(
    page, live_server, make_case, users, settings
):
    case = make_case("decided")
    _login(page, live_server, users["officer"], settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.is_visible("text=尚未生成：须先“送达决定书”")
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/closing_approval.html")
    assert page.is_visible("text=须先“局负责人批准结案”")
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/no_penalty_decision.html")
    assert page.is_visible("text=不出具不予行政处罚决定书")
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/filing_approval.html")
    body = page.inner_text("body")
    assert "同意立案。" in body and users["leader"].display_name in body  # who approved, with what opinion
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/penalty_decision.html")
    assert "现场检查笔录" in page.inner_text("body")  # the evidence recorded, not boilerplate


def test_finding_2_the_officer_cannot_approve_filing_the_leader_does(page, live_server, users, department, settings):
    from fazhi.cases import services

    clue = services.clue_register(
        source_kind="tip", description="举报销售过期食品", received_on=dt.date(2023, 3, 1), department=department,
        actor=users["officer"],
    )  # fmt: skip
    services.filing_propose(
        clue=clue, decision="file", on=dt.date(2023, 3, 2), proposal="建议立案", actor=users["officer"],
        title="销售过期食品", party_kind="organisation", party_name="某店", facts_text="销售过期饮料",
    )  # fmt: skip
    _login(page, live_server, users["officer"], settings)
    page.goto(f"{live_server.url}/cases/clues/{clue.pk}/")
    assert page.is_visible("text=待负责人审批")
    assert page.locator("form[action$='/approve/decide/']").count() == 0  # no approval form for the officer
    response = page.goto(f"{live_server.url}/cases/clues/{clue.pk}/approve/decide/")
    assert response is not None and response.status == 403
    assert not Case.objects.exists()

    _login(page, live_server, users["leader"], settings)
    page.goto(f"{live_server.url}/cases/clues/{clue.pk}/")
    page.check("input[name=approve][value=yes]")
    page.fill("input[name=on]", "2023-03-03")
    page.fill("textarea[name=opinion]", "同意立案。")
    page.click("form[action$='/approve/decide/'] button[type=submit]")
    page.wait_for_selector("text=津东丽市监立〔2023〕1号")
    assert Clue.objects.get().status != "verifying" and Case.objects.get().filed_on == dt.date(2023, 3, 3)


def test_finding_2_the_leader_refuses_the_proposal_and_the_notice_prints_the_approval(
    page, live_server, make_case, users, settings
):
    """程序规定 Art. 56: the 负责人 may refuse the proposal (the case returns to the 办案机构, with the opinion); the
    行政处罚告知书 prints the approval it was issued on."""
    from fazhi.cases import services

    case = make_case("reviewed")
    _login(page, live_server, users["leader"], settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.is_visible("text=不批准行政处罚建议（退回办案机构）")
    _submit_step(page, live_server, case, "decide", "refuse_proposal",
                 {"on": NOTIFIED.isoformat(), "opinion": "罚款数额依据不足，请补充调查后重新提出"})  # fmt: skip
    page.wait_for_selector(".msg.success")
    assert page.is_visible("text=罚款数额依据不足，请补充调查后重新提出")  # the 审批记录
    assert Case.objects.get(pk=case.pk).state == "investigating"
    case.refresh_from_db()
    services.case_submit_review(case=case, on=NOTIFIED, actor=users["officer"])
    services.case_review_pass(case=case, on=NOTIFIED, actor=users["section_chief"])
    _submit_step(page, live_server, case, "decide", "approve_proposal", {"on": NOTIFIED.isoformat(), "opinion": "同意"})
    page.wait_for_selector(".msg.success")
    _login(page, live_server, users["officer"], settings)
    _submit_step(page, live_server, case, "step", "notify", {"on": NOTIFIED.isoformat()})
    page.wait_for_selector(".msg.success")
    page.goto(f"{live_server.url}/cases/{case.pk}/documents/prior_notice.html")
    body = page.inner_text("body")
    assert f"经本局负责人{users['leader'].display_name}批准" in body and "审批意见：同意。" in body


def test_finding_3_the_party_period_runs_out_unless_waived_in_writing(
    page, live_server, make_case, users, settings, tmp_path
):
    case = make_case("notified")
    _login(page, live_server, users["officer"], settings)
    early = (NOTIFIED + dt.timedelta(days=3)).isoformat()
    _submit_step(page, live_server, case, "step", "close_statement", {"on": early})
    page.wait_for_selector("text=陈述申辩期限至 2023-03-31 届满")
    assert page.is_visible("text=请先登记放弃声明")
    assert Case.objects.get(pk=case.pk).state == "notified"

    # A "scan" that is a web page named .pdf is refused by its content, with the reason at the field.
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html><body>not a scan</body></html>")
    page.goto(f"{live_server.url}/cases/{case.pk}/step/waiver/")
    page.check("input[name=scope][value=statement]")
    page.fill("input[name=signed_on]", early)
    page.fill("input[name=signatory]", "周经理")
    page.set_input_files("input[name=file]", str(fake))
    page.click("form button[type=submit]")
    page.wait_for_selector(".field-error >> text=只能上传 PDF、JPG、PNG（按文件内容识别，不看扩展名）")
    assert not case.waivers.exists()

    scan = tmp_path / "waiver.pdf"
    scan.write_bytes(b"%PDF-1.4 signed waiver page")
    page.goto(f"{live_server.url}/cases/{case.pk}/step/waiver/")
    page.check("input[name=scope][value=statement]")
    page.fill("input[name=signed_on]", early)
    page.fill("input[name=signatory]", "周经理")
    page.set_input_files("input[name=file]", str(scan))
    page.click("form button[type=submit]")
    page.wait_for_selector(".msg.success")
    _submit_step(page, live_server, case, "step", "close_statement", {"on": early})
    page.wait_for_selector(".msg.success")
    case.refresh_from_db()
    assert case.state == "statement_closed" and case.statement_basis == "waived"


def test_finding_4_a_future_date_is_refused_and_consumes_no_number(page, live_server, make_case, users, settings):
    case = make_case("statement_closed")
    _login(page, live_server, users["leader"], settings)
    _submit_step(page, live_server, case, "decide", "decide", {"on": "2024-01-05", "reasoning": "事实清楚。"})
    page.wait_for_selector("text=晚于今天")
    _submit_step(page, live_server, case, "decide", "decide", {"on": "2023-03-02", "reasoning": "事实清楚。"})
    page.wait_for_selector("text=早于")
    case.refresh_from_db()
    assert case.state == "statement_closed" and case.decision_number == ""
    _submit_step(page, live_server, case, "decide", "decide", {"on": "2023-04-03", "reasoning": "事实清楚。"})
    page.wait_for_selector("text=津东丽市监处罚〔2023〕1号")  # the first number: nothing was consumed before


def test_finding_5_bad_codes_and_amounts_are_chinese_field_errors(page, live_server, make_case, users, settings):
    case = make_case("proposed")
    _login(page, live_server, users["officer"], settings)
    for amount in ("1e400", "99999999999999"):
        _submit_step(page, live_server, case, "step", "propose", {"fine": amount})
        page.wait_for_selector(".field-error")
        assert "金额" in page.inner_text(".field.has-error")
    clue = Clue.objects.get(pk=case.clue_id)
    from fazhi.cases import services

    other = services.clue_register(
        source_kind="tip", description="另一举报", received_on=dt.date(2023, 3, 1), department=clue.department,
        actor=users["officer"],
    )  # fmt: skip
    page.goto(f"{live_server.url}/cases/clues/{other.pk}/")
    form = "form[action$='/propose/']"
    page.check(f"{form} input[name=decision][value=file]")
    page.fill(f"{form} input[name=on]", "2023-03-02")
    page.fill(f"{form} textarea[name=proposal]", "建议立案。")
    page.fill(f"{form} input[name=title]", "销售过期食品")
    page.select_option(f"{form} select[name=party_kind]", "organisation")
    page.fill(f"{form} input[name=party_name]", "某店")
    page.fill(f"{form} input[name=party_id_number]", "91120110MA05L5XX2K")  # wrong check character
    page.fill(f"{form} textarea[name=facts_text]", "案情")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=校验码")
    assert Clue.objects.get(pk=other.pk).status == "verifying"


def test_finding_7_the_queue_says_who_acts_next_due_first(page, live_server, make_case, users, settings):
    later = make_case("filed")
    sooner = make_case("notified")
    _login(page, live_server, users["section_chief"], settings)
    page.goto(f"{live_server.url}/cases/")
    html = page.content()
    assert html.index(sooner.number) < html.index(later.number)
    page.goto(f"{live_server.url}/cases/queue/")
    assert page.is_visible("text=科室负责人：指定两名以上办案人员")
    page.goto(f"{live_server.url}/cases/{sooner.pk}/")
    assert page.is_visible("text=办案人员（王明、李华）：结束陈述申辩")


def test_finding_8_screens_speak_chinese_and_date_inputs_keep_their_value(
    page, live_server, make_case, users, settings
):
    case = make_case("decided")
    _login(page, live_server, users["officer"], settings)
    for path in (f"/cases/{case.pk}/", "/cases/", "/cases/queue/", f"/cases/clues/{case.clue_id}/"):
        page.goto(f"{live_server.url}{path}")
        text = page.inner_text("body")
        for raw in ("cases.", "food.expired_food_sale", "UNCONFIRMED", "SECONDARY", "rb-", "None"):
            assert raw not in text, (path, raw)
    page.goto(f"{live_server.url}/cases/{case.pk}/step/serve/")
    assert page.input_value("input[name=on]") == "2023-12-31"
    labels = [t.strip() for t in page.locator("form label").all_inner_texts()]
    assert labels and not [t for t in labels if t.endswith(":")], labels  # “送达日期：”, never an English colon
    assert page.is_visible("a:has-text('帮助')")
