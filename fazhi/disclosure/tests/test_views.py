"""Screens: registering a request with bad input answers field errors (422, nothing saved); the reply letter and
the annual report download as Word and PDF; the public catalogue shows only published entries, masked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from fazhi.disclosure import services
from fazhi.disclosure.models import DisclosureRequest
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db
D = dt.date


def _post(department, **kw):
    data = {
        "department": department.pk, "applicant_name": "王某", "applicant_kind": "natural_person",
        "channel": "in_person", "submitted_on": "2023-03-01", "received_on": "2023-03-01", "content": "某信息",
    }  # fmt: skip
    data.update(kw)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_on": "2023-03-02"}, "received_on"),
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"received_on": "abc"}, "received_on"),
        ({"applicant_name": ""}, "applicant_name"),
        ({"channel": "pigeon"}, "channel"),
        ({"content": "x" * 2001}, "content"),
    ],
)
def test_错误输入显示字段错误(client, role_users, department, changes, field):
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("disclosure:request_new"), _post(department, **changes))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert DisclosureRequest.objects.count() == 0


def test_登记后跳转到申请页面(client, role_users, department):
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("disclosure:request_new"), _post(department))
    r = DisclosureRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disclosure:request_detail", args=[r.pk])
    page = client.get(response["Location"]).content.decode()
    assert "2023-03-29" in page and "答复期限" in page


def test_答复的错误日期显示在字段上(client, role_users, register):
    r = register()
    client.force_login(role_users["legal_reviewer"])
    url = reverse("disclosure:request_act", args=[r.pk, "reply"])
    response = client.post(url, {"reply_type": "disclosed", "on": "2023-02-01", "text": "x", "revision": r.revision})
    assert response.status_code == 422
    assert "on" in response.context["forms"][-1]["form"].errors
    response = client.post(url, {"reply_type": "disclosed", "on": "2023-03-10", "text": "x", "revision": "abc"})
    assert response.status_code == 422


def test_答复书与年度报告下载(client, role_users, register):
    from docx import Document

    r = register()
    services.request_reply(
        request=r, reply_type="disclosed", on=D(2023, 3, 10), text="予以公开", actor=role_users["legal_reviewer"]
    )
    client.force_login(role_users["leader"])
    docx = client.get(reverse("disclosure:request_letter", args=[r.pk]) + "?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "政府信息公开申请答复书" in text and r.reply_number in text and "予以公开" in text
    report = client.get(reverse("disclosure:report") + "?year=2023&format=docx")
    document = Document(io.BytesIO(report.content))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"一、本年新收政府信息公开申请数量", "商业企业", "结果纠正", "本年制发件数"} <= cells
    pdf = client.get(reverse("disclosure:report") + "?year=2023&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("disclosure:report") + "?year=abc").status_code == 200


def test_未答复的申请没有答复书(client, role_users, register):
    r = register()
    client.force_login(role_users["leader"])
    assert client.get(reverse("disclosure:request_letter", args=[r.pk]) + "?format=docx").status_code == 404


def test_公众目录只显示已公开未撤回的信息(client, department, role_users):
    actor = role_users["legal_reviewer"]
    kw = dict(department=department, category="normative", formed_on=D(2023, 3, 1), actor=actor)
    services.document_publish(title="现行有效的通知", published_on=D(2023, 3, 2), **kw)
    gone = services.document_publish(title="已废止的通知", published_on=D(2023, 3, 2), **kw)
    services.document_withdraw(document=gone, on=D(2023, 6, 1), reason="废止", actor=actor)
    html = client.get(reverse("publicity:public_disclosure:catalogue")).content.decode()
    assert "现行有效的通知" in html and "已废止的通知" not in html
    assert_no_personal_data(html)


def _document(department, actor):
    return services.document_publish(
        department=department, title="关于规范登记的通知", category="normative", document_number="津东市监〔2023〕3号",
        formed_on=D(2023, 3, 1), published_on=D(2023, 3, 6), summary="", actor=actor,
    )  # fmt: skip


def test_撤回主动公开信息_公众目录不再显示_理由留存(client, role_users, department, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    d = _document(department, role_users["legal_reviewer"])
    public = reverse("publicity:public_disclosure:catalogue")
    assert "关于规范登记的通知" in client.get(public).content.decode()
    client.force_login(role_users["section_chief"])
    page = client.get(reverse("disclosure:document_detail", args=[d.pk])).content.decode()
    assert "公开中" in page and 'name="reason"' in page
    response = client.post(
        reverse("disclosure:document_withdraw", args=[d.pk]),
        {"on": "2023-09-01", "reason": "该文件已废止", "revision": d.revision},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.withdrawn_on == D(2023, 9, 1) and d.withdraw_reason == "该文件已废止"
    page = client.get(reverse("disclosure:document_detail", args=[d.pk])).content.decode()
    assert "已撤回" in page and "该文件已废止" in page and 'name="reason"' not in page
    client.logout()
    assert "关于规范登记的通知" not in client.get(public).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"on": "2023-03-05", "reason": "已废止"}, "on"),  # before publication
        ({"on": "2024-01-01", "reason": "已废止"}, "on"),  # after the legal today
        ({"on": "2023-02-30", "reason": "已废止"}, "on"),
        ({"on": "2023-09-01", "reason": ""}, "reason"),
        ({"on": "2023-09-01", "reason": "理" * 301}, "reason"),
    ],
)
def test_撤回的错误输入显示字段错误(client, role_users, department, settings, data, field):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    d = _document(department, role_users["legal_reviewer"])
    client.force_login(role_users["legal_reviewer"])
    response = client.post(reverse("disclosure:document_withdraw", args=[d.pk]), data)
    assert response.status_code == 422 and field in response.context["form"].errors
    d.refresh_from_db()
    assert d.withdrawn_on is None


def test_撤回以页面读取时的版本为准_执法人员不能撤回(client, role_users, department, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    d = _document(department, role_users["legal_reviewer"])
    seen = d.revision
    services.document_withdraw(document=d, on=D(2023, 8, 1), reason="他人先撤回", actor=role_users["legal_reviewer"])
    client.force_login(role_users["section_chief"])
    response = client.post(
        reverse("disclosure:document_withdraw", args=[d.pk]), {"on": "2023-09-01", "reason": "后撤回", "revision": seen}
    )
    assert response.status_code == 422
    d.refresh_from_db()
    assert d.withdraw_reason == "他人先撤回"
    other = _document(department, role_users["legal_reviewer"])
    client.force_login(role_users["officer"])
    response = client.post(
        reverse("disclosure:document_withdraw", args=[other.pk]), {"on": "2023-09-01", "reason": "x"}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.withdrawn_on is None


def test_英文浏览器也显示中文错误(client, role_users):
    """A browser asking for English still gets the Chinese screens (Django's own field errors included)."""
    client.force_login(role_users["legal_reviewer"])
    response = client.post(
        reverse("disclosure:request_new"), {"applicant_name": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "This field is required" not in page
    assert "必填" in page
