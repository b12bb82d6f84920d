"""Screens: the queues (due first), intake, the complaint page (who acts next, the clocks, the steps the state
allows), the mediation record, legal review, the import page, statistics.

Every step runs through ``fazhi.core.views.run_form``: a refused step shows its Chinese reason on the field it
concerns (the one error display); codes and rule ids stay in the data and the JSON, never on the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from fazhi.complaints import clocks, forms, selectors, services, workflow
from fazhi.complaints.access import access_attachment, access_complaint
from fazhi.complaints.charts import bar_chart_svg
from fazhi.complaints.models import Complaint
from fazhi.core import uploads
from fazhi.core.access import staff_view
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.importing import IMPORTERS
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import ImportRun, import_error_download, run_form, run_import_upload
from fazhi.rulebook import complaints as grounds
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.masking import mask_free_text, mask_person_name, mask_phone, mask_resident_id

PAGE = 50


@staff_view("complaints.view")
def queue(request):
    today = legal_today()
    which = request.GET.get("view", "")
    if which not in ("mine", "today", "overdue", "review"):
        which = "review" if user_can(request.user, "complaints.legal_review") else "mine"
    page = page_number(request)
    offset = (page - 1) * PAGE
    if which == "mine":
        rows = selectors.queue_for(request.user, limit=PAGE + 1, offset=offset)
    elif which == "review":
        rows = selectors.review_queue(request.user, limit=PAGE + 1, offset=offset)
    else:
        rows = selectors.department_due(request.user, today=today, which=which, limit=PAGE + 1, offset=offset)
    return render(
        request,
        "complaints/queue.html",
        {
            "rows": selectors.mask_rows(rows[:PAGE]),
            "which": which,
            "page": page,
            "has_next": len(rows) > PAGE,
            "today": today,
            "counts": selectors.due_counts(request.user, today=today),
            "can_handle": user_can(request.user, "complaints.handle"),
            "can_review": user_can(request.user, "complaints.legal_review"),
            "can_import": user_can(request.user, "complaints.import"),
        },
    )


@staff_view("complaints.view")
def search(request):
    q = request.GET.get("q", "").strip()[:64]
    page = Paginator(selectors.search(request.user, q), PAGE).get_page(page_number(request))
    return render(
        request,
        "complaints/search.html",
        {"page": page, "rows": selectors.mask_rows(list(page)), "q": q, "today": legal_today()},
    )


@staff_view("complaints.view")
def by_number(request, number: str):
    """A clue's link back to its tip: the record with this registration number, if the user may see it."""
    found = selectors.by_number(request.user, number[:64])
    if found is None:
        raise NotFound("投诉举报")
    return redirect("complaints:detail", pk=found.pk)


@staff_view("complaints.handle")
def intake(request):
    today = legal_today()
    form = forms.IntakeForm(request.POST or None, request.FILES or None, today=today, initial={"received_on": today})

    def register(d: dict[str, Any]) -> list[Complaint]:
        attachment = d.pop("attachment", None)
        return services.submission_register(
            **d, actor=request.user, assignee=request.user, attachments=[attachment] if attachment else []
        )

    if request.method == "POST":
        outcome = run_form(request, form, register)
        if outcome.ok:
            created = outcome.value
            names = "、".join(f"{c.get_kind_display()} {c.number}" for c in created)
            from django.contrib import messages

            messages.success(request, f"已登记：{names}")
            return redirect("complaints:detail", pk=created[0].pk)
    return render(request, "complaints/intake.html", {"form": form})


# ---------------------------------------------------------------- the complaint page and its steps


