"""Writes of the complaints app, one service per legal step (Order No. 20 / Order No. 121;
docs/domain/complaints.md). The only write door: every service takes ``actor=``, checks that the actor may act on
that record (another department's record is "not found"), locks the row with its revision, checks the transition
in the pure ``workflow``, applies the one date rule, and writes one audit event per record."""

from fazhi.complaints.services.common import consumer_key, consumer_keys, find_repeat, find_respondent, normalise_phone
from fazhi.complaints.services.intake import (
    attachment_add,
    complaint_assign,
    complaint_reclassify,
    submission_register,
)
from fazhi.complaints.services.mediation import (
    complaint_accept,
    complaint_refuse,
    mediation_start,
    mediation_succeed,
    mediation_terminate,
    notice_record,
    testing_end,
    testing_start,
)
from fazhi.complaints.services.merging import complaint_merge
from fazhi.complaints.services.review import review_decide
from fazhi.complaints.services.tips import complaint_report_violation, tip_hand_over

__all__ = [
    "attachment_add",
    "complaint_accept",
    "complaint_assign",
    "complaint_merge",
    "complaint_reclassify",
    "complaint_report_violation",
    "complaint_refuse",
    "consumer_key",
    "consumer_keys",
    "find_repeat",
    "find_respondent",
    "mediation_start",
    "mediation_succeed",
    "mediation_terminate",
    "normalise_phone",
    "notice_record",
    "review_decide",
    "submission_register",
    "testing_end",
    "testing_start",
    "tip_hand_over",
]
