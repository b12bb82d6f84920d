"""The public calculator and the administrator's calendar-year pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.testing import check_response, permission_matrix_cases
from fazhi.deadlines import services
from fazhi.deadlines.models import CalendarYear

URLS = [
    ("deadlines:calculator", {}),
    ("deadlines:calendar_years", {}),
    ("deadlines:calendar_year_edit", {"year": 2027}),
]
COVERED_URL_NAMES = frozenset(name for name, _ in URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("case", permission_matrix_cases(URLS), ids=str)
def test_permission_matrix(case, client, role_users):
    if case.role != "anonymous":
        client.force_login(role_users[case.role])
    check_response(case, client.get(case.url))


@pytest.mark.django_db
def test_计算器_显示届满日_依据_日历(client):
    url = reverse("deadlines:calculator")
    response = client.get(url, {"rule": "complaint.acceptance", "start": "2023-09-28", "as_of": "2023-10-09"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="due-date">2023-10-13<' in html
    assert "第十四条" in html and "已用 3 个工作日" in html
    assert 'class="holiday" title="2023-10-02 国庆节"' in html
    assert 'class="makeup_working" title="2023-10-07 国庆节调休上班"' in html
    assert 'class="working due"' in html and "2023 年 9 月" in html and "2023 年 10 月" in html


@pytest.mark.django_db
def test_计算器_htmx_只返回结果片段(client):
    response = client.get(
        reverse("deadlines:calculator"), {"rule": "complaint.acceptance", "start": "2023-09-28"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="due-date"' in html and "<html" not in html


@pytest.mark.django_db
def test_计算器_未确认规则显示警告_未载入年份报错(client):
    url = reverse("deadlines:calculator")
    html = client.get(url, {"rule": "complaint.acceptance", "start": "2027-03-01"}).content.decode()
    assert 'data-code="calendar.year_not_loaded"' in html and "2027 年的节假日安排尚未载入" in html
    html = client.get(
        url, {"rule": "complaint.acceptance", "start": "2027-03-01", "provisional": "on"}
    ).content.decode()
    assert "临时结果" in html and "未经确认" in html


@pytest.mark.django_db
def test_计算器_扣除期间与延长(client):
    url = reverse("deadlines:calculator")
    base = {"rule": "case.handling", "start": "2023-03-01"}
    plain = client.get(url, base).context["result"].due
    suspended = client.get(
        url, {**base, "suspend_start_1": "2023-03-10", "suspend_end_1": "2023-03-19", "suspend_kind_1": "testing"}
    ).context
    assert suspended["result"].due > plain
    bad = client.get(url, {**base, "suspend_start_1": "2023-03-10"})
    assert "请同时填写" in bad.content.decode()
    no_kind = client.get(url, {**base, "suspend_start_1": "2023-03-10", "suspend_end_1": "2023-03-19"})
    assert "请选择扣除期间的类型" in no_kind.content.decode()


@pytest.mark.django_db
def test_计算器_临时结果写明原因和期间性质(client):
    url = reverse("deadlines:calculator")
    html = client.get(
        url, {"rule": "case.hearing_request", "start": "2026-12-28", "provisional": "on"}
    ).content.decode()
    assert 'id="provisional-reason"' in html and "2027-01-06" in html
    assert "当事人的期间按最晚可能的届满日计算" in html and "当事人的期间" in html
    html = client.get(url, {"rule": "case.limitation", "start": "2024-02-15"}).content.decode()
    # 追责时效是行政机关职权的存续期间：2026-02-15（春节）届满，不顺延。
    assert "2026-02-15" in html and "届满日不因节假日顺延" in html


@pytest.mark.django_db
def test_管理员录入年份_重算并报告移动的期限(client, role_users):
    d = services.deadline_open(
        owner=("complaints.complaint", "1"), rule_id="complaint.acceptance", start=dt.date(2027, 3, 1)
    )
    client.force_login(role_users["admin"])
    url = reverse("deadlines:calendar_year_edit", kwargs={"year": 2027})
    form = {
        "instrument": "国务院办公厅关于2027年部分节假日安排的通知",
        "notice_number": "国办发明电〔2026〕9号",
        "status": "TEXT",
        "last_verified_on": "2026-11-26",
        "days": "2027-01-01 元旦 休\n2027-03-02 测试节 休\n2027-03-03 测试节 休\n2027-03-06 测试节 班\n",
        "complete": "on",
    }
    response = client.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="recompute-report"' in html
    assert "2027-03-11" in html and "推后 1 日" in html and "临时结果转为正式" in html
    d.refresh_from_db()
    assert d.due_on == dt.date(2027, 3, 10 + 1) and not d.provisional
    assert CalendarYear.objects.get(year=2027).days.count() == 4


@pytest.mark.django_db
def test_管理员录入_错误行逐行报告(client, role_users):
    client.force_login(role_users["admin"])
    url = reverse("deadlines:calendar_year_edit", kwargs={"year": 2027})
    form = {
        "instrument": "通知",
        "status": "TEXT",
        "last_verified_on": "2026-11-26",
        "days": "2027-01-01 元旦 休\n2026-12-31 元旦 休\n2027-01-01 元旦 休\n2027-03-03 x 班\nbad line",
    }
    html = client.post(url, form).content.decode()
    assert "不属于 2027 年" in html and "重复" in html and "不是周六或周日" in html and "第 5 行格式" in html
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_年份列表_预填规则库年份_未公布年份按法定节日临时计算(client, role_users, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    services.deadline_open(owner=("cases.case", "1"), rule_id="case.hearing_request", start=dt.date(2026, 12, 28))
    client.force_login(role_users["admin"])
    html = client.get(reverse("deadlines:calendar_years")).content.decode()
    assert "2026" in html and 'id="pending-years"' in html
    assert "2027 年（临时日历）" in html and "1月1日 元旦" in html and "2月5日 春节" in html
    assert '<b id="provisional-open">1</b>' in html
    html = client.get(reverse("deadlines:calendar_year_edit", kwargs={"year": 2026})).content.decode()
    assert "2026-01-01 元旦 休" in html


@pytest.mark.django_db
def test_api_计算期限(client, role_users):
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=role_users["officer"], name="t", token_hash=ApiToken.hash_token(raw))
    headers = {"Authorization": f"Bearer {raw}"}
    r = client.get(
        "/api/v1/deadlines/compute", {"rule": "complaint.acceptance", "start": "2023-09-28"}, headers=headers
    )
    assert r.status_code == 200 and r.json()["due"] == "2023-10-13"
    r = client.get("/api/v1/deadlines/compute", {"rule": "nope", "start": "2023-09-28"}, headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "deadline.unknown_rule"
    assert client.get("/api/v1/deadlines/compute", {"rule": "x", "start": "2023-09-28"}).status_code == 401
    assert any(x["id"] == "case.handling" for x in client.get("/api/v1/deadlines/rules", headers=headers).json())


@pytest.mark.django_db
def test_计算器的期限规则只显示中文名称_名称在同一法律文件内不重复(client):
    from fazhi.deadlines.forms import rule_choices

    groups = rule_choices()
    for _instrument, items in groups:
        names = [label for _id, label in items]
        assert len(names) == len(set(names)), names
    html = client.get(reverse("deadlines:calculator")).content.decode()
    assert '<option value="case.payment">' in html
    assert "（case.payment）" not in html and "(case.payment)" not in html
