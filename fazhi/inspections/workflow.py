"""The task's state table (PURE: no ORM). Each legal step is one service in services.py.

draft → pools_frozen (名录库固定并公开哈希) → drawn (抽取；可附理由重新抽取) → in_progress (开始检查)
→ finished (检查结束，起算 20 个工作日公示期限) → published (结果公示).
"""

from __future__ import annotations

from fazhi.core.errors import DomainError
from fazhi.inspections.choices import TaskStatus

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "freeze_pools": (frozenset({TaskStatus.DRAFT}), TaskStatus.POOLS_FROZEN),
    "draw": (frozenset({TaskStatus.POOLS_FROZEN}), TaskStatus.DRAWN),
    # A re-draw is possible only before anyone has inspected (results would refer to the old selection).
    "redraw": (frozenset({TaskStatus.DRAWN}), TaskStatus.DRAWN),
    "record_result": (frozenset({TaskStatus.DRAWN, TaskStatus.IN_PROGRESS}), TaskStatus.IN_PROGRESS),
    "finish": (frozenset({TaskStatus.DRAWN, TaskStatus.IN_PROGRESS}), TaskStatus.FINISHED),
    "publish_results": (frozenset({TaskStatus.FINISHED}), TaskStatus.PUBLISHED),
}

ACTION_LABELS = {
    "freeze_pools": "固定名录库",
    "draw": "抽取",
    "redraw": "重新抽取",
    "record_result": "录入检查结果",
    "finish": "结束检查",
    "publish_results": "公示结果",
}


def allowed_actions(status: str) -> list[str]:
    """The actions possible from ``status``, in the table's order."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def next_status(status: str, action: str) -> str:
    """The state after ``action``; DomainError ``inspections.forbidden_transition`` when not allowed."""
    if action not in TRANSITIONS:
        raise DomainError("inspections.unknown_action", f"未知的操作 {action}。")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        label = TaskStatus(status).label if status in TaskStatus.values else status
        raise DomainError(
            "inspections.forbidden_transition",
            f"任务当前状态为“{label}”，不能{ACTION_LABELS[action]}；请按 草拟→固定名录库→抽取→检查→结束→公示 的顺序办理。",
            status=status,
            action=action,
        )
    return target
