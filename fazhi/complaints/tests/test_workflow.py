"""The state machine against the expected table written by hand from the law (``transitions.yaml``), not against
the implementation's own table: every allowed step is listed there with its article, everything else is refused."""

import itertools
from pathlib import Path

import pytest
import yaml

from fazhi.complaints import workflow
from fazhi.core.errors import DomainError

SPEC = yaml.safe_load((Path(__file__).parent / "transitions.yaml").read_text(encoding="utf-8"))
EXPECTED = {(r["kind"], r["from"], r["action"]): r["to"] for r in SPEC["transitions"]}
TARGETS = {"<proposed>": workflow.PROPOSED, "<previous>": workflow.PREVIOUS}
ALL_ACTIONS = sorted({a for (_k, _s, a) in EXPECTED} | {f["action"] for f in SPEC["forbidden"]} | set(workflow.ACTIONS))


def test_每一行期望都写明依据():
    for row in SPEC["transitions"]:
        assert row["order20"] or row["order121"], row
    assert len(EXPECTED) == len(SPEC["transitions"]), "期望表中有重复的（类型、状态、操作）"


@pytest.mark.parametrize("kind,state,action", sorted(EXPECTED))
def test_法规允许的步骤得到法规规定的结果(kind, state, action):
    expected = EXPECTED[(kind, state, action)]
    assert workflow.next_state(kind, state, action) == TARGETS.get(expected, expected)


@pytest.mark.parametrize(
    "kind,state,action",
    [k for k in itertools.product(workflow.KINDS, workflow.STATES, ALL_ACTIONS) if k not in EXPECTED],
)
def test_期望表之外的步骤一律拒绝(kind, state, action):
    with pytest.raises(DomainError) as exc:
        workflow.next_state(kind, state, action)
    assert exc.value.code in ("complaints.transition_forbidden", "complaints.not_accepted")


@pytest.mark.parametrize("row", SPEC["forbidden"], ids=lambda r: f"{r['kind']}-{r['from']}-{r['action']}")
def test_法规禁止的步骤以规定的代码拒绝(row):
    with pytest.raises(DomainError) as exc:
        workflow.next_state(row["kind"], row["from"], row["action"])
    assert exc.value.code == row["code"], row["why"]


def test_实现的表与期望表完全一致():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)


def test_登记后的初始状态与期望一致():
    states = {(r["kind"], r["state"]) for r in SPEC["registration"]}
    assert states == {
        ("complaint", "received"),
        ("tip", "received"),
        ("not_covered", "redirected"),
        ("not_covered", "legal_review"),
    }


@pytest.mark.parametrize(
    "kind,return_state,action,expected",
    [
        ("complaint", "received", "refuse", "refused"),
        ("complaint", "accepted", "terminate", "closed"),
        ("complaint", "mediating", "terminate", "closed"),
        ("complaint", "mediating", "merge", "merged"),
        ("tip", "received", "merge", "merged"),
        ("not_covered", "received", "redirect", "redirected"),
    ],
)
def test_法制审核同意后执行拟办步骤_退回则回到原状态(kind, return_state, action, expected):
    assert workflow.after_review(kind, return_state=return_state, proposed_action=action, confirmed=True) == expected
    assert (
        workflow.after_review(kind, return_state=return_state, proposed_action=action, confirmed=False) == return_state
    )


def test_每个状态都说明下一步由谁办理():
    assert workflow.next_step("complaint", "received").who == "承办人（执法人员）"
    assert workflow.next_step("complaint", "received").due == "decision_due_on"
    assert workflow.next_step("complaint", "mediating", testing=True).due is None
    assert workflow.next_step("complaint", "closed", outcome="terminated", notified=False).due == "notice_due_on"
    assert workflow.next_step("complaint", "closed", outcome="succeeded") is None
    assert workflow.next_step("complaint", "legal_review", return_state="accepted").who == "法制审核人员"
    assert workflow.next_step("complaint", "legal_review", return_state="accepted").due == "mediation_due_on"
    assert workflow.next_step("tip", "received").due == "decision_due_on"
    assert workflow.next_step("tip", "handed_over") is None
    assert workflow.next_step("not_covered", "legal_review").due is None
    assert workflow.next_step("not_covered", "received").who


def test_每个状态可办理的步骤来自期望表():
    for kind in workflow.KINDS:
        for state in workflow.STATES:
            expected = sorted(a for (k, s, a) in EXPECTED if k == kind and s == state)
            assert sorted(workflow.allowed_actions(kind, state)) == expected


def test_已受理和调解中的下一步是调解():
    assert workflow.next_step("complaint", "accepted").due == "mediation_due_on"
    assert workflow.next_step("complaint", "mediating").due == "mediation_due_on"
    assert workflow.next_step("complaint", "refused") is None
