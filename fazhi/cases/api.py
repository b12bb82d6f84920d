"""Cases API (mounted at /api/v1/cases/): the same gates, selectors, forms and services as the pages.

Reads: the list (ordered by what is due first, with who acts next) and a case with its clocks and documents.
Writes: ``POST /api/v1/cases/{id}/steps/{step}`` runs one step of ``fazhi.cases.steps`` — the JSON body (or a
multipart form, for files) is bound to the step's own form, so every field gets the validation the page and the
importer apply (``fazhi.core.validation``); a bad value answers 400 with the field errors, a refused step 400/409
with the service's code and Chinese message, another department's case 404 — never a 500.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from ninja import Router, Schema, Status

from fazhi.api.params import Code, Page, RecordId, SearchText
from fazhi.cases import selectors, steps, workflow
from fazhi.cases.access import access_case
from fazhi.cases.services import documents
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, ValidationFailed

router = Router(tags=["行政处罚"])


class CaseOut(Schema):
    id: int
    number: str
    title: str
    state: str
    state_label: str
    procedure: str
    filed_on: dt.date
    handling_due_on: dt.date | None
    decided_on: dt.date | None
    next_role: str
    next_action: str
    next_due_on: dt.date | None
    next_text: str


class CaseDetailOut(CaseOut):
    revision: int
    decision_kind: str
    decision_number: str
    fine: Decimal
    confiscation: Decimal
    discretion: dict | None
    clocks: list[dict]
    documents: list[dict]
    steps: list[dict]


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: dict[str, str] | None = None


@router.get("/", response=list[CaseOut])
def list_cases(request, q: SearchText = "", state: Code = "", clock: Code = "", page: Page = 1):
    require(request.user, "cases.view")
    filters = selectors.CaseFilters.from_params({"q": q, "state": state, "clock": clock})
    return list(selectors.case_page(user=request.user, filters=filters, page=page, today=legal_today()))


def _detail(request, case) -> dict[str, Any]:
    today = legal_today()
    clocks = [
        {
            "rule_id": c.deadline.rule_id,
            "label": c.deadline.label,
            "due_on": c.deadline.due_on,
            "state": c.state,
            "citation": c.deadline.citation,
            "provisional": c.deadline.provisional,
        }
        for c in selectors.case_clocks(case, today=today)
    ]
    text, _ = selectors.next_text(
        role=case.next_role,
        action=case.next_action,
        due=case.next_due_on,
        handlers=[o.name for o in case.officers.all()],
        today=today,
    )
    return {
        **{f: getattr(case, f) for f in CaseDetailOut.model_fields if hasattr(case, f) and f != "documents"},
        "state_label": workflow.State(case.state).label,
        "next_text": text,
        "clocks": clocks,
        "documents": [
            {"kind": d.kind, "label": d.label, "number": d.document.number if d.document else "", "missing": d.missing}
            for d in documents.available_documents(case)
        ],
        "steps": [
            {"name": s.name, "label": s.label, "permission": s.permission} for s in steps.offered(case, request.user)
        ],
    }


@router.get("/{pk}", response={200: CaseDetailOut, 404: ErrorOut})
def case_detail(request, pk: RecordId):
    require(request.user, "cases.view")
    case = access_case(user=request.user, pk=pk)
    return _detail(request, case)


def _payload(request) -> tuple[QueryDict, Any]:
    if request.content_type and request.content_type.startswith("multipart/"):
        return request.POST, request.FILES
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError("input.json_invalid", "请求体不是有效的 JSON") from exc
    if not isinstance(body, dict):
        raise DomainError("input.json_invalid", "请求体应为 JSON 对象")
    data = QueryDict(mutable=True)
    for key, value in body.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data, None


@router.post(
    "/{pk}/steps/{step}", response={200: CaseDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
)
def run_step(request, pk: RecordId, step: Code):
    """Run one step on a case as the token's user (same permission, department scope and checks as the page)."""
    spec = steps.STEPS.get(step)
    if spec is None:
        raise NotFound("办理步骤")
    require(request.user, spec.permission)
    case = access_case(user=request.user, pk=pk, permission=spec.permission)
    data, files = _payload(request)
    form = spec.form(data, files, case=case)
    if not form.is_valid():
        raise ValidationFailed({name: "；".join(str(e) for e in errs) for name, errs in form.errors.items()})
    spec.run(case, form.cleaned_data, request.user)
    case.refresh_from_db()
    return Status(200, _detail(request, case))
