import datetime as dt

import pytest

from fazhi.registry.models import AnnualReportFiling, MarketEntity
from fazhi.rulebook.identifiers import make_uscc

D = dt.date


@pytest.fixture
def make_entity(db, department):
    counter = {"n": 0}

    def make(kind="enterprise", *, established_on=D(2020, 5, 1), status="active", office=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        prefix = {"enterprise": "91", "branch": "91", "individual": "92", "cooperative": "93"}[kind]
        return MarketEntity.objects.create(
            uscc=make_uscc("120110", prefix, f"{7000000 + n:08d}"),
            name=f"天津测试{n}有限公司" if kind != "individual" else f"东丽区测试{n}商店",
            kind=kind,
            status=status,
            established_on=established_on,
            office=office or department,
            **{"legal_representative": "王小明", **extra},
        )

    return make


@pytest.fixture
def file_report(db):
    def file(entity, year=2022, on=D(2023, 5, 20)):
        return AnnualReportFiling.objects.create(entity=entity, year=year, filed_on=on)

    return file
