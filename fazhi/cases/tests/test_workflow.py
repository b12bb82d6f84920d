"""The state tables against the expected tables written by hand from the law (expected_transitions.yaml), and
the pure guards at their boundaries.

The expected table is data with the article for every allowed step; nothing here is derived from
``workflow.ORDINARY_TRANSITIONS`` itself: the implementation must allow exactly the listed steps, lead to exactly
the listed states, and demand exactly the listed role's permission.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from fazhi.cases import workflow
from fazhi.cases.workflow import Event, Investigator, State
from fazhi.core.errors import DomainError

D = dt.date(2023, 6, 1)
EXPECTED = yaml.safe_load((Path(__file__).parent / "expected_transitions.yaml").read_text(encoding="utf-8"))
ROLE_PERMISSIONS = {
    "handler": "cases.handle",
    "chief": "cases.approve",
    "legal_reviewer": "cases.legal_review",
    "leader": "cases.decide",
}
PROCEDURES = {"ordinary": ("ordinary", "fast_track"), "summary": ("summary",)}


def _rows(section: str) -> dict[tuple[State, Event], dict]:
    rows = {}
    for row in EXPECTED[section]:
        key = (State(row["from"]), Event(row["event"]))
        assert key not in rows, f"duplicate row {key} in expected_transitions.yaml"
        assert row["basis"] and row["status"] in ("TEXT", "SECONDARY", "UNCONFIRMED"), row
        rows[key] = row
    return rows


def _cells():
    for section, procedures in PROCEDURES.items():
        expected = _rows(section)
        for procedure in procedures:
            for state in State:
                for event in Event:
                    yield procedure, state, event, expected.get((state, event))


@pytest.mark.parametrize(("procedure", "state", "event", "row"), list(_cells()))
def test_the_table_allows_exactly_the_steps_the_law_allows(procedure, state, event, row):
    if row is not None:
        assert workflow.target(state, event, procedure) is State(row["to"])
        assert event in workflow.allowed_events(state, procedure)
    else:
        with pytest.raises(DomainError) as err:
            workflow.target(state.value, event.value, procedure)
        assert err.value.code == "cases.transition_forbidden"
        assert state.label in err.value.message and event.label in err.value.message
        assert event not in workflow.allowed_events(state, procedure)


@pytest.mark.parametrize("section", list(PROCEDURES))
def test_each_step_is_taken_by_the_role_the_law_names(section):
    for (state, event), row in _rows(section).items():
        assert workflow.EVENT_PERMISSIONS[event] == ROLE_PERMISSIONS[row["by"]], (state, event, row["basis"])


def test_archived_is_terminal_and_the_message_says_nothing_is_allowed():
    with pytest.raises(DomainError) as err:
        workflow.target(State.ARCHIVED, Event.CLOSE)
    assert "无" in err.value.message


def test_a_terminated_case_is_closed_on_an_approved_closing_form_not_archived_directly():
    assert workflow.target(State.TERMINATED, Event.CLOSE) is State.CLOSED
    with pytest.raises(DomainError):
        workflow.target(State.TERMINATED, Event.ARCHIVE)


def test_a_summary_case_is_filed_with_the_bureau_before_it_is_executed():
    with pytest.raises(DomainError):
        workflow.target(State.DECIDED, Event.EXECUTE, "summary")
    with pytest.raises(DomainError):
        workflow.target(State.DECIDED, Event.SERVE, "summary")


def test_labels_cover_everything():
    assert all(s.label for s in State) and all(e.label for e in Event)
    assert set(workflow.EVENT_PERMISSIONS) == set(Event)


@pytest.mark.parametrize(
    ("state", "facts", "role"),
    [
        ("investigating", {"officers_assigned": False}, "chief"),
        ("investigating", {}, "handler"),
        ("notified", {"party_period_running": True}, "party"),
        ("notified", {}, "handler"),
        ("statement_closed", {}, "leader"),
        ("reviewed", {"proposal_approved": False}, "leader"),  # 程序规定 Art. 56: 负责人 approves before 告知
        ("reviewed", {"proposal_approved": True}, "handler"),
        ("legal_review", {}, "legal_reviewer"),
        ("served", {"money_owed": True}, "party"),
        ("served", {"closing_requested": True}, "leader"),
        ("executed", {}, "handler"),
        ("archived", {}, ""),
    ],
)
def test_who_acts_next(state, facts, role):
    assert workflow.next_step("ordinary", state, **facts).role == role


def test_who_acts_next_in_the_summary_procedure():
    assert workflow.next_step("summary", "decided").role == "chief"
    assert workflow.next_step("summary", "recorded", money_owed=True).action.startswith("登记缴款")
    assert workflow.next_step("summary", "archived").role == ""


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
    workflow.check_close(money_owed=False, executed=False)
    workflow.check_close(money_owed=True, executed=True)
    with pytest.raises(DomainError, match="尚未执行完毕"):
        workflow.check_close(money_owed=True, executed=False)


def test_party_periods_must_run_out_unless_waived_in_writing():
    due = dt.date(2023, 3, 31)
    workflow.check_party_periods(
        due + dt.timedelta(days=1), statement_due=due, hearing_due=due, statement_waived=False, hearing_waived=False
    )
    for day in (due, due - dt.timedelta(days=3)):  # the last day of the period still belongs to the party
        with pytest.raises(DomainError) as err:
            workflow.check_party_periods(
                day, statement_due=due, hearing_due=None, statement_waived=False, hearing_waived=False
            )
        assert err.value.code == "cases.party_period_running" and "2023-03-31" in err.value.message
    workflow.check_party_periods(due, statement_due=due, hearing_due=None, statement_waived=True, hearing_waived=False)
    with pytest.raises(DomainError, match="听证申请期限"):
        workflow.check_party_periods(
            due, statement_due=due, hearing_due=due, statement_waived=True, hearing_waived=False
        )
    workflow.check_party_periods(due, statement_due=due, hearing_due=due, statement_waived=True, hearing_waived=True)


def test_no_decision_without_a_catalogued_violation_and_its_provisions():
    workflow.check_legal_basis(
        violation_id="food.expired_food_sale", violated="《食品安全法》第三十四条", provision="x"
    )
    for violation_id, violated, provision in (("", "", ""), ("x", "", "y"), ("x", "y", "")):
        with pytest.raises(DomainError) as err:
            workflow.check_legal_basis(violation_id=violation_id, violated=violated, provision=provision)
        assert err.value.code == "cases.no_legal_basis"
