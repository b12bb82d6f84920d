"""Exams writes (the only write door): the question bank, exams and their rosters, sittings.

Split by step: ``bank`` (load, add, revise, retire questions), ``exams`` (create, rules, roster, publish, close,
make-up), ``sittings`` (start, save an answer, submit, time-outs). Every service takes ``actor=``, runs in one
transaction and writes an audit event per changed record.
"""

from fazhi.exams.services.bank import bank_load, question_add, question_retire, question_revise
from fazhi.exams.services.exams import (
    candidate_add,
    candidate_exempt,
    exam_close,
    exam_create,
    exam_publish,
    exam_update,
    makeup_create,
    roster_fill,
    rule_add,
    rule_remove,
)
from fazhi.exams.services.sittings import (
    answer_save,
    sitting_start,
    sitting_submit,
    sittings_finalize_expired,
)

__all__ = [
    "answer_save",
    "bank_load",
    "candidate_add",
    "candidate_exempt",
    "exam_close",
    "exam_create",
    "exam_publish",
    "exam_update",
    "makeup_create",
    "question_add",
    "question_retire",
    "question_revise",
    "roster_fill",
    "rule_add",
    "rule_remove",
    "sitting_start",
    "sitting_submit",
    "sittings_finalize_expired",
]
