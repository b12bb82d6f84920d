"""The credit metrics of the annual report (seed-figures.md § credit); all aggregate SQL."""

from __future__ import annotations

from functools import partial

from fazhi.core.metrics import any_record, register_metric
from fazhi.credit import selectors as s

M = "credit"
# The listing figures pick among the year's abnormal-list decisions (a ground), the mark figures among the year's
# individual marks, the removal figures among the year's removals (a reason): where fazhi holds none of the kind for
# the year, their 0 is a gap in the records, not a fact. Revocations, repairs and serious-list decisions count
# decisions of their own kind that a year may well lack: 0 stays.
ABNORMAL_LISTINGS = any_record(partial(s.listed_records, "abnormal_list"))
ABNORMAL_MARKS = any_record(partial(s.listed_records, "abnormal_mark"))
ABNORMAL_LIST_REMOVALS = any_record(partial(s.removals, "abnormal_list"))
ABNORMAL_MARK_REMOVALS = any_record(partial(s.removals, "abnormal_mark"))
register_metric(
    "credit.abnormal_listed.enterprises",
    "列入经营异常名录企业",
    module=M,
    compute=partial(s.listed_count, "abnormal_list"),
    definition="列入决定日期在当年的经营异常名录列入决定件数（企业、农民专业合作社，各事由合计）",
    records=partial(s.listed_records, "abnormal_list"),
    source=ABNORMAL_LISTINGS,
)
register_metric(
    "credit.abnormal_listed.enterprises_no_annual_report",
    "其中：未年报",
    module=M,
    compute=partial(s.listed_count, "abnormal_list", ground="annual_report"),
    definition="上项中因未按期报送年度报告而列入的件数",
    records=partial(s.listed_records, "abnormal_list", ground="annual_report"),
    source=ABNORMAL_LISTINGS,
)
register_metric(
    "credit.abnormal_marked.individuals",
    "标记为经营异常状态个体工商户",
    module=M,
    compute=partial(s.listed_count, "abnormal_mark"),
    definition="标记日期在当年的个体工商户经营异常状态标记件数（各事由合计）",
    records=partial(s.listed_records, "abnormal_mark"),
    source=ABNORMAL_MARKS,
)
register_metric(
    "credit.abnormal_marked.individuals_no_annual_report",
    "其中：未年报",
    module=M,
    compute=partial(s.listed_count, "abnormal_mark", ground="annual_report"),
    definition="上项中因未按期报送年度报告而标记的件数",
    records=partial(s.listed_records, "abnormal_mark", ground="annual_report"),
    source=ABNORMAL_MARKS,
)
register_metric(
    "credit.abnormal_removed.enterprises",
    "移出经营异常名录企业",
    module=M,
    compute=partial(s.removed_count, "abnormal_list"),
    definition="移出日期在当年、因补报年报或更正信息等消除列入事由而移出经营异常名录的件数"
    "（转入严重违法失信名单、主体终止的不计）",
    records=partial(s.removed_records, "abnormal_list"),
    source=ABNORMAL_LIST_REMOVALS,
)
register_metric(
    "credit.abnormal_removed.individuals",
    "恢复正常状态个体工商户",
    module=M,
    compute=partial(s.removed_count, "abnormal_mark"),
    definition="恢复日期在当年、因消除标记事由而恢复正常记载状态的个体工商户件数（主体终止的不计）",
    records=partial(s.removed_records, "abnormal_mark"),
    source=ABNORMAL_MARK_REMOVALS,
)
register_metric(
    "credit.fraudulent_registrations_revoked",
    "撤销冒用身份信息登记",
    module=M,
    compute=s.revocations_count,
    definition="经局领导批准、撤销决定日期在当年的冒用他人身份信息取得登记的撤销件数",
    records=s.revocation_records,
)
register_metric(
    "credit.repairs_completed",
    "行政处罚信息信用修复",
    module=M,
    compute=s.repairs_completed,
    definition="决定日期在当年、准予修复（停止公示）的行政处罚信息信用修复件数",
    records=s.repair_records,
)
register_metric(
    "credit.serious_list_added",
    "列入严重违法失信名单",
    module=M,
    compute=s.serious_added,
    definition="列入决定日期在当年的严重违法失信名单列入件数（仅告知未决定、决定不予列入的不计）",
    records=s.serious_records,
)
