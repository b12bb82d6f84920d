"""Fixtures: concluded cases driven through the cases services, a reviewer panel across departments."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services as case_services
from fazhi.cases.tests.conftest import D0, entity, make_case, officers, users  # noqa: F401 - fixtures

TODAY = dt.date(2023, 12, 31)


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = TODAY.isoformat()


@pytest.fixture
def closed_case(make_case, users):  # noqa: F811
    """A case decided, served, paid and closed (36/37/40/41 days after D0) — by default with no evidence item
    registered (the cases fixture records a 现场检查笔录; the review tests start from a file that lacks one and
    add evidence where they need it)."""
    from fazhi.cases.models import Evidence

    def make(*, with_evidence: bool = False, **kwargs):
        case = make_case("served", **kwargs)
        if not with_evidence:
            Evidence.objects.filter(case=case).delete()
        case_services.case_record_payment(
            case=case, on=D0 + dt.timedelta(days=40), amount=case.fine + case.confiscation, actor=users["officer"]
        )
        case_services.case_request_close(
            case=case, on=D0 + dt.timedelta(days=41), proposal="已执行完毕，建议结案。", actor=users["officer"]
        )
        case_services.case_decide_close(
            case=case, approve=True, on=D0 + dt.timedelta(days=41), opinion="同意结案。", actor=users["leader"]
        )
        return case

    return make


@pytest.fixture
def panel(make_user, department, other_department):
    """Four reviewers: two in the handling department (must recuse under cross review), two elsewhere."""
    from fazhi.registry.models import Department

    third = Department.objects.create(code="FZK", name="法制科", kind="section")
    return [
        make_user("legal_reviewer", dept=third, username="rev-legal"),
        make_user("section_chief", dept=other_department, username="rev-chief-wx"),
        make_user("officer", dept=other_department, username="rev-officer-wx"),
        make_user("officer", dept=department, username="rev-officer-own"),
    ]
