"""The pure rules of the adjustment batch: every transition and every validation outcome."""

import datetime as dt
import itertools

import pytest

from fazhi.powers import workflow
from fazhi.powers.workflow import ItemState, LineInput, validate_lines

STATUSES = [workflow.DRAFT, workflow.SUBMITTED, workflow.APPROVED, workflow.REJECTED]
STEPS = ["submit", "approve", "reject", "reopen"]
D = dt.date(2023, 3, 1)
CATS = ["penalty"]


@pytest.mark.parametrize(("status", "step"), list(itertools.product(STATUSES, STEPS)))
def test_状态表之外的步骤一律拒绝(status, step):
    if (status, step) in workflow.TRANSITIONS:
        assert workflow.next_status(status, step) == workflow.TRANSITIONS[(status, step)]
    else:
        with pytest.raises(workflow.TransitionRefused) as exc:
            workflow.next_status(status, step)
        assert exc.value.code == "powers.transition_refused"


def test_已批准的调整函不能再变动():
    assert not [k for k in workflow.TRANSITIONS if k[0] == workflow.APPROVED]


def good(action="add", code="X", position=1):
    return LineInput(position, action, code, name="n", category="penalty", has_legal_basis=True)


IN_FORCE = ItemState("X", first_from=dt.date(2022, 1, 1), latest_from=dt.date(2022, 1, 1), latest_to=None)
REMOVED = ItemState(
    "X", first_from=dt.date(2022, 1, 1), latest_from=dt.date(2022, 1, 1), latest_to=dt.date(2022, 12, 31)
)
LATER = ItemState("X", first_from=dt.date(2022, 1, 1), latest_from=dt.date(2023, 9, 1), latest_to=None)
REMOVAL_SCHEDULED = ItemState("X", first_from=dt.date(2022, 1, 1), latest_from=dt.date(2022, 1, 1),
                              latest_to=dt.date(2023, 8, 31))  # fmt: skip
NEW = ItemState("X", first_from=dt.date(2023, 6, 1), latest_from=dt.date(2023, 6, 1), latest_to=None)


@pytest.mark.parametrize(
    ("line", "state", "expected"),
    [
        (good("add"), None, None),
        (good("add"), IN_FORCE, "powers.duplicate_code"),
        (good("add"), REMOVED, None),
        (good("add"), LATER, "powers.out_of_order"),
        (good("change"), IN_FORCE, None),
        (good("remove"), IN_FORCE, None),
        (good("change"), None, "powers.unknown_item"),
        (good("remove"), None, "powers.unknown_item"),
        (good("remove"), REMOVED, "powers.not_in_force"),
        (good("change"), REMOVED, "powers.not_in_force"),
        (good("change"), LATER, "powers.out_of_order"),
        (good("remove"), REMOVAL_SCHEDULED, "powers.out_of_order"),
        (good("change"), NEW, "powers.before_item_existed"),
        (LineInput(1, "change", "X", name="n", category="penalty", has_legal_basis=False), IN_FORCE,
         "powers.legal_basis_missing"),
        (LineInput(1, "add", "X", name=" ", category="penalty", has_legal_basis=True), None, "powers.name_missing"),
        (LineInput(1, "add", "X", name="n", category="", has_legal_basis=True), None, "powers.category_invalid"),
        (LineInput(1, "remove", "X"), IN_FORCE, None),
        (LineInput(1, "merge", "X"), None, "powers.action_invalid"),
    ],
)  # fmt: skip
def test_逐项校验(line, state, expected):
    problems = validate_lines([line], {"X": state} if state else {}, effective_from=D, categories=CATS)
    assert [p.error for p in problems] == ([expected] if expected else [])
    if problems:
        assert problems[0].message.startswith("第 1 项（X）") and problems[0].as_dict()["position"] == 1


def test_空调整函():
    assert [p.error for p in validate_lines([], {}, effective_from=D, categories=CATS)] == ["powers.batch_empty"]


def test_同一事项出现两次():
    problems = validate_lines([good("add"), good("remove", position=2)], {}, effective_from=D, categories=CATS)
    assert [(p.position, p.error) for p in problems] == [(2, "powers.duplicate_code")]


def test_报告所有问题而不只是第一个():
    lines = [good("remove", "A", 1), good("remove", "B", 2), good("add", "C", 3)]
    problems = validate_lines(lines, {}, effective_from=D, categories=CATS)
    assert [p.position for p in problems] == [1, 2]
