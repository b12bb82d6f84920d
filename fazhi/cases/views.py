"""Case screens: my queue, the list with who acts next, the case page, one form per step, the review queue,
clues with their 立案审批表, the 简易程序 form, documents and attachments.

Steps are grouped by the permission they need (办案 / 审批 / 局负责人 / 法制审核); each group is one view so that
the permission matrix reads the declared permission. Views never catch a service's error themselves: they call
``fazhi.core.views.run_form`` (the one error display).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fazhi.cases import forms, selectors, services, workflow
from fazhi.cases.access import access_case, access_clue
from fazhi.cases.choices import ClueStatus
from fazhi.cases.services import documents
from fazhi.cases.services.filing import pending_filing
from fazhi.cases.steps import GROUP_PERMISSIONS, STEPS, offered, publication_of
from fazhi.core import uploads
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import run_form


@staff_view("cases.view")
def queue(request):
    """我的待办: every case and clue whose next step is this user's, due first."""
    today = legal_today()
    return render(
        request,
        "cases/queue.html",
        {"today": today, "queue": selectors.work_queue(user=request.user, today=today)},
    )


@staff_view("cases.view")
def case_list(request):
    today = legal_today()
    filters = selectors.CaseFilters.from_params(request.GET)
    page = selectors.case_page(user=request.user, filters=filters, page=page_number(request), today=today)
    query = {k: v for k, v in {"q": filters.q, "state": filters.state, "clock": filters.clock}.items() if v}
    return render(
        request,
        "cases/case_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "today": today,
            "states": list(workflow.State),
            "counts": selectors.clock_counts(user=request.user, today=today),
            "querystring_prefix": (urlencode(query) + "&") if query else "",
            "can_summary": user_can(request.user, "cases.handle"),
        },
    )


@staff_view("cases.view", gate=access_case)
def case_detail(request, pk: int):
    case = access_case(user=request.user, pk=pk)
    today = legal_today()
    steps = offered(case, request.user)
    officers = list(case.officers.all())
    next_text, next_overdue = selectors.next_text(
        role=case.next_role,
        action=case.next_action,
        due=case.next_due_on,
        handlers=[o.name for o in officers],
        today=today,
    )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "today": today,
            "next_text": next_text,
            "next_overdue": next_overdue,
            "clocks": selectors.case_clocks(case, today=today),
            "timeline": selectors.case_timeline(case),
            "reviews": case.legal_reviews.select_related("reviewer").all(),
            "discussions": case.discussions.all(),
            "evidence": case.evidence.all(),
            "statements": case.statements.all(),
            "waivers": case.waivers.all(),
            "approvals": selectors.approvals_of(case),
            "corrections": case.date_corrections.select_related("corrected_by"),
            "documents": documents.available_documents(case),
            "steps": [s for s in steps if s.name != "correct_date"],
            "correct_step": next((s for s in steps if s.name == "correct_date"), None),
            "publication": publication_of(case),
            "officers": officers,
            "representative": case.party_representative or (case.entity.legal_representative if case.entity else ""),
            "summary": getattr(case, "summary", None) if case.procedure == workflow.SUMMARY else None,
        },
    )


def _step_view(request, pk: int, step: str, group: str):
    spec = STEPS.get(step)
    if spec is None or spec.group != group:
        raise NotFound("办理步骤")
    case = access_case(user=request.user, pk=pk, permission=GROUP_PERMISSIONS[group])
    today = legal_today()
    initial: dict[str, Any] = {"on": today, "held_on": today, "applied_on": today, "received_on": today, "signed_on": today,
               "notified_on": today}  # fmt: skip
    if spec.name == "serve":
        initial["place"] = case.party_address or ""
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES, case=case)
        outcome = run_form(request, form, lambda d: spec.run(case, d, request.user), success=f"已办理：{spec.label}")
        if outcome.ok:
            return redirect("cases:case_detail", pk=case.pk)
        status = 400
    else:
        form = spec.form(initial=initial, case=case)
        status = 200
    return render(
        request,
        "cases/step.html",
        {"case": case, "form": form, "step": spec, "available": spec.available(case)},
        status=status,
    )


@staff_view("cases.handle")
def case_step(request, pk: int, step: str):
    return _step_view(request, pk, step, "handle")


@staff_view("cases.approve")
def case_approve(request, pk: int, step: str):
    return _step_view(request, pk, step, "approve")


