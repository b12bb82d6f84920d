"""The state table, exhaustively: every (kind, state, action) is either listed or refused with a code."""

import datetime as dt
import itertools

import pytest

from fazhi.complaints import workflow
from fazhi.core.errors import DomainError


@pytest.mark.parametrize(
    "kind,state,action", list(itertools.product(workflow.KINDS, workflow.STATES, workflow.ACTIONS))
)
def test_每个状态与操作组合要么在表中要么被拒绝(kind, state, action):
    expected = workflow.TRANSITIONS.get((kind, state, action))
    if expected is not None:
        assert workflow.next_state(kind, state, action) == expected
    else:
        with pytest.raises(DomainError) as exc:
            workflow.next_state(kind, state, action)
        assert exc.value.code in ("complaints.transition_forbidden", "complaints.not_accepted")


def test_未受理的投诉不能办结():
    with pytest.raises(DomainError) as exc:
        workflow.next_state("complaint", "received", "close")
    assert exc.value.code == "complaints.not_accepted"


def test_终态没有后续操作():
    for kind in workflow.KINDS:
        for state in ("refused", "redirected", "merged"):
            assert workflow.allowed_actions(kind, state) in ([], ["record_notice"])


def test_受理后才可开始调解():
    assert "start_mediation" in workflow.allowed_actions("complaint", "accepted")
    assert "start_mediation" not in workflow.allowed_actions("complaint", "received")


def test_登记日期不得晚于今天_也不得早于收到日():
    today = dt.date(2023, 6, 30)
    workflow.check_step_date(today, not_before=dt.date(2023, 6, 1), today=today, what="受理日期")
    workflow.check_step_date(dt.date(2023, 6, 1), not_before=dt.date(2023, 6, 1), today=today, what="受理日期")
    with pytest.raises(DomainError) as exc:
        workflow.check_step_date(dt.date(2023, 7, 1), not_before=dt.date(2023, 6, 1), today=today, what="受理日期")
    assert exc.value.code == "complaints.date_in_future"
    with pytest.raises(DomainError) as exc:
        workflow.check_step_date(dt.date(2023, 5, 31), not_before=dt.date(2023, 6, 1), today=today, what="受理日期")
    assert exc.value.code == "complaints.date_before_receipt"
    with pytest.raises(DomainError) as exc:
        workflow.check_step_date(
            dt.date(2023, 5, 31), not_before=dt.date(2023, 6, 1), today=today, what="办结日期", before_what="受理日期"
        )
    assert exc.value.code == "complaints.date_before_previous_step"


def test_收到日期不得晚于今天():
    workflow.check_received_on(dt.date(2023, 6, 30), today=dt.date(2023, 6, 30))
    with pytest.raises(DomainError) as exc:
        workflow.check_received_on(dt.date(2023, 7, 1), today=dt.date(2023, 6, 30))
    assert exc.value.code == "complaints.date_in_future"
