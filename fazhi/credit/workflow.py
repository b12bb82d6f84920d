"""PURE state tables of the credit workflows (no ORM). A forbidden transition raises ``DomainError`` with a
stable code; the services call ``check_*`` before writing. Drawn in docs/domain/credit.md."""

from __future__ import annotations

from fazhi.core.errors import DomainError

# Removal applications and objections (企业经营异常名录管理暂行办法第十一条至第十六条)
APPLICATION_TRANSITIONS: dict[tuple[str, str], dict[str, str]] = {
    # (kind, from) → {action: to}
    ("removal", "submitted"): {"approve": "approved", "reject": "rejected"},
    ("objection", "submitted"): {"accept": "accepted", "not_accept": "not_accepted"},
    ("objection", "accepted"): {"approve": "approved", "reject": "rejected"},
}
LISTING_TRANSITIONS: dict[str, dict[str, str]] = {"listed": {"remove": "removed"}}
SERIOUS_TRANSITIONS: dict[str, dict[str, str]] = {
    "proposed": {"list": "listed", "drop": "not_listed"},
    "listed": {"remove_early": "removed_early", "expire": "expired"},
}
REPAIR_TRANSITIONS: dict[str, dict[str, str]] = {"applied": {"approve": "approved", "reject": "rejected"}}
# 撤销登记 (条例第四十条): the proposal goes to 法制审核, which passes it to the leader or returns it for more
# investigation; only the leader's approval makes it effective. The proposer may withdraw it until then.
REVOCATION_TRANSITIONS: dict[str, dict[str, str]] = {
    "proposed": {"legal_pass": "reviewed", "legal_return": "returned", "withdraw": "withdrawn"},
    "returned": {"resubmit": "proposed", "withdraw": "withdrawn"},
    "reviewed": {"approve": "effective", "refuse": "refused"},
}

_LABELS = {
    "approve": "准予",
    "reject": "不予准许",
    "accept": "受理",
    "not_accept": "不予受理",
    "remove": "移出",
    "list": "决定列入",
    "drop": "决定不予列入",
    "remove_early": "提前移出",
    "expire": "期满移出",
    "legal_pass": "法制审核通过",
    "legal_return": "法制审核退回",
    "withdraw": "撤回",
    "resubmit": "补充后重新提交",
    "refuse": "不予批准",
}


def _next(table: dict, key: object, action: str, what: str, state: str) -> str:
    to = table.get(key, {}).get(action)
    if to is None:
        raise DomainError(
            f"{what}.transition_forbidden",
            f"当前状态“{state}”下不能“{_LABELS.get(action, action)}”，请刷新页面查看最新状态",
            action=action,
            state=state,
        )
    return str(to)


def application_next(kind: str, state: str, action: str) -> str:
    return _next(APPLICATION_TRANSITIONS, (kind, state), action, "credit_application", state)


def listing_next(state: str, action: str) -> str:
    return _next(LISTING_TRANSITIONS, state, action, "abnormal_listing", state)


def serious_next(state: str, action: str) -> str:
    return _next(SERIOUS_TRANSITIONS, state, action, "serious_listing", state)


def repair_next(state: str, action: str) -> str:
    return _next(REPAIR_TRANSITIONS, state, action, "credit_repair", state)


def revocation_next(state: str, action: str) -> str:
    return _next(REVOCATION_TRANSITIONS, state, action, "credit_revocation", state)
