"""The task's state table (PURE: no ORM). Each legal step is one service in ``services/``.

Commit, then reveal (issue 12; docs/domain/inspections.md): the plan is published first (a guard of
``freeze_pools``), then 固定名录库 publishes the pool hashes together with the seed's commitment — the named future
lottery draw, or the SHA-256 of a system secret — then the seed is fixed (two people enter the lottery numbers;
a secret is fixed from the start), then 抽取. A seed is replaced only with a recorded reason and a 局领导's
approval; approval supersedes the seed (and a draw made with it) and the task waits for a new seed.

draft → pools_frozen → drawn → in_progress → finished (20 个工作日公示期限起算) → published.
"""

from __future__ import annotations

from fazhi.core.errors import DomainError
from fazhi.inspections.choices import TaskStatus

D, F, W, R, P, E, PUB = (
    TaskStatus.DRAFT,
    TaskStatus.POOLS_FROZEN,
    TaskStatus.AWAITING_SEED,
    TaskStatus.DRAWN,
    TaskStatus.IN_PROGRESS,
    TaskStatus.FINISHED,
    TaskStatus.PUBLISHED,
)

# (state, action) → next state. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (D, "freeze_pools"): F,
    (F, "enter_seed_value"): F,
    (F, "draw"): R,
    (F, "request_seed_replacement"): F,
    (R, "request_seed_replacement"): R,
    (F, "refuse_seed_replacement"): F,
    (R, "refuse_seed_replacement"): R,
    (F, "approve_seed_replacement"): W,
    (R, "approve_seed_replacement"): W,
    (W, "commit_seed"): F,
    (R, "record_result"): P,
    (P, "record_result"): P,
    (P, "recheck"): P,
    (E, "recheck"): E,
    (PUB, "recheck"): PUB,
    (R, "finish"): E,
    (P, "finish"): E,
    (E, "publish_results"): PUB,
}

ACTION_LABELS = {
    "freeze_pools": "固定并公布名录库",
    "enter_seed_value": "录入开奖号码",
    "draw": "抽取",
    "request_seed_replacement": "申请更换随机种子",
    "refuse_seed_replacement": "不批准更换随机种子",
    "approve_seed_replacement": "批准更换随机种子",
    "commit_seed": "公布新的随机种子来源",
    "record_result": "录入检查结果",
    "recheck": "录入复查结果",
    "finish": "结束检查",
    "publish_results": "公示结果",
}


def allowed_actions(status: str) -> list[str]:
    """The actions possible from ``status``, in the table's order."""
    return [action for (state, action) in TRANSITIONS if state == status]


def next_status(status: str, action: str) -> str:
    """The state after ``action``; DomainError ``inspections.forbidden_transition`` when not allowed."""
    if action not in ACTION_LABELS:
        raise DomainError("inspections.unknown_action", f"未知的操作 {action}。")
    target = TRANSITIONS.get((status, action))
    if target is None:
        label = TaskStatus(status).label if status in TaskStatus.values else status
        raise DomainError(
            "inspections.forbidden_transition",
            f"任务当前状态为“{label}”，不能{ACTION_LABELS[action]}；请按 公布计划→固定并公布名录库→确定种子→抽取→检查→结束→公示 的顺序办理。",
            status=status,
            action=action,
        )
    return target
