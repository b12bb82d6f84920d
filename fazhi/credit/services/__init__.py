"""Credit services: every write of the credit module goes through here (one service per legal step).

Keyword-only, ``transaction.atomic``, an audit event per change, ``DomainError`` with a stable code. The legal
numbers (grounds, periods, windows, eligibility) come from ``fazhi.rulebook.credit``; tracked deadlines from
``fazhi.deadlines.services``. The annual-report sweep lives in ``fazhi.credit.sweep`` (set-based, batched).
"""

from fazhi.credit.services.abnormal import (
    abnormal_list_propose,
    application_decide,
    objection_accept,
    objection_raise,
    removal_apply,
)
from fazhi.credit.services.common import GROUND_MARKS, NUMBER_PREFIX, listing_number
from fazhi.credit.services.repair import repair_apply, repair_decide
from fazhi.credit.services.serious import (
    serious_list_decide,
    serious_list_propose,
    serious_list_propose_overdue,
    serious_list_remove,
)

__all__ = [
    "GROUND_MARKS",
    "NUMBER_PREFIX",
    "abnormal_list_propose",
    "application_decide",
    "listing_number",
    "objection_accept",
    "objection_raise",
    "removal_apply",
    "repair_apply",
    "repair_decide",
    "serious_list_decide",
    "serious_list_propose",
    "serious_list_propose_overdue",
    "serious_list_remove",
]
