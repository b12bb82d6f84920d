"""Case screens: list with clocks, case page, one form per step, review queue, clues, documents.

Steps are grouped by the permission they need (办案 / 审批 / 决定 / 法制审核); each group is one view so that
the permission matrix reads the declared permission. The services do the checking; views only translate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from fazhi.cases import forms, selectors, services, workflow
from fazhi.cases.access import access_case, access_clue
from fazhi.cases.choices import DocumentKind, PublicationStatus
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.roles import user_can


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10**6 else 1


@staff_view("cases.view")
def case_list(request):
    today = legal_today()
    filters = selectors.CaseFilters.from_params(request.GET)
    page = selectors.case_page(user=request.user, filters=filters, page=_page_number(request), today=today)
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
        },
    )


@staff_view("cases.view")
def case_detail(request, pk: int):
    case = access_case(user=request.user, pk=pk)
    today = legal_today()
    # Offer only what the state table allows now AND what this user's role may do; the step views and the
    # services still check both (defence in depth) — this only keeps refused buttons off the page.
    steps = [s for s in STEPS.values() if s.available(case) and user_can(request.user, s.permission)]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "today": today,
            "clocks": selectors.case_clocks(case, today=today),
            "timeline": selectors.case_timeline(case),
            "reviews": case.legal_reviews.select_related("reviewer").all(),
            "discussions": case.discussions.all(),
            "evidence": case.evidence.all(),
            "documents": case.documents.all(),
            "steps": steps,
            "document_kinds": list(DocumentKind),
            "publication": _publication(case),
            "officers": case.officers.all(),
        },
    )


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    group: str  # handle | approve | decide | review
    form: type[djforms.Form]
    run: Callable[[Any, dict[str, Any], Any], Any]
    events: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    # For steps on a record other than the case's state (the publication): offered when this returns True.
    when: Callable[[Any], bool] | None = None

    def available(self, case) -> bool:
        if self.when is not None:
            return self.when(case)
        if self.states:
            return case.state in self.states
        return any((workflow.State(case.state), workflow.Event(e)) in workflow.TRANSITIONS for e in self.events)

    @property
    def url_name(self) -> str:
        return {
            "handle": "cases:case_step",
            "approve": "cases:case_approve",
            "decide": "cases:case_decide",
            "review": "cases:case_review",
        }[self.group]

    @property
    def permission(self) -> str:
        """The permission the step's view demands (see the ``@staff_view`` marks below)."""
        return GROUP_PERMISSIONS[self.group]


GROUP_PERMISSIONS: dict[str, str] = {
    "handle": "cases.handle",
    "approve": "cases.approve",
    "decide": "cases.decide",
    "review": "cases.legal_review",
}


INVESTIGATION = ("investigating", "suspended")
EDIT = ("investigating", "case_review", "statement_closed")


def _facts(case, d, user):
    facts = {
        "party_kind": case.party_kind,
        **{
            k: (str(d[k]) if d.get(k) is not None else None)
            for k in ("goods_value", "illegal_gains", "turnover", "advertising_fees")
        },
        "factors": list(d.get("factors") or []),
        "first_violation_within_2_years": d.get("first_violation_within_2_years", False),
        "harm": d.get("harm") or "ordinary",
        "corrected_promptly": d.get("corrected_promptly", False),
    }
    services.case_set_facts(case=case, violation_id=d["violation_id"], facts=facts, actor=user)
    services.case_assess_discretion(case=case, on=d["on"], actor=user)


def _evidence(case, d, user):
    upload = d["file"]
    content = upload.read(services.EVIDENCE_MAX_BYTES + 1)  # never more than the limit in memory
    services.evidence_add(case=case, title=d["title"], filename=upload.name, content=content, actor=user)


def _propose(case, d, user):
    services.case_propose_penalty(
        case=case,
        fine=d.get("fine") or 0,
        confiscation=d.get("confiscation") or 0,
        warning=d.get("warning", False),
        other=d.get("other", ""),
        deviation_reason=d.get("deviation_reason", ""),
        major_public_interest=d.get("major_public_interest", False),
        complex_case=d.get("complex_case", False),
        licence_or_business_penalty=d.get("licence_or_business_penalty", False),
        actor=user,
    )


def _publication(case):
    """The case's 行政处罚信息公示 record, or None (warnings alone and summary cases have none)."""
    try:
        return case.publication
    except ObjectDoesNotExist:
        return None


