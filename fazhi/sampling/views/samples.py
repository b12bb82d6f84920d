"""Samples: list, detail with its handling actions, late reviews, corrections and documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import page_number
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.sampling import forms, selectors, services, workflow
from fazhi.sampling.access import access_sample
from fazhi.sampling.choices import ProductArea, Result, SampleStatus
from fazhi.sampling.views.common import (
    PAGE,
    year_param,
)


@staff_view("sampling.view")
def sample_list(request):
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    result = request.GET.get("result", "")
    q = request.GET.get("q", "").strip()[:60]
    year = year_param(request)
    qs = selectors.samples_for(request.user, area=area, status=status, result=result, year=year, query=q)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/sample_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "area": area,
            "status": status,
            "result": result,
            "year": year or "",
            "q": q,
            "areas": ProductArea.choices,
            "statuses": SampleStatus.choices,
            "results": Result.choices,
        },
    )


def _sample_forms(request, sample: Any, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    if not user_can(request.user, "sampling.record"):
        return {}
    today = legal_today()
    rev = {"revision": sample.revision}
    allowed = set(workflow.allowed_events(sample.status))
    out: dict[str, Any] = {}
    if "result_qualified" in allowed:
        out["result"] = bound.get("result") or forms.ResultForm(initial={**rev, "report_on": today})
    if "serve_notice" in allowed:
        out["notice"] = bound.get("notice") or forms.NoticeForm(initial={**rev, "served_on": today})
    if "request_retest" in allowed and sample.retest_requested_on is None:
        out["retest"] = bound.get("retest") or forms.RetestForm(initial={**rev, "requested_on": today})
    if "retest_upheld" in allowed:
        out["retest_conclude"] = bound.get("retest_conclude") or forms.RetestConcludeForm(
            initial={**rev, "concluded_on": today}
        )
    if "order_disposal" in allowed:
        out["disposal"] = bound.get("disposal") or forms.DisposalForm(initial={"ordered_on": today})
    if sample.status in workflow.CLUE_STATES and sample.result == Result.UNQUALIFIED and sample.clue_id is None:
        out["clue"] = bound.get("clue") or forms.DayForm(initial={**rev, "on": today})
    if "close" in allowed:
        out["close"] = bound.get("close") or forms.DayForm(initial={**rev, "on": today})
    if (
        "request_retest" in allowed
        and sample.retest_requested_on is None
        and sample.retest_due_on is not None
        and today > sample.retest_due_on
        and not any(r.decision == "" for r in sample.late_reviews.all())
    ):
        out["late_retest"] = bound.get("late_retest") or forms.LateRetestForm(initial={**rev, "requested_on": today})
    return out


def _sample_page(request, sample: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    today = legal_today()
    clocks = [deadline_selectors.explain(d, today=today) for d in deadline_selectors.deadlines_for(sample)]
    disposals = list(sample.disposals.all())
    reviews = list(sample.late_reviews.select_related("submitted_by", "decided_by").order_by("id"))
    pending = next((r for r in reviews if not r.decision), None)
    review_form = None
    if pending is not None and user_can(request.user, "sampling.legal_review"):
        review_form = (bound or {}).get("review") or forms.LateReviewForm(initial={"decided_on": today})
    return render(
        request,
        "sampling/sample_detail.html",
        {
            "s": sample,
            "reviews": reviews,
            "pending_review": pending,
            "review_form": review_form,
            "corrections": list(sample.corrections.select_related("corrected_by").order_by("id")),
            "can_correct": user_can(request.user, "sampling.record")
            and sample.status in (SampleStatus.QUALIFIED, SampleStatus.UNQUALIFIED),
            "clocks": clocks,
            "disposals": disposals,
            "forms": _sample_forms(request, sample, bound),
            "done_form": forms.DisposalDoneForm(initial={"completed_on": today})
            if user_can(request.user, "sampling.record")
            else None,
            "done_bound": (bound or {}).get("done"),
        },
        status=status,
    )


@staff_view("sampling.view", gate=access_sample)
def sample_detail(request, pk: int):
    return _sample_page(request, access_sample(user=request.user, pk=pk))


SAMPLE_ACTIONS: dict[str, tuple[type[Any], str]] = {
    "result": (forms.ResultForm, "已登记检验结论"),
    "notice": (forms.NoticeForm, "已登记送达，复检申请期限已计算"),
    "retest": (forms.RetestForm, "已登记复检申请"),
    "retest_conclude": (forms.RetestConcludeForm, "已登记复检结论"),
    "disposal": (forms.DisposalForm, "已登记处置措施"),
    "done": (forms.DisposalDoneForm, "已登记措施完成"),
    "clue": (forms.DayForm, "已移交立案核查"),
    "close": (forms.DayForm, "已办结"),
    "late_retest": (forms.LateRetestForm, "已将逾期复检申请提交法制审核"),
}


@staff_view("sampling.view")
def sample_act(request, pk: int, action: str):
    if action not in SAMPLE_ACTIONS:
        raise Http404
    if not user_can(request.user, "sampling.record"):
        return render(request, "web/forbidden.html", {"permission": "sampling.record"}, status=403)
    sample = access_sample(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("sampling:sample_detail", pk=pk)
    form_class, success = SAMPLE_ACTIONS[action]
    form = form_class(request.POST)
    user = request.user

    def run(d: dict[str, Any]) -> Any:
        revision = parse_revision(d.get("revision"))
        if action == "result":
            return services.result_record(
                sample=sample, result=d["result"], report_number=d["report_number"], report_on=d["report_on"],
                failed_items=d["failed_items"], expected_revision=revision, actor=user,
            )  # fmt: skip
        if action == "notice":
            return services.notice_serve(
                sample=sample, served_on=d["served_on"], producer_notified_on=d["producer_notified_on"],
                expected_revision=revision, actor=user,
            )  # fmt: skip
        if action == "retest":
            return services.retest_request(
                sample=sample, requested_on=d["requested_on"], retest_lab=d["retest_lab"], expected_revision=revision,
                actor=user,
            )  # fmt: skip
        if action == "retest_conclude":
            return services.retest_conclude(
                sample=sample, outcome=d["outcome"], concluded_on=d["concluded_on"], expected_revision=revision,
                actor=user,
            )  # fmt: skip
        if action == "disposal":
            return services.disposal_order(
                sample=sample, measure=d["measure"], ordered_on=d["ordered_on"], quantity=d["quantity"], note=d["note"],
                actor=user,
            )  # fmt: skip
        if action == "done":
            disposal = sample.disposals.filter(pk=d["disposal"]).first()
            if disposal is None:
                raise DomainError("sampling.no_measure", "没有这项处置措施", field="disposal")
            return services.disposal_complete(disposal=disposal, completed_on=d["completed_on"], actor=user)
        if action == "clue":
            return services.sample_hand_over(sample=sample, on=d["on"], actor=user)
        if action == "late_retest":
            return services.late_retest_submit(
                sample=sample, requested_on=d["requested_on"], retest_lab=d["retest_lab"], reason=d["reason"],
                expected_revision=revision, actor=user,
            )  # fmt: skip
        return services.sample_close(sample=sample, on=d["on"], expected_revision=revision, actor=user)

    outcome = run_form(request, form, run, success=success)
    if outcome.ok:
        return redirect("sampling:sample_detail", pk=pk)
    return _sample_page(request, sample, bound={action: form}, status=422)


@staff_view("sampling.legal_review")
def late_review(request, pk: int, review: int):
    """法制审核 of a re-test request after the window: accept (registered as late) or refuse, with the opinion."""
    sample = access_sample(user=request.user, pk=pk)
    item = sample.late_reviews.filter(pk=review).first()
    if item is None:
        raise Http404
    if request.method != "POST":
        return redirect("sampling:sample_detail", pk=pk)
    form = forms.LateReviewForm(request.POST)

    def run(d: dict[str, Any]) -> Any:
        return services.late_retest_decide(
            review=item, decision=d["decision"], opinion=d["opinion"], decided_on=d["decided_on"], actor=request.user
        )

    outcome = run_form(request, form, run, success="已记录法制审核意见")
    if outcome.ok:
        return redirect("sampling:sample_detail", pk=pk)
    sample = access_sample(user=request.user, pk=pk)
    return _sample_page(request, sample, bound={"review": form}, status=422)


@staff_view("sampling.view")
def review_list(request):
    """The legal reviewer's desk: late re-test requests waiting for review, then the decided ones (department-scoped
    roles see their own department's)."""
    rows = selectors.late_reviews_for(request.user)
    page = page_number(request)
    items = list(rows[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/review_list.html",
        {"rows": items[:PAGE], "page": page, "has_next": len(items) > PAGE},
        # (the decision itself is taken on the sample's page, by 法制审核人员)
    )


@staff_view("sampling.record")
def sample_correct(request, pk: int):
    """检验结论更正: the recorded result, corrected with a reason (kept with the values before and after)."""
    sample = access_sample(user=request.user, pk=pk)
    if sample.status not in (SampleStatus.QUALIFIED, SampleStatus.UNQUALIFIED):
        messages.error(request, "检验结论已送达当事人或样品尚无检验结论，不能更正；送达后结论只能经复检改变")
        return redirect("sampling:sample_detail", pk=pk)
    if request.method == "POST":
        form = forms.CorrectionForm(request.POST)

        def run(d: dict[str, Any]) -> Any:
            return services.result_correct(
                sample=sample, result=d["result"], report_number=d["report_number"], report_on=d["report_on"],
                failed_items=d["failed_items"], reason=d["reason"], expected_revision=parse_revision(d.get("revision")),
                actor=request.user,
            )  # fmt: skip

        outcome = run_form(request, form, run, success="已更正检验结论，更正前后的内容和理由已留痕")
        if outcome.ok:
            return redirect("sampling:sample_detail", pk=pk)
        status = 422
    else:
        form = forms.CorrectionForm(
            initial={
                "revision": sample.revision,
                "result": sample.result,
                "report_number": sample.report_number,
                "report_on": sample.report_on,
                "failed_items": forms.failed_items_text(sample.failed_items),
            }
        )
        status = 200
    return render(
        request,
        "sampling/correct.html",
        {"s": sample, "form": form, "corrections": list(sample.corrections.select_related("corrected_by"))},
        status=status,
    )


@staff_view("sampling.view")
def sample_document(request, pk: int, kind: str, fmt: str):
    """抽样单 / 检验结论通知书 as Word or PDF, from what the sample's record shows."""
    from django.http import HttpResponse

    from fazhi.sampling import documents

    sample = access_sample(user=request.user, pk=pk)
    if kind not in documents.KINDS or fmt not in ("docx", "pdf") or kind not in documents.available(sample):
        raise Http404
    content = documents.document_content(sample, kind)
    name = f"{documents.KINDS[kind]}-{sample.number}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(documents.render_pdf(content), content_type="application/pdf")
    else:
        response = HttpResponse(
            documents.render_docx(content),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
