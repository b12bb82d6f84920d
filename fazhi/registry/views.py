"""Registry pages: entity search and detail, officers, departments, the import upload."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render

from fazhi.core import uploads
from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.importing import IMPORTERS, ImportFileError, run_import
from fazhi.core.pages import page_number
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


def _checked_import_file(upload: Any, suffix: str) -> bytes:
    """The upload through the one upload check (fazhi.core.uploads: size, type by content, never by the name): an
    .xlsx must be a real workbook (no macros, no zip bomb), a .csv text in UTF-8 or GB18030 as the importer reads it
    (fazhi.core.csvtext). Codes ``registry.import_file_empty|_too_large|_type``."""
    limit_mb = int(getattr(settings, "FAZHI_IMPORT_MAX_FILE_MB", 300))
    checked = uploads.check_upload(
        upload,
        field="file",
        max_bytes=limit_mb * 1024 * 1024,
        accept=("xlsx",) if suffix == ".xlsx" else ("csv",),
        code="registry.import_file",
    )
    return checked.content.read()


@staff_view("registry.import")
def import_upload(request):
    result = error = None
    token = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            factory = IMPORTERS.get(kind)
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            if factory is None:
                error = f"暂不支持导入“{kind}”，请联系系统管理员"
            else:
                data: bytes | None = None
                try:
                    data = _checked_import_file(upload, suffix)
                except DomainError as exc:
                    form.add_error("file", exc.message)
                if data is not None:
                    token = uuid.uuid4().hex
                    folder = _import_dir() / token
                    folder.mkdir(parents=True, exist_ok=True)
                    path = folder / f"upload{suffix}"
                    path.write_bytes(data)
                    (folder / "owner.json").write_text(
                        json.dumps({"user": request.user.pk, "name": uploads.original_name(upload.name)})
                    )
                    try:
                        result = run_import(factory(), path)
                    except ImportFileError as exc:
                        error = exc.message
    else:
        form = ImportForm()
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "result": result,
            "error": error,
            "token": token if result and result.error_file else "",
        },
    )


@staff_view("registry.import")
def import_error_file(request):
    token = request.GET.get("token", "")
    if not _TOKEN.match(token):
        return redirect("registry:import")
    folder = _import_dir() / token
    try:
        owner = json.loads((folder / "owner.json").read_text())
    except (OSError, ValueError):
        raise NotFound("错误文件") from None
    files = sorted(folder.glob("*.errors.csv"))
    if owner.get("user") != request.user.pk or not files:
        raise NotFound("错误文件")
    name = Path(owner.get("name", "import")).stem + ".错误行.csv"
    return FileResponse(files[0].open("rb"), as_attachment=True, filename=name, content_type="text/csv")
