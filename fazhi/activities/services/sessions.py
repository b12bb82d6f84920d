"""Study sessions and meetings: record and correct one, its attendance from the staff list, its files, the
rule-of-law matters a meeting decided and their completion; lecture series."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.activities.choices import (
    LECTURE_KINDS,
    MEETING_KINDS,
    AttachmentKind,
    AttendanceStatus,
    MatterCategory,
    SessionKind,
)
from fazhi.activities.models import Attachment, Attendance, LectureSeries, RuleOfLawMatter, Session
from fazhi.activities.services.common import own_department, staff_member, text_list
from fazhi.core import revision, uploads, validation
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.registry import selectors as registry_selectors

SESSION_FIELDS = [
    "kind", "department", "held_on", "title", "location", "chair", "chair_is_principal", "rule_of_law",
    "laws_studied", "summary", "speaker", "series", "meeting", "other_attendees",
]  # fmt: skip
STUDY_KINDS = frozenset({SessionKind.CADRE_STUDY, SessionKind.PRE_MEETING})
# A session's files (minutes, sign-in sheets, photos) go through the one upload check (fazhi.core.uploads): type by
# content, macros / zip bombs / legacy Office refused, random stored name. Codes activities.attachment_type, …
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_KINDS = frozenset({"pdf", "ofd", "docx", "jpeg", "png"})
UPLOAD_CODE = "activities.attachment"
EARLIEST = dt.date(2000, 1, 1)


def _clean_session(
    *,
    kind: Any,
    department: Any,
    held_on: Any,
    title: Any,
    location: Any = "",
    chair: Any = None,
    chair_is_principal: Any = False,
    rule_of_law: Any = False,
    laws_studied: Any = (),
    summary: Any = "",
    speaker: Any = "",
    series: Any = None,
    meeting: Any = None,
    other_attendees: Any = 0,
    actor: Any,
    editing: Session | None = None,
) -> dict[str, Any]:
    if kind not in SessionKind.values:
        raise DomainError("activities.session.kind", "请选择学习或会议的类别", field="kind")
    day = validation.step_date(held_on, today=legal_today(), not_before=EARLIEST, field="held_on", what="日期")
    values: dict[str, Any] = {
        "kind": kind,
        "department": own_department(actor, department),
        "held_on": day,
        "title": validation.text(title, field="title", max_chars=200, required=True, what="主题/议题"),
        "location": validation.text(location, field="location", max_chars=100, what="地点"),
        "chair": staff_member(chair, field="chair"),
        "chair_is_principal": bool(chair_is_principal),
        "rule_of_law": bool(rule_of_law),
        "laws_studied": text_list(laws_studied, field="laws_studied", what="学习的法律法规和文件"),
        "summary": validation.text(summary, field="summary", max_chars=5000, what="内容摘要"),
        "speaker": validation.text(speaker, field="speaker", max_chars=100, what="主讲人"),
        "series": series,
        "meeting": meeting,
        "other_attendees": validation.bounded_int(
            other_attendees or 0, field="other_attendees", minimum=0, maximum=100_000
        ),
    }
    if values["chair_is_principal"] and kind not in (*MEETING_KINDS, SessionKind.CENTRAL_GROUP):
        raise DomainError("activities.session.chair", "“由主要负责人主持”只适用于党委会、局长办公会和中心组学习",
                          field="chair_is_principal")  # fmt: skip
    if values["chair_is_principal"] and values["chair"] is None:
        raise DomainError("activities.session.chair", "请填写主持人", field="chair")
    if kind in STUDY_KINDS and not values["laws_studied"]:
        raise DomainError("activities.session.laws", "请填写学习的法律法规或文件", field="laws_studied")
    if kind == SessionKind.CENTRAL_GROUP and values["rule_of_law"] and not values["laws_studied"]:
        raise DomainError("activities.session.laws", "法治专题学习请填写学习的法律法规或文件", field="laws_studied")
    if kind in LECTURE_KINDS:
        if not values["speaker"]:
            raise DomainError("activities.session.speaker", "请填写主讲人", field="speaker")
        if series is not None and series.year != day.year:
            raise DomainError("activities.session.series", f"所选系列属于 {series.year} 年度", field="series")
    elif series is not None:
        raise DomainError("activities.session.series", "只有讲座、培训可以归入系列", field="series")
    if kind == SessionKind.PRE_MEETING:
        if meeting is None:
            raise DomainError("activities.session.meeting", "请选择会前学法所在的会议", field="meeting")
        if meeting.kind not in MEETING_KINDS or meeting.held_on != day:
            raise DomainError(
                "activities.session.meeting", "会前学法应在同一天召开的党委会或局长办公会之前进行", field="meeting"
            )
        twin = Session.objects.filter(kind=SessionKind.PRE_MEETING, meeting=meeting)
        if editing is not None:
            twin = twin.exclude(pk=editing.pk)
        if twin.exists():
            raise DomainError("activities.session.meeting", "该会议已登记会前学法", field="meeting")
    elif meeting is not None:
        raise DomainError("activities.session.meeting", "只有会前学法需要选择所在会议", field="meeting")
    return values


def session_record(*, actor: Any, **fields: Any) -> Session:
    """Record a study session or meeting that took place (the date is not after today)."""
    values = _clean_session(actor=actor, **fields)
    with transaction.atomic():
        session = Session(recorded_by=actor, **values)
        session.full_clean(exclude=["recorded_by"])
        session.save(force_insert=True)
        audit_record(
            action="activities.session_record", target=session, actor=actor, changes=snapshot(session, SESSION_FIELDS)
        )
    return session


def session_update(*, session: Session, expected_revision: int | None, actor: Any, **fields: Any) -> Session:
    """Correct a recorded session (stale edits refused; the audit keeps what changed)."""
    values = _clean_session(actor=actor, editing=session, **fields)
    if values["kind"] != session.kind and (session.studies.exists() or session.matters.exists()):
        raise DomainError("activities.session.kind", "该会议已有会前学法或研究事项，不能更改类别", field="kind")
    with transaction.atomic():
        locked = revision.lock(session, revision=expected_revision, what="学习（会议）记录")
        before = snapshot(locked, SESSION_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, list(values), original=session)
        after = snapshot(locked, SESSION_FIELDS)
        audit_record(
            action="activities.session_update",
            target=locked,
            actor=actor,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return session


def attendance_set(*, session: Session, statuses: dict[int, str], actor: Any) -> dict[str, int]:
    """Replace the attendance of a session: ``statuses`` maps staff ids to 出席/请假/缺席; staff not listed are
    not expected to attend. Every id must be on the bureau's staff list. Returns the counts."""
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise DomainError("activities.attendance.status", "出勤状态只能是出席、请假或缺席", field="attendance")
    ids = {int(k) for k in statuses}
    known = set(registry_selectors.bureau_staff(include_departed=True).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - known:
        raise DomainError("activities.not_staff", "出勤名单中有不在本局人员名单中的人员", field="attendance")
    with transaction.atomic():
        locked = revision.lock(session, revision=session.revision, what="学习（会议）记录")
        before = dict(Attendance.objects.filter(session=locked).values_list("officer_id", "status"))
        Attendance.objects.filter(session=locked).delete()
        Attendance.objects.bulk_create(
            Attendance(session=locked, officer_id=int(pk), status=status) for pk, status in statuses.items()
        )
        revision.save_bumped(locked, [], original=session)
        after = {int(k): v for k, v in statuses.items()}
        changed = {
            str(k): [before.get(k), after.get(k)] for k in set(before) | set(after) if before.get(k) != after.get(k)
        }
        counts = {s: sum(1 for v in after.values() if v == s) for s in AttendanceStatus.values}
        audit_record(
            action="activities.attendance_set",
            target=locked,
            actor=actor,
            changes={"counts": counts, "officers": changed},
        )
    return counts


def attachment_add(*, session: Session, kind: Any, upload: Any, actor: Any) -> Attachment:
    """Attach a file (minutes, sign-in sheet …): content-checked, size-bounded, stored under a random name."""
    if kind not in AttachmentKind.values:
        raise DomainError("activities.attachment.kind", "请选择附件类别", field="kind")
    checked = uploads.check_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES, accept=ATTACHMENT_KINDS, code=UPLOAD_CODE)
    with transaction.atomic():
        attachment = Attachment(
            session=session,
            kind=kind,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.content.name or "attachment", checked.content, save=False)
        attachment.save(force_insert=True)
        audit_record(
            action="activities.attachment_add",
            target=session,
            actor=actor,
            changes={"attachment": attachment.pk, "kind": kind, "name": checked.original_name,
                     "sha256": checked.sha256, "size": checked.size},
        )  # fmt: skip
    return attachment


