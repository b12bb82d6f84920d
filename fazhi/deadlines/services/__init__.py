"""Writes for deadlines — the only write door of the app (one module per kind of step):

- ``tracking``: one tracked deadline's legal steps (``deadline_open|suspend|resume|extend|meet|cancel``);
- ``recompute``: every open deadline after a calendar or rule change (``deadlines_recompute``);
- ``calendar``: a year's holiday schedule from the screen or a file (``calendar_year_save|import``);
- ``confirmations``: the bureau's legal staff confirm an UNCONFIRMED rule value (``rule_confirm``, ``…_revoke``);
- ``computing``: the storable result of one computation (``compute``), shared by the above.

Other apps call ``from fazhi.deadlines import services as deadline_services`` and these names.
"""

from fazhi.deadlines.services.calendar import (
    CalendarSaveResult,
    calendar_year_import,
    calendar_year_save,
    parse_calendar_file,
)
from fazhi.deadlines.services.computing import COMPUTED_FIELDS, Computed, compute
from fazhi.deadlines.services.confirmations import rule_confirm, rule_confirmation_revoke
from fazhi.deadlines.services.recompute import Change, RecomputeReport, deadlines_recompute
from fazhi.deadlines.services.tracking import (
    deadline_cancel,
    deadline_extend,
    deadline_meet,
    deadline_open,
    deadline_resume,
    deadline_suspend,
    recompute_one,
)

__all__ = [
    "COMPUTED_FIELDS",
    "CalendarSaveResult",
    "Change",
    "Computed",
    "RecomputeReport",
    "calendar_year_import",
    "calendar_year_save",
    "compute",
    "deadline_cancel",
    "deadline_extend",
    "deadline_meet",
    "deadline_open",
    "deadline_resume",
    "deadline_suspend",
    "deadlines_recompute",
    "parse_calendar_file",
    "recompute_one",
    "rule_confirm",
    "rule_confirmation_revoke",
]
