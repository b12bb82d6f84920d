"""Activities screens: field errors for bad input (never a 500), the recording flow, pages that render."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.activities import services
from fazhi.activities.models import Attendance, Session

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_登记学习_日期在将来与缺少学习内容_字段错误(recorder, department):
    response = _client(recorder).post(
        reverse("activities:session_create"),
        {"kind": "cadre_study", "department": department.pk, "held_on": "2024-02-01", "title": "干部学法"},
    )
    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    response = _client(recorder).post(
        reverse("activities:session_create"),
        {"kind": "cadre_study", "department": department.pk, "held_on": "2023-02-01", "title": "干部学法"},
    )
    assert "laws_studied" in response.context["form"].errors and not Session.objects.exists()
    response = _client(recorder).post(
        reverse("activities:session_create"),
        {"kind": "cadre_study", "department": department.pk, "held_on": "2023-02-30", "title": "长" * 201},
    )
    assert {"held_on", "title"} <= set(response.context["form"].errors)


def test_科室负责人登记学习并登记出勤(recorder, department, staff):
    client = _client(recorder)
    response = client.post(
        reverse("activities:session_create"),
        {"kind": "cadre_study", "department": department.pk, "held_on": "2023-06-01", "title": "学习新修订的行政复议法",
         "laws_studied": "中华人民共和国行政复议法\n行政复议法实施条例"},
    )  # fmt: skip
    assert response.status_code == 302
    session = Session.objects.get()
    page = client.get(response["Location"])
    assert "陈一" in page.content.decode() and "周三" in page.content.decode()  # 全局人员名单
    done = client.post(response["Location"], {f"a_{staff['a'].pk}": "present", f"a_{staff['b'].pk}": "leave"})
    assert done.status_code == 302
    assert dict(Attendance.objects.filter(session=session).values_list("officer_id", "status")) == {
        staff["a"].pk: "present", staff["b"].pk: "leave",
    }  # fmt: skip
    detail = client.get(reverse("activities:session_detail", args=[session.pk]))
    assert detail.context["counts"] == {"present": 1, "leave": 1, "absent": 0}


def test_上传伪装成PDF的网页被拒绝_合法文件可下载(clerk, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = services.session_record(kind="party_committee", department=staff["section"], held_on=dt.date(2023, 3, 1),
                                      title="党委会", actor=clerk)  # fmt: skip
    client = _client(clerk)
    bad = SimpleUploadedFile("纪要.pdf", b"<html><script>x</script>", content_type="application/pdf")
    response = client.post(reverse("activities:attachment_upload", args=[session.pk]), {"kind": "minutes", "file": bad},
                           follow=True)  # fmt: skip
    assert "只能上传 PDF" in response.content.decode() and not session.attachments.exists()
    good = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(reverse("activities:attachment_upload", args=[session.pk]), {"kind": "minutes", "file": good})
    attachment = session.attachments.get()
    download = client.get(reverse("activities:attachment_download", args=[session.pk, attachment.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_典型案例详情显示脱敏预览(recorder, closed_case):
    case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
    page = _client(recorder).get(reverse("activities:typical_detail", args=[case.pk]))
    preview = page.context["preview"]
    assert "张建国" not in preview["public_facts"] and "张**" in preview["public_facts"]


@pytest.mark.parametrize("name", ["home", "calendar", "session_list", "event_list", "publicity_list", "typical_list",
                                  "responsibility", "series_list"])  # fmt: skip
def test_页面与非法参数(recorder, name):
    response = _client(recorder).get(reverse(f"activities:{name}") + "?year=abc&page=-1&kind=x&theme=y&channel=z")
    assert response.status_code == 200


def test_普法活动_主题期间外的日期显示在字段上(recorder, department):
    response = _client(recorder).post(
        reverse("activities:event_create"),
        {"theme": "quality_month", "title": "质量月", "department": department.pk, "held_on": "2023-10-08",
         "audience_count": "50"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "质量月的期间为 2023-09-01 至 2023-09-30" in str(response.context["form"].errors["held_on"])


def test_首页提示待审核的典型案例(recorder, reviewer, closed_case):
    case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
    services.typical_update(case=case, expected_revision=case.revision, actor=recorder, title=case.title,
                            facts=case.facts, analysis="分析", legal_basis="")  # fmt: skip
    services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
    page = _client(reviewer).get("/")
    assert "待审核典型案例" in page.content.decode()