def attachment_remove(*, attachment: Attachment, reason: Any, actor: Any) -> None:
    """Remove a wrongly uploaded file; the audit event keeps its name and SHA-256."""
    why = validation.text(reason, field="reason", max_chars=200, required=True, what="删除理由")
    with transaction.atomic():
        audit_record(
            action="activities.attachment_remove",
            target=attachment.session,
            actor=actor,
            changes={"attachment": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256,
                     "reason": why},
        )  # fmt: skip
        storage, name = attachment.file.storage, attachment.file.name or ""
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def matter_add(
    *,
    session: Session,
    title: Any,
    category: Any,
    decision: Any,
    responsible_department: Any = None,
    due_on: Any = None,
    actor: Any,
) -> RuleOfLawMatter:
    """A rule-of-law matter a meeting (党委会、局长办公会) heard or decided, with who follows it up by when."""
    if session.kind not in MEETING_KINDS:
        raise DomainError("activities.matter.not_meeting", "只有党委会、局长办公会可以登记研究的法治事项")
    if category not in MatterCategory.values:
        raise DomainError("activities.matter.category", "请选择事项类别", field="category")
    due = None
    if due_on not in (None, ""):
        due = validation.parse_date(due_on, field="due_on")
        if due is not None and due < session.held_on:
            raise DomainError("activities.matter.due", "办结时限不能早于会议日期", field="due_on")
    if (
        responsible_department is not None
        and not registry_selectors.bureau_departments().filter(pk=responsible_department.pk).exists()
    ):
        raise DomainError("activities.department", "请选择本局的科室或市场监管所", field="responsible_department")
    with transaction.atomic():
        matter = RuleOfLawMatter.objects.create(
            session=session,
            title=validation.text(title, field="title", max_chars=200, required=True, what="事项"),
            category=category,
            decision=validation.text(decision, field="decision", max_chars=5000, required=True, what="研究决定"),
            responsible_department=responsible_department,
            due_on=due,
        )
        audit_record(
            action="activities.matter_add",
            target=matter,
            actor=actor,
            changes=snapshot(matter, ["session", "title", "category", "decision", "responsible_department", "due_on"]),
        )
    return matter


