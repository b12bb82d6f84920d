"""Metrics of the power list for the annual report (seed-figures.md: powers.total, powers.adjusted)."""

from fazhi.core.metrics import register_metric
from fazhi.powers.selectors import powers_adjusted, powers_total

register_metric("powers.total", "共有职权（年末在册权责事项）", module="powers", compute=powers_total)
register_metric("powers.adjusted", "调整职权（当年调整涉及的事项）", module="powers", compute=powers_adjusted)
