"""The state table, exhaustively: every state × every event is either the listed transition or the coded error."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import workflow
from fazhi.cases.workflow import Event, Investigator, State
from fazhi.core.errors import DomainError

D = dt.date(2023, 6, 1)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("event", list(Event))
def test_every_state_and_event_is_allowed_or_refused_with_the_states_named(state, event):
    expected = workflow.TRANSITIONS.get((state, event))
    if expected is not None:
        assert workflow.target(state, event) is expected
        assert event in workflow.allowed_events(state)
    else:
        with pytest.raises(DomainError) as err:
            workflow.target(state.value, event.value)
        assert err.value.code == "cases.transition_forbidden"
        assert state.label in err.value.message and event.label in err.value.message
        assert event not in workflow.allowed_events(state)


def test_archived_is_terminal_and_message_says_none_allowed():
    with pytest.raises(DomainError) as err:
        workflow.target(State.ARCHIVED, Event.CLOSE)
    assert "无" in err.value.message


def test_every_state_is_reachable_from_investigating():
    seen, todo = {State.INVESTIGATING}, [State.INVESTIGATING]
    while todo:
        s = todo.pop()
        for (src, _), dst in workflow.TRANSITIONS.items():
            if src is s and dst not in seen:
                seen.add(dst)
                todo.append(dst)
    assert seen == set(State)


def test_labels_cover_everything():
    assert all(s.label for s in State) and all(e.label for e in Event)


def _o(name, expires=dt.date(2025, 1, 1), **kw):
    return Investigator(name, expires, **kw)


def test_two_valid_officers_pass():
    workflow.check_investigators([_o("甲"), _o("乙")], on=D)


@pytest.mark.parametrize(
    ("officers", "code"),
    [
        ([_o("甲")], "cases.two_officers_required"),
        ([_o("甲"), _o("甲")], "cases.two_officers_required"),
        ([_o("甲"), _o("乙", dt.date(2023, 5, 31))], "cases.certificate_invalid"),
        ([_o("甲"), _o("乙", None)], "cases.certificate_invalid"),
        ([_o("甲"), _o("乙", active=False)], "cases.certificate_invalid"),
        ([_o("甲"), _o("乙", recused=True)], "cases.officer_recused"),
    ],
)
def test_investigators_refused(officers, code):
    with pytest.raises(DomainError) as err:
        workflow.check_investigators(officers, on=D)
    assert err.value.code == code


def test_certificate_valid_on_its_last_day():
    workflow.check_investigators([_o("甲", D), _o("乙", D)], on=D)


def test_hearing_request_on_the_last_day_counts_and_a_day_later_does_not():
    workflow.check_hearing_request(D, due_on=D)
    workflow.check_hearing_request(D, due_on=None)
    with pytest.raises(DomainError, match="视为放弃"):
        workflow.check_hearing_request(D + dt.timedelta(days=1), due_on=D)


def test_hearing_notice_boundary():
    workflow.check_hearing_notice(D, latest_notice_on=D)
    with pytest.raises(DomainError) as err:
        workflow.check_hearing_notice(D + dt.timedelta(days=1), latest_notice_on=D)
    assert err.value.code == "cases.hearing_notice_too_late"


def test_decision_gate():
    workflow.check_decision_gate(
        review_required=[], review_approved=False, discussion_required=False, discussion_recorded=False
    )
    workflow.check_decision_gate(
        review_required=["x"], review_approved=True, discussion_required=True, discussion_recorded=True
    )
    with pytest.raises(DomainError) as err:
        workflow.check_decision_gate(
            review_required=["罚款达到重大数额"],
            review_approved=False,
            discussion_required=False,
            discussion_recorded=False,
        )
    assert err.value.code == "cases.legal_review_required" and "重大数额" in err.value.message
    with pytest.raises(DomainError) as err:
        workflow.check_decision_gate(
            review_required=[], review_approved=False, discussion_required=True, discussion_recorded=False
        )
    assert err.value.code == "cases.collective_discussion_required"


def test_close_guard():
    workflow.check_close(fine_due=False, executed=False)
    workflow.check_close(fine_due=True, executed=True)
    with pytest.raises(DomainError, match="尚未执行完毕"):
        workflow.check_close(fine_due=True, executed=False)


def test_step_dates():
    workflow.check_step_date(D, not_before=D, today=D, what="x")
    workflow.check_step_date(D, not_before=None, today=D, what="x")
    with pytest.raises(DomainError) as err:
        workflow.check_step_date(D + dt.timedelta(days=1), not_before=None, today=D, what="x")
    assert err.value.code == "cases.date_in_future"
    with pytest.raises(DomainError) as err:
        workflow.check_step_date(D, not_before=D + dt.timedelta(days=1), today=D + dt.timedelta(days=5), what="x")
    assert err.value.code == "cases.date_before_previous_step"
