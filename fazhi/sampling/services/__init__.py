"""Writes of the sampling module — the only write door (one function per legal step).

- ``planning``: labs, plans, tasks;
- ``samples``: a batch sampled, the lab's result;
- ``unqualified``: the steps after an unqualified result (notice, re-test, disposal, clue, close);
- ``reviews``: 法制审核 of a late re-test request, the audited correction of a lab result;
- ``campaigns``: special campaigns (专项整治), the entities checked (criteria or a draw), findings,
  rectifications and re-checks, clues.
"""

from fazhi.sampling.services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_draw,
    campaign_select,
    check_hand_over,
    check_recheck,
    check_record,
)
from fazhi.sampling.services.planning import lab_register, plan_create, task_create
from fazhi.sampling.services.reviews import late_retest_decide, late_retest_submit, result_correct
from fazhi.sampling.services.samples import result_record, sample_register
from fazhi.sampling.services.unqualified import (
    RETEST_RULES,
    disposal_complete,
    disposal_order,
    notice_serve,
    retest_conclude,
    retest_request,
    sample_close,
    sample_hand_over,
)

__all__ = [
    "RETEST_RULES",
    "campaign_close",
    "campaign_create",
    "campaign_draw",
    "campaign_select",
    "check_hand_over",
    "check_recheck",
    "check_record",
    "disposal_complete",
    "disposal_order",
    "lab_register",
    "late_retest_decide",
    "late_retest_submit",
    "notice_serve",
    "plan_create",
    "result_correct",
    "result_record",
    "retest_conclude",
    "retest_request",
    "sample_close",
    "sample_hand_over",
    "sample_register",
    "task_create",
]