def _publication_in(*statuses: str) -> Callable[[Any], bool]:
    def check(case) -> bool:
        pub = _publication(case)
        return pub is not None and pub.status in statuses

    return check


def _arrange(case, d, user):
    services.case_arrange_payment(
        case=case,
        kind=d["kind"],
        until=d.get("until") if d["kind"] == "deferral" else None,
        instalments=d.get("instalments") if d["kind"] == "instalments" else None,
        applied_on=d["applied_on"],
        approved_by=user,
    )


def _publish(case, d, user):
    pub = _publication(case)
    if pub is None:
        raise DomainError("cases.no_publication", "该案件无需公示（无公示记录）")
    services.publication_publish(publication=pub, on=d["on"], actor=user)


def _withdraw(case, d, user):
    pub = _publication(case)
    if pub is None:
        raise DomainError("cases.no_publication", "该案件无需公示（无公示记录）")
    services.publication_withdraw(publication=pub, on=d["on"], reason=d["reason"], actor=user)


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "officers",
            "指派办案人员",
            "handle",
            forms.OfficersForm,
            lambda c, d, u: services.case_assign_officers(case=c, officers=list(d["officers"]), on=d["on"], actor=u),
            states=INVESTIGATION,
        ),
        Step(
            "evidence",
            "上传证据材料",
            "handle",
            forms.EvidenceForm,
            _evidence,
            states=tuple(s.value for s in workflow.OPEN_STATES),
        ),
        Step("facts", "录入裁量事实并计算裁量", "handle", forms.FactsForm, _facts, states=EDIT),
        Step("propose", "提出处罚建议", "handle", forms.ProposeForm, _propose, states=EDIT),
        Step(
            "exemption",
            "适用免罚清单（教育）",
            "handle",
            forms.ExemptionForm,
            lambda c, d, u: services.case_apply_exemption(
                case=c, on=d["on"], education=d["education"], item_id=d.get("item_id") or None, actor=u
            ),
            states=EDIT,
        ),
        Step(
            "coercion",
            "依清单不予实施行政强制措施",
            "handle",
            forms.CoercionForm,
            lambda c, d, u: services.case_waive_coercion(case=c, item_id=d["item_id"], on=d["on"], actor=u),
            states=INVESTIGATION,
        ),
        Step(
            "suspend",
            "中止调查",
            "handle",
            forms.SuspendForm,
            lambda c, d, u: services.case_suspend(case=c, on=d["on"], reason=d["reason"], kind=d["kind"], actor=u),
            events=("suspend",),
        ),
        Step(
            "resume",
            "恢复调查",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_resume(case=c, on=d["on"], actor=u),
            events=("resume",),
        ),
        Step(
            "terminate",
            "终止调查",
            "approve",
            forms.ReasonForm,
            lambda c, d, u: services.case_terminate(case=c, on=d["on"], reason=d["reason"], actor=u),
            events=("terminate",),
        ),
        Step(
            "submit_review",
            "调查终结，提交案件审核",
            "handle",
            djforms.Form,
            lambda c, d, u: services.case_submit_review(case=c, actor=u),
            events=("submit_review",),
        ),
        Step(
            "review_pass",
            "案件审核通过",
            "approve",
            forms.DateForm,
            lambda c, d, u: services.case_review_pass(case=c, on=d["on"], actor=u),
            events=("case_review_pass",),
        ),
        Step(
            "return",
            "退回补充调查",
            "approve",
            forms.ReasonForm,
            lambda c, d, u: services.case_return_investigation(case=c, reason=d["reason"], actor=u),
            events=("return_investigation",),
        ),
        Step(
            "request_legal_review",
            "提交法制审核",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_request_legal_review(case=c, on=d["on"], actor=u),
            events=("request_legal_review",),
        ),
        Step(
            "legal_review",
            "法制审核意见",
            "review",
            forms.ReviewForm,
            lambda c, d, u: services.legal_review_record(
                case=c, opinion=d["opinion"], text=d.get("text", ""), on=d["on"], reviewer=u
            ),
            events=("legal_review_approve",),
        ),
        Step(
            "notify",
            "送达行政处罚告知书",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_notify(case=c, on=d["on"], actor=u),
            events=("notify",),
        ),
        Step(
            "request_hearing",
            "当事人要求听证",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_request_hearing(case=c, on=d["on"], actor=u),
            events=("request_hearing",),
        ),
        Step(
            "schedule_hearing",
            "安排听证（送达听证通知书）",
            "handle",
            forms.HearingScheduleForm,
            lambda c, d, u: services.case_schedule_hearing(
                case=c, hearing_on=d["hearing_on"], notified_on=d["notified_on"], actor=u
            ),
            states=("hearing",),
        ),
        Step(
            "conclude_hearing",
            "听证结束",
            "handle",
            forms.SummaryForm,
            lambda c, d, u: services.case_conclude_hearing(case=c, on=d["on"], summary=d.get("text", ""), actor=u),
            events=("conclude_hearing",),
        ),
        Step(
            "close_statement",
            "陈述申辩结束",
            "handle",
            forms.SummaryForm,
            lambda c, d, u: services.case_close_statement(case=c, on=d["on"], summary=d.get("text", ""), actor=u),
            events=("close_statement",),
        ),
        Step(
            "discussion",
            "记录集体讨论",
            "approve",
            forms.DiscussionForm,
            lambda c, d, u: services.collective_discussion_record(
                case=c,
                held_on=d["held_on"],
                attendees=d["attendees"],
                opinions=d["opinions"],
                conclusion=d["conclusion"],
                extension_days=d.get("extension_days"),
                actor=u,
            ),
            states=tuple(s.value for s in workflow.OPEN_STATES),
        ),
        Step(
            "extend",
            "延长办案期限",
            "approve",
            forms.ExtendForm,
            lambda c, d, u: services.case_extend_handling(
                case=c, approved_by=u, extension_id=d["extension_id"], days=d.get("days")
            ),
            states=tuple(s.value for s in workflow.OPEN_STATES),
        ),
        Step(
            "decide",
            "作出决定",
            "decide",
            forms.DecideForm,
            lambda c, d, u: services.case_decide(case=c, on=d["on"], reasoning=d["reasoning"], kind=d["kind"], actor=u),
            events=("decide_penalty", "decide_no_penalty"),
        ),
        Step(
            "transfer",
            "移送司法机关",
            "approve",
            forms.TransferForm,
            lambda c, d, u: services.case_transfer(case=c, on=d["on"], to=d["to"], reason=d["reason"], actor=u),
            events=("transfer",),
        ),
        Step(
            "serve",
            "送达决定书",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_serve(case=c, on=d["on"], actor=u),
            events=("serve",),
        ),
        Step(
            "arrange_payment",
            "批准暂缓或分期缴纳罚款",
            "approve",
            forms.ArrangementForm,
            _arrange,
            states=("served",),
        ),
        Step(
            "payment",
            "登记缴款（执行完毕）",
            "handle",
            forms.PaymentForm,
            lambda c, d, u: services.case_record_payment(case=c, on=d["on"], amount=d["amount"], actor=u),
            events=("execute",),
        ),
        Step(
            "publish",
            "公示行政处罚信息",
            "handle",
            forms.DateForm,
            _publish,
            when=_publication_in(PublicationStatus.PENDING),
        ),
        Step(
            "withdraw_publication",
            "撤下（撤回）公示",
            "approve",
            forms.WithdrawForm,
            _withdraw,
            when=_publication_in(PublicationStatus.PENDING, PublicationStatus.PUBLISHED),
        ),
        Step(
            "close",
            "结案",
            "approve",
            forms.DateForm,
            lambda c, d, u: services.case_close(case=c, on=d["on"], actor=u),
            events=("close",),
        ),
        Step(
            "archive",
            "归档",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_archive(case=c, on=d["on"], actor=u),
            events=("archive",),
        ),
    ]
}


