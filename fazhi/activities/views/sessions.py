"""Study sessions and meetings: the overview, lists, record and correct, attendance, files, matters, series."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.activities import documents, selectors, services
from fazhi.activities.access import access_attachment, access_matter, access_session, may_write
from fazhi.activities.choices import MEETING_KINDS, AttendanceStatus, SessionKind
from fazhi.activities.forms import AttachmentForm, MatterDoneForm, MatterForm, ReasonForm, SeriesForm, SessionForm
from fazhi.activities.views.common import word_response, year_param
from fazhi.core import uploads
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import form_errors_to_messages, posted_revision, run_action, run_form

FIGURES = (
    ("党委中心组法治专题学习", selectors.party_group_sessions),
    ("党委会传达学习法治工作", selectors.committee_briefings),
    ("干部学法", selectors.cadre_sessions),
    ("局长办公会会前学法", selectors.pre_meeting_sessions),
    ("主持党委会", selectors.party_committee_meetings),
    ("主持局长办公会", selectors.directors_office_meetings),
    ("业务知识大讲堂（期）", selectors.lecture_sessions),
    ("讲座培训人次", selectors.lecture_attendance),
    ("政务微信（期）", selectors.wechat_issues),
    ("媒体稿件（篇）", selectors.media_articles),
    ("网络发布（条）", selectors.online_posts),
    ("以案释法典型案例", selectors.typical_cases_published),
)


@staff_view("activities.view")
def home(request):
    year = year_param(request)
    return render(
        request,
        "activities/home.html",
        {
            "year": year,
            "years": list(range(legal_today().year, legal_today().year - 5, -1)),
            "figures": [(label, compute(year)) for label, compute in FIGURES],
            "recent": selectors.session_list(user=request.user)[:8],
            "calendar": [r for r in selectors.calendar_year(year) if r.period][:12],
            "matters": selectors.open_matters(user=request.user, limit=8),
            "queue": selectors.review_queue(request.user)[:8],
            "can_record": user_can(request.user, "activities.record"),
        },
    )


@staff_view("activities.view")
def session_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in SessionKind.values else ""
    year = year_param(request)
    q = request.GET.get("q", "").strip()[:40]
    page = Paginator(selectors.session_list(user=request.user, kind=kind, year=year, q=q), 25).get_page(
        page_number(request)
    )
    return render(
        request,
        "activities/session_list.html",
        {"page_obj": page, "kind": kind, "kinds": SessionKind.choices, "year": year, "q": q,
         "can_record": user_can(request.user, "activities.record")},
    )  # fmt: skip


def _session_values(d: dict[str, Any]) -> dict[str, Any]:
    return {**d, "laws_studied": d.get("laws_studied") or "", "other_attendees": d.get("other_attendees") or 0}


@staff_view("activities.record")
def session_create(request):
    initial = {"kind": request.GET.get("kind", "") if request.GET.get("kind") in SessionKind.values else ""}
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.session_record(actor=request.user, **_session_values(d)),
            success="已登记，请填写出勤",
        )
        if outcome.ok:
            return redirect("activities:session_attendance", pk=outcome.value.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": "登记学习或会议", "back": reverse("activities:session_list")},
    )


@staff_view("activities.record")
def session_edit(request, pk: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    initial = {
        "kind": session.kind, "department": session.department_id, "held_on": session.held_on, "title": session.title,
        "location": session.location, "chair": session.chair_id, "chair_is_principal": session.chair_is_principal,
        "rule_of_law": session.rule_of_law, "laws_studied": "\n".join(session.laws_studied), "summary": session.summary,
        "speaker": session.speaker, "series": session.series_id, "meeting": session.meeting_id,
        "other_attendees": session.other_attendees,
    }  # fmt: skip
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.session_update(
                session=session, expected_revision=posted_revision(request), actor=request.user, **_session_values(d)
            ),
            success="已保存",
        )
        if outcome.ok:
            return redirect("activities:session_detail", pk=session.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"修改：{session.title}", "revision": session.revision,
         "back": reverse("activities:session_detail", args=[session.pk])},
    )  # fmt: skip


@staff_view("activities.view", gate=access_session)
def session_detail(request, pk: int):
    session = access_session(user=request.user, pk=pk)
    writable = may_write(request.user, session)
    return render(
        request,
        "activities/session_detail.html",
        {
            "session": session,
            "counts": selectors.attendance_counts(session),
            "groups": [g for g in selectors.attendance_sheet(session) if any(r.status for r in g.rows)],
            "attachments": session.attachments.all(),
            "matters": session.matters.select_related("responsible_department").order_by("id"),
            "studies": session.studies.all(),
            "is_meeting": session.kind in MEETING_KINDS,
            "can_write": writable,
            "attachment_form": AttachmentForm() if writable else None,
            "matter_form": MatterForm() if writable and session.kind in MEETING_KINDS else None,
            "done_form": MatterDoneForm(),
            "reason_form": ReasonForm(),
        },
    )


@staff_view("activities.view")
def session_docx(request, pk: int):
    """会议（学习）记录及签到表 as Word, for the archive (same access as the session page)."""
    session = access_session(user=request.user, pk=pk)
    return word_response(documents.session_docx(session), f"{session.held_on:%Y%m%d}{session.get_kind_display()}记录")


@staff_view("activities.record")
def session_attendance(request, pk: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    if request.method == "POST":
        statuses = {}
        for key, value in request.POST.items():
            if key.startswith("a_") and key[2:].isdigit() and value:
                statuses[int(key[2:])] = value
        outcome = run_action(
            request, lambda: services.attendance_set(session=session, statuses=statuses, actor=request.user)
        )
        if outcome.ok:
            counts = outcome.value
            messages.success(
                request,
                f"已保存出勤：出席 {counts['present']} 人，请假 {counts['leave']} 人，缺席 {counts['absent']} 人",
            )
            return redirect("activities:session_detail", pk=session.pk)
    return render(
        request,
        "activities/attendance.html",
        {"session": session, "groups": selectors.attendance_sheet(session), "statuses": AttendanceStatus.choices},
    )


@staff_view("activities.record")
@require_POST
def attachment_upload(request, pk: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    form = AttachmentForm(request.POST, request.FILES)
    outcome = run_form(
        request,
        form,
        lambda d: services.attachment_add(session=session, kind=d["kind"], upload=d["file"], actor=request.user),
        success="已上传",
    )
    if not outcome.ok:
        form_errors_to_messages(request, form)
    return redirect("activities:session_detail", pk=session.pk)


@staff_view("activities.view")
def attachment_download(request, pk: int, attachment_id: int):
    session = access_session(user=request.user, pk=pk)
    attachment = access_attachment(user=request.user, session=session, pk=attachment_id)
    return uploads.download_response(attachment.file, original=attachment.original_name)  # never inline (issue 14)


@staff_view("activities.record")
@require_POST
def attachment_remove(request, pk: int, attachment_id: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    attachment = access_attachment(user=request.user, session=session, pk=attachment_id)
    run_action(
        request,
        lambda: services.attachment_remove(
            attachment=attachment, reason=request.POST.get("reason", ""), actor=request.user
        ),
        success="已删除附件（审计记录保留文件名和摘要）",
    )
    return redirect("activities:session_detail", pk=session.pk)


@staff_view("activities.record")
@require_POST
def matter_add(request, pk: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    form = MatterForm(request.POST)
    outcome = run_form(request, form, lambda d: services.matter_add(session=session, actor=request.user, **d),
                       success="已登记研究事项")  # fmt: skip
    if not outcome.ok:
        form_errors_to_messages(request, form)
    return redirect("activities:session_detail", pk=session.pk)


@staff_view("activities.record")
@require_POST
def matter_complete(request, pk: int, matter_id: int):
    session = access_session(user=request.user, pk=pk, permission="activities.record")
    matter = access_matter(user=request.user, session=session, pk=matter_id)
    form = MatterDoneForm(request.POST)
    outcome = run_form(
        request,
        form,
        lambda d: services.matter_complete(matter=matter, done_on=d["done_on"], note=d["note"], actor=request.user),
        success="已登记办结",
    )
    if not outcome.ok:
        form_errors_to_messages(request, form)
    return redirect("activities:session_detail", pk=session.pk)


@staff_view("activities.view")
def series_list(request):
    can_record = user_can(request.user, "activities.record")
    form = SeriesForm(user=request.user, initial={"year": legal_today().year}) if can_record else None
    return render(request, "activities/series_list.html", {"series": selectors.series_list(), "form": form})


@staff_view("activities.record")
@require_POST
def series_create(request):
    form = SeriesForm(request.POST, user=request.user)
    outcome = run_form(request, form, lambda d: services.series_create(actor=request.user, **d), success="已创建")
    if outcome.ok:
        return redirect("activities:series_list")
    return render(request, "activities/series_list.html", {"series": selectors.series_list(), "form": form}, status=400)