def matter_complete(*, matter: RuleOfLawMatter, done_on: Any, note: Any, actor: Any) -> RuleOfLawMatter:
    """Record that a decided matter was carried out (not before the meeting, not after today)."""
    if matter.done_on is not None:
        raise DomainError("activities.matter.done", "该事项已办结")
    day = validation.step_date(
        done_on, today=legal_today(), not_before=matter.session.held_on, field="done_on", what="办结日期",
        previous="会议",
    )  # fmt: skip
    text = validation.text(note, field="note", max_chars=2000, required=True, what="办结情况")
    with transaction.atomic():
        locked = revision.lock(matter, revision=matter.revision, what="法治事项")
        if locked.done_on is not None:
            raise DomainError("activities.matter.done", "该事项已办结")
        locked.done_on, locked.done_note = day, text
        revision.save_bumped(locked, ["done_on", "done_note"], original=matter)
        audit_record(action="activities.matter_complete", target=locked, actor=actor,
                     changes={"done_on": day, "note": text})  # fmt: skip
    return matter


def series_create(*, title: Any, year: Any, department: Any, description: Any = "", actor: Any) -> LectureSeries:
    """A lecture or training series (e.g. 2023年业务知识大讲堂)."""
    name = validation.text(title, field="title", max_chars=100, required=True, what="系列名称")
    year_value = validation.bounded_int(year, field="year", minimum=2000, maximum=legal_today().year + 1)
    assert year_value is not None
    if LectureSeries.objects.filter(title=name, year=year_value).exists():
        raise DomainError("activities.series.duplicate", "该年度已有同名系列", field="title")
    with transaction.atomic():
        series = LectureSeries.objects.create(
            title=name,
            year=year_value,
            department=own_department(actor, department),
            description=validation.text(description, field="description", max_chars=2000, what="说明"),
            created_by=actor,
        )
        audit_record(action="activities.series_create", target=series, actor=actor,
                     changes=snapshot(series, ["title", "year", "department", "description"]))  # fmt: skip
    return series