# action -> (form factory, service call, success message). Each form carries the page's revision.
def _forms(c: Complaint, data: Any = None) -> dict[str, Any]:
    today = legal_today()
    received = c.received_on
    return {
        "accept": lambda: forms.DateStepForm(data, label="受理日期", initial={"on": today}),
        "refuse": lambda: forms.GroundStepForm(
            data,
            kind="refusal",
            received_on=received,
            ground_label="不予受理事由",
            label="决定日期",
            initial={"on": today},
        ),
        "start_mediation": lambda: forms.MediationStartForm(data),
        "testing_start": lambda: forms.DateStepForm(data, label="检测开始日", initial={"on": today}),
        "testing_end": lambda: forms.DateStepForm(data, label="检测结束日", initial={"on": today}),
        "succeed": lambda: forms.SucceedForm(data, label="调解成功日期", initial={"on": today}),
        "terminate": lambda: forms.GroundStepForm(
            data,
            kind="termination",
            received_on=received,
            ground_label="终止调解事由",
            label="终止调解日期",
            initial={"on": today},
        ),
        "record_notice": lambda: forms.DateStepForm(data, label="告知双方日期", initial={"on": today}),
        "hand_over": lambda: forms.DateStepForm(data, label="移交日期", initial={"on": today}),
        "report_violation": lambda: forms.ViolationForm(data, label="发现违法线索日期", initial={"on": today}),
        "merge": lambda: forms.MergeForm(data, received_on=received),
        "reclassify": lambda: forms.ReclassifyForm(data),
        "review": lambda: forms.ReviewForm(data),
        "take": lambda: forms.StepForm(data),
    }


def _run(action: str, c: Complaint, d: dict[str, Any], user: Any) -> Any:
    rev = d.get("revision")
    if action == "accept":
        return services.complaint_accept(complaint=c, on=d["on"], actor=user, revision=rev)
    if action == "refuse":
        return services.complaint_refuse(
            complaint=c, on=d["on"], ground=d["ground"], note=d["note"], actor=user, revision=rev
        )
    if action == "start_mediation":
        return services.mediation_start(complaint=c, method=d["method"], actor=user, revision=rev)
    if action == "testing_start":
        return services.testing_start(complaint=c, on=d["on"], actor=user, revision=rev)
    if action == "testing_end":
        return services.testing_end(complaint=c, on=d["on"], actor=user, revision=rev)
    if action == "succeed":
        return services.mediation_succeed(
            complaint=c, on=d["on"], recovered_amount=d["recovered_amount"], note=d["note"], actor=user, revision=rev
        )
    if action == "terminate":
        return services.mediation_terminate(
            complaint=c, on=d["on"], ground=d["ground"], note=d["note"], actor=user, revision=rev
        )
    if action == "record_notice":
        return services.notice_record(complaint=c, on=d["on"], actor=user, revision=rev)
    if action == "hand_over":
        return services.tip_hand_over(tip=c, on=d["on"], actor=user, revision=rev)
    if action == "report_violation":
        return services.complaint_report_violation(complaint=c, on=d["on"], facts=d["facts"], actor=user, revision=rev)
    if action == "merge":
        into = selectors.visible(user).filter(number=d["into"]).first()
        if into is None:
            raise DomainError(
                "complaints.merge_target_missing", "找不到要合并到的登记编号（或不属于本部门）", field="into"
            )
        return services.complaint_merge(
            complaint=c, into=into, ground=d["ground"], note=d["note"], actor=user, revision=rev
        )
    if action == "reclassify":
        return services.complaint_reclassify(complaint=c, kind=d["kind"], actor=user, revision=rev)
    if action == "review":
        return services.review_decide(
            complaint=c, confirmed=d["decision"] == "confirm", opinion=d["opinion"], actor=user, revision=rev
        )
    if action == "take":
        return services.complaint_assign(complaint=c, assignee=user, actor=user, revision=rev)
    raise NotFound("操作")


SUCCESS = {
    "accept": "已受理",
    "refuse": "已作出不予受理决定",
    "start_mediation": "已开始调解",
    "testing_start": "已登记检测开始，调解期限中止计算",
    "testing_end": "已登记检测结束，调解期限已重新计算",
    "succeed": "已登记调解成功",
    "terminate": "已终止调解，请在期限内告知双方",
    "record_notice": "已登记告知",
    "hand_over": "已移交案件线索核查",
    "report_violation": "已移交违法线索，请在案件模块核查",
    "merge": "已合并处理",
    "reclassify": "已改按投诉或举报办理",
    "review": "已记录审核意见",
    "take": "已由您承办",
}


