"""Metrics of the power list for the annual report (seed-figures.md: powers.total, powers.adjusted)."""

from fazhi.core.metrics import register_metric
from fazhi.powers.selectors import powers_adjusted, powers_adjusted_items, powers_at_year_end, powers_total

# The power list at year end and the items adjusted in the year count records of their own kind (a year may well see
# no adjustment): 0 stays.

register_metric(
    "powers.total",
    "共有职权（年末在册权责事项）",
    module="powers",
    compute=powers_total,
    definition="当年12月31日有效的权责清单事项数",
    records=powers_at_year_end,
)
register_metric(
    "powers.adjusted",
    "调整职权（当年调整涉及的事项）",
    module="powers",
    compute=powers_adjusted,
    definition="生效日期在当年、经审批的权责清单调整函所涉及的不同事项数",
    records=powers_adjusted_items,
)
