"""Services of the reconsideration and litigation registers (the only write door); one per step."""

from fazhi.remedies.services.hearings import hearing_record
from fazhi.remedies.services.outcomes import matter_conclude
from fazhi.remedies.services.registers import (
    RECONSIDERATION_BODY,
    answer_deadline,
    lawsuit_register,
    matter_submit,
    reconsideration_register,
)

__all__ = [
    "RECONSIDERATION_BODY",
    "answer_deadline",
    "hearing_record",
    "lawsuit_register",
    "matter_conclude",
    "matter_submit",
    "reconsideration_register",
]
