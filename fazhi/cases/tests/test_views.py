"""Screens: department scoping, steps through their forms with Chinese errors (never a code, never a 500), the
case page (who acts next, Chinese names only), public masking, downloads, payment and publicity steps.

The permission matrix over every URL is ``test_permissions.py`` (reviewed data in permissions.yaml).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(make_case, users, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-05-01"
    case = make_case(
        "decided",
        party_kind="natural_person",
        facts={"party_kind": "natural_person", "goods_value": "3000", "first_violation_within_2_years": True},
    )
    case.party_id_number = "120110198001011234"
    case.save(update_fields=["party_id_number"])
    services.publication_publish(
        publication=case.publication, on=case.decided_on + dt.timedelta(days=2), actor=users["officer"]
    )
    return case


def test_an_officer_of_another_department_cannot_see_the_case(client, make_user, other_department, sample):
    client.force_login(make_user("officer", dept=other_department, username="other"))
    assert client.get(reverse("cases:case_detail", args=[sample.pk])).status_code == 404
    assert sample.number not in client.get(reverse("cases:case_list")).content.decode()


def test_case_page_shows_clocks_discretion_status_timeline_and_who_acts_next_in_chinese(client, role_users, sample):
    client.force_login(role_users["officer"])
    html = client.get(reverse("cases:case_detail", args=[sample.pk])).content.decode()
    assert "办案期限" in html and "依据" in html and "未经确认" in html
    assert "作出行政处罚决定" in html and sample.decision_number in html
    assert "下一步" in html and "办案人员（王明、李华）：送达决定书" in html
    for raw in ("cases.", "decide_penalty", "UNCONFIRMED", "SECONDARY", "rb-", "food.expired_food_sale"):
        assert raw not in html.replace("/cases/", "")


def test_a_step_through_its_form_with_the_service_error_in_chinese(client, role_users, sample):
    client.force_login(role_users["officer"])
    url = reverse("cases:case_step", args=[sample.pk, "notify"])
    response = client.post(url, {"on": "2023-05-01", "revision": sample.revision})
    html = response.content.decode()
    assert (
        response.status_code == 400 and "不能“送达行政处罚告知书”" in html and "cases.transition_forbidden" not in html
    )
    response = client.post(
        reverse("cases:case_step", args=[sample.pk, "serve"]),
        {"on": "2023-04-10", "method": "direct", "place": "经营场所", "revision": sample.revision},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=sample.pk).state == "served"


def test_a_stale_page_is_refused_and_a_bad_revision_is_a_field_error(client, role_users, sample):
    client.force_login(role_users["officer"])
    url = reverse("cases:case_step", args=[sample.pk, "serve"])
    data = {"on": "2023-04-10", "method": "direct", "place": "经营场所"}
    html = client.post(url, {**data, "revision": "abc"}).content.decode()
    assert "页面版本号无效" in html
    html = client.post(url, {**data, "revision": str(sample.revision - 1)}).content.decode()
    assert "已被他人修改" in html
    assert Case.objects.get(pk=sample.pk).state == "decided"


def test_list_filters_overdue(client, role_users, make_case, settings):
    case = make_case("filed")
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    client.force_login(role_users["section_chief"])
    html = client.get(reverse("cases:case_list") + "?clock=overdue").content.decode()
    assert case.number in html and "已超期" in html
    assert client.get(reverse("cases:case_list") + "?page=abc").status_code == 200


def test_public_pages_show_no_personal_data(client, sample):
    for url in (
        reverse("publicity:public_cases:publication_list"),
        reverse("publicity:public_cases:publication_detail", args=[sample.publication.pk]),
    ):
        html = client.get(url).content.decode()
        assert sample.decision_number in html
        assert sample.party_name not in html
        assert_no_personal_data(html)


def test_pdf_and_word_download(client, role_users, sample):
    client.force_login(role_users["auditor"])
    r = client.get(reverse("cases:case_document", args=[sample.pk, "penalty_decision", "docx"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")


def test_case_page_offers_only_steps_the_state_allows_and_the_role_may_do(client, role_users, make_case):
    case = make_case("case_review")
    assert case.state == "case_review"

    def step_url(view, step):
        return reverse(f"cases:{view}", args=[case.pk, step])

    client.force_login(role_users["officer"])
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert step_url("case_step", "request_legal_review") in html  # allowed in 案件审核, officer may handle
    assert step_url("case_decide", "decide") not in html  # only 局负责人 decides
    assert step_url("case_approve", "review_pass") not in html  # only 科室负责人 / 局负责人 approve
    assert step_url("case_step", "notify") not in html  # the state table refuses 告知 before review
    assert step_url("case_step", "suspend") not in html  # 中止 only during investigation

    client.force_login(role_users["leader"])
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert step_url("case_decide", "decide") in html and step_url("case_approve", "review_pass") in html
    assert step_url("case_step", "request_legal_review") not in html

    client.force_login(role_users["auditor"])
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "您当前没有可办理的步骤" in html and "科室负责人：案件审核" in html


def _detail(client, case) -> str:
    return client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()


def test_instalments_are_approved_through_the_form_and_only_by_an_approver(client, role_users, make_case):
    case = make_case("served")
    url = reverse("cases:case_decide", args=[case.pk, "arrange_payment"])
    due = case.payment_due_on
    plan = f"{due + dt.timedelta(days=30)} 30000\n{due + dt.timedelta(days=60)} 40000"

    data = {"applied_on": "2023-04-08", "on": "2023-04-09", "kind": "instalments", "instalments": plan}
    client.force_login(role_users["section_chief"])
    assert url not in _detail(client, case)
    assert client.post(url, data).status_code == 403

    client.force_login(role_users["leader"])
    assert url in _detail(client, case)
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.payment_due_on == due + dt.timedelta(days=60)
    assert [i["amount"] for i in case.payment_arrangement["instalments"]] == ["30000.00", "40000.00"]
    assert "分期缴纳" in _detail(client, case)


def test_instalments_that_do_not_add_up_or_cannot_be_read_are_refused_in_chinese(client, role_users, make_case):
    case = make_case("served")
    url = reverse("cases:case_decide", args=[case.pk, "arrange_payment"])
    due = case.payment_due_on
    client.force_login(role_users["leader"])
    short = f"{due + dt.timedelta(days=30)} 30000"
    base = {"applied_on": "2023-04-08", "on": "2023-04-09"}
    html = client.post(url, {**base, "kind": "instalments", "instalments": short}).content.decode()
    assert "应等于罚没款" in html and "cases.bad_arrangement" not in html
    html = client.post(url, {**base, "kind": "instalments", "instalments": "下月 三万"}).content.decode()
    assert "第 1 行应为" in html
    html = client.post(url, {**base, "kind": "deferral"}).content.decode()
    assert "暂缓缴纳至" in html
    case.refresh_from_db()
    assert case.payment_arrangement == {} and case.payment_due_on == due


def test_a_deferral_moves_the_date_and_the_payment_is_recorded_without_surcharge(client, role_users, make_case):
    case = make_case("served")
    until = case.payment_due_on + dt.timedelta(days=90)
    client.force_login(role_users["leader"])
    response = client.post(
        reverse("cases:case_decide", args=[case.pk, "arrange_payment"]),
        {"applied_on": "2023-04-08", "on": "2023-04-09", "kind": "deferral", "until": until.isoformat()},
    )
    assert response.status_code == 302
    client.force_login(role_users["officer"])
    pay = reverse("cases:case_step", args=[case.pk, "payment"])
    assert pay in _detail(client, case)
    html = client.post(pay, {"on": until.isoformat(), "amount": "100"}).content.decode()
    assert "实缴 100.00 元" in html
    assert client.post(pay, {"on": until.isoformat(), "amount": str(case.fine)}).status_code == 302
    case.refresh_from_db()
    assert case.state == "executed" and case.surcharge == 0


def test_publication_is_published_and_withdrawn_through_the_case_page(client, role_users, make_case):
    case = make_case(
        "decided",
        party_kind="natural_person",
        facts={"party_kind": "natural_person", "goods_value": "3000", "first_violation_within_2_years": True},
    )
    publish = reverse("cases:case_step", args=[case.pk, "publish"])
    withdraw = reverse("cases:case_approve", args=[case.pk, "withdraw_publication"])

    client.force_login(role_users["officer"])
    html = _detail(client, case)
    assert publish in html and withdraw not in html and "待公示" in html
    early = (case.decided_on - dt.timedelta(days=1)).isoformat()
    html = client.post(publish, {"on": early}).content.decode()
    assert "公示日期" in html and "早于" in html
    assert client.post(publish, {"on": (case.decided_on + dt.timedelta(days=2)).isoformat()}).status_code == 302
    case.publication.refresh_from_db()
    assert case.publication.status == "published"
    assert publish not in _detail(client, case)
    later = (case.decided_on + dt.timedelta(days=30)).isoformat()
    assert client.post(withdraw, {"on": later, "reason": "复议撤销"}).status_code == 403

    client.force_login(role_users["section_chief"])
    assert withdraw in _detail(client, case)
    html = client.post(withdraw, {"on": later, "reason": ""}).content.decode()
    assert "field-error" in html
    case.publication.refresh_from_db()
    assert case.publication.status == "published"
    assert client.post(withdraw, {"on": later, "reason": "行政复议决定撤销原处罚决定"}).status_code == 302
    case.publication.refresh_from_db()
    assert case.publication.status == "withdrawn" and case.publication.withdrawal_reason.startswith("行政复议")
    html = _detail(client, case)
    assert withdraw not in html and "已撤下" in html
    assert "该公示已撤下" in client.post(withdraw, {"on": later, "reason": "再次"}).content.decode()


def test_case_page_names_who_designated_the_officers_and_never_prints_none(client, role_users, sample):
    """The designation line says who and when; a designation recorded without its person (an import of old cases)
    shows the date alone, never "None"."""
    client.force_login(role_users["section_chief"])
    url = reverse("cases:case_detail", args=[sample.pk])
    Case.objects.filter(pk=sample.pk).update(officers_assigned_by=role_users["section_chief"])
    assert f"{role_users['section_chief']} 于 " in client.get(url).content.decode()
    Case.objects.filter(pk=sample.pk).update(officers_assigned_by=None)
    page = client.get(url).content.decode()
    assert f"{sample.officers_assigned_on:%Y-%m-%d} 指定" in page
    assert "None" not in page


def test_the_clue_list_offers_registering_a_clue_only_to_who_may(client, role_users):
    new = reverse("cases:clue_new")
    client.force_login(role_users["officer"])
    assert new in client.get(reverse("cases:clue_list")).content.decode()
    for role in ("legal_reviewer", "leader", "auditor"):
        client.force_login(role_users[role])
        assert client.get(new).status_code == 403, role
        assert new not in client.get(reverse("cases:clue_list")).content.decode(), role