def _step_view(request, pk: int, step: str, group: str, permission: str):
    spec = STEPS.get(step)
    if spec is None or spec.group != group:
        raise NotFound("办理步骤")
    case = access_case(user=request.user, pk=pk, permission=permission)
    form_kwargs: dict[str, Any] = {"case": case} if spec.form in (forms.OfficersForm, forms.FactsForm) else {}
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                spec.run(case, form.cleaned_data, request.user)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, f"{exc.message}（{exc.code}）")
            else:
                messages.success(request, f"已办理：{spec.label}")
                return redirect("cases:case_detail", pk=case.pk)
    else:
        today = legal_today()
        form = spec.form(initial={"on": today, "held_on": today, "applied_on": today}, **form_kwargs)
    return render(request, "cases/step.html", {"case": case, "form": form, "step": spec})


@staff_view("cases.handle")
def case_step(request, pk: int, step: str):
    return _step_view(request, pk, step, "handle", GROUP_PERMISSIONS["handle"])


@staff_view("cases.approve")
def case_approve(request, pk: int, step: str):
    return _step_view(request, pk, step, "approve", GROUP_PERMISSIONS["approve"])


@staff_view("cases.decide")
def case_decide(request, pk: int, step: str):
    return _step_view(request, pk, step, "decide", GROUP_PERMISSIONS["decide"])


