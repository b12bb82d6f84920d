"""The legal-affairs screens: a matter is recorded and completed on screen; bad input is a field error, not a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.legal_affairs import services
from fazhi.legal_affairs.models import LegalMatter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def _matter(user, department, **extra):
    return services.matter_record(
        department=department, kind="contract_review", handler_kind="public_lawyer", handler_name="李律师",
        title="办公楼物业服务合同审查", received_on=dt.date(2023, 5, 8), actor=user, **extra,
    )  # fmt: skip


def test_登记后进入事项页_办结后显示法律意见(client, role_users, department):
    client.force_login(role_users["legal_reviewer"])
    response = client.post(
        reverse("legal_affairs:matter_list"),
        {"department": department.pk, "kind": "contract_review", "handler_kind": "public_lawyer",
         "handler_name": "李律师", "title": "办公楼物业服务合同审查", "received_on": "2023-05-08"},
    )  # fmt: skip
    m = LegalMatter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("legal_affairs:matter_detail", args=[m.pk])
    page = client.get(response["Location"]).content.decode()
    assert "办理中" in page and 'name="opinion"' in page
    response = client.post(
        reverse("legal_affairs:matter_complete", args=[m.pk]),
        {"on": "2023-05-15", "opinion": "第七条违约责任不对等，建议修改后签订"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.completed_on == dt.date(2023, 5, 15) and m.opinion.startswith("第七条")
    assert AuditEvent.objects.filter(action="legal_affairs.matter_complete", object_id=str(m.pk)).count() == 1
    page = client.get(reverse("legal_affairs:matter_detail", args=[m.pk])).content.decode()
    assert "已办结" in page and "第七条违约责任不对等" in page and 'name="opinion"' not in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"on": "2023-05-01", "opinion": "意见"}, "on"),  # before receipt
        ({"on": "2024-01-02", "opinion": "意见"}, "on"),  # after the legal today
        ({"on": "2023-13-45", "opinion": "意见"}, "on"),  # not a date
        ({"on": "2023-05-15", "opinion": ""}, "opinion"),  # the result is required
        ({"on": "2023-05-15", "opinion": "长" * 4001}, "opinion"),
    ],
)
def test_办结的错误输入显示字段错误(client, role_users, department, data, field):
    m = _matter(role_users["legal_reviewer"], department)
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("legal_affairs:matter_complete", args=[m.pk]), data)
    assert response.status_code == 422 and field in response.context["form"].errors
    m.refresh_from_db()
    assert m.completed_on is None


def test_已办结的事项不能再办结_无权者不能办结(client, role_users, department):
    u = role_users["legal_reviewer"]
    m = _matter(u, department, completed_on=dt.date(2023, 5, 10), opinion="已出具意见")
    client.force_login(u)
    response = client.post(
        reverse("legal_affairs:matter_complete", args=[m.pk]), {"on": "2023-05-15", "opinion": "再办"}
    )
    assert response.status_code == 422
    m.refresh_from_db()
    assert m.completed_on == dt.date(2023, 5, 10) and m.opinion == "已出具意见"
    open_matter = _matter(u, department)
    client.force_login(role_users["officer"])
    response = client.post(
        reverse("legal_affairs:matter_complete", args=[open_matter.pk]), {"on": "2023-05-15", "opinion": "x"}
    )
    assert response.status_code == 403
    open_matter.refresh_from_db()
    assert open_matter.completed_on is None


def test_办结与他人同时提交时只有一人成功(role_users, department):
    u = role_users["legal_reviewer"]
    m = _matter(u, department)
    stale = LegalMatter.objects.get(pk=m.pk)
    services.matter_complete(matter=m, on=dt.date(2023, 5, 12), opinion="先办结", actor=u)
    with pytest.raises(DomainError) as exc:
        services.matter_complete(matter=stale, on=dt.date(2023, 5, 13), opinion="后办结", actor=u)
    assert exc.value.code == "legal_affairs.completed"
    m.refresh_from_db()
    assert m.completed_on == dt.date(2023, 5, 12) and m.opinion == "先办结"
