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

from fazhi.core.metrics import register_metric, yoy
from fazhi.registry.choices import RegistrationStatus
from fazhi.registry.models import MarketEntity


def entities_new(year: int) -> int:
    return MarketEntity.objects.filter(
        established_on__gte=dt.date(year, 1, 1), established_on__lte=dt.date(year, 12, 31)
    ).count()


def entities_total(year: int) -> int:
    year_end = dt.date(year, 12, 31)
    return (
        MarketEntity.objects.filter(established_on__lte=year_end)
        .filter(Q(status=RegistrationStatus.ACTIVE) | Q(status_changed_on__gt=year_end))
        .aggregate(n=Count("id"))["n"]
    )


def entities_new_yoy(year: int) -> Decimal | None:
    return yoy(entities_new(year), entities_new(year - 1))


def entities_total_yoy(year: int) -> Decimal | None:
    return yoy(entities_total(year), entities_total(year - 1))


register_metric("registry.entities_new", "新登记市场主体", module="registry", compute=entities_new)
register_metric(
    "registry.entities_new_yoy", "新登记市场主体同比", module="registry", compute=entities_new_yoy, unit="percent"
)
register_metric("registry.entities_total", "现有市场主体（年末）", module="registry", compute=entities_total)
register_metric(
    "registry.entities_total_yoy", "现有市场主体同比", module="registry", compute=entities_total_yoy, unit="percent"
)
