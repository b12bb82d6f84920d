"""Fixtures: the legal today at the end of 2023, and a helper registering a request through the service."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disclosure import services

D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture
def register(department, role_users):
    def make(**kw):
        args = dict(
            department=department, applicant_name="张某", applicant_kind="natural_person", channel="in_person",
            submitted_on=D(2023, 3, 1), received_on=D(2023, 3, 1), content="本局2022年食品抽检不合格产品的处置情况",
            actor=role_users["legal_reviewer"],
        )  # fmt: skip
        args.update(kw)
        return services.request_register(**args)

    return make
