"""Due dates the sampling module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy

register_tracked_copy(
    label="复检申请期限",
    model="sampling.Sample",
    field="retest_due_on",
    owner_type="sampling.sample",
)
