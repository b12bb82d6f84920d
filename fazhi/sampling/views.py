"""Screens of 抽检与专项整治: overview with the year's figures, plans and tasks, samples with their handling,
campaigns with their checks, 证照分离 matters. Every write goes through a service via ``run_form``."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.metrics import METRICS, format_value
from fazhi.core.pages import page_number, query_int
from fazhi.core.revision import parse_revision
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.registry import permits as permit_selectors
from fazhi.registry import selectors as registry_selectors
from fazhi.registry.choices import ReformMode
from fazhi.sampling import forms, selectors, services, workflow
from fazhi.sampling.access import access_campaign, access_plan, access_sample, access_task
from fazhi.sampling.choices import CampaignStatus, Finding, ProductArea, Result, SampleStatus
from fazhi.sampling.models import Lab

PAGE = 50
HOME_METRICS = (
    "sampling.food_batches",
    "sampling.drug_batches",
    "sampling.cosmetic_batches",
    "sampling.device_batches",
    "sampling.product_batches",
    "sampling.product_categories",
    "campaigns.food_special_inspections",
    "campaigns.elevator_maintainers_checked",
    "permits.notify_commit",
    "permits.filing_instead",
    "permits.optimised",
)


def _years() -> tuple[int, int]:
    today = legal_today()
    return (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)


def _year_param(request) -> int | None:
    try:
        year = query_int(request, "year", default=0, minimum=0, maximum=2199)
    except DomainError:
        return None
    return year or None


@staff_view("sampling.view")
def home(request):
    years = _years()
    table = []
    for metric_id in HOME_METRICS:
        metric = METRICS[metric_id]
        table.append({"label": metric.label, "values": [format_value(metric, metric.value(y)) for y in years]})
    areas = selectors.area_figures(years[1])
    peak = max([a["batches"] for a in areas] + [1])
    for a in areas:
        a["width"] = round(100 * a["batches"] / peak)
    return render(
        request,
        "sampling/home.html",
        {
            "years": years,
            "table": table,
            "areas": areas,
            "panels": selectors.home_panels(request.user),
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )


# ---------------------------------------------------------------- plans and tasks


@staff_view("sampling.view")
def plan_list(request):
    year = _year_param(request)
    return render(
        request,
        "sampling/plan_list.html",
        {
            "plans": list(selectors.plans_for(request.user, year=year)[:200]),
            "labs": list(Lab.objects.order_by("name")),
            "year": year,
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )


@staff_view("sampling.plan")
def plan_new(request):
    form = forms.PlanForm(request.POST or None, user=request.user, initial={"year": legal_today().year})
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.plan_create(actor=user, **d), success="已登记抽检计划")
        if outcome.ok:
            return redirect("sampling:plan_detail", pk=outcome.value.pk)
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记抽检计划"},
        status=422 if request.method == "POST" else 200,
    )


@staff_view("sampling.plan")
def lab_new(request):
    form = forms.LabForm(request.POST or None)
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.lab_register(actor=user, **d), success="已登记承检机构")
        if outcome.ok:
            return redirect("sampling:plan_list")
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记承检机构"},
        status=422 if request.method == "POST" else 200,
    )


@staff_view("sampling.view", gate=access_plan)
def plan_detail(request, pk: int):
    plan = access_plan(user=request.user, pk=pk)
    form = None
    status = 200
    if user_can(request.user, "sampling.plan"):
        form = forms.TaskForm(request.POST or None, initial={"starts_on": legal_today()})
        if request.method == "POST":
            user = request.user
            outcome = run_form(
                request, form, lambda d: services.task_create(plan=plan, actor=user, **d), success="已下达抽样任务"
            )
            if outcome.ok:
                return redirect("sampling:task_detail", pk=outcome.value.pk)
            status = 422
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "sampling.plan"}, status=403)
    tasks = list(plan.tasks.select_related("department", "lab").order_by("number"))
    return render(request, "sampling/plan_detail.html", {"plan": plan, "tasks": tasks, "form": form}, status=status)


@staff_view("sampling.view", gate=access_task)
def task_detail(request, pk: int):
    task = access_task(user=request.user, pk=pk)
    form = None
    status = 200
    may_record = user_can(request.user, "sampling.record")
    if may_record:
        form = forms.SampleForm(request.POST or None, initial={"sampled_on": legal_today()})
        if request.method == "POST":
            user = request.user

            def act(d: dict[str, Any]) -> Any:
                entity = registry_selectors.entity_by_uscc(d["entity_uscc"])
                if entity is None:
                    raise DomainError(
                        "sampling.unknown_entity", "系统中没有该统一社会信用代码的市场主体", field="entity_uscc"
                    )
                producer = None
                if d["producer_uscc"]:
                    producer = registry_selectors.entity_by_uscc(d["producer_uscc"])
                    if producer is None:
                        raise DomainError(
                            "sampling.unknown_entity", "系统中没有该统一社会信用代码的市场主体", field="producer_uscc"
                        )
                return services.sample_register(
                    task=task, number=d["number"], product_name=d["product_name"], sampled_on=d["sampled_on"],
                    entity=entity, producer=producer, producer_name=d["producer_name"], brand=d["brand"],
                    specification=d["specification"], batch_number=d["batch_number"], actor=user,
                )  # fmt: skip

            outcome = run_form(request, form, act, success="已登记抽样")
            if outcome.ok:
                return redirect("sampling:sample_detail", pk=outcome.value.pk)
            status = 422
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "sampling.record"}, status=403)
    page = page_number(request)
    samples = list(selectors.samples_for(request.user).filter(task=task)[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/task_detail.html",
        {"task": task, "samples": samples[:PAGE], "page": page, "has_next": len(samples) > PAGE, "form": form},
        status=status,
    )


# ---------------------------------------------------------------- samples


@staff_view("sampling.view")
def sample_list(request):
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    result = request.GET.get("result", "")
    q = request.GET.get("q", "").strip()[:60]
    year = _year_param(request)
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


# ---------------------------------------------------------------- campaigns


@staff_view("sampling.view")
def campaign_list(request):
    year = _year_param(request)
    page = page_number(request)
    rows = list(selectors.campaigns_for(request.user, year=year)[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "sampling/campaign_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "year": year or "",
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )


@staff_view("sampling.plan")
def campaign_new(request):
    today = legal_today()
    form = forms.CampaignForm(request.POST or None, user=request.user, initial={"starts_on": today, "ends_on": today})
    if request.method == "POST":
        user = request.user
        outcome = run_form(request, form, lambda d: services.campaign_create(actor=user, **d), success="已登记专项整治")
        if outcome.ok:
            return redirect("sampling:campaign_detail", pk=outcome.value.pk)
    return render(
        request,
        "sampling/form.html",
        {"form": form, "title": "登记专项整治"},
        status=422 if request.method == "POST" else 200,
    )


def _campaign_page(request, campaign: Any, *, bound: dict[str, Any] | None = None, status: int = 200):
    bound = bound or {}
    today = legal_today()
    checks = list(campaign.checks.select_related("entity", "department", "clue").order_by("id"))
    is_open = campaign.status == CampaignStatus.OPEN
    may_plan = is_open and user_can(request.user, "sampling.plan")
    may_record = is_open and user_can(request.user, "sampling.record")
    return render(
        request,
        "sampling/campaign_detail.html",
        {
            "c": campaign,
            "checks": checks,
            "problems": sum(1 for c in checks if c.finding in (Finding.RECTIFY, Finding.CLUE)),
            "select_form": bound.get("select") or (forms.SelectForm() if may_plan else None),
            "close_form": bound.get("close") or (forms.CloseCampaignForm(initial={"on": today}) if may_plan else None),
            "may_record": may_record,
            "check_form": bound.get("check"),
            "today": today,
        },
        status=status,
    )


@staff_view("sampling.view", gate=access_campaign)
def campaign_detail(request, pk: int):
    return _campaign_page(request, access_campaign(user=request.user, pk=pk))


CAMPAIGN_ACTIONS: dict[str, tuple[type[Any], str, str]] = {
    "select": (forms.SelectForm, "sampling.plan", "已选定检查对象"),
    "close": (forms.CloseCampaignForm, "sampling.plan", "专项整治已结束"),
    "check": (forms.CheckForm, "sampling.record", "已登记检查结果"),
    "recheck": (forms.RecheckForm, "sampling.record", "已登记复查结果"),
    "clue": (forms.CheckClueForm, "sampling.record", "已移交立案核查"),
}


@staff_view("sampling.view")
def campaign_act(request, pk: int, action: str):
    if action not in CAMPAIGN_ACTIONS:
        raise Http404
    form_class, permission, success = CAMPAIGN_ACTIONS[action]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    campaign = access_campaign(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("sampling:campaign_detail", pk=pk)
    form = form_class(request.POST)
    user = request.user

    def check_of(d: dict[str, Any]) -> Any:
        check = campaign.checks.select_related("campaign", "entity").filter(pk=d["check"]).first()
        if check is None:
            raise DomainError("sampling.no_check", "该专项整治中没有这个检查对象", field="check")
        return check

    def run(d: dict[str, Any]) -> Any:
        if action == "select":
            entities = registry_selectors.active_entities_matching(
                industry=d["industry"], street=d["street"], name_contains=d["name_contains"],
                on=campaign.starts_on, limit=5000 if d["draw"] else d["limit"],
            )  # fmt: skip
            criteria = {k: d[k] for k in ("industry", "street", "name_contains", "limit") if d[k]}
            if d["draw"]:
                return services.campaign_draw(
                    campaign=campaign, pool=entities, size=min(d["limit"], len(entities)) or 1,
                    seed_hex=secrets.token_hex(32), drawn_at=timezone.localtime(), actor=user,
                )  # fmt: skip
            return services.campaign_select(campaign=campaign, entities=entities, criteria=criteria, actor=user)
        if action == "close":
            return services.campaign_close(campaign=campaign, on=d["on"], summary=d["summary"], actor=user)
        check = check_of(d)
        revision = parse_revision(d.get("revision"))
        if action == "check":
            return services.check_record(
                check=check, checked_on=d["checked_on"], finding=d["finding"], officers=d["officers"],
                description=d["description"], rectification_due_on=d["rectification_due_on"],
                expected_revision=revision, actor=user,
            )  # fmt: skip
        if action == "recheck":
            return services.check_recheck(
                check=check, rechecked_on=d["rechecked_on"], result=d["result"], expected_revision=revision, actor=user
            )
        return services.check_hand_over(check=check, on=d["on"], actor=user)

    outcome = run_form(request, form, run, success=success)
    if outcome.ok:
        return redirect("sampling:campaign_detail", pk=pk)
    return _campaign_page(request, campaign, bound={action: form}, status=422)


# ---------------------------------------------------------------- 证照分离


@staff_view("sampling.view")
def permit_list(request):
    year = _year_param(request) or _years()[1]
    mode = request.GET.get("mode", "")
    if mode not in ReformMode.values:
        mode = ReformMode.NOTIFY_COMMIT
    qs = permit_selectors.permit_matters(year, mode).select_related("department")
    number = request.GET.get("number", "").strip()[:60]
    if number:
        qs = qs.filter(number=number)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    counts = {m: permit_selectors.permit_count(year, m) for m in ReformMode.values}
    return render(
        request,
        "sampling/permit_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "year": year,
            "mode": mode,
            "modes": [(m, label, counts[m]) for m, label in ReformMode.choices],
            "number": number,
            "can_import": user_can(request.user, "registry.import"),
        },
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
