"""Shared helpers of the credit services: listing numbers, the rulebook error adapter, the revision check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.errors import from_rulebook
from fazhi.core.revision import update_if_current
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.selectors import deadlines_for
from fazhi.rulebook import credit as rules
from fazhi.rulebook.errors import RulebookError

NUMBER_PREFIX = "东市监"
GROUND_MARKS = {"annual_report": "年", "not_disclosed": "公", "false_information": "虚", "unreachable": "址"}


def listing_number(*, consequence: str, ground: str, year: int, entity_id: int) -> str:
    """``东市监异〔2023〕年123号`` (list) / ``东市监标〔2023〕年123号`` (individual mark)."""
    kind = "异" if consequence == "abnormal_list" else "标"
    return f"{NUMBER_PREFIX}{kind}〔{year}〕{GROUND_MARKS[ground]}{entity_id}号"


def _consequence_for(entity: Any, on: dt.date) -> str:
    try:
        return rules.annual_report_obligation(entity.kind, on.year - 1).consequence
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def _bump(obj: Any, expected_status: str, fields: list[str]) -> None:
    """Save ``fields`` only if the row still has ``expected_status`` and revision (two users never both succeed)."""
    update_if_current(
        obj,
        values={name: getattr(obj, name) for name in fields},
        what=str(type(obj)._meta.verbose_name),
        status=expected_status,
    )


def _meet_open_deadlines(owner: Any, on: dt.date) -> None:
    for deadline in deadlines_for(owner):
        if deadline.status == "open":
            deadline_services.deadline_meet(deadline=deadline, on=on)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
