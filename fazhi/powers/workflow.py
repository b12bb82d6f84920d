"""PURE rules of the adjustment batch: its state table and the validation of its lines.

No ORM here: the service loads the state of the items a batch touches into ``ItemState`` values,
calls ``validate_lines`` and applies the batch only when the list of problems is empty, so a batch
with one bad line changes nothing (issue 4, "nothing applied from a rejected batch").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fazhi.rulebook.errors import RulebookError

DRAFT, SUBMITTED, APPROVED, REJECTED = "draft", "submitted", "approved", "rejected"

# (from status, step) -> to status
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "submit"): SUBMITTED,
    (SUBMITTED, "approve"): APPROVED,
    (SUBMITTED, "reject"): REJECTED,
    (REJECTED, "reopen"): DRAFT,
}
STEP_LABELS = {"submit": "提交审批", "approve": "批准", "reject": "退回", "reopen": "重新编辑"}
STATUS_LABELS = {DRAFT: "草稿", SUBMITTED: "已提交待审批", APPROVED: "已批准生效", REJECTED: "已退回"}


class TransitionRefused(RulebookError):
    """A step the state table has no arrow for; ``params`` name the status and the step."""

    def __init__(self, status: str, step: str) -> None:
        message = f"调整函当前状态为“{STATUS_LABELS.get(status, status)}”，不能{STEP_LABELS.get(step, step)}"
        super().__init__("powers.transition_refused", message, status=status, step=step)
        self.status, self.step = status, step


def next_status(status: str, step: str) -> str:
    """The status after ``step``; raises TransitionRefused when the table has no such arrow."""
    try:
        return TRANSITIONS[(status, step)]
    except KeyError:
        raise TransitionRefused(status, step) from None


@dataclass(frozen=True)
class ItemState:
    """What the database knows about one code: its first day and its latest version's period."""

    code: str
    first_from: dt.date
    latest_from: dt.date
    latest_to: dt.date | None  # None: the latest version is still in force


@dataclass(frozen=True)
class LineInput:
    position: int
    action: str  # add | change | remove
    code: str
    name: str = ""
    category: str = ""
    has_legal_basis: bool = False


@dataclass(frozen=True)
class LineProblem:
    position: int
    code: str
    error: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"position": self.position, "code": self.code, "error": self.error, "message": self.message}


def _in_force(state: ItemState, day: dt.date) -> bool:
    return state.latest_from <= day and (state.latest_to is None or day <= state.latest_to)


def validate_lines(
    lines: Iterable[LineInput],
    items: Mapping[str, ItemState],
    *,
    effective_from: dt.date,
    categories: Iterable[str],
) -> list[LineProblem]:
    """Every problem of every line (empty list = the batch may be applied as a whole).

    Codes: ``powers.batch_empty``, ``powers.duplicate_code`` (twice in the batch, or an addition of a
    code in force), ``powers.unknown_item`` (change/removal of a code never listed),
    ``powers.before_item_existed`` (dated before the item's first day), ``powers.not_in_force``
    (change/removal of an item not in force on the effective date), ``powers.out_of_order`` (a later
    adjustment of the item already exists), ``powers.legal_basis_missing`` (法无授权不可为: an
    addition or change must cite its basis), ``powers.name_missing``, ``powers.category_invalid``.
    """
    problems: list[LineProblem] = []
    seen: dict[str, int] = {}
    allowed = set(categories)
    lines = list(lines)
    if not lines:
        return [LineProblem(0, "", "powers.batch_empty", "调整函中没有任何调整事项，请先添加")]
    day = effective_from
    for line in lines:

        def bad(error: str, message: str, line: LineInput = line) -> None:
            problems.append(
                LineProblem(line.position, line.code, error, f"第 {line.position} 项（{line.code}）：{message}")
            )

        if line.code in seen:
            bad("powers.duplicate_code", f"事项编码与第 {seen[line.code]} 项重复，同一调整函中每个事项只能出现一次")
            continue
        seen[line.code] = line.position
        state = items.get(line.code)
        if line.action == "add":
            if state is not None:
                if _in_force(state, day):
                    bad("powers.duplicate_code", f"事项编码已在清单中（自 {state.latest_from} 起有效），请改用“变更”")
                    continue
                if day <= state.latest_from or (state.latest_to is not None and day <= state.latest_to):
                    bad("powers.out_of_order", f"该事项在 {state.latest_from} 已有调整，新增日期必须晚于此前的调整")
                    continue
        elif line.action in ("change", "remove"):
            verb = "变更" if line.action == "change" else "取消"
            if state is None:
                bad("powers.unknown_item", f"清单中没有此事项编码，无法{verb}；请核对编码")
                continue
            if day < state.first_from:
                bad("powers.before_item_existed", f"调整生效日 {day} 早于该事项列入清单的日期 {state.first_from}")
                continue
            if day <= state.latest_from:
                bad("powers.out_of_order", f"该事项在 {state.latest_from} 已有调整，调整必须按生效日先后批准")
                continue
            if not _in_force(state, day):
                bad("powers.not_in_force", f"该事项在 {day} 不在清单中（已于 {state.latest_to} 后取消），无法{verb}")
                continue
            if state.latest_to is not None:
                bad("powers.out_of_order", f"该事项在 {state.latest_from} 之后已有调整，调整必须按生效日先后批准")
                continue
        else:
            bad("powers.action_invalid", f"未知的调整类型 {line.action}")
            continue
        if line.action in ("add", "change"):
            if not line.name.strip():
                bad("powers.name_missing", "事项名称必填")
            if line.category not in allowed:
                bad("powers.category_invalid", "职权类别必填，且须为清单规定的类别之一")
            if not line.has_legal_basis:
                bad("powers.legal_basis_missing", "未填写设定依据（法律法规名称及条款）；法无授权不可为")
    return problems
