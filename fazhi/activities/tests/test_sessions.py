"""Study sessions and meetings through the services: what may be recorded, attendance from the staff list,
safe attachments, the matters a meeting decided."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.activities import services
from fazhi.activities.models import Attendance
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = dt.date


def _code(call):
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code


def _meeting(clerk, staff, **over):
    values = dict(
        kind="directors_office",
        department=staff["section"],
        held_on=D(2023, 3, 6),
        title="局长办公会",
        chair=staff["head"],
        chair_is_principal=True,
        rule_of_law=False,
        actor=clerk,
    )
    values.update(over)
    return services.session_record(**values)  # fmt: skip


def test_会前学法须在同日的局长办公会或党委会之前(clerk, staff):
    meeting = _meeting(clerk, staff)
    study = services.session_record(kind="pre_meeting", department=staff["section"], held_on=D(2023, 3, 6),
                                    title="会前学法：行政处罚法", laws_studied="中华人民共和国行政处罚法",
                                    meeting=meeting, actor=clerk)  # fmt: skip
    assert study.meeting == meeting and study.laws_studied == ["中华人民共和国行政处罚法"]
    other_day = _meeting(clerk, staff, held_on=D(2023, 3, 13))
    again = dict(kind="pre_meeting", department=staff["section"], held_on=D(2023, 3, 6), title="再学",
                 laws_studied=["民法典"], actor=clerk)  # fmt: skip
    assert _code(lambda: services.session_record(**again, meeting=meeting)) == "activities.session.meeting"
    assert _code(lambda: services.session_record(**again, meeting=other_day)) == "activities.session.meeting"
    assert _code(lambda: services.session_record(**again)) == "activities.session.meeting"


@pytest.mark.parametrize(
    ("over", "code", "field"),
    [
        ({"held_on": D(2024, 1, 1)}, "date.future", "held_on"),  # 今天 2023-12-31
        ({"title": ""}, "cell.required", "title"),
        ({"kind": "party"}, "activities.session.kind", "kind"),
        ({"kind": "cadre_study", "chair_is_principal": False}, "activities.session.laws", "laws_studied"),
        ({"kind": "cadre_study"}, "activities.session.chair", "chair_is_principal"),
        ({"chair": None}, "activities.session.chair", "chair"),
        ({"laws_studied": ["法" * 101]}, "cell.too_long", "laws_studied"),
        ({"kind": "lecture", "chair_is_principal": False}, "activities.session.speaker", "speaker"),
    ],
)
def test_字段校验(clerk, staff, over, code, field):
    with pytest.raises(DomainError) as info:
        _meeting(clerk, staff, **over)
    assert (info.value.code, info.value.field) == (code, field)


def test_科室负责人只能登记本部门的学习(recorder, staff, department):
    assert _code(lambda: _meeting(recorder, staff)) == "activities.department_scope"
    ok = services.session_record(kind="cadre_study", department=department, held_on=D(2023, 4, 1), title="干部学法",
                                 laws_studied=["行政许可法"], actor=recorder)  # fmt: skip
    assert ok.department == department


def test_出勤来自人员名单_替换并留痕(clerk, staff):
    meeting = _meeting(clerk, staff)
    counts = services.attendance_set(
        session=meeting, statuses={staff["head"].pk: "present", staff["clerk"].pk: "present", staff["a"].pk: "leave"},
        actor=clerk,
    )  # fmt: skip
    assert counts == {"present": 2, "leave": 1, "absent": 0}
    services.attendance_set(session=meeting, statuses={staff["head"].pk: "present"}, actor=clerk)
    assert list(Attendance.objects.filter(session=meeting).values_list("officer_id", flat=True)) == [staff["head"].pk]
    event = AuditEvent.objects.filter(action="activities.attendance_set").last()
    assert event.changes["officers"][str(staff["a"].pk)] == ["leave", None]


def test_名单外人员与错误状态被拒绝(clerk, staff):
    from fazhi.registry.models import Department, Officer

    meeting = _meeting(clerk, staff)
    external = Officer.objects.create(
        name="外单位", certificate_number="X1", certificate_expires_on=D(2026, 1, 1),
        department=Department.objects.create(code="tax", name="税务局", kind="external"),
    )  # fmt: skip
    assert _code(lambda: services.attendance_set(session=meeting, statuses={external.pk: "present"}, actor=clerk)) == (
        "activities.not_staff"
    )
    assert _code(lambda: services.attendance_set(session=meeting, statuses={staff["a"].pk: "late"}, actor=clerk)) == (
        "activities.attendance.status"
    )


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx(*, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\0")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("纪要.pdf", PDF, None),
        ("纪要.docx", _docx(), None),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, None),
        ("纪要.pdf", b"<html><script>alert(1)</script></html>", "activities.attachment_type"),  # 名为 pdf 的网页
        ("纪要.docm", _docx(macro=True), "upload.macro"),
        ("run.exe", b"MZ\x90\x00", "activities.attachment_type"),
        ("空.pdf", b"", "activities.attachment_empty"),
        ("录音.mp3", b"ID3\x04\x00" + b"\0" * 40, "activities.attachment_type"),  # evidence kinds, not a session's
    ],
)
def test_附件按内容识别类型(clerk, staff, settings, tmp_path, name, data, code):
    settings.MEDIA_ROOT = tmp_path
    meeting = _meeting(clerk, staff)
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    if code:
        assert (
            _code(lambda: services.attachment_add(session=meeting, kind="minutes", upload=upload, actor=clerk)) == code
        )
        return
    attachment = services.attachment_add(session=meeting, kind="minutes", upload=upload, actor=clerk)
    assert attachment.original_name == name and attachment.size == len(data)
    assert attachment.file.name.startswith("activities/") and name not in attachment.file.name
    assert not str(tmp_path).startswith(str(settings.STATIC_ROOT))


def test_超过大小上限被拒绝(clerk, staff, settings, tmp_path, monkeypatch):
    from fazhi.activities.services import sessions

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(sessions, "ATTACHMENT_MAX_BYTES", 100)
    meeting = _meeting(clerk, staff)
    upload = SimpleUploadedFile("大.pdf", PDF + b"0" * 200)
    assert _code(lambda: services.attachment_add(session=meeting, kind="minutes", upload=upload, actor=clerk)) == (
        "activities.attachment_too_large"
    )


def test_会议研究的法治事项与办结(clerk, staff):
    meeting = _meeting(clerk, staff, kind="party_committee", rule_of_law=True)
    matter = services.matter_add(session=meeting, title="审议2023年法治政府建设工作要点", category="plan",
                                 decision="原则通过，由法制科印发", responsible_department=staff["section"],
                                 due_on=D(2023, 3, 31), actor=clerk)  # fmt: skip
    assert _code(
        lambda: services.matter_complete(matter=matter, done_on=D(2023, 3, 1), note="已印发", actor=clerk)
    ) == ("date.too_early")
    services.matter_complete(matter=matter, done_on=D(2023, 3, 20), note="已印发", actor=clerk)
    assert _code(lambda: services.matter_complete(matter=matter, done_on=D(2023, 3, 21), note="x", actor=clerk)) == (
        "activities.matter.done"
    )
    study = services.session_record(kind="cadre_study", department=staff["section"], held_on=D(2023, 3, 6),
                                    title="学法", laws_studied=["宪法"], actor=clerk)  # fmt: skip
    assert _code(lambda: services.matter_add(session=study, title="x", category="plan", decision="y", actor=clerk)) == (
        "activities.matter.not_meeting"
    )


def test_讲座归入系列_年度须一致(clerk, staff):
    series = services.series_create(title="业务知识大讲堂", year=2023, department=staff["section"], actor=clerk)
    lecture = services.session_record(kind="lecture", department=staff["section"], held_on=D(2023, 5, 9),
                                      title="食品安全法解读", speaker="法制科 李某", series=series, other_attendees=12,
                                      actor=clerk)  # fmt: skip
    assert lecture.series == series
    old = services.series_create(title="业务知识大讲堂", year=2022, department=staff["section"], actor=clerk)
    assert _code(lambda: services.session_record(kind="lecture", department=staff["section"], held_on=D(2023, 5, 9),
                                                 title="x", speaker="y", series=old, actor=clerk)) == (
        "activities.session.series"
    )  # fmt: skip


def test_修改记录_过期版本被拒绝(clerk, staff):
    meeting = _meeting(clerk, staff)
    fields = dict(kind="directors_office", department=staff["section"], held_on=D(2023, 3, 6), title="改过的议题",
                  chair=staff["head"], chair_is_principal=True)  # fmt: skip
    services.session_update(session=meeting, expected_revision=meeting.revision, actor=clerk, **fields)
    assert meeting.title == "改过的议题"
    assert _code(lambda: services.session_update(session=meeting, expected_revision=0, actor=clerk, **fields)) == (
        "concurrency.stale"
    )
