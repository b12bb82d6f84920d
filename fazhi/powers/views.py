"""Staff pages of the power list: the list as of a date, history, diff, and the adjustment batches."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fazhi.core import pages
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.core.views import posted_revision, run_action, run_form
from fazhi.powers import selectors, services
from fazhi.powers.access import access_batch
from fazhi.powers.choices import BatchStatus, LineAction
from fazhi.powers.exporters import export_powers_xlsx
from fazhi.powers.forms import BatchForm, DecisionForm, DiffForm, LineForm, ListFilterForm
from fazhi.powers.models import AdjustmentBatch
from fazhi.registry import selectors as registry_selectors

PAGE_SIZE = 50
STAFF_NS = "powers"


def department_choices() -> list[tuple[int, str]]:
    return list(registry_selectors.active_departments(include_external=False).values_list("pk", "name"))


def list_context(request, ns: str) -> dict:
    """Shared by the staff and the public list: filters, as-of date, page."""
    form = ListFilterForm(request.GET or None, departments=department_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    on = filters.get("on") or legal_today()
    qs = selectors.powers_in_force(
        on,
        search=(filters.get("q") or "").strip(),
        category=filters.get("category") or "",
        department_id=filters.get("department"),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(pages.page_number(request))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "form": form,
        "on": on,
        "page_obj": page,
        "rows": page.object_list,
        "querystring_prefix": (params.urlencode() + "&") if params else "",
        "export_query": params.urlencode(),
        "ns": ns,
    }


def export_response(request) -> HttpResponse:
    form = ListFilterForm(request.GET or None, departments=department_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    on = filters.get("on") or legal_today()
    data = export_powers_xlsx(
        on, search=(filters.get("q") or "").strip(), category=filters.get("category") or "",
        department_id=filters.get("department"),
    )  # fmt: skip
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="powers-{on.isoformat()}.xlsx"'
    return response


def diff_context(request, ns: str) -> dict:
    today = legal_today()
    initial = {"from_date": dt.date(today.year - 1, 1, 1), "to_date": dt.date(today.year - 1, 12, 31)}
    form = DiffForm(request.GET or initial)
    result = None
    if form.is_valid():
        result = selectors.power_list_diff(form.cleaned_data["from_date"], form.cleaned_data["to_date"])
    return {"form": form, "result": result, "ns": ns}


def history_context(code: str, ns: str) -> dict:
    item, versions = selectors.power_history(code)
    rows = []
    previous = None
    for v in versions:
        rows.append({"version": v, "changes": selectors.version_changes(previous, v) if previous else []})
        previous = v
    return {"item": item, "versions": rows, "current": versions[-1] if versions else None, "ns": ns}


@staff_view("powers.view")
def power_list(request):
    return render(request, "powers/list.html", {**list_context(request, STAFF_NS), "public": False})


@staff_view("powers.view")
def export(request):
    return export_response(request)


@staff_view("powers.view")
def item(request, code: str):
    return render(request, "powers/item.html", {**history_context(code, STAFF_NS), "public": False})


@staff_view("powers.view")
def diff(request):
    return render(request, "powers/diff.html", {**diff_context(request, STAFF_NS), "public": False})


@staff_view("powers.view")
def batch_list(request):
    status = request.GET.get("status", "")
    page = Paginator(selectors.batch_list(status=status), PAGE_SIZE).get_page(pages.page_number(request))
    return render(
        request,
        "powers/batch_list.html",
        {"page_obj": page, "batches": page.object_list, "status": status, "statuses": BatchStatus.choices,
         "public": False, "ns": STAFF_NS, "can_prepare": user_can(request.user, "powers.prepare")},
    )  # fmt: skip


@staff_view("powers.prepare")
def batch_create(request):
    form = BatchForm(request.POST or None, initial={"issued_on": legal_today(), "effective_from": legal_today()})
    if request.method == "POST":
        outcome = run_form(
            request,
            form,
            lambda data: services.batch_create(actor=request.user, **data),
            success="已建立调整函草稿，请逐项添加调整事项",
        )
        if outcome.ok:
            return redirect("powers:batch_detail", pk=outcome.value.pk)
    return render(request, "powers/batch_form.html", {"form": form})


def _batch(request, pk: int, permission: str = "powers.view") -> AdjustmentBatch:
    return access_batch(user=request.user, pk=pk, permission=permission)


@staff_view("powers.view", gate=access_batch)
def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    can_prepare = user_can(request.user, "powers.prepare") and batch.status == BatchStatus.DRAFT
    return render(
        request,
        "powers/batch_detail.html",
        {
            "batch": batch,
            "lines": batch.lines.select_related("department").order_by("position"),
            "counts": selectors.line_counts(batch),
            "can_prepare": can_prepare,
            "can_reopen": user_can(request.user, "powers.prepare") and batch.status == BatchStatus.REJECTED,
            "can_review": user_can(request.user, "powers.approve") and batch.status == BatchStatus.SUBMITTED,
            "line_form": LineForm(departments=department_choices()) if can_prepare else None,
            "problems": selectors.batch_problems(batch) if batch.status == BatchStatus.DRAFT else [],
            "public": False,
        },
    )


@staff_view("powers.prepare")
def line_add(request, pk: int):
    batch = _batch(request, pk, "powers.prepare")
    if request.method != "POST":
        return redirect("powers:batch_detail", pk=pk)
    form = LineForm(request.POST, departments=department_choices())
    if not form.is_valid():
        labels = {name: str(field.label or name) for name, field in form.fields.items()}
        messages.error(
            request,
            "调整事项填写有误："
            + "；".join(
                f"{labels.get(k, '整体')}：{v[0]}" if k != "__all__" else str(v[0]) for k, v in form.errors.items()
            ),
        )
        return redirect("powers:batch_detail", pk=pk)
    data = dict(form.cleaned_data)
    department_id = data.pop("department")
    if data["action"] == LineAction.CHANGE:
        # Blank fields keep the current content of the item (the form shows only what changes).
        current = selectors.power_lookup(data["code"].strip(), batch.effective_from)
        if current is not None:
            for field in ("name", "category", "accountability", "duty_items", "remarks"):
                data[field] = data[field] or getattr(current, field)
            if not data["legal_basis"]:
                data["legal_basis"] = current.legal_basis
            department_id = department_id or current.department_id
    run_action(
        request,
        lambda: services.line_add(
            actor=request.user, batch=batch, department=registry_selectors.department_by_pk(department_id), **data
        ),
        success=f"已添加：{LineAction(data['action']).label} {data['code']}",
    )
    return redirect("powers:batch_detail", pk=pk)


@staff_view("powers.prepare")
def line_delete(request, pk: int, line_id: int):
    batch = _batch(request, pk, "powers.prepare")
    if request.method == "POST":
        run_action(request, lambda: services.line_delete(actor=request.user, batch=batch, line_id=line_id))
    return redirect("powers:batch_detail", pk=pk)


@staff_view("powers.prepare")
def batch_submit(request, pk: int):
    batch = _batch(request, pk, "powers.prepare")
    if request.method == "POST":
        run_action(
            request,
            lambda: services.batch_submit(actor=request.user, batch=batch, expected_revision=posted_revision(request)),
            success="已提交局领导审批",
        )
    return redirect("powers:batch_detail", pk=pk)


@staff_view("powers.prepare")
def batch_reopen(request, pk: int):
    batch = _batch(request, pk, "powers.prepare")
    if request.method == "POST":
        run_action(request, lambda: services.batch_reopen(actor=request.user, batch=batch))
    return redirect("powers:batch_detail", pk=pk)


@staff_view("powers.approve")
def batch_review(request, pk: int):
    """The approval page: the lines, each line's effect, and the validation result before approving."""
    batch = _batch(request, pk, "powers.approve")
    lines = list(batch.lines.select_related("department").order_by("position"))
    current = {v.item.code: v for v in selectors.powers_in_force(batch.effective_from).filter(
        item__code__in=[line.code for line in lines])}  # fmt: skip
    return render(
        request,
        "powers/batch_review.html",
        {
            "batch": batch,
            "lines": [{"line": line, "current": current.get(line.code)} for line in lines],
            "counts": selectors.line_counts(batch),
            "problems": selectors.batch_problems(batch) if batch.status == BatchStatus.SUBMITTED else [],
            "form": DecisionForm(initial={"revision": batch.revision}),
            "can_decide": batch.status == BatchStatus.SUBMITTED,
        },
    )


@staff_view("powers.approve")
def batch_approve(request, pk: int):
    batch = _batch(request, pk, "powers.approve")
    if request.method != "POST":
        return redirect("powers:batch_review", pk=pk)
    outcome = run_action(
        request,
        lambda: services.batch_approve(
            actor=request.user,
            batch=batch,
            note=request.POST.get("note", ""),
            expected_revision=posted_revision(request),
        ),
        success=f"已批准，自 {batch.effective_from} 起生效",
    )
    return redirect("powers:batch_detail" if outcome.ok else "powers:batch_review", pk=pk)


@staff_view("powers.approve")
def batch_reject(request, pk: int):
    batch = _batch(request, pk, "powers.approve")
    if request.method != "POST":
        return redirect("powers:batch_review", pk=pk)
    outcome = run_action(
        request,
        lambda: services.batch_reject(
            actor=request.user,
            batch=batch,
            note=request.POST.get("note", ""),
            expected_revision=posted_revision(request),
        ),
        success="已退回拟稿人",
    )
    return redirect("powers:batch_detail" if outcome.ok else "powers:batch_review", pk=pk)
