"""Fixtures: decided penalty cases from the cases services; a helper to register a reconsideration or lawsuit."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.tests.conftest import D0, entity, make_case, officers, users  # noqa: F401 - fixtures
from fazhi.remedies import services

D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture
def register(department, users):  # noqa: F811
    def reconsideration(**kw):
        args = dict(
            department=department, act_kind="complaint", act_description="对投诉不予受理决定不服",
            applicant_name="张某", applicant_kind="natural_person", applied_on=D(2023, 9, 20),
            accepted_on=D(2023, 9, 22), copy_received_on=D(2023, 9, 28), actor=users["legal_reviewer"],
        )  # fmt: skip
        args.update(kw)
        return services.reconsideration_register(**args)

    def lawsuit(**kw):
        args = dict(
            department=department, act_kind="complaint", act_description="对举报答复不服",
            plaintiff_name="李某", plaintiff_kind="natural_person", court="天津市东丽区人民法院",
            court_case_number="（2023）津0110行初12号", complaint_received_on=D(2023, 3, 3),
            actor=users["legal_reviewer"],
        )  # fmt: skip
        args.update(kw)
        return services.lawsuit_register(**args)

    return {"reconsideration": reconsideration, "lawsuit": lawsuit}
