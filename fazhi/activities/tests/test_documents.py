"""The Word files the bureau prints say what the records say: the responsibility list (draft vs. issued with its
文号 and date) and a session's record with its sign-in sheet and the matters decided."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from fazhi.activities import services

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _get(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_普法责任清单_草稿不带文号_印发后带文号和日期(reviewer, leader, staff):
    rlist = services.responsibility_list_create(title="2023年普法责任清单", year=2023, actor=reviewer)
    services.responsibility_item_add(rlist=rlist, department=staff["section"], law_title="中华人民共和国食品安全法",
                                     audience="食品经营者", content="进货查验", methods="送法上门", timing="全年",
                                     actor=reviewer)  # fmt: skip
    response = _get(reviewer, f"/activities/responsibility/{rlist.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    draft = _text(response.content)
    assert "草稿（未印发）" in draft and "《中华人民共和国食品安全法》" in draft and "食品经营者" in draft
    assert "东市监发" not in draft and "印发" not in draft.replace("草稿（未印发）", "")
    rlist.refresh_from_db()
    services.responsibility_list_adopt(rlist=rlist, adopted_on="2023-03-14", document_number="东市监发〔2023〕9号",
                                       expected_revision=rlist.revision, actor=leader)  # fmt: skip
    issued = _text(_get(reviewer, f"/activities/responsibility/{rlist.pk}/docx/").content)
    assert "东市监发〔2023〕9号" in issued and "2023年3月14日印发" in issued and "草稿" not in issued


def test_会议记录及签到表_按登记的出勤和事项(clerk, staff):
    meeting = services.session_record(
        kind="party_committee", department=staff["section"], held_on="2023-06-01", title="专题听取法治政府建设情况",
        chair=staff["head"], chair_is_principal=True, rule_of_law=True, location="党委会议室", actor=clerk,
    )  # fmt: skip
    services.attendance_set(session=meeting, statuses={staff["head"].pk: "present", staff["clerk"].pk: "leave"},
                            actor=clerk)  # fmt: skip
    matter = services.matter_add(session=meeting, title="审议法治政府建设工作要点", category="plan",
                                 decision="原则通过", responsible_department=staff["section"], due_on="2023-07-01",
                                 actor=clerk)  # fmt: skip
    services.matter_complete(matter=matter, done_on="2023-06-20", note="已印发", actor=clerk)
    response = _get(clerk, f"/activities/sessions/{meeting.pk}/docx/")
    assert response.status_code == 200
    text = _text(response.content)
    assert "党委会" in text and "记录及签到表" in text
    assert "王局长（主要负责人）" in text
    assert "出席 1 人，请假 1 人，缺席 0 人" in text
    assert "审议法治政府建设工作要点" in text and "2023-06-20 办结：已印发" in text
    assert "刘文书" in text and "请假" in text
    assert "陈一" not in text  # not recorded: not on the sheet


def test_其他部门的会议记录_科员看不到(clerk, staff, make_user):
    session = services.session_record(kind="cadre_study", department=staff["section"], held_on="2023-06-01",
                                      title="学法", laws_studied=["宪法"], actor=clerk)  # fmt: skip
    outsider = make_user("officer", username="outsider", officer=staff["c"], dept=staff["c"].department)
    assert _get(outsider, f"/activities/sessions/{session.pk}/docx/").status_code == 404
