"""The task's state table: every allowed transition and every refused one."""

from __future__ import annotations

import pytest

from fazhi.core.errors import DomainError
from fazhi.inspections import workflow
from fazhi.inspections.choices import TaskStatus

ALLOWED = {
    (TaskStatus.DRAFT, "freeze_pools"): TaskStatus.POOLS_FROZEN,
    (TaskStatus.POOLS_FROZEN, "draw"): TaskStatus.DRAWN,
    (TaskStatus.DRAWN, "redraw"): TaskStatus.DRAWN,
    (TaskStatus.DRAWN, "record_result"): TaskStatus.IN_PROGRESS,
    (TaskStatus.IN_PROGRESS, "record_result"): TaskStatus.IN_PROGRESS,
    (TaskStatus.DRAWN, "finish"): TaskStatus.FINISHED,
    (TaskStatus.IN_PROGRESS, "finish"): TaskStatus.FINISHED,
    (TaskStatus.FINISHED, "publish_results"): TaskStatus.PUBLISHED,
}


@pytest.mark.parametrize("status", list(TaskStatus))
@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_状态表_允许的转换得到目标状态_其余一律拒绝(status, action):
    expected = ALLOWED.get((status, action))
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
        workflow.next_status(TaskStatus.DRAFT, "explode")
    assert exc.value.code == "inspections.unknown_action"
    with pytest.raises(DomainError):
        workflow.next_status("bogus", "draw")


def test_公示后不能再有任何操作():
    assert workflow.allowed_actions(TaskStatus.PUBLISHED) == []
