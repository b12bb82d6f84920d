"""The complaint and tip state machine (PURE: no ORM, no clock; dates are passed in).

```
complaint: received ─accept→ accepted ─start_mediation→ mediating ─succeed→ closed (调解成功)
           received ─refuse→ refused                   accepted/mediating ─terminate→ closed (终止调解)
           mediating ─testing_start / testing_end→ mediating           closed ─record_notice→ closed
           accepted/mediating/closed ─report_violation→ (same state; a clue for the cases module, Art. 23)
           received/accepted/mediating ─merge→ merged (Order No. 121: repeated or abusive submissions)
tip:       received ─hand_over→ handed_over (the clue's verification and 立案 decision go on in cases)
           received ─merge→ merged
not_covered: registered as redirected (Order No. 20 Art. 39); received ─reclassify→ received (as complaint/tip)
any open state ─refer_for_review→ legal_review ─review_confirm→ the proposed step's target
                                               ─review_reject→ the state it came from
```
``refer_for_review`` is how a step that would refuse a party's request on an UNCONFIRMED rule value is proposed
instead of taken (issue 13 §3). The expected table, written by hand from the law with the article of each step,
is ``tests/transitions.yaml``; ``tests/test_workflow.py`` checks this table against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.errors import DomainError

RECEIVED, ACCEPTED, REFUSED, MEDIATING, CLOSED, REDIRECTED, MERGED, HANDED_OVER, LEGAL_REVIEW = (
    "received",
    "accepted",
    "refused",
    "mediating",
    "closed",
    "redirected",
    "merged",
    "handed_over",
    "legal_review",
)
# Targets of the review steps that depend on the record: the proposed step's target, or the state before review.
PROPOSED, PREVIOUS = "<proposed>", "<previous>"

# (kind, state, action) -> next state. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[str, str, str], str] = {
    ("complaint", RECEIVED, "accept"): ACCEPTED,
    ("complaint", RECEIVED, "refuse"): REFUSED,
    ("complaint", RECEIVED, "merge"): MERGED,
    ("complaint", RECEIVED, "refer_for_review"): LEGAL_REVIEW,
    ("complaint", ACCEPTED, "start_mediation"): MEDIATING,
    ("complaint", ACCEPTED, "terminate"): CLOSED,
    ("complaint", ACCEPTED, "merge"): MERGED,
    ("complaint", ACCEPTED, "refer_for_review"): LEGAL_REVIEW,
    ("complaint", MEDIATING, "testing_start"): MEDIATING,
    ("complaint", MEDIATING, "testing_end"): MEDIATING,
    ("complaint", MEDIATING, "succeed"): CLOSED,
    ("complaint", MEDIATING, "terminate"): CLOSED,
    ("complaint", MEDIATING, "merge"): MERGED,
    ("complaint", MEDIATING, "refer_for_review"): LEGAL_REVIEW,
    ("complaint", CLOSED, "record_notice"): CLOSED,
    ("complaint", ACCEPTED, "report_violation"): ACCEPTED,
    ("complaint", MEDIATING, "report_violation"): MEDIATING,
    ("complaint", CLOSED, "report_violation"): CLOSED,
    ("complaint", LEGAL_REVIEW, "review_confirm"): PROPOSED,
    ("complaint", LEGAL_REVIEW, "review_reject"): PREVIOUS,
    ("tip", RECEIVED, "hand_over"): HANDED_OVER,
    ("tip", RECEIVED, "merge"): MERGED,
    ("tip", RECEIVED, "refer_for_review"): LEGAL_REVIEW,
    ("tip", LEGAL_REVIEW, "review_confirm"): PROPOSED,
    ("tip", LEGAL_REVIEW, "review_reject"): PREVIOUS,
    ("not_covered", RECEIVED, "reclassify"): RECEIVED,
    ("not_covered", LEGAL_REVIEW, "review_confirm"): PROPOSED,
    ("not_covered", LEGAL_REVIEW, "review_reject"): PREVIOUS,
}
# The steps that may be proposed for legal review instead of taken (they refuse or end a party's request); a
# not-covered matter is proposed for redirection at registration (it has no state before).
REVIEWABLE: dict[str, frozenset[str]] = {
    "complaint": frozenset({"refuse", "terminate", "merge"}),
    "tip": frozenset({"merge"}),
    "not_covered": frozenset({"redirect"}),
}

KINDS = ("complaint", "tip", "not_covered")
STATES = (RECEIVED, ACCEPTED, REFUSED, MEDIATING, CLOSED, REDIRECTED, MERGED, HANDED_OVER, LEGAL_REVIEW)
ACTIONS = tuple(sorted({a for (_k, _s, a) in TRANSITIONS} | {"redirect"}))
OPEN_STATES = frozenset({RECEIVED, ACCEPTED, MEDIATING, LEGAL_REVIEW})
TERMINAL_STATES = frozenset({REFUSED, CLOSED, REDIRECTED, MERGED, HANDED_OVER})

STATE_LABELS = {
    RECEIVED: "待处理",
    ACCEPTED: "已受理",
    REFUSED: "不予受理",
    MEDIATING: "调解中",
    CLOSED: "已办结",
    REDIRECTED: "已告知其他途径",
    MERGED: "已合并",
    HANDED_OVER: "已移交线索核查",
    LEGAL_REVIEW: "待法制审核",
}
ACTION_LABELS = {
    "accept": "受理",
    "refuse": "不予受理",
    "start_mediation": "开始调解",
    "succeed": "登记调解成功",
    "terminate": "终止调解",
    "testing_start": "登记检测开始",
    "testing_end": "登记检测结束",
    "merge": "合并处理",
    "record_notice": "登记告知双方",
    "hand_over": "移交案件线索核查",
    "report_violation": "移交调解中发现的违法线索",
    "reclassify": "改按投诉或举报办理",
    "redirect": "告知通过其他途径提出",
    "refer_for_review": "提请法制审核",
    "review_confirm": "法制审核同意",
    "review_reject": "法制审核退回",
}


def next_state(kind: str, state: str, action: str) -> str:
    """The state after ``action``; ``complaints.not_accepted`` / ``complaints.transition_forbidden`` otherwise.

    For the review steps the result is ``PROPOSED`` or ``PREVIOUS``; see :func:`after_review`."""
    target = TRANSITIONS.get((kind, state, action))
    if target is not None:
        return target
    if kind == "complaint" and state == RECEIVED and action in ("start_mediation", "succeed", "terminate"):
        # Order No. 20 Arts. 14, 16, 21: mediation (and so its end) only follows an acceptance decision.
        raise DomainError("complaints.not_accepted", "投诉尚未受理，不能调解或办结；请先作出受理决定")
    label = ACTION_LABELS.get(action, action)
    raise DomainError(
        "complaints.transition_forbidden",
        f"{KIND_LABELS.get(kind, '来件')}当前为“{STATE_LABELS.get(state, state)}”，不能“{label}”；请刷新页面查看最新状态",
        state=state,
        action=action,
    )


def after_review(kind: str, *, return_state: str, proposed_action: str, confirmed: bool) -> str:
    """Where a reviewed record goes: the proposed step's target from the state it came from, or back there."""
    if not confirmed:
        return return_state
    if kind == "not_covered" and proposed_action == "redirect":
        return REDIRECTED
    return next_state(kind, return_state, proposed_action)


