"""The mandatory-step gate of 重大行政决策程序暂行条例: no decision until each step is done or lawfully skipped;
at least 30 days of public comment (Art. 14); at least 7 working days of legality review (Art. 27), passed, before
the collective discussion (Art. 25); the discussion and legality review cannot be skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.major_decisions import services

pytestmark = pytest.mark.django_db
D = dt.date


def _steps_until_review(d, u):
    services.step_record(
        decision=d,
        step="public_participation",
        started_on=D(2023, 3, 1),
        ended_on=D(2023, 3, 31),
        summary="收到意见8条",
        actor=u,
    )
    services.step_record(
        decision=d,
        step="expert_argument",
        ended_on=D(2023, 4, 3),
        skip_reason="不属于专业性、技术性较强的事项",
        actor=u,
    )
    services.step_record(decision=d, step="risk_assessment", ended_on=D(2023, 4, 4), summary="低风险", actor=u)


def test_程序未全部办理不能决策_办理后可以(catalogued, role_users):
    d, u, leader = catalogued(), role_users["legal_reviewer"], role_users["leader"]
    with pytest.raises(DomainError) as exc:
        services.decision_make(decision=d, on=D(2023, 5, 1), text="同意", actor=leader)
    assert exc.value.code == "major_decisions.steps_missing"
    assert exc.value.params["missing"] == [
        "public_participation",
        "expert_argument",
        "risk_assessment",
        "legality_review",
        "collective_discussion",
    ]
    _steps_until_review(d, u)
    with pytest.raises(DomainError) as exc:
        services.step_record(
            decision=d, step="collective_discussion", ended_on=D(2023, 4, 20), summary="同意", actor=leader
        )
    assert exc.value.code == "major_decisions.review_first"
    # 6 April (Thu) → 17 April (Mon): working days 7, 10–14, 17 = 7.
    services.step_record(
        decision=d, step="legality_review", started_on=D(2023, 4, 6), ended_on=D(2023, 4, 17), summary="合法", actor=u
    )
    with pytest.raises(DomainError) as exc:
        services.decision_make(decision=d, on=D(2023, 4, 20), text="同意", actor=leader)
    assert exc.value.params["missing"] == ["collective_discussion"]
    services.step_record(
        decision=d,
        step="collective_discussion",
        ended_on=D(2023, 4, 20),
        summary="同意",
        dissent="副局长建议分步实施",
        actor=leader,
    )
    services.decision_make(decision=d, on=D(2023, 4, 20), text="同意实施", actor=leader)
    assert d.status == "decided"
    services.decision_publish(decision=d, on=D(2023, 4, 25), channel="政府网站", actor=u)
    assert d.status == "published"


def test_征求意见不少于30日(catalogued, role_users):
    d = catalogued()
    with pytest.raises(DomainError) as exc:
        services.step_record(
            decision=d,
            step="public_participation",
            started_on=D(2023, 3, 1),
            ended_on=D(2023, 3, 30),
            summary="x",
            actor=role_users["legal_reviewer"],
        )
    assert (exc.value.code, exc.value.field) == ("major_decisions.comment_period", "ended_on")


def test_合法性审查不少于7个工作日(catalogued, role_users):
    d = catalogued()
    _steps_until_review(d, role_users["legal_reviewer"])
    with pytest.raises(DomainError) as exc:
        # 6 April → 14 April: 7, 10, 11, 12, 13, 14 = 6 working days.
        services.step_record(
            decision=d,
            step="legality_review",
            started_on=D(2023, 4, 6),
            ended_on=D(2023, 4, 14),
            summary="合法",
            actor=role_users["legal_reviewer"],
        )
    assert exc.value.code == "major_decisions.review_too_short"


def test_合法性审查和集体讨论不能不履行(catalogued, role_users):
    d = catalogued()
    for step, actor in (("legality_review", "legal_reviewer"), ("collective_discussion", "leader")):
        with pytest.raises(DomainError) as exc:
            services.step_record(
                decision=d, step=step, ended_on=D(2023, 4, 1), skip_reason="不需要", actor=role_users[actor]
            )
        assert exc.value.code == "major_decisions.not_skippable"


def test_审查不合法的不能提交讨论(catalogued, role_users):
    d, u = catalogued(), role_users["legal_reviewer"]
    _steps_until_review(d, u)
    services.step_record(
        decision=d,
        step="legality_review",
        started_on=D(2023, 4, 6),
        ended_on=D(2023, 4, 17),
        summary="超越职权",
        passed=False,
        actor=u,
    )
    with pytest.raises(DomainError) as exc:
        services.step_record(
            decision=d, step="collective_discussion", ended_on=D(2023, 4, 20), summary="x", actor=role_users["leader"]
        )
    assert exc.value.code == "major_decisions.review_first"


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"step": "magic", "summary": "x"}, "oversight.unknown_item", "step"),
        ({"step": "risk_assessment", "summary": ""}, "cell.required", "summary"),
        ({"step": "public_participation", "summary": "x"}, "cell.required", "started_on"),
        ({"step": "risk_assessment", "summary": "x", "ended_on": "2024-05-01"}, "date.future", "ended_on"),
        ({"step": "risk_assessment", "summary": "x", "ended_on": "2023-01-01"}, "date.too_early", "ended_on"),
    ],
)
def test_错误输入(catalogued, role_users, kw, code, field):
    args = {"ended_on": D(2023, 4, 1), **kw}
    with pytest.raises(DomainError) as exc:
        services.step_record(decision=catalogued(), actor=role_users["legal_reviewer"], **args)
    assert (exc.value.code, exc.value.field) == (code, field)
