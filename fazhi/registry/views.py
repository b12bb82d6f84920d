"""Registry pages: entity search and detail, officers, departments, the import upload."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.importing import IMPORTERS
from fazhi.core.pages import page_number
from fazhi.core.views import ImportRun, import_error_download, run_import_upload
from fazhi.credit import selectors as credit_selectors
from fazhi.registry import selectors
from fazhi.registry.access import access_entity
from fazhi.registry.choices import DepartmentKind
from fazhi.registry.forms import EntitySearchForm, ImportForm

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@staff_view("registry.view")
def entity_list(request):
    filters = selectors.EntityFilters.from_params(request.GET)
    page = selectors.entity_search(user=request.user, filters=filters, page=page_number(request))
    context = {"page": page, "querystring": urlencode(filters.as_query())}
    if request.htmx:
        return render(request, "registry/_entity_results.html", context)
    form = EntitySearchForm(request.GET or None, offices=selectors.office_choices())
    return render(request, "registry/entity_list.html", {**context, "form": form})


@staff_view("registry.view", gate=access_entity, gate_arg="entity_id")
def entity_detail(request, pk: int):
    entity = access_entity(user=request.user, entity_id=pk)
    return render(
        request,
        "registry/entity_detail.html",
        {
            "entity": entity,
            "history": selectors.entity_history(entity),
            "annual_reports": selectors.entity_annual_reports(entity),
            # the legal representative's 3-year bar (issue 13 §2): the credit module's warning
            "own_bars": credit_selectors.entity_own_representative_bars(entity),
            "bar_warnings": credit_selectors.entity_representative_warnings(entity, today=legal_today()),
        },
    )


@staff_view("staff.view")
def officer_list(request):
    q = request.GET.get("q", "").strip()[:40]
    qs = selectors.officer_list(user=request.user, q=q)
    page = Paginator(qs, 50).get_page(page_number(request))
    return render(
        request, "registry/officer_list.html", {"page_obj": page, "q": q, "querystring_prefix": f"q={q}&" if q else ""}
    )


@staff_view("staff.view")
def department_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in DepartmentKind.values else ""
    return render(
        request,
        "registry/department_list.html",
        {"departments": selectors.department_list(kind=kind), "kind": kind, "kinds": DepartmentKind.choices},
    )


def _import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@staff_view("registry.import")
def import_upload(request):
    run, error = ImportRun(), ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            factory = IMPORTERS.get(kind)
            if factory is None:
                error = f"暂不支持导入“{kind}”，请联系系统管理员"
            else:
                run = run_import_upload(request, form, factory(), folder=_import_dir(), code="registry.import_file")
    else:
        form = ImportForm()
    return render(
        request,
        "registry/import.html",
        {"form": form, "result": run.result, "error": error or run.error, "token": run.token},
    )


@staff_view("registry.import")
def import_error_file(request):
    return import_error_download(request, _import_dir())
