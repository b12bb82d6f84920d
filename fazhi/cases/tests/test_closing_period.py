"""程序规定 Art. 77: "适用普通程序的案件有以下情形之一的，办案机构应当在十五个工作日内填写结案审批表，经市场监督管理部门
负责人批准后，予以结案" — the 15 working days are a tracked period, shown on the case page, in the queues and in the
overdue lists, counted by the calendar, and met when the handler fills in the 结案审批表.

Dates counted by hand with the 2023 holiday notice (国办发明电〔2022〕16号): 劳动节 29 April – 3 May off, Sunday
23 April and Saturday 6 May worked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.cases.services import progress
from fazhi.deadlines.models import DeadlineStatus

from .conftest import FILED

pytestmark = pytest.mark.django_db

PAID = dt.date(2023, 4, 10)  # Monday
# 11–14 April (4), 17–21 April (9), Sunday 23 April worked (10), 24–28 April (15): due Friday 28 April.
CLOSING_DUE = dt.date(2023, 4, 28)


def _executed(make_case, users):
    case = make_case("served")
    services.case_record_payment(case=case, on=PAID, amount=Decimal("70000"), actor=users["officer"])
    return Case.objects.get(pk=case.pk)


def test_execution_opens_the_15_working_day_closing_period_counted_by_the_calendar(make_case, users):
    case = _executed(make_case, users)
    period = progress.open_deadline(case, "case.closing")
    assert period is not None and period.status == DeadlineStatus.OPEN
    assert (period.start_on, period.due_on, period.length, period.unit) == (PAID, CLOSING_DUE, 15, "working_days")
    assert "第七十七条" in period.citation and period.rule_status == "TEXT"
    # Who acts next and by when: the handler, the 结案审批表, by the period's due date.
    assert (case.next_role, case.next_due_on) == ("handler", CLOSING_DUE)
    assert "结案审批表" in case.next_action


def test_the_period_is_met_when_the_closing_form_is_filled_in_and_the_leader_has_no_clock(make_case, users):
    case = _executed(make_case, users)
    services.case_request_close(
        case=case, on=dt.date(2023, 4, 27), proposal="执行完毕，建议结案", actor=users["officer"]
    )
    period = progress.open_deadline(case, "case.closing")
    assert (period.status, period.met_on) == (DeadlineStatus.MET, dt.date(2023, 4, 27))
    case.refresh_from_db()
    assert (case.next_role, case.next_due_on) == ("leader", None)


def test_an_overdue_closing_form_is_visible_on_the_case_page_and_in_the_overdue_list(client, make_case, users):
    case = _executed(make_case, users)  # the fixture's legal today is 2023-12-31: long past 28 April
    client.force_login(users["officer"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "已超期" in page and "2023-04-28" in page and "填写结案审批表期限" in page
    overdue = client.get(reverse("cases:case_list") + "?clock=overdue").content.decode()
    assert case.number in overdue
    due_soon = client.get(reverse("cases:case_list") + "?clock=due_soon").content.decode()
    assert case.number not in due_soon
    # Filled in late: met, and recorded as late (after the due date).
    services.case_request_close(case=case, on=dt.date(2023, 5, 8), proposal="建议结案", actor=users["officer"])
    period = progress.open_deadline(case, "case.closing")
    assert period.status == DeadlineStatus.MET and period.met_on > period.due_on
    overdue = client.get(reverse("cases:case_list") + "?clock=overdue").content.decode()
    assert case.number not in overdue


def test_a_termination_starts_the_period_on_its_own_day(make_case, users):
    case = make_case("filed")
    on = FILED + dt.timedelta(days=4)  # Tuesday 7 March 2023
    services.case_terminate(case=case, on=on, reason="当事人已注销，无权利义务承受人", actor=users["leader"])
    period = progress.open_deadline(case, "case.closing")
    # 8–10 March (3), 13–17 (8), 20–24 (13), 27–28 March (15).
    assert (period.start_on, period.due_on) == (on, dt.date(2023, 3, 28))
