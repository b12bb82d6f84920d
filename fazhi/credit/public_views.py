"""Public pages (公示): the abnormal list, the serious list, an entity's credit page, the change feed.

Only decisions in force or their removals; no natural persons' data (individual businesses' operators and
legal representatives are never shown); free text is passed through ``mask_text`` as a second line of defence.
"""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.shortcuts import render

from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.core.pages import page_number
from fazhi.credit import selectors
from fazhi.credit.choices import Consequence
from fazhi.registry import selectors as registry_selectors


@public_view
def abnormal_list(request):
    q = request.GET.get("q", "")
    consequence = request.GET.get("consequence", "")
    qs = selectors.public_abnormal_list(q=q, consequence=consequence if consequence in Consequence.values else "")
    rows, has_next = selectors.keyset_page(qs, page_number(request))
    return render(
        request,
        "credit/public_abnormal_list.html",
        {
            "rows": rows,
            "has_next": has_next,
            "page": page_number(request),
            "q": q,
            "consequence": consequence,
            "consequences": Consequence.choices,
        },
    )


@public_view
def serious_list(request):
    q = request.GET.get("q", "")
    rows, has_next = selectors.keyset_page(selectors.public_serious_list(q=q), page_number(request))
    return render(
        request,
        "credit/public_serious_list.html",
        {"rows": rows, "has_next": has_next, "page": page_number(request), "q": q},
    )


@public_view
def entity(request, pk: int):
    obj = registry_selectors.entity_public_header(pk)
    if obj is None:
        raise NotFound("市场主体")
    data = selectors.entity_credit(obj)
    return render(
        request,
        "credit/public_entity.html",
        {"entity": obj, "listings": data["listings"], "serious": data["serious"], "revocation": data["revocation"]},
    )


def _since(request) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        return None


@public_view
def changes(request):
    return render(request, "credit/public_changes.html", {"rows": selectors.change_feed(since=_since(request))})


@public_view
def changes_json(request):
    rows = selectors.change_feed(since=_since(request), limit=1000)
    return JsonResponse(
        {
            "changes": [
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "label": c.get_kind_display(),
                    "uscc": c.entity.uscc or "",
                    "registration_number": c.entity.registration_number or "",
                    "name": c.entity.name,
                    "reference": c.reference,
                    "occurred_on": c.occurred_on.isoformat(),
                }
                for c in rows
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
