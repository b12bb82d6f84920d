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


@pytest.fixture
def published(catalogued, role_users):
    """A decision taken through every mandatory step, decided on 20 April 2023 and published on 25 April."""

    def make(**kw):
        d, u, leader = catalogued(**kw), role_users["legal_reviewer"], role_users["leader"]
        services.step_record(decision=d, step="public_participation", started_on=D(2023, 3, 1),
                             ended_on=D(2023, 3, 31), summary="收到意见8条，采纳5条", actor=u)  # fmt: skip
        services.step_record(decision=d, step="expert_argument", ended_on=D(2023, 4, 3),
                             summary="天津财经大学专家组论证可行", actor=u)  # fmt: skip
        services.step_record(decision=d, step="risk_assessment", ended_on=D(2023, 4, 4),
                             summary="区社会稳定风险评估中心评估为低风险", actor=u)  # fmt: skip
        services.step_record(decision=d, step="legality_review", started_on=D(2023, 4, 6),
                             ended_on=D(2023, 4, 17), summary="合法", actor=u)  # fmt: skip
        services.step_record(decision=d, step="collective_discussion", ended_on=D(2023, 4, 20), summary="同意",
                             actor=leader)  # fmt: skip
        services.decision_make(decision=d, on=D(2023, 4, 20), text="同意实施", actor=leader)
        services.decision_publish(decision=d, on=D(2023, 4, 25), channel="区政府网站", actor=u)
        return d

    return make