@staff_view("cases.decide")
def case_decide(request, pk: int, step: str):
    return _step_view(request, pk, step, "decide")


@staff_view("cases.legal_review")
def case_review(request, pk: int, step: str):
    return _step_view(request, pk, step, "review")


@staff_view("cases.legal_review")
def review_queue(request):
    today = legal_today()
    queue_rows = list(selectors.review_queue(request.user).values(*selectors.LIST_FIELDS)[:200])
    selectors.annotate_next(queue_rows, today=today)
    return render(
        request,
        "cases/review_queue.html",
        {"queue": queue_rows, "register": selectors.review_register(year=today.year)[:100]},
    )


@staff_view("cases.view")
def case_document(request, pk: int, kind: str, fmt: str):
    case = access_case(user=request.user, pk=pk)
    if fmt not in ("pdf", "docx", "html"):
        raise NotFound("文书格式")
    try:
        doc = documents.document_for(case, kind)
    except DomainError as exc:
        return render(request, "web/not_found.html", {"message": exc.message}, status=404)
    if fmt == "html":
        return HttpResponse(services.render_html(case, doc))
    label = doc.get_kind_display()
    if fmt == "pdf":
        response = HttpResponse(services.render_pdf(case, doc), content_type="application/pdf")
    else:
        response = HttpResponse(
            services.render_docx(case, doc),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{case.number}-{label}')}.{fmt}"
    return response


@staff_view("cases.view")
def case_attachment(request, pk: int, kind: str, item: int):
    """An evidence file or a waiver's signed scan of a case the user may see."""
    case = access_case(user=request.user, pk=pk)
    record: Any
    if kind == "evidence":
        record = case.evidence.filter(pk=item).first()
    elif kind == "waiver":
        record = case.waivers.filter(pk=item).first()
    else:
        record = None
    if record is None or not record.file:
        raise NotFound("附件")
    name = record.title if kind == "evidence" else f"{case.number}放弃权利声明"
    return uploads.download_response(record.file, original=name)  # never inline, detected type (issue 14)


@staff_view("cases.view")
def case_replay(request, pk: int):
    case = access_case(user=request.user, pk=pk)
    if not case.discretion:
        raise NotFound("裁量计算")
    return render(request, "cases/replay.html", {"case": case, "replay": selectors.discretion_replay(case)})


@staff_view("cases.handle")
def summary_new(request):
    """简易程序：当场作出行政处罚决定."""
    department = request.user.department
    if department is None:
        return render(request, "web/forbidden.html", {"permission": "cases.handle"}, status=403)
    form = forms.SummaryDecisionForm(
        request.POST or None, department=department, initial={"on": legal_today(), "party_signed": True}
    )
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.summary_decide(department=department, actor=request.user, **d),
            success="已当场作出行政处罚决定，请打印决定书交付当事人",
        )
        if outcome.ok:
            return redirect("cases:case_detail", pk=outcome.value.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "title": "当场处罚（简易程序）", "intro": SUMMARY_INTRO},
        status=400 if form.is_bound else 200,
    )


SUMMARY_INTRO = (
    "适用条件：违法事实确凿并有法定依据，对自然人处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告"
    "（《行政处罚法》第五十一条）。当场出示执法证件，告知拟处罚的事实、理由、依据及陈述申辩权，当场交付决定书，"
    "并报所属部门备案（第五十二条）。"
)


# ------------------------------------------------------------------------------------------- clues


@staff_view("cases.view")
def clue_list(request):
    page = Paginator(selectors.clue_list(user=request.user), 25).get_page(page_number(request))
    return render(
        request,
        "cases/clue_list.html",
        {"page_obj": page, "today": legal_today(), "can_handle": user_can(request.user, "cases.handle")},
    )


@staff_view("cases.handle")
def clue_new(request):
    form = forms.ClueForm(request.POST or None, initial={"received_on": legal_today()})
    if request.method == "POST":
        if request.user.department_id is None:
            return render(request, "web/forbidden.html", {"permission": "cases.handle"}, status=403)
        outcome = run_form(
            request,
            form,
            lambda d: services.clue_register(department=request.user.department, actor=request.user, **d),
            success="线索已登记，核查期限已开始计算",
        )
        if outcome.ok:
            return redirect("cases:clue_detail", pk=outcome.value.pk)
    return render(
        request, "cases/form.html", {"form": form, "title": "登记案件线索"}, status=400 if form.is_bound else 200
    )


