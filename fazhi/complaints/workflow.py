"""The complaint and tip state machine (PURE: no ORM, no clock; ``today`` is passed in).

```
complaint: received ─accept→ accepted ─start_mediation→ mediating ─close→ closed (succeeded/failed/terminated)
           received ─refuse→ refused             accepted ─close→ closed (terminated before mediation)
           received/accepted/mediating ─merge→ merged (Order 121, repeated or abusive submissions)
tip:       received ─decide→ decided ─notify_reporter→ closed      (anonymous tips close on the decision)
           received ─merge→ merged
not_covered: created as redirected (Order 20 Art. 39), no further step
```
A complaint can never be closed before it was accepted (``complaints.not_accepted``). Every step date must
lie between the day of receipt (or of the previous step) and ``today`` (``complaints.date_in_future`` …).
"""

from __future__ import annotations

import datetime as dt

from fazhi.core.errors import DomainError

RECEIVED, ACCEPTED, REFUSED, MEDIATING, DECIDED, CLOSED, REDIRECTED, MERGED = (
    "received",
    "accepted",
    "refused",
    "mediating",
    "decided",
    "closed",
    "redirected",
    "merged",
)

# (kind, state, action) -> next state. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[str, str, str], str] = {
    ("complaint", RECEIVED, "accept"): ACCEPTED,
    ("complaint", RECEIVED, "refuse"): REFUSED,
    ("complaint", ACCEPTED, "start_mediation"): MEDIATING,
    ("complaint", ACCEPTED, "close"): CLOSED,
    ("complaint", MEDIATING, "close"): CLOSED,
    ("complaint", MEDIATING, "testing"): MEDIATING,
    ("complaint", RECEIVED, "merge"): MERGED,
    ("complaint", ACCEPTED, "merge"): MERGED,
    ("complaint", MEDIATING, "merge"): MERGED,
    ("complaint", CLOSED, "record_notice"): CLOSED,
    ("complaint", REFUSED, "record_notice"): REFUSED,
    ("tip", RECEIVED, "decide"): DECIDED,
    ("tip", RECEIVED, "extend"): RECEIVED,
    ("tip", DECIDED, "notify_reporter"): CLOSED,
    ("tip", DECIDED, "close"): CLOSED,
    ("tip", RECEIVED, "merge"): MERGED,
}

KINDS = ("complaint", "tip", "not_covered")
STATES = (RECEIVED, ACCEPTED, REFUSED, MEDIATING, DECIDED, CLOSED, REDIRECTED, MERGED)
ACTIONS = tuple(sorted({a for (_k, _s, a) in TRANSITIONS}))
OPEN_STATES = frozenset({RECEIVED, ACCEPTED, MEDIATING, DECIDED})
TERMINAL_STATES = frozenset({REFUSED, CLOSED, REDIRECTED, MERGED})

ACTION_LABELS = {
    "accept": "受理",
    "refuse": "不予受理",
    "start_mediation": "开始调解",
    "close": "办结",
    "testing": "登记检测期间",
    "merge": "合并处理",
    "record_notice": "登记告知",
    "decide": "作出是否立案决定",
    "extend": "批准延长核查期限",
    "notify_reporter": "告知举报人",
}


def next_state(kind: str, state: str, action: str) -> str:
    """The state after ``action``; DomainError ``complaints.not_accepted`` or ``complaints.transition_forbidden``."""
    target = TRANSITIONS.get((kind, state, action))
    if target is not None:
        return target
    if kind == "complaint" and action == "close" and state == RECEIVED:
        # Order 20 Arts. 14, 21: mediation (and so its closing) only follows an acceptance decision.
        raise DomainError("complaints.not_accepted", "投诉尚未受理，不能办结；请先作出受理决定")
    label = ACTION_LABELS.get(action, action)
    raise DomainError(
        "complaints.transition_forbidden",
        f"当前状态（{state}）下不能“{label}”；请刷新页面查看最新状态",
        state=state,
        action=action,
    )


def allowed_actions(kind: str, state: str) -> list[str]:
    """Actions open from ``state`` (for the buttons on the complaint page)."""
    return [a for (k, s, a) in TRANSITIONS if k == kind and s == state]


def check_step_date(
    on: dt.date, *, not_before: dt.date, today: dt.date, what: str, before_what: str = "收到日"
) -> None:
    """A step date lies in [not_before, today]: never in the future, never before the earlier step."""
    if on > today:
        raise DomainError(
            "complaints.date_in_future", f"{what}（{on}）晚于今天（{today}），不能登记将来的日期", field="on"
        )
    if on < not_before:
        raise DomainError(
            "complaints.date_before_receipt" if before_what == "收到日" else "complaints.date_before_previous_step",
            f"{what}（{on}）早于{before_what}（{not_before}），请核对日期",
            field="on",
        )


def check_received_on(received_on: dt.date, *, today: dt.date) -> None:
    if received_on > today:
        raise DomainError(
            "complaints.date_in_future", f"收到日期（{received_on}）晚于今天（{today}），请核对", field="received_on"
        )
