"""Screens: the issue form refuses a measure without a fair-competition conclusion with a Chinese message; bad input
answers field errors; the public lists show the valid and the repealed documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.normative_docs import services
from fazhi.normative_docs.models import NormativeDocument
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db
D = dt.date


def test_没有审查结论的出台被拒绝(client, role_users, discussed):
    document = discussed()
    client.force_login(role_users["leader"])
    response = client.post(
        reverse("normative_docs:document_act", args=[document.pk, "issue"]),
        {"on": "2024-09-20", "document_number": "东市监规〔2024〕1号", "revision": document.revision},
    )
    assert response.status_code == 422
    form = response.context["forms"][0]["form"]
    assert form.errors.as_data()["__all__"][0].code == "normative_docs.fair_competition_missing"
    document.refresh_from_db()
    assert document.status == "discussed"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"drafted_on": "2030-01-01"}, "drafted_on"),
        ({"drafted_on": "x"}, "drafted_on"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_起草的错误输入(client, role_users, department, changes, field):
    client.force_login(role_users["legal_reviewer"])
    data = {
        "department": department.pk,
        "title": "办法",
        "drafted_on": "2024-09-02",
        "affects_business": "on",
        **changes,
    }
    response = client.post(reverse("normative_docs:document_new"), data)
    assert response.status_code == 422 and field in response.context["form"].errors
    assert NormativeDocument.objects.count() == 0


def test_审查表单的例外须有期限(client, role_users, draft):
    document = draft()
    client.force_login(role_users["legal_reviewer"])
    response = client.post(
        reverse("normative_docs:document_act", args=[document.pk, "fair"]),
        {
            "on": "2024-09-05",
            "findings": ["cost_2"],
            "conclusion": "exception",
            "conclusion_text": "补贴",
            "exception_reason": "应急",
        },
    )
    assert response.status_code == 422
    assert "exception_until" in response.context["forms"][-1]["form"].errors


def test_公众目录(client, role_users, discussed):
    valid, gone = discussed(affects_business=False, title="现行办法"), discussed(affects_business=False, title="旧办法")
    for i, d in enumerate((valid, gone)):
        services.document_issue(
            document=d, on=D(2024, 9, 20), document_number=f"东市监规〔2024〕{i + 1}号", actor=role_users["leader"]
        )
    services.document_repeal(document=gone, on=D(2024, 10, 1), reason="上位法废止", actor=role_users["legal_reviewer"])
    html = client.get(reverse("publicity:public_normative_docs:valid")).content.decode()
    assert "现行办法" in html and "旧办法" not in html
    assert_no_personal_data(html)
    html = client.get(reverse("publicity:public_normative_docs:repealed")).content.decode()
    assert "旧办法" in html and "现行办法" not in html
