"""What the sampling screens share: the page size, the overview's metrics and the year parameters."""

from __future__ import annotations

from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.pages import query_int

PAGE = 50
HOME_METRICS = (
    "sampling.food_batches",
    "sampling.drug_batches",
    "sampling.cosmetic_batches",
    "sampling.device_batches",
    "sampling.product_batches",
    "sampling.product_categories",
    "campaigns.food_special_inspections",
    "campaigns.elevator_maintainers_checked",
    "permits.notify_commit",
    "permits.filing_instead",
    "permits.optimised",
)


def report_years() -> tuple[int, int]:
    today = legal_today()
    return (today.year - 1, today.year) if today.month > 1 else (today.year - 2, today.year - 1)


def year_param(request) -> int | None:
    try:
        year = query_int(request, "year", default=0, minimum=0, maximum=2199)
    except DomainError:
        return None
    return year or None
