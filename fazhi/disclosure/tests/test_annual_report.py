"""The annual disclosure report's deadline (政府信息公开条例 Art. 49 para 1: 县级以上人民政府部门应当在每年1月31日前向
本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布): opened per report year as a
tracked deadline, due 31 January of the next year whatever the weekday (a fixed date, not rolled), closed by recording
the submission and publication; shown on the disclosure screens and the home page's deadline list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.disclosure import selectors, services
from fazhi.disclosure.models import AnnualReport

pytestmark = pytest.mark.django_db
D = dt.date


def _clock(report):
    return TrackedDeadline.objects.get(owner_type="disclosure.annualreport", owner_id=str(report.pk))


def _publish(report, user, **kw):
    args = dict(
        report=report, submitted_on=D(2023, 1, 16), submitted_to="区人民政府办公室", published_on=D(2023, 1, 18),
        published_where="区政府门户网站“政府信息公开年报”栏目", actor=user,
    )  # fmt: skip
    args.update(kw)
    return services.annual_report_publish(**args)


def test_登记年度报告期限_次年1月31日_依据第四十九条(role_users):
    report = services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    clock = _clock(report)
    assert (clock.start_on, clock.due_on, clock.status) == (D(2022, 12, 31), D(2023, 1, 31), DeadlineStatus.OPEN)
    assert "第四十九条" in clock.citation
    assert report.due_on == D(2023, 1, 31)
    assert AuditEvent.objects.filter(action="disclosure.report_open", object_id=str(report.pk)).exists()


def test_1月31日是休息日也不顺延(role_users, settings):
    # 2021-01-31 and 2027-01-31 are Sundays: the regulation names a fixed date (每年1月31日前).
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    assert services.annual_report_open(year=2020, actor=role_users["legal_reviewer"]).due_on == D(2021, 1, 31)
    assert services.annual_report_open(year=2026, actor=role_users["legal_reviewer"]).due_on == D(2027, 1, 31)


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2024, "disclosure.report_year_future"),  # the legal today is 2023-12-31
        (2018, "deadline.no_version"),  # the 2019 regulation (in force 2019-05-15) has no earlier version
        ("二〇二二", "number.format"),
    ],
)
def test_不能登记的年度(role_users, year, code):
    with pytest.raises(DomainError) as exc:
        services.annual_report_open(year=year, actor=role_users["legal_reviewer"])
    assert exc.value.code == code
    assert exc.value.field == "year"
    assert not AnnualReport.objects.exists()
    assert not TrackedDeadline.objects.filter(owner_type="disclosure.annualreport").exists()


def test_每年只登记一次(role_users):
    services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    with pytest.raises(DomainError) as exc:
        services.annual_report_open(year=2022, actor=role_users["section_chief"])
    assert exc.value.code == "disclosure.report_opened"
    assert TrackedDeadline.objects.filter(owner_type="disclosure.annualreport").count() == 1


def test_执法人员和局领导不能登记(role_users):
    for role in ("officer", "leader", "auditor"):
        with pytest.raises(DomainError):
            services.annual_report_open(year=2022, actor=role_users[role])
    assert not AnnualReport.objects.exists()


def test_按期公布_关闭期限(role_users):
    report = services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    _publish(report, role_users["section_chief"])
    report.refresh_from_db()
    clock = _clock(report)
    assert (clock.status, clock.met_on) == (DeadlineStatus.MET, D(2023, 1, 18))  # the later of the two steps
    assert (report.published_on, report.published_late, report.published_by) == (
        D(2023, 1, 18), False, role_users["section_chief"],
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="disclosure.report_publish", object_id=str(report.pk)).exists()
    with pytest.raises(DomainError) as exc:
        _publish(report, role_users["section_chief"])
    assert exc.value.code == "disclosure.report_published"


def test_2月才公布_记为逾期(role_users):
    report = services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    _publish(report, role_users["legal_reviewer"], submitted_on=D(2023, 1, 30), published_on=D(2023, 2, 1))
    report.refresh_from_db()
    assert report.published_late is True
    assert _clock(report).met_on == D(2023, 2, 1)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"published_on": D(2022, 12, 30)}, "published_on", "date.too_early"),  # before the report year ended
        ({"submitted_on": D(2024, 1, 2)}, "submitted_on", "date.future"),
        ({"submitted_to": ""}, "submitted_to", "cell.required"),
        ({"published_where": "x" * 301}, "published_where", "cell.too_long"),
    ],
)
def test_公布的错误输入按字段拒绝(role_users, changes, field, code):
    report = services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    with pytest.raises(DomainError) as exc:
        _publish(report, role_users["legal_reviewer"], **changes)
    assert (exc.value.code, exc.value.field) == (code, field)
    report.refresh_from_db()
    assert report.published_on is None
    assert _clock(report).status == DeadlineStatus.OPEN


def test_首页和信息公开页显示年度报告期限(client, role_users, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-01-20"
    services.annual_report_open(year=2022, actor=role_users["legal_reviewer"])
    panels = selectors.home_panels(role_users["officer"])
    assert panels[0]["items"][0]["text"] == "2022年政府信息公开工作年度报告"
    assert panels[0]["items"][0]["note"] == "2023-01-31 前提交并公布"
    client.force_login(role_users["officer"])
    page = client.get(reverse("disclosure:home")).content.decode()
    assert "2022 年度" in page and "2023-01-31" in page and "期限未登记" in page  # 2023 not yet opened
    settings.FAZHI_LEGAL_TODAY = "2023-02-01"
    assert selectors.home_panels(role_users["officer"])[0]["items"][0]["tone"] == "bad"
    assert "已逾期" in client.get(reverse("disclosure:home")).content.decode()


def test_年度报告页面_登记期限和公布(client, role_users, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-01-20"
    client.force_login(role_users["section_chief"])
    url = reverse("disclosure:report") + "?year=2022"
    assert "期限尚未登记" in client.get(url).content.decode()
    response = client.post(reverse("disclosure:report_act", kwargs={"year": 2022, "action": "open"}))
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2022)
    page = client.get(url).content.decode()
    assert "2023-01-31 前提交并公布" in page and "登记提交和公布" in page
    bad = client.post(
        reverse("disclosure:report_act", kwargs={"year": 2022, "action": "publish"}),
        {"revision": report.revision, "submitted_on": "2023-01-19", "submitted_to": "区人民政府办公室",
         "published_on": "2023-01-21", "published_where": "区政府门户网站"},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "晚于今天" in bad.content.decode()
    ok = client.post(
        reverse("disclosure:report_act", kwargs={"year": 2022, "action": "publish"}),
        {"revision": report.revision, "submitted_on": "2023-01-19", "submitted_to": "区人民政府办公室",
         "published_on": "2023-01-20", "published_where": "区政府门户网站"},
    )  # fmt: skip
    assert ok.status_code == 302
    assert "按期公布" in client.get(url).content.decode()
    # opening twice answers with the Chinese message, not a 500
    again = client.post(reverse("disclosure:report_act", kwargs={"year": 2022, "action": "open"}), follow=True)
    assert "已登记" in again.content.decode()


def test_执法人员看得到期限但没有登记按钮(client, role_users, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-01-20"
    client.force_login(role_users["officer"])
    page = client.get(reverse("disclosure:report") + "?year=2022").content.decode()
    assert "期限尚未登记" in page and "登记2022年度报告期限" not in page
    response = client.post(reverse("disclosure:report_act", kwargs={"year": 2022, "action": "open"}))
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()
