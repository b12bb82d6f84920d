"""Typical cases (以案释法): list, draft from a closed penalty case, edit, submit, review, withdraw."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.activities import selectors, services
from fazhi.activities.access import access_typical, may_write
from fazhi.activities.choices import TypicalCaseStatus
from fazhi.activities.forms import OpinionForm, ReasonForm, TypicalForm
from fazhi.activities.services.typical import public_version
from fazhi.cases import selectors as case_selectors
from fazhi.core.access import staff_view
from fazhi.core.errors import DomainError
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import posted_revision, run_action, run_form


@staff_view("activities.view")
def typical_list(request):
    page = Paginator(selectors.typical_cases_visible(request.user), 25).get_page(page_number(request))
    return render(
        request,
        "activities/typical_list.html",
        {"page_obj": page, "queue": selectors.review_queue(request.user),
         "can_record": user_can(request.user, "activities.record")},
    )  # fmt: skip


@staff_view("activities.record")
def typical_create(request):
    if request.method == "POST":
        outcome = run_action(
            request, lambda: services.typical_draft(case_id=request.POST.get("case", ""), actor=request.user)
        )
        if outcome.ok:
            return redirect("activities:typical_edit", pk=outcome.value.pk)
    q = request.GET.get("q", "").strip()[:40]
    return render(
        request,
        "activities/typical_create.html",
        {"cases": case_selectors.closed_penalty_cases(user=request.user, q=q), "q": q},
    )


@staff_view("activities.view", gate=access_typical)
def typical_detail(request, pk: int):
    case = access_typical(user=request.user, pk=pk)
    preview = None
    if case.status in (TypicalCaseStatus.DRAFT, TypicalCaseStatus.RETURNED, TypicalCaseStatus.SUBMITTED):
        try:
            source = case_selectors.case_for_publication(user=request.user, case_id=case.case_id)
            preview = public_version(case, source)
        except DomainError:
            preview = None  # the reader may not see the source case (another department); no preview then
    user = request.user
    return render(
        request,
        "activities/typical_detail.html",
        {
            "case": case,
            "preview": preview,
            "can_edit": may_write(user, case) and case.status in (TypicalCaseStatus.DRAFT, TypicalCaseStatus.RETURNED),
            "can_review": user_can(user, "activities.publish")
            and case.status == TypicalCaseStatus.SUBMITTED
            and case.drafted_by_id != user.pk,
            "can_withdraw": user_can(user, "activities.publish") and case.status == TypicalCaseStatus.PUBLISHED,
            "opinion_form": OpinionForm(),
            "reason_form": ReasonForm(),
        },
    )


@staff_view("activities.record")
def typical_edit(request, pk: int):
    case = access_typical(user=request.user, pk=pk, permission="activities.record")
    form = TypicalForm(
        request.POST or None,
        initial={"title": case.title, "facts": case.facts, "analysis": case.analysis, "legal_basis": case.legal_basis},
    )
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda d: services.typical_update(
                case=case, expected_revision=posted_revision(request), actor=request.user, **d
            ),
            success="已保存",
        )
        if outcome.ok:
            return redirect("activities:typical_detail", pk=case.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"撰写典型案例：{case.title}", "revision": case.revision,
         "back": reverse("activities:typical_detail", args=[case.pk]),
         "note": "对外发布的文字将自动脱敏：当事人为自然人的，姓名、身份证号、住址；法定代表人姓名；文中的身份证号、电话号码、银行卡号。"},
    )  # fmt: skip


@staff_view("activities.record")
@require_POST
def typical_submit(request, pk: int):
    case = access_typical(user=request.user, pk=pk, permission="activities.record")
    run_action(
        request,
        lambda: services.typical_submit(case=case, expected_revision=posted_revision(request), actor=request.user),
        success="已提交审核",
    )
    return redirect("activities:typical_detail", pk=case.pk)


@staff_view("activities.publish")
@require_POST
def typical_approve(request, pk: int):
    case = access_typical(user=request.user, pk=pk, permission="activities.publish")
    run_action(
        request,
        lambda: services.typical_approve(
            case=case,
            opinion=request.POST.get("opinion", ""),
            expected_revision=posted_revision(request),
            actor=request.user,
        ),
        success="审核通过，已在公示网站发布（脱敏文本）",
    )
    return redirect("activities:typical_detail", pk=case.pk)


@staff_view("activities.publish")
@require_POST
def typical_return(request, pk: int):
    case = access_typical(user=request.user, pk=pk, permission="activities.publish")
    run_action(
        request,
        lambda: services.typical_return(
            case=case,
            opinion=request.POST.get("opinion", ""),
            expected_revision=posted_revision(request),
            actor=request.user,
        ),
        success="已退回修改",
    )
    return redirect("activities:typical_detail", pk=case.pk)


@staff_view("activities.publish")
@require_POST
def typical_withdraw(request, pk: int):
    case = access_typical(user=request.user, pk=pk, permission="activities.publish")
    run_action(
        request,
        lambda: services.typical_withdraw(
            case=case,
            reason=request.POST.get("reason", ""),
            expected_revision=posted_revision(request),
            actor=request.user,
        ),
        success="已从公示网站撤回",
    )
    return redirect("activities:typical_detail", pk=case.pk)
