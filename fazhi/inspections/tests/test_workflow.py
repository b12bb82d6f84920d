"""The task's state table, written here by hand from the law and issue 12, and checked against workflow.py:
every allowed transition leads where this table says, and everything else is refused.

Sources: 企业信息公示暂行条例 第十四条、市场主体登记管理条例实施细则 第六十六条 (random selection, results public)
[TEXT]; 国发〔2019〕5号 (the plan is public before the checks, results within 20 working days) [SECONDARY];
issue 12 (commit, then reveal: plan published → pools and their hashes published with the seed's commitment →
seed fixed → draw; one seed per task, replaced only with a recorded reason and a 局领导's approval, never after a
result exists).
"""

from __future__ import annotations

import pytest

from fazhi.core.errors import DomainError
from fazhi.inspections import workflow
from fazhi.inspections.choices import TaskStatus

D, F, W, R, P, E, PUB = (
    "draft",
    "pools_frozen",
    "awaiting_seed",
    "drawn",
    "in_progress",
    "finished",
    "published",
)

# (state, action) → next state, with why.
EXPECTED = {
    (D, "freeze_pools"): F,  # pools and the seed's commitment are published together (issue 12)
    (F, "enter_seed_value"): F,  # the lottery numbers, once drawn, entered by two people
    (F, "draw"): R,  # only with the one fixed seed
    (F, "request_seed_replacement"): F,  # a request changes nothing until the leader decides
    (R, "request_seed_replacement"): R,  # before any result: the selection is not yet acted on
    (F, "refuse_seed_replacement"): F,
    (R, "refuse_seed_replacement"): R,
    (F, "approve_seed_replacement"): W,  # the old seed (and its draw) is superseded
    (R, "approve_seed_replacement"): W,
    (W, "commit_seed"): F,  # a new seed only after an approval
    (R, "record_result"): P,
    (P, "record_result"): P,
    (P, "recheck"): P,  # 复查 of a 责令整改 may come after the task ended
    (E, "recheck"): E,
    (PUB, "recheck"): PUB,
    (R, "finish"): E,
    (P, "finish"): E,  # the 20-working-day publicity period starts
    (E, "publish_results"): PUB,
}


def test_状态表与法律要求完全一致():
    assert workflow.TRANSITIONS == EXPECTED
    assert set(TaskStatus.values) == {D, F, W, R, P, E, PUB}


@pytest.mark.parametrize("status", list(TaskStatus))
@pytest.mark.parametrize("action", sorted(workflow.ACTION_LABELS))
def test_允许的转换得到目标状态_其余一律拒绝(status, action):
    expected = EXPECTED.get((status, action))
    if expected is not None:
        assert workflow.next_status(status, action) == expected
        assert action in workflow.allowed_actions(status)
    else:
        with pytest.raises(DomainError) as exc:
            workflow.next_status(status, action)
        assert exc.value.code == "inspections.forbidden_transition"
        assert action not in workflow.allowed_actions(status)


def test_未知操作与未知状态():
    with pytest.raises(DomainError) as exc:
        workflow.next_status(D, "explode")
    assert exc.value.code == "inspections.unknown_action"
    with pytest.raises(DomainError):
        workflow.next_status("bogus", "draw")


@pytest.mark.parametrize("status", [R, P, E, PUB])
def test_抽取之后不能再固定名录库或确定新种子(status):
    assert "freeze_pools" not in workflow.allowed_actions(status)
    assert "commit_seed" not in workflow.allowed_actions(status)


@pytest.mark.parametrize("status", [P, E, PUB])
def test_有检查结果之后不能更换种子(status):
    assert not {"request_seed_replacement", "approve_seed_replacement"} & set(workflow.allowed_actions(status))


def test_公示后只能补录复查():
    assert workflow.allowed_actions(PUB) == ["recheck"]
