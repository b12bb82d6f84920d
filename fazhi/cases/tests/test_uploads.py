"""Uploads in cases go through the one upload check of fazhi.core.uploads (content, size, type) and are served as
downloads only: the waiver's signed page and evidence files alike (issue 11 item 2 of the follow-up, issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.models import Waiver
from fazhi.core.errors import DomainError

from .conftest import NOTIFIED

pytestmark = pytest.mark.django_db

SIGNED = NOTIFIED + dt.timedelta(days=1)


def _waive(case, users, content, filename="声明.pdf"):
    return services.case_record_waiver(
        case=case, scope="statement", signed_on=SIGNED, signatory="周经理", content=content, filename=filename,
        actor=users["officer"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "cases.waiver_file_empty"),
        (b"<html><script>alert(1)</script></html>", "cases.waiver_file_type"),  # named .pdf, is HTML
        (b"PK\x03\x04not really a zip", "cases.waiver_file_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64, "upload.legacy_office"),  # an old .doc with macros
        (b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), "cases.waiver_file_too_large"),
    ],
)
def test_a_waiver_scan_is_checked_by_content_and_size(make_case, users, content, code):
    case = make_case("notified")
    with pytest.raises(DomainError) as err:
        _waive(case, users, content)
    assert err.value.code == code and err.value.field == "file"
    assert not Waiver.objects.exists()


def test_a_waiver_scan_is_stored_under_a_random_name_with_its_detected_type(make_case, users):
    case = make_case("notified")
    waiver = _waive(case, users, b"\x89PNG\r\n\x1a\n" + b"0" * 32, filename="../../etc/声明.pdf")
    assert waiver.file.name.endswith(".png") and "etc" not in waiver.file.name and "声明" not in waiver.file.name
    assert waiver.size == 40 and len(waiver.sha256) == 64


def test_the_waiver_page_refuses_an_html_file_with_a_chinese_field_error(client, make_case, users):
    case = make_case("notified")
    client.force_login(users["officer"])
    html = SimpleUploadedFile("声明.pdf", b"<svg onload=alert(1)></svg>", content_type="application/pdf")
    response = client.post(
        reverse("cases:case_step", args=[case.pk, "waiver"]),
        {"scope": "statement", "signed_on": SIGNED.isoformat(), "signatory": "周经理", "file": html,
         "revision": case.revision},
    )  # fmt: skip
    assert response.status_code == 400  # the form again, with the field error (fazhi.core.views.run_form)
    assert "只能上传 PDF、JPG、PNG（按文件内容识别，不看扩展名）" in response.content.decode()
    assert not Waiver.objects.exists()


def test_attachments_are_downloads_never_inline(client, make_case, users):
    case = make_case("notified")
    waiver = _waive(case, users, b"%PDF-1.4 signed page")
    client.force_login(users["officer"])
    response = client.get(reverse("cases:case_attachment", args=[case.pk, "waiver", waiver.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and ".pdf" in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed page"