KIND_LABELS = {"complaint": "投诉", "tip": "举报", "not_covered": "来件"}


def allowed_actions(kind: str, state: str) -> list[str]:
    """Actions open from ``state`` (for the buttons on the complaint page)."""
    return [a for (k, s, a) in TRANSITIONS if k == kind and s == state]


@dataclass(frozen=True)
class NextStep:
    """Who acts next on a record and what they do; ``due`` names the record's date field that bounds it."""

    who: str
    what: str
    due: str | None  # "decision_due_on", "mediation_due_on", "notice_due_on" or None


HANDLER, REVIEWER, CASES = "承办人（执法人员）", "法制审核人员", "案件承办部门"


def next_step(
    kind: str,
    state: str,
    *,
    testing: bool = False,
    outcome: str = "",
    notified: bool = True,
    return_state: str = "",
) -> NextStep | None:
    """The next step of a record in ``state`` (None when nothing is owed any more in this module).

    A handed-over tip is followed in the cases module (the clue's verification and 立案 decision)."""
    if state == LEGAL_REVIEW:
        due = {RECEIVED: "decision_due_on", ACCEPTED: "mediation_due_on", MEDIATING: "mediation_due_on"}
        return NextStep(
            REVIEWER,
            "审核拟作出的决定（依据的规则值未经确认，不得单独作出不利于当事人的决定）",
            due.get(return_state) if kind != "not_covered" else None,
        )
    if kind == "complaint":
        if state == RECEIVED:
            return NextStep(HANDLER, "作出受理或者不予受理的决定并告知投诉人", "decision_due_on")
        if state == ACCEPTED:
            return NextStep(HANDLER, "经双方同意后开始调解，或者终止调解", "mediation_due_on")
        if state == MEDIATING:
            if testing:
                return NextStep(HANDLER, "检测、检验、鉴定进行中（不计入调解期限）；结束后登记结束日", None)
            return NextStep(HANDLER, "主持调解并登记调解成功或者终止调解", "mediation_due_on")
        if state == CLOSED and outcome == "terminated" and not notified:
            return NextStep(HANDLER, "将终止调解决定告知投诉人和被投诉人", "notice_due_on")
        return None
    if kind == "tip" and state == RECEIVED:
        return NextStep(HANDLER, "移交案件线索核查（核查期限自收到举报之日起计算）", "decision_due_on")
    if kind == "not_covered" and state == RECEIVED:
        return NextStep(HANDLER, "改按投诉或举报登记办理", None)
    return None
