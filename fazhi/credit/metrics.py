"""The credit metrics of the annual report (seed-figures.md § credit); all aggregate SQL."""

from __future__ import annotations

from functools import partial

from fazhi.core.metrics import register_metric
from fazhi.credit import selectors as s

M = "credit"
register_metric(
    "credit.abnormal_listed.enterprises",
    "列入经营异常名录企业",
    module=M,
    compute=partial(s.listed_count, "abnormal_list"),
)
register_metric(
    "credit.abnormal_listed.enterprises_no_annual_report",
    "其中：未年报",
    module=M,
    compute=partial(s.listed_count, "abnormal_list", ground="annual_report"),
)
register_metric(
    "credit.abnormal_marked.individuals",
    "标记为经营异常状态个体工商户",
    module=M,
    compute=partial(s.listed_count, "abnormal_mark"),
)
register_metric(
    "credit.abnormal_marked.individuals_no_annual_report",
    "其中：未年报",
    module=M,
    compute=partial(s.listed_count, "abnormal_mark", ground="annual_report"),
)
register_metric(
    "credit.abnormal_removed.enterprises",
    "移出经营异常名录企业",
    module=M,
    compute=partial(s.removed_count, "abnormal_list"),
)
register_metric(
    "credit.abnormal_removed.individuals",
    "恢复正常状态个体工商户",
    module=M,
    compute=partial(s.removed_count, "abnormal_mark"),
)
register_metric(
    "credit.fraudulent_registrations_revoked", "撤销冒用身份信息登记", module=M, compute=s.revocations_count
)
register_metric("credit.repairs_completed", "行政处罚信息信用修复", module=M, compute=s.repairs_completed)
register_metric("credit.serious_list_added", "列入严重违法失信名单", module=M, compute=s.serious_added)