def _detail_context(request, c: Complaint, *, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    today = legal_today()
    clue = selectors.clue_of(c)
    allowed = set(workflow.allowed_actions(c.kind, c.status))
    can_handle = user_can(request.user, "complaints.handle")
    can_review = user_can(request.user, "complaints.legal_review")
    steps = []
    if can_handle:
        for action in (
            "accept",
            "refuse",
            "start_mediation",
            "testing_start",
            "testing_end",
            "succeed",
            "terminate",
            "record_notice",
            "hand_over",
            "report_violation",
            "reclassify",
            "merge",
        ):
            if action not in allowed or not _offered(action, c):
                continue
            form = (bound or {}).get(action) or _forms(c)[action]()
            form.initial["revision"] = c.revision
            steps.append({"action": action, "label": workflow.ACTION_LABELS[action], "form": form})
    review = c.reviews.filter(outcome="").select_related("requested_by").order_by("-pk").first()
    review_form = None
    if can_review and c.status == "legal_review":
        review_form = (bound or {}).get("review") or _forms(c)["review"]()
        review_form.initial["revision"] = c.revision
    return {
        "c": c,
        "clue": clue,
        "next": selectors.next_step(c, clue=clue, today=today),
        "clocks": clocks.explain(c, clue),
        "steps": steps,
        "review": review,
        "review_form": review_form,
        "past_reviews": c.reviews.exclude(outcome="").select_related("requested_by", "reviewed_by").order_by("pk"),
        "can_handle": can_handle,
        "take_form": _take_form(c)
        if can_handle and c.status in workflow.OPEN_STATES and c.assignee_id != request.user.pk
        else None,
        "consumer_name": mask_person_name(c.consumer_name) if c.consumer_name else "",
        "consumer_phone": mask_phone(c.consumer_phone) if c.consumer_phone else "",
        "consumer_id": mask_resident_id(c.consumer_id_number) if c.consumer_id_number else "",
        # The consumer often writes name, phone and home address into the text: masked until the audited reveal
        # (issue 14 §10).
        "description": mask_free_text(c.description, names=[c.consumer_name], id_numbers=[c.consumer_id_number]),
        "ground_text": _ground_text(c),
        "attachments": list(c.attachments.all()),
        "today": today,
    }


def _take_form(c: Complaint) -> forms.StepForm:
    form = forms.StepForm()
    form.initial["revision"] = c.revision
    return form


def _offered(action: str, c: Complaint) -> bool:
    """Steps the table allows but the record's own facts rule out are not offered (the services refuse them too)."""
    if action == "testing_start":
        return c.testing_since is None
    if action in ("testing_end",):
        return c.testing_since is not None
    if action in ("succeed", "terminate"):
        return c.testing_since is None
    if action == "record_notice":
        return c.outcome == "terminated" and c.notified_on is None
    if action == "merge":
        return bool(forms.ground_choices("merge", c.received_on))
    if action == "report_violation":
        return c.clue_id is None
    return True


def _ground_text(c: Complaint) -> dict[str, str]:
    out = {}
    for kind, value in (
        ("refusal", c.refusal_ground),
        ("termination", c.termination_ground),
        ("not_covered", c.redirect_reason),
    ):
        if value:
            try:
                g = grounds.check_ground(kind, value, c.received_on)
            except RulebookError:
                out[kind] = "（该事由不在收到日施行的规定中，请联系法制科核对）"
            else:
                out[kind] = f"{g.text}（{g.article}）"
    return out


@staff_view("complaints.view", gate=access_complaint, gate_arg="complaint_id")
def detail(request, pk: int):
    c = access_complaint(user=request.user, complaint_id=pk)
    return render(request, "complaints/detail.html", _detail_context(request, c))


@staff_view("complaints.handle")
def act(request, pk: int, action: str):
    if action == "review":
        raise NotFound("操作")
    return _act(request, pk, action, "complaints.handle")


@staff_view("complaints.legal_review")
def review(request, pk: int):
    return _act(request, pk, "review", "complaints.legal_review")


def _act(request, pk: int, action: str, permission: str):
    c = access_complaint(user=request.user, complaint_id=pk, permission=permission)
    factories = _forms(c, request.POST or None)
    if action not in factories or action not in SUCCESS:
        raise NotFound("操作")
    if request.method != "POST":
        return redirect("complaints:detail", pk=c.pk)
    form = factories[action]()
    outcome = run_form(request, form, lambda d: _run(action, c, d, request.user), success=SUCCESS[action])
    if outcome.ok:
        return redirect("complaints:detail", pk=c.pk)
    fresh = access_complaint(user=request.user, complaint_id=pk, permission="complaints.view")
    if action == "take":
        from django.contrib import messages

        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("complaints:detail", pk=c.pk)
    return render(request, "complaints/detail.html", _detail_context(request, fresh, bound={action: form}), status=400)


@staff_view("complaints.handle")
def reveal(request, pk: int):
    """Handlers need the full contact to call the consumer; each look is audited (personal data)."""
    c = access_complaint(user=request.user, complaint_id=pk, permission="complaints.handle")
    if request.method != "POST":
        return redirect("complaints:detail", pk=c.pk)
    audit_record(
        action="complaints.reveal_contact",
        target=c,
        actor=request.user,
        changes={"fields": ["consumer_phone", "consumer_id_number", "description"]},
    )
    return render(request, "complaints/contact.html", {"c": c})


@staff_view("complaints.view")
def attachment(request, pk: int, attachment_id: int):
    """An attachment (evidence) of a record the user may see; a handed-over tip's clue links here."""
    att = access_attachment(user=request.user, complaint_id=pk, attachment_id=attachment_id)
    return uploads.download_response(att.file, original=att.name)  # never inline (issue 14)


@staff_view("complaints.view")
def respondent_notice(request, pk: int):
    """告知书 to the respondent (被投诉人/被举报人): never the consumer's or reporter's identity (Order No. 20
    Art. 33)."""
    c = access_complaint(user=request.user, complaint_id=pk)
    if c.kind != "complaint":
        raise NotFound("告知书")  # Art. 33: how a tip is handled is never told to the reported party
    return render(request, "complaints/respondent_notice.html", {"c": c, "ground_text": _ground_text(c)})


# ---------------------------------------------------------------- import (the same contract as `fazhi import complaints`)


def _import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "complaints"


@staff_view("complaints.import")
def import_upload(request):
    """Upload a 12315 export: the same importer, row-error contract and error file as the command line."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    run = ImportRun()
    if request.method == "POST" and form.is_valid():
        run = run_import_upload(
            request, form, IMPORTERS["complaints"](), folder=_import_dir(), code="complaints.import_file"
        )
    return render(
        request,
        "complaints/import.html",
        {"form": form, "result": run.result, "error": run.error, "token": run.token},
    )


@staff_view("complaints.import")
def import_error_file(request):
    return import_error_download(request, _import_dir())


# ---------------------------------------------------------------- statistics


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100 else legal_today().year - 1


@staff_view("complaints.view")
def stats(request):
    year = _year(request)
    by = {
        "category": selectors.by_category(year),
        "channel": selectors.by_channel(year),
        "month": selectors.by_month(year),
        "respondents": selectors.top_respondents(year),
    }
    return render(
        request,
        "complaints/stats.html",
        {
            "year": year,
            "received": selectors.received_count(year),
            "on_time": selectors.on_time_rate(year),
            "recovered": selectors.recovered_yuan(year),
            "grid": selectors.grid_work_orders(year),
            "charts": [
                mark_safe(bar_chart_svg(by["category"], title=f"{year}年按问题类别")),
                mark_safe(bar_chart_svg(by["channel"], title=f"{year}年按渠道")),
                mark_safe(bar_chart_svg(by["month"], title=f"{year}年按月份")),
            ],
            "respondents": by["respondents"],
        },
    )


@staff_view("complaints.view")
def chart(request, what: str):
    """The SVG of one breakdown (``category``, ``channel``, ``month``) for the dashboard to embed."""
    year = _year(request)
    fn = {"category": selectors.by_category, "channel": selectors.by_channel, "month": selectors.by_month}.get(what)
    if fn is None:
        raise NotFound("统计图")
    return HttpResponse(bar_chart_svg(fn(year), title=f"{year}年投诉举报"), content_type="image/svg+xml")
