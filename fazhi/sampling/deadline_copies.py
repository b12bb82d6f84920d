"""Due dates the sampling module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy, register_unmoved

register_tracked_copy(
    label="复检申请期限",
    model="sampling.Sample",
    field="retest_due_on",
    owner_type="sampling.sample",
)
register_unmoved(
    label="逾期复检审核所载复检申请期限",
    model="sampling.LateRetestReview",
    field="due_on",
    reason="提交法制审核时样品复检申请期限的记录（样品上的期限随日历重算）",
)
register_unmoved(
    label="专项整治整改期限",
    model="sampling.CampaignCheck",
    field="rectification_due_on",
    reason="检查人员责令整改时确定的日期，不按节假日安排计算",
)
