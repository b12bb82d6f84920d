"""Files sent up for review by a higher authority."""

from __future__ import annotations

from django.shortcuts import redirect, render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.core.views import run_form
from fazhi.file_reviews import forms, selectors, services
from fazhi.file_reviews.access import (
    access_case_number,
    access_higher,
)
from fazhi.file_reviews.views.common import (
    PAGE,
    form_revision,
)


@staff_view("file_reviews.view")
def higher_list(request):
    qs = selectors.higher_reviews(request.user)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    form = None
    if user_can(request.user, "file_reviews.send_up"):
        form = forms.HigherForm(request.POST or None, initial={"sent_on": legal_today()})
        if request.method == "POST":
            outcome = run_form(
                request,
                form,
                lambda d: services.higher_review_send(
                    case=access_case_number(user=request.user, number=d["case_number"]),
                    authority=d["authority"],
                    review_name=d["review_name"],
                    sent_on=d["sent_on"],
                    actor=request.user,
                ),
                success="已登记报送上级评查的案卷",
            )
            if outcome.ok:
                return redirect("file_reviews:higher_list")
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "file_reviews.send_up"}, status=403)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "file_reviews/higher_list.html",
        {"rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE, "form": form},
        status=status,
    )


@staff_view("file_reviews.view", gate=access_higher)
def higher_detail(request, pk: int):
    item = access_higher(user=request.user, pk=pk)
    form = None
    if user_can(request.user, "file_reviews.send_up"):
        initial = {"result_on": legal_today(), "revision": item.revision, "result": item.result}
        form = forms.HigherResultForm(request.POST or None, initial=initial)
        if request.method == "POST":
            outcome = run_form(
                request,
                form,
                lambda d: services.higher_review_result(
                    item=item,
                    result=d["result"],
                    note=d["result_note"],
                    on=d["result_on"],
                    expected_revision=form_revision(d),
                    actor=request.user,
                ),  # fmt: skip
                success="已登记评查结果",
            )
            if outcome.ok:
                return redirect("file_reviews:higher_detail", pk=pk)
    elif request.method == "POST":
        return render(request, "web/forbidden.html", {"permission": "file_reviews.send_up"}, status=403)
    status = 422 if request.method == "POST" else 200
    return render(request, "file_reviews/higher_detail.html", {"x": item, "form": form}, status=status)
