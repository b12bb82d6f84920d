"""Due dates the cases module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy, register_unmoved

register_tracked_copy(
    label="办案期限",
    model="cases.Case",
    field="handling_due_on",
    owner_type="cases.case",
    rule_ids=("case.handling", "case.fast_track"),
    mirrors=("next_due_on", "queue_due"),
)
# While a ground for closing exists, next_due_on (and the queue key) copies the open 结案审批表 period (程序规定
# Art. 77, 15 working days); a row holding another date (handling, payment) is left alone by the guarded copy.
register_tracked_copy(
    label="填写结案审批表期限",
    model="cases.Case",
    field="next_due_on",
    owner_type="cases.case",
    rule_ids=("case.closing",),
    mirrors=("queue_due",),
)
# Clue.verification_due_on copies the clue's open verification clock (Order 2 Art. 18, extension included).
register_tracked_copy(
    label="线索核查期限",
    model="cases.Clue",
    field="verification_due_on",
    owner_type="cases.clue",
    rule_ids=("case.clue_verification",),
)
# Case.payment_due_on copies the open payment clock (APL Art. 67); an approved deferral or instalment date is a
# date the bureau set: it no longer holds the clock's old date and is left alone.
register_tracked_copy(
    label="缴纳罚款期限",
    model="cases.Case",
    field="payment_due_on",
    owner_type="cases.case",
    rule_ids=("case.payment",),
)
# Publication.due_on copies the open publicity clock (Order 45 Art. 9, 20 working days).
register_tracked_copy(
    label="行政处罚信息公示期限",
    model="cases.Publication",
    field="due_on",
    owner_type="cases.publication",
    rule_ids=("publicity.penalty_decision",),
)
register_unmoved(
    label="公示截止日",
    model="cases.Publication",
    field="display_until",
    reason="按月、年计算的公示期间，届满日不因节假日顺延（Order 45 Art. 13）",
)
register_unmoved(
    label="撤下公示期限",
    model="cases.Publication",
    field="withdrawal_due_on",
    reason="撤下时已办结的期限，记录当时计算的结果",
)
