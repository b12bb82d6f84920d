"""API: compute a statutory deadline (the same JSON as ``fazhi deadline --json``) and list the rules.

The computation is public information (the calculator page needs no login), so any valid token may call it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import Field

from fazhi.api.params import ApiDate, Code
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.selectors import current_calendar
from fazhi.rulebook.deadlines import compute_deadline, list_rules
from fazhi.rulebook.errors import RulebookError

router = Router(tags=["法定期限"])


class ComputeQuery(Schema):
    rule: Code
    start: ApiDate
    selecting_date: ApiDate | None = None
    as_of: ApiDate | None = None
    provisional: bool = False
    suspend: Annotated[list[Code], Field(max_length=50)] = []  # "YYYY-MM-DD:YYYY-MM-DD:kind"
    extend: Annotated[list[Code], Field(max_length=20)] = []  # "id" or "id:length"


@router.get("/compute")
def compute(request, q: Query[ComputeQuery]):
    try:
        excluded = []
        for item in q.suspend:
            parts = item.split(":")
            excluded.append((dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[1]), *(parts[2:3] or [])))
        extensions = [(e.split(":")[0], int(e.split(":")[1])) if ":" in e else e for e in q.extend]
        result = compute_deadline(
            q.rule,
            q.start,
            calendar=current_calendar(),
            excluded=excluded,
            extensions=extensions,
            selecting_date=q.selecting_date,
            as_of=q.as_of or legal_today(),
            provisional=q.provisional,
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    except (ValueError, IndexError, OverflowError) as exc:
        raise DomainError("deadline.bad_input", "扣除期间格式应为 START:END:KIND，延长应为 ID 或 ID:天数") from exc
    return result.as_json()


@router.get("/rules")
def rules(request):
    return [
        {
            "id": r.id,
            "name": r.name,
            "versions": [
                {
                    "effective_from": v.effective_from.isoformat(),
                    "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                    "length": v.length,
                    "unit": v.unit.value,
                    "citation": str(v.citation),
                    "status": v.status.value,
                }
                for v in r.versions
            ],
        }
        for r in list_rules()
    ]
