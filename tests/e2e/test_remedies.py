"""Browser: a legal reviewer registers a reconsideration of a penalty decision, sees its 10-day answer clock and
registers the written answer; the leader records that the decision was revoked, and the case page shows it with
its publicity withdrawn. A lawsuit's hearing without the head in court needs a lawful reason."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services as case_services
from fazhi.cases.tests.conftest import D0, entity, make_case, officers, users  # noqa: F401 - fixtures
from fazhi.core.testing import browser_login
from fazhi.remedies.tests.conftest import _legal_today, register  # noqa: F401 - fixtures


def _login(page, live_server, user) -> None:
    browser_login(page, live_server, user)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_登记复议_十日答复期限_提交答复_撤销处罚后撤回公示(page, live_server, make_case, users, department):  # noqa: F811
    from fazhi.remedies.models import Reconsideration

    case = make_case("served")
    case_services.publication_publish(publication=case.publication, on=dt.date(2023, 4, 10), actor=users["officer"])
    _login(page, live_server, users["legal_reviewer"])
    page.goto(f"{live_server.url}/remedies/reconsiderations/new/")
    page.select_option("select[name=department]", str(department.pk))
    page.select_option("select[name=act_kind]", "penalty")
    page.fill("input[name=case_number]", case.number)
    page.fill("input[name=act_description]", "行政处罚决定")
    page.fill("input[name=applicant_name]", "某食品店")
    page.select_option("select[name=applicant_kind]", "organisation")
    page.fill("input[name=applied_on]", "2023-05-04")
    page.fill("input[name=copy_received_on]", "2024-05-08")  # after the legal today: refused on its field
    page.click("main button[type=submit]")
    page.wait_for_selector("text=晚于今天")
    page.fill("input[name=copy_received_on]", "2023-05-08")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已登记")
    r = Reconsideration.objects.get()
    # 行政复议法 (2017) 第二十三条: ten days from receipt of the copy — 2023-05-18
    assert "2023-05-18" in page.inner_text("main")

    page.click("summary:has-text('登记提交的材料')")
    page.select_option("form[action$='/submit/'] select[name=kind]", "answer")
    page.fill("form[action$='/submit/'] input[name=title]", "行政复议答复书")
    page.fill("form[action$='/submit/'] input[name=submitted_on]", "2023-05-15")
    page.click("form[action$='/submit/'] button[type=submit]")
    page.wait_for_selector("text=2023-05-15 已提交")

    _login(page, live_server, users["leader"])
    page.goto(f"{live_server.url}/remedies/reconsiderations/{r.pk}/")
    form = "form[action$='/conclude/']"
    page.select_option(f"{form} select[name=outcome]", "revoked")
    page.fill(f"{form} input[name=decided_on]", "2023-07-03")
    page.fill(f"{form} input[name=known_on]", "2023-07-01")  # before the decision: refused
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=早于决定的日期")
    page.fill(f"{form} input[name=known_on]", "2023-07-05")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form}", state="detached")
    case.publication.refresh_from_db()
    assert case.publication.status == "withdrawn"
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    text = page.inner_text("main")
    assert "行政复议、行政诉讼" in text and "撤销（含部分撤销）" in text


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_诉讼开庭_负责人未出庭须有理由_出庭后计入出庭记录(page, live_server, register, users):  # noqa: F811
    s = register["lawsuit"]()
    _login(page, live_server, users["legal_reviewer"])
    page.goto(f"{live_server.url}/remedies/lawsuits/{s.pk}/")
    form = "form[action$='/hearing/']"
    page.click("summary:has-text('登记开庭')")
    page.fill(f"{form} input[name=held_on]", "2023-05-10")
    page.fill(f"{form} input[name=delegate_name]", "王某")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
    assert s.hearings.count() == 0  # neither in court nor a lawful reason: refused
    page.goto(f"{live_server.url}/remedies/lawsuits/{s.pk}/")
    page.click("summary:has-text('登记开庭')")
    page.fill(f"{form} input[name=held_on]", "2023-05-10")
    page.check(f"{form} input[name=head_appeared]")
    page.fill(f"{form} input[name=head_name]", "王局长")
    page.select_option(f"{form} select[name=head_position]", "principal")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=王局长")
    assert s.hearings.get().head_appeared
