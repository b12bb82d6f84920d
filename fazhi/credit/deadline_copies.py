"""Due dates the credit module stores on its records, moved by a calendar change (``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy

# ListingApplication.due_on copies its open tracked deadline (removal decision, objection acceptance/verification).
register_tracked_copy(
    label="经营异常名录移出申请、异议的办理期限",
    model="credit.ListingApplication",
    field="due_on",
    owner_type="credit.listingapplication",
)
