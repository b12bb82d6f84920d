"""Screens of 政府信息公开: overview, requests (register, page with its clocks and steps, reply letter), the
proactive catalogue and the annual disclosure report. Every write goes through a service via ``run_form``."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core.access import staff_view
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.metrics import METRICS, format_value
from fazhi.core.pages import page_number, screen_int
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_action, run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.disclosure import documents, forms, selectors, services, workflow
from fazhi.disclosure.access import access_document, access_request
from fazhi.disclosure.models import AnnualReport, Status
from fazhi.rulebook.masking import mask_free_text

PAGE = 50
METRIC_IDS = (
    "disclosure.proactive_documents",
    "disclosure.requests_received",
    "disclosure.requests_closed",
    "disclosure.requests_carried_forward",
    "disclosure.replies_late",
)


def _years() -> tuple[int, int]:
    today = legal_today()
    return (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)


@staff_view("disclosure.view")
def home(request):
    years = _years()
    table = [
        {"label": METRICS[m].label, "values": [format_value(METRICS[m], METRICS[m].value(y)) for y in years]}
        for m in METRIC_IDS
    ]
    return render(
        request,
        "disclosure/home.html",
        {
            "years": years,
            "table": table,
            "due": list(selectors.due_replies(request.user)[:20]),
            "reports": selectors.annual_reports_due(legal_today()),
            "today": legal_today(),
            "can_handle": user_can(request.user, "disclosure.handle"),
            "can_publish": user_can(request.user, "disclosure.publish"),
        },
    )


@staff_view("disclosure.view")
def request_list(request):
    qs = selectors.requests(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(number__contains=q) | qs.filter(applicant_name__contains=q)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "disclosure/request_list.html",
        {
            "rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "status": status,
            "statuses": Status.choices, "q": q, "today": legal_today(),
            "can_handle": user_can(request.user, "disclosure.handle"),
        },
    )  # fmt: skip


@staff_view("disclosure.handle")
def request_new(request):
    form = forms.RequestForm(request.POST or None, user=request.user)
    if request.method == "POST":
        user = request.user

        def act(d: dict[str, Any]) -> Any:
            return services.request_register(
                department=d["department"], applicant_name=d["applicant_name"], applicant_kind=d["applicant_kind"],
                channel=d["channel"], submitted_on=d["submitted_on"], received_on=d["received_on"],
                content=d["content"], purpose=d["purpose"], contact=d["contact"], actor=user,
            )  # fmt: skip

        outcome = run_form(request, form, act, success="已登记政府信息公开申请")
        if outcome.ok:
            return redirect("disclosure:request_detail", pk=outcome.value.pk)
    return render(
        request,
        "disclosure/form.html",
        {"form": form, "title": "登记政府信息公开申请", "button": "登记"},
        status=422 if request.method == "POST" else 200,
    )


# action → (permission, form class, states it applies in, title)
ACTIONS: dict[str, tuple[str, Any, frozenset[str], str]] = {
    "correction": ("disclosure.handle", forms.CorrectionForm, frozenset({"received"}), "告知补正"),
    "corrected": ("disclosure.handle", forms.CorrectedForm, frozenset({"awaiting_correction"}), "登记补正后的申请"),
    "consult": ("disclosure.handle", forms.ConsultForm, frozenset({"received"}), "征求第三方意见"),
    "consulted": ("disclosure.handle", forms.ConsultedForm, frozenset({"consulting"}), "登记第三方意见"),
    "extend": ("disclosure.extend", forms.ExtendForm, frozenset({"received"}), "延长答复期限"),
    "reply": ("disclosure.handle", forms.ReplyForm, frozenset({"received", "awaiting_correction"}), "答复"),
}


def _forms(request, r: Any, bound: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    bound = bound or {}
    today = legal_today()
    out = []
    for name, (permission, form_class, states, title) in ACTIONS.items():
        if r.status not in states or not user_can(request.user, permission):
            continue
        if name == "correction" and r.correction_requested_on is not None:
            continue
        if name == "extend" and r.extended_on is not None:
            continue
        form = bound.get(name) or form_class(initial={"on": today, "revision": r.revision})
        out.append({"name": name, "title": title, "form": form})
    return out


def _detail(request, r: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    today = legal_today()
    clocks = [deadline_selectors.explain(d, today=today) for d in deadline_selectors.deadlines_for(r)]
    return render(
        request,
        "disclosure/request_detail.html",
        {
            "r": r, "clocks": clocks, "forms": _forms(request, r, bound), "today": today,
            "open": workflow.State(r.status) in workflow.OPEN_STATES,
            "overdue": r.status != "replied" and r.reply_due_on is not None and r.reply_due_on < today,
            "contact": masked_contact(r.contact), "can_reveal": user_can(request.user, "disclosure.handle"),
        },
        status=status,
    )  # fmt: skip


_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")


def masked_contact(contact: str) -> str:
    """The requester's contact as the page shows it before the audited reveal: phone and ID numbers, house numbers,
    labelled names and e-mail local parts masked (``13812345678`` → ``138****5678``)."""
    return _EMAIL.sub(r"\1***@\2", mask_free_text(contact)) if contact else ""


@staff_view("disclosure.handle")
def request_contact(request, pk: int):
    """The requester's full contact, for the staff who must reach the requester (补正, 答复); each look is audited
    (personal data, PIPL). GET goes back to the page: the reveal is a POST."""
    r = access_request(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("disclosure:request_detail", pk=r.pk)
    audit_record(action="disclosure.reveal_contact", target=r, actor=request.user, changes={"fields": ["contact"]})
    return render(request, "disclosure/contact.html", {"r": r})


@staff_view("disclosure.view", gate=access_request)
def request_detail(request, pk: int):
    return _detail(request, access_request(user=request.user, pk=pk))


@staff_view("disclosure.view")
def request_act(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    permission, form_class, _, title = ACTIONS[action]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    r = access_request(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("disclosure:request_detail", pk=pk)
    user = request.user
    form = form_class(request.POST)

    def run(d: dict[str, Any]) -> Any:
        rev = parse_revision(d.get("revision"))
        if action == "correction":
            return services.correction_request(request=r, on=d["on"], text=d["text"], expected_revision=rev, actor=user)
        if action == "corrected":
            return services.correction_receive(request=r, on=d["on"], expected_revision=rev, actor=user)
        if action == "consult":
            return services.consultation_start(
                request=r, party=d["party"], on=d["on"], expected_revision=rev, actor=user
            )
        if action == "consulted":
            return services.consultation_end(
                request=r, on=d["on"], opinion=d["opinion"], expected_revision=rev, actor=user
            )
        if action == "extend":
            return services.reply_extend(request=r, on=d["on"], reason=d["reason"], expected_revision=rev, actor=user)
        return services.request_reply(
            request=r, reply_type=d["reply_type"], on=d["on"], text=d["text"], expected_revision=rev, actor=user
        )

    outcome = run_form(request, form, run, success=f"已{title}")
    if outcome.ok:
        return redirect("disclosure:request_detail", pk=pk)
    return _detail(request, r, bound={action: form}, status=422)


def _download(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.FORMATS[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.{fmt}"
    return response


@staff_view("disclosure.view")
def request_letter(request, pk: int):
    r = access_request(user=request.user, pk=pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in ("docx", "pdf") or r.replied_on is None:
        raise Http404
    from urllib.parse import quote

    return _download(documents.reply_letter(r, fmt), fmt, quote(f"答复书-{r.number}"))


@staff_view("disclosure.view")
def document_list(request):
    qs = selectors.documents(request.user)
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(number__contains=q) | qs.filter(title__contains=q)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "disclosure/document_list.html",
        {
            "rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "q": q,
            "can_publish": user_can(request.user, "disclosure.publish"),
        },
    )  # fmt: skip


@staff_view("disclosure.publish")
def document_new(request):
    form = forms.DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST":
        user = request.user

        def act(d: dict[str, Any]) -> Any:
            return services.document_publish(
                department=d["department"], title=d["title"], category=d["category"],
                document_number=d["document_number"], formed_on=d["formed_on"], published_on=d["published_on"],
                summary=d["summary"], actor=user,
            )  # fmt: skip

        outcome = run_form(request, form, act, success="已列入主动公开目录")
        if outcome.ok:
            return redirect("disclosure:document_list")
    return render(
        request,
        "disclosure/form.html",
        {"form": form, "title": "登记主动公开的政府信息", "button": "公开"},
        status=422 if request.method == "POST" else 200,
    )


def _document_page(request, d: Any, *, form: Any = None, status: int = 200):
    can = user_can(request.user, "disclosure.publish") and d.withdrawn_on is None
    initial = {"on": legal_today(), "revision": d.revision}
    return render(
        request, "disclosure/document_detail.html",
        {"d": d, "form": (form or forms.WithdrawForm(initial=initial)) if can else None},
        status=status,
    )  # fmt: skip


@staff_view("disclosure.view", gate=access_document)
def document_detail(request, pk: int):
    return _document_page(request, access_document(user=request.user, pk=pk))


@staff_view("disclosure.view")
def document_withdraw(request, pk: int):
    """撤回 an entry of the catalogue (e.g. the document was repealed): it stays in the records with the reason."""
    if not user_can(request.user, "disclosure.publish"):
        return render(request, "web/forbidden.html", {"permission": "disclosure.publish"}, status=403)
    d = access_document(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("disclosure:document_detail", pk=pk)
    user, form = request.user, forms.WithdrawForm(request.POST)
    outcome = run_form(
        request, form,
        lambda v: services.document_withdraw(document=d, on=v["on"], reason=v["reason"],
                                             expected_revision=parse_revision(v.get("revision")), actor=user),
        success="已撤回",
    )  # fmt: skip
    if outcome.ok:
        return redirect("disclosure:document_detail", pk=pk)
    return _document_page(request, d, form=form, status=422)


@staff_view("disclosure.view")
def report(request):
    year = screen_int(request, "year", default=_years()[1], minimum=2000, maximum=2100) or _years()[1]
    fmt = request.GET.get("format", "")
    data = selectors.annual_report(year)
    if fmt in ("docx", "pdf"):
        from urllib.parse import quote

        return _download(documents.annual_report(data, fmt), fmt, quote(f"政府信息公开工作年度报告-{year}"))
    return _report_page(request, data)


def _report_page(request, data: dict[str, Any], *, form: Any = None, status: int = 200):
    """The report year's tables with its tracked deadline (条例 Art. 49) and the step that closes it."""
    year, today = data["year"], legal_today()
    record = AnnualReport.objects.filter(year=year).first()
    can_publish = user_can(request.user, "disclosure.publish")
    clocks = (
        [deadline_selectors.explain(d, today=today) for d in deadline_selectors.deadlines_for(record)] if record else []
    )
    if record and not record.is_published and can_publish and year < today.year and form is None:
        form = forms.AnnualReportPublishForm(initial={"revision": record.revision})
    return render(
        request,
        "disclosure/report.html",
        {
            **data, "years": range(today.year, 2018, -1), "record": record, "clocks": clocks, "today": today,
            "can_open": can_publish and record is None and year <= today.year,
            "publish_form": form if record and not record.is_published and can_publish else None,
        },
        status=status,
    )  # fmt: skip


