"""Due dates the cases module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy

register_tracked_copy(
    label="办案期限",
    model="cases.Case",
    field="handling_due_on",
    owner_type="cases.case",
    rule_ids=("case.handling", "case.fast_track"),
    mirrors=("next_due_on", "queue_due"),
)
