"""Due dates the credit module stores on its records, moved by a calendar change (``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy, register_unmoved

# ListingApplication.due_on copies its open tracked deadline (removal decision, objection acceptance/verification).
register_tracked_copy(
    label="经营异常名录移出申请、异议的办理期限",
    model="credit.ListingApplication",
    field="due_on",
    owner_type="credit.listingapplication",
)
register_unmoved(
    label="严重违法失信名单列入期满日",
    model="credit.SeriousListing",
    field="ends_on",
    reason="按年计算的列入期间，届满日不因节假日顺延（须按期移出）",
)
register_unmoved(
    label="法定代表人任职限制届满日",
    model="credit.SeriousListing",
    field="bar_ends_on",
    reason="按年计算的任职限制，届满日不因节假日顺延",
)
