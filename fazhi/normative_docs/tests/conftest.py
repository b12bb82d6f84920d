"""Fixtures: the legal today at the end of 2024 (after 公平竞争审查条例 took effect), a drafted document."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.normative_docs import services

D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2024-12-31"


@pytest.fixture
def draft(department, role_users):
    def make(**kw):
        args = dict(department=department, title="东丽区个体工商户扶持发展若干措施", drafted_on=D(2024, 9, 2),
                    actor=role_users["legal_reviewer"])  # fmt: skip
        args.update(kw)
        return services.document_draft(**args)

    return make


@pytest.fixture
def discussed(draft, role_users):
    """A draft through legality review and collective discussion, without a fair-competition review."""

    def make(**kw):
        document = draft(**kw)
        services.legality_review(
            document=document, on=D(2024, 9, 5), passed=True, opinion="合法", actor=role_users["legal_reviewer"]
        )
        services.collective_discussion(
            document=document, on=D(2024, 9, 12), meeting="局长办公会", minutes="同意", actor=role_users["leader"]
        )
        return document

    return make
