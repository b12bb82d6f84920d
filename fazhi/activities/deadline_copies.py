"""Dates the activities module stores (``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_unmoved

register_unmoved(
    label="法治议题办结时限",
    model="activities.RuleOfLawMatter",
    field="due_on",
    reason="会议决定事项时确定的日期，不按节假日安排计算",
)