@staff_view("disclosure.view")
def report_act(request, year: int, action: str):
    """登记年度报告期限 (open) or 登记提交并公布 (publish); GET goes back to the report page."""
    if action not in ("open", "publish"):
        raise Http404
    if not user_can(request.user, "disclosure.publish"):
        return render(request, "web/forbidden.html", {"permission": "disclosure.publish"}, status=403)
    if not 2000 <= year <= 2100:
        raise Http404
    back = redirect(reverse("disclosure:report") + f"?year={year}")
    if request.method != "POST":
        return back
    user = request.user
    if action == "open":
        run_action(
            request, lambda: services.annual_report_open(year=year, actor=user), success=f"已登记{year}年度报告的期限"
        )
        return back
    record = AnnualReport.objects.filter(year=year).first()
    if record is None:
        raise Http404
    form = forms.AnnualReportPublishForm(request.POST)
    outcome = run_form(
        request, form,
        lambda v: services.annual_report_publish(
            report=record, submitted_on=v["submitted_on"], submitted_to=v["submitted_to"],
            published_on=v["published_on"], published_where=v["published_where"],
            expected_revision=parse_revision(v.get("revision")), actor=user,
        ),
        success=f"已登记{year}年度报告的提交和公布",
    )  # fmt: skip
    if outcome.ok:
        return back
    return _report_page(request, selectors.annual_report(year), form=form, status=422)
