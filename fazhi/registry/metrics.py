"""``registry.*`` metrics of the annual report (seed-figures.md), each one aggregate SQL query.

* ``registry.entities_new``: entities established in the year (成立日期 within the calendar year).
* ``registry.entities_total``: entities existing at year end — established on or before 31 December and
  not cancelled, revoked, moved out or withdrawn on or before that day (``status_changed_on``). An
  entity whose status is not 存续 but whose status date is unknown counts as gone (the conservative
  reading: we cannot show it still existed).
* ``…_yoy``: change against the year before in percent (2 decimals), None when the year before is 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from fazhi.core.metrics import any_record, register_batch, register_metric, yoy
from fazhi.registry.choices import RegistrationStatus
from fazhi.registry.models import MarketEntity


def new_q(year: int) -> Q:
    """Established in ``year`` (the condition of ``registry.entities_new``)."""
    return Q(established_on__gte=dt.date(year, 1, 1), established_on__lte=dt.date(year, 12, 31))


def existing_q(year: int) -> Q:
    """Existing at the end of ``year`` (the condition of ``registry.entities_total``)."""
    year_end = dt.date(year, 12, 31)
    return Q(established_on__lte=year_end) & (Q(status=RegistrationStatus.ACTIVE) | Q(status_changed_on__gt=year_end))


def new_entities(year: int):
    """The records behind ``registry.entities_new``."""
    return MarketEntity.objects.filter(new_q(year)).order_by("established_on", "id")


def existing_entities(year: int):
    """The records behind ``registry.entities_total``."""
    return MarketEntity.objects.filter(existing_q(year)).order_by("id")


def new_entities_two_years(year: int):
    """The records behind ``registry.entities_new_yoy``: the entities established in the year and the year before
    (both sides of the comparison; each line shows its 成立日期)."""
    return MarketEntity.objects.filter(
        established_on__gte=dt.date(year - 1, 1, 1), established_on__lte=dt.date(year, 12, 31)
    ).order_by("established_on", "id")


def existing_entities_two_years(year: int):
    """The records behind ``registry.entities_total_yoy``: every entity that existed at the end of the year or at
    the end of the year before (the union of ``existing_entities(year)`` and ``existing_entities(year - 1)``)."""
    year_end, previous_end = dt.date(year, 12, 31), dt.date(year - 1, 12, 31)
    return (
        MarketEntity.objects.filter(established_on__lte=year_end)
        .filter(
            Q(status=RegistrationStatus.ACTIVE)
            | Q(status_changed_on__gt=year_end)
            | Q(established_on__lte=previous_end, status_changed_on__gt=previous_end)
        )
        .order_by("id")
    )


def entities_new(year: int) -> int:
    return new_entities(year).count()


def entities_total(year: int) -> int:
    return existing_entities(year).aggregate(n=Count("id"))["n"]


def entities_new_yoy(year: int) -> Decimal | None:
    return yoy(entities_new(year), entities_new(year - 1))


def entities_total_yoy(year: int) -> Decimal | None:
    return yoy(entities_total(year), entities_total(year - 1))


# The entity figures count the register itself (entities established in the year, existing at its end), not a pick
# among another kind: their 0 stays.
register_metric(
    "registry.entities_new",
    "新登记市场主体",
    module="registry",
    compute=entities_new,
    definition="成立日期在当年1月1日至12月31日之间的各类市场主体户数",
    records=new_entities,
)
register_metric(
    "registry.entities_new_yoy",
    "新登记市场主体同比",
    module="registry",
    compute=entities_new_yoy,
    unit="percent",
    definition="当年新登记户数较上年的增减幅度（百分比）；列出当年和上年新登记的主体",
    records=new_entities_two_years,
)
register_metric(
    "registry.entities_total",
    "现有市场主体（年末）",
    module="registry",
    compute=entities_total,
    definition="当年12月31日前成立、且到年末仍未注销、吊销、撤销或迁出的市场主体户数",
    records=existing_entities,
)
register_metric(
    "registry.entities_total_yoy",
    "现有市场主体同比",
    module="registry",
    compute=entities_total_yoy,
    unit="percent",
    definition="年末现有户数较上年年末的增减幅度（百分比）；列出当年年末或上年年末存续的主体",
    records=existing_entities_two_years,
)


# ---------------------------------------------------------------- 证照分离 (fazhi/registry/permits.py)


def _matters_decided(year: int):
    from fazhi.registry import permits

    return permits.matters_decided(year)


# Each 证照分离 figure picks among the year's decided permit matters (a reform mode): where fazhi holds no matter at all
# for the year, its 0 is a gap in the records (the permits were not imported), not a fact.
PERMIT_MATTERS = any_record(_matters_decided)


def _permit_metric(metric_id: str, label: str, mode: str, definition: str) -> None:
    from fazhi.registry import permits

    register_metric(
        metric_id,
        label,
        module="registry",
        compute=lambda year: permits.permit_count(year, mode),
        definition=definition,
        records=lambda year: permits.permit_matters(year, mode),
        source=PERMIT_MATTERS,
    )


_permit_metric(
    "permits.notify_commit",
    "证照分离：实行告知承诺办理的事项",
    "notify_commit",
    "改革方式为“实行告知承诺”、办结日期在本年度内的证照分离办件数",
)
_permit_metric(
    "permits.filing_instead",
    "证照分离：审批改为备案的事项",
    "filing",
    "改革方式为“审批改为备案”、办结日期在本年度内的证照分离办件数",
)
_permit_metric(
    "permits.optimised",
    "证照分离：优化审批服务办理的事项",
    "optimised",
    "改革方式为“优化审批服务”、办结日期在本年度内的证照分离办件数",
)


def year_figures(years) -> dict[tuple[str, int], int | Decimal | None]:
    """The four ``registry.entities_*`` figures of each of ``years`` in one pass over the entities: a FILTERed count
    per condition and year (the year before each year included, for the changes)."""
    need = sorted({y for year in years for y in (year, year - 1)})
    counts = MarketEntity.objects.aggregate(
        **{f"new_{y}": Count("id", filter=new_q(y)) for y in need},
        **{f"total_{y}": Count("id", filter=existing_q(y)) for y in need},
    )
    out: dict[tuple[str, int], int | Decimal | None] = {}
    for y in years:
        out[("registry.entities_new", y)] = counts[f"new_{y}"]
        out[("registry.entities_total", y)] = counts[f"total_{y}"]
        out[("registry.entities_new_yoy", y)] = yoy(counts[f"new_{y}"], counts[f"new_{y - 1}"])
        out[("registry.entities_total_yoy", y)] = yoy(counts[f"total_{y}"], counts[f"total_{y - 1}"])
    return out


register_batch(
    "registry.entities",
    metrics=[
        "registry.entities_new",
        "registry.entities_total",
        "registry.entities_new_yoy",
        "registry.entities_total_yoy",
    ],
    compute=year_figures,
)