def _clue_forms(clue: Any, user: Any) -> dict[str, Any]:
    today = legal_today()
    # The party handed over with the clue (a tip's respondent), else the registry's entity (selectors).
    initial: dict[str, Any] = {"on": today, "revision": clue.revision, **selectors.clue_file_initial(clue)}
    if clue.entity is not None:
        initial["party_representative"] = clue.entity.legal_representative
    initial["facts_text"] = clue.description
    return {
        "propose_form": forms.FilingProposalForm(initial={**initial, "decision": "file"}, case=None),
        "decide_form": forms.ApprovalDecisionForm(initial={"on": today, "revision": clue.revision}),
        "extend_form": forms.ClueExtendForm(initial={"on": today, "revision": clue.revision}),
        "notify_form": forms.NotifyReporterForm(initial={"on": today, "revision": clue.revision}),
    }


@staff_view("cases.view", gate=access_clue)
def clue_detail(request, pk: int):
    clue = access_clue(user=request.user, pk=pk)
    return render(
        request,
        "cases/clue_detail.html",
        {
            "clue": clue,
            "pending": pending_filing(clue),
            "approvals": clue.approvals.select_related("requested_by", "decided_by"),
            "case": getattr(clue, "case", None) if clue.status == ClueStatus.FILED else None,
            "can_handle": user_can(request.user, "cases.handle"),
            "can_decide": user_can(request.user, "cases.decide"),
            "today": legal_today(),
            **_clue_forms(clue, request.user),
        },
    )


CLUE_HANDLE_ACTIONS: dict[str, tuple[type[Any], str]] = {
    "propose": (forms.FilingProposalForm, "填写立案（不予立案）审批表"),
    "notify": (forms.NotifyReporterForm, "告知投诉举报人"),
}
CLUE_DECIDE_ACTIONS: dict[str, tuple[type[Any], str]] = {
    "decide": (forms.ApprovalDecisionForm, "审批立案（不予立案）审批表"),
    "extend": (forms.ClueExtendForm, "批准延长核查期限"),
}


def _run_clue(request, clue: Any, action: str, d: dict[str, Any]) -> Any:
    user, rev = request.user, d.get("revision")
    if action == "propose":
        facts = {k: d.get(k) for k in ("title", "party_kind", "party_name", "party_id_number", "party_address",
                                       "party_representative", "domain", "procedure", "facts_text")}  # fmt: skip
        return services.filing_propose(
            clue=clue, decision=d["decision"], on=d["on"], proposal=d["proposal"], actor=user, revision=rev, **facts
        )
    if action == "notify":
        return services.clue_notify_reporter(clue=clue, on=d["on"], text=d["text"], actor=user, revision=rev)
    if action == "decide":
        return services.filing_decide(
            clue=clue, approve=d["approve"] == "yes", on=d["on"], opinion=d["opinion"], actor=user, revision=rev
        )
    return services.clue_extend(clue=clue, on=d["on"], reason=d["reason"], actor=user, revision=rev)


def _clue_action(request, pk: int, action: str, actions: dict[str, tuple[type[Any], str]], permission: str):
    if action not in actions:
        raise NotFound("操作")
    clue = access_clue(user=request.user, pk=pk, permission=permission)
    form_class, title = actions[action]
    form = form_class(request.POST or None, initial={"on": legal_today(), "revision": clue.revision})
    if request.method == "POST":
        outcome = run_form(request, form, lambda d: _run_clue(request, clue, action, d), success=f"已办理：{title}")
        if outcome.ok:
            value = outcome.value
            if action == "decide" and value is not None and value.__class__.__name__ == "Case":
                return redirect("cases:case_detail", pk=value.pk)
            return redirect("cases:clue_detail", pk=clue.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "title": f"{title}：线索 {clue.number}", "back": clue},
        status=400 if form.is_bound else 200,
    )


@staff_view("cases.handle")
def clue_act(request, pk: int, action: str):
    return _clue_action(request, pk, action, CLUE_HANDLE_ACTIONS, "cases.handle")


@staff_view("cases.decide")
def clue_approve(request, pk: int, action: str):
    return _clue_action(request, pk, action, CLUE_DECIDE_ACTIONS, "cases.decide")
