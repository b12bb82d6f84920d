"""Screens: the queue, intake, the complaint page with its clocks, the mediation record, statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from fazhi.complaints import clocks, forms, selectors, services, workflow
from fazhi.complaints.access import access_complaint
from fazhi.complaints.charts import bar_chart_svg
from fazhi.complaints.models import Complaint
from fazhi.core.access import staff_view
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.roles import user_can
from fazhi.rulebook import complaints as grounds
from fazhi.rulebook.masking import mask_person_name, mask_phone, mask_resident_id


@staff_view("complaints.view")
def queue(request):
    today = legal_today()
    which = request.GET.get("view", "mine")
    if which not in ("mine", "today", "overdue"):
        which = "mine"
    offset = int(request.GET["offset"]) if request.GET.get("offset", "").isdigit() else 0
    if which == "mine":
        # 50 a page: the whole page renders in a few tens of milliseconds even with 1,000,000 complaints.
        rows = selectors.queue_for(request.user, limit=50, offset=offset)
    else:
        dept = request.GET.get("department")
        rows = selectors.department_due(
            request.user, today=today, which=which, department_id=int(dept) if dept and dept.isdigit() else None
        )
    return render(
        request,
        "complaints/queue.html",
        {
            "rows": selectors.mask_rows(rows),
            "which": which,
            "next_offset": offset + 50 if which == "mine" and len(rows) == 50 else None,
            "today": today,
            "counts": selectors.due_counts(request.user, today=today),
            "can_handle": user_can(request.user, "complaints.handle"),
        },
    )


@staff_view("complaints.view")
def search(request):
    qs = selectors.visible(request.user).order_by("-received_on", "-id").only(*selectors.LIST_FIELDS)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(number__startswith=q) | qs.filter(respondent_name__contains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "complaints/search.html", {"page": page, "rows": selectors.mask_rows(list(page)), "q": q})


@staff_view("complaints.handle")
def intake(request):
    form = forms.IntakeForm(request.POST or None, request.FILES or None, initial={"received_on": legal_today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if request.user.department is None:
                raise DomainError("complaints.no_department", "您的账号未设置所属部门，无法登记来件；请联系系统管理员")
            created = services.submission_register(
                kind=d["kind"],
                channel=d["channel"],
                received_on=d["received_on"],
                department=request.user.department,
                today=legal_today(),
                assignee=request.user,
                consumer_name=d["consumer_name"],
                consumer_phone=d["consumer_phone"],
                consumer_id_number=d["consumer_id_number"],
                real_name=d["real_name"],
                respondent_name=d["respondent_name"],
                respondent_uscc=d["respondent_uscc"],
                category=d["category"],
                amount_in_dispute=d["amount_in_dispute"],
                description=d["description"],
                redirect_reason=d["redirect_reason"],
                attachments=[d["attachment"]] if d.get("attachment") else [],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, f"{exc.message}（{exc.code}）")
        else:
            messages.success(request, "已登记：" + "、".join(f"{c.get_kind_display()} {c.number}" for c in created))
            return redirect("complaints:detail", pk=created[0].pk)
    return render(request, "complaints/intake.html", {"form": form})


def _detail_context(request, c: Complaint) -> dict:
    return {
        "c": c,
        "clocks": clocks.explain(c),
        "actions": workflow.allowed_actions(c.kind, c.status),
        "can_handle": user_can(request.user, "complaints.handle"),
        "consumer_name": mask_person_name(c.consumer_name) if c.consumer_name else "",
        "consumer_phone": mask_phone(c.consumer_phone) if c.consumer_phone else "",
        "consumer_id": mask_resident_id(c.consumer_id_number) if c.consumer_id_number else "",
        "refusal_form": forms.RefuseForm(received_on=c.received_on, initial={"on": legal_today()}),
        "date_initial": legal_today(),
        "decide_form": forms.DecideForm(initial={"on": legal_today()}),
        "start_form": forms.MediationStartForm(),
        "merge_form": forms.MergeForm(received_on=c.received_on),
        "ground_text": _ground_text(c),
        "attachments": list(c.attachments.all()),
    }


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
                out[kind] = f"{g.text}（{g.article}）"
            except Exception:
                out[kind] = value
    return out


@staff_view("complaints.view")
def detail(request, pk: int):
    c = access_complaint(user=request.user, complaint_id=pk)
    return render(request, "complaints/detail.html", _detail_context(request, c))


ACTIONS = {
    "accept",
    "refuse",
    "start_mediation",
    "testing_start",
    "testing_end",
    "notice",
    "extend",
    "decide",
    "notify_reporter",
    "merge",
    "take",
    "reveal",
}


@staff_view("complaints.handle")
def act(request, pk: int, action: str):
    c = access_complaint(user=request.user, complaint_id=pk, permission="complaints.handle")
    if request.method != "POST" or action not in ACTIONS:
        return redirect("complaints:detail", pk=c.pk)
    today = legal_today()
    data = request.POST
    if action == "reveal":
        # Handlers need the full contact to call the consumer; each look is audited (personal data).
        audit_record(action="complaints.reveal_contact", target=c, changes={"fields": ["consumer_phone", "id_number"]})
        return render(request, "complaints/contact.html", {"c": c})
    c.revision = int(data.get("revision", c.revision) or 0)
    try:
        on = dt.date.fromisoformat(data["on"]) if data.get("on") else today
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD")
        return redirect("complaints:detail", pk=c.pk)
    try:
        if action == "accept":
            services.complaint_accept(complaint=c, on=on, today=today)
        elif action == "refuse":
            services.complaint_refuse(
                complaint=c, on=on, ground=data.get("ground", ""), note=data.get("note", ""), today=today
            )
        elif action == "start_mediation":
            services.mediation_start(complaint=c, method=data.get("method", ""), today=today)
        elif action == "testing_start":
            services.testing_start(complaint=c, on=on, today=today)
        elif action == "testing_end":
            services.testing_end(complaint=c, on=on, today=today)
        elif action == "notice":
            services.notice_record(complaint=c, on=on, today=today)
        elif action == "extend":
            services.tip_extend(tip=c, approved_by=request.user, today=today)
        elif action == "decide":
            services.tip_decide(tip=c, decision=data.get("decision", ""), on=on, today=today)
        elif action == "notify_reporter":
            services.reporter_notify(tip=c, on=on, today=today)
        elif action == "take":
            services.complaint_assign(complaint=c, assignee=request.user)
        elif action == "merge":
            into = Complaint.objects.filter(number=data.get("into", "").strip()).first()
            if into is None:
                raise DomainError("complaints.merge_target_missing", "找不到要合并到的登记编号", field="into")
            services.complaint_merge(
                complaint=c, into=into, ground=data.get("ground", ""), note=data.get("note", ""), today=today
            )
    except DomainError as exc:
        messages.error(request, f"{exc.message}（{exc.code}）")
    else:
        messages.success(request, "已保存")
    return redirect("complaints:detail", pk=c.pk)


@staff_view("complaints.handle")
def mediation(request, pk: int):
    """The mediation record: outcome, amount recovered, termination ground, the record text."""
    c = access_complaint(user=request.user, complaint_id=pk, permission="complaints.handle")
    form = forms.CloseForm(request.POST or None, received_on=c.received_on, initial={"on": legal_today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        c.revision = int(request.POST.get("revision", c.revision) or 0)
        try:
            services.complaint_close(
                complaint=c,
                outcome=d["outcome"],
                on=d["on"],
                today=legal_today(),
                recovered_amount=d["recovered_amount"] or Decimal("0"),
                termination_ground=d["termination_ground"] or "",
                note=d["note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, f"{exc.message}（{exc.code}）")
        else:
            messages.success(request, "调解结果已登记")
            return redirect("complaints:detail", pk=c.pk)
    return render(request, "complaints/mediation.html", {"c": c, "form": form})


@staff_view("complaints.view")
def respondent_notice(request, pk: int):
    """告知书 to the respondent (被投诉人/被举报人): never the consumer's or reporter's identity (Order 20 Art. 33)."""
    c = access_complaint(user=request.user, complaint_id=pk)
    return render(request, "complaints/respondent_notice.html", {"c": c, "ground_text": _ground_text(c)})


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else legal_today().year - 1


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
        return HttpResponse(status=404)
    return HttpResponse(bar_chart_svg(fn(year), title=f"{year}年投诉举报"), content_type="image/svg+xml")
