"""Dates the file-review module stores (``fazhi.deadlines.copies``): all are set by the round's organisers, so no
calendar change moves them; declared so that the completeness check knows they were considered."""

from fazhi.deadlines.copies import register_unmoved

register_unmoved(
    label="评查完成期限",
    model="file_reviews.ReviewRound",
    field="due_on",
    reason="组织评查时确定的日期，不按节假日安排计算",
)
register_unmoved(
    label="评查整改期限",
    model="file_reviews.ReviewRound",
    field="rectification_due_on",
    reason="反馈评查结果时确定的日期，不按节假日安排计算",
)
register_unmoved(
    label="案卷整改期限",
    model="file_reviews.Rectification",
    field="due_on",
    reason="反馈评查结果时确定的日期（与评查整改期限相同），不按节假日安排计算",
)
