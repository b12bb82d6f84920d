"""Due dates the remedies module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy

# Matter.answer_due_on copies the matter's open answer clock (行政复议法 Art. 48, 行政诉讼法 Art. 67).
register_tracked_copy(
    label="行政复议书面答复期限",
    model="remedies.Reconsideration",
    field="answer_due_on",
    owner_type="remedies.reconsideration",
)
register_tracked_copy(
    label="行政诉讼答辩期限",
    model="remedies.Lawsuit",
    field="answer_due_on",
    owner_type="remedies.lawsuit",
)