@staff_view("cases.legal_review")
def case_review(request, pk: int, step: str):
    return _step_view(request, pk, step, "review", GROUP_PERMISSIONS["review"])


@staff_view("cases.legal_review")
def review_queue(request):
    return render(
        request,
        "cases/review_queue.html",
        {
            "queue": selectors.review_queue(request.user),
            "register": selectors.review_register(year=legal_today().year)[:100],
        },
    )


@staff_view("cases.view")
def case_document(request, pk: int, kind: str, fmt: str):
    case = access_case(user=request.user, pk=pk)
    if kind not in DocumentKind.values or fmt not in ("pdf", "docx", "html"):
        raise Http404
    doc = case.documents.filter(kind=kind).order_by("-id").first()
    name = f"{case.number}-{DocumentKind(kind).label}"
    if fmt == "html":
        return HttpResponse(services.render_html(case, kind, doc))
    if fmt == "pdf":
        response = HttpResponse(services.render_pdf(case, kind, doc), content_type="application/pdf")
    else:
        response = HttpResponse(
            services.render_docx(case, kind, doc),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


@staff_view("cases.view")
def case_replay(request, pk: int):
    case = access_case(user=request.user, pk=pk)
    if not case.discretion:
        raise NotFound("裁量计算")
    return render(request, "cases/replay.html", {"case": case, "replay": selectors.discretion_replay(case)})


# ------------------------------------------------------------------------------------------- clues


@staff_view("cases.view")
def clue_list(request):
    from django.core.paginator import Paginator

    page = Paginator(selectors.clue_list(user=request.user), 25).get_page(_page_number(request))
    return render(request, "cases/clue_list.html", {"page_obj": page, "today": legal_today()})


@staff_view("cases.handle")
def clue_new(request):
    form = forms.ClueForm(request.POST or None, initial={"received_on": legal_today()})
    if request.method == "POST" and form.is_valid():
        if request.user.department_id is None:
            form.add_error(None, "您没有所属部门，不能登记线索")
        else:
            try:
                clue = services.clue_register(
                    department=request.user.department, actor=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("cases:clue_detail", pk=clue.pk)
    return render(request, "cases/form.html", {"form": form, "title": "登记案件线索"})


@staff_view("cases.view")
def clue_detail(request, pk: int):
    clue = access_clue(user=request.user, pk=pk)
    return render(
        request,
        "cases/clue_detail.html",
        {
            "clue": clue,
            "file_form": forms.FileCaseForm(initial={"on": legal_today(), **selectors.clue_file_initial(clue)}),
            "decline_form": forms.DeclineForm(initial={"on": legal_today()}),
            "notify_form": forms.NotifyReporterForm(initial={"on": legal_today()}),
            "case": getattr(clue, "case", None) if clue.status == "filed" else None,
        },
    )


@staff_view("cases.handle")
def clue_act(request, pk: int, action: str):
    clue = access_clue(user=request.user, pk=pk, permission="cases.handle")
    form_class = {"file": forms.FileCaseForm, "decline": forms.DeclineForm, "notify": forms.NotifyReporterForm}.get(
        action
    )
    if form_class is None:
        raise NotFound("操作")
    form = form_class(request.POST or None, initial={"on": legal_today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if action == "file":
                case = services.case_file(clue=clue, actor=request.user, **d)
                return redirect("cases:case_detail", pk=case.pk)
            if action == "decline":
                services.clue_decline(clue=clue, on=d["on"], reason=d["reason"], actor=request.user)
            else:
                services.clue_notify_reporter(clue=clue, on=d["on"], text=d["text"], actor=request.user)
            return redirect("cases:clue_detail", pk=clue.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "cases/form.html", {"form": form, "title": f"线索 {clue.number}"})
