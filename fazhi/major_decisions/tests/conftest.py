from __future__ import annotations

import datetime as dt

import pytest

from fazhi.major_decisions import services

D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture
def catalogued(department, role_users):
    def make(**kw):
        args = dict(
            department=department,
            title="优化营商环境若干措施",
            year=2023,
            catalogued_on=D(2023, 2, 20),
            actor=role_users["leader"],
        )
        args.update(kw)
        return services.decision_catalogue(**args)

    return make
