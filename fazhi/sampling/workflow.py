"""The state table of a sampled batch (pure: no ORM). docs/domain/sampling.md draws it.

Risk control does not wait for a re-test: 食品安全抽样检验管理办法 (SAMR Order 15) says the business must take its
measures on receiving the unqualified conclusion and keep them during re-test and objection, so a disposal may be
ordered while a re-test runs (the state stays ``retest``) and a re-test may be requested while measures run.
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLED, QUALIFIED, UNQUALIFIED, NOTIFIED, RETEST, DISPOSING, CLOSED = (
    "sampled",
    "qualified",
    "unqualified",
    "notified",
    "retest",
    "disposing",
    "closed",
)

EVENTS = {
    "result_qualified": "录入检验结论（合格）",
    "result_unqualified": "录入检验结论（不合格）",
    "serve_notice": "送达不合格检验结论通知书",
    "request_retest": "登记复检申请",
    "retest_upheld": "复检维持不合格",
    "retest_reversed": "复检结论为合格",
    "order_disposal": "责令采取风险控制措施",
    "close": "办结",
    "correct_qualified": "更正检验结论（合格）",
    "correct_unqualified": "更正检验结论（不合格）",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    (SAMPLED, "result_qualified"): QUALIFIED,
    (SAMPLED, "result_unqualified"): UNQUALIFIED,
    (UNQUALIFIED, "serve_notice"): NOTIFIED,
    (NOTIFIED, "request_retest"): RETEST,
    (DISPOSING, "request_retest"): RETEST,
    (RETEST, "retest_upheld"): DISPOSING,
    (RETEST, "retest_reversed"): CLOSED,
    (NOTIFIED, "order_disposal"): DISPOSING,
    (RETEST, "order_disposal"): RETEST,
    (DISPOSING, "order_disposal"): DISPOSING,
    (DISPOSING, "close"): CLOSED,
    # An audited correction of the lab result, only before the conclusion is served on the party.
    (QUALIFIED, "correct_qualified"): QUALIFIED,
    (QUALIFIED, "correct_unqualified"): UNQUALIFIED,
    (UNQUALIFIED, "correct_qualified"): QUALIFIED,
    (UNQUALIFIED, "correct_unqualified"): UNQUALIFIED,
}

# Where a clue may be handed to the cases module: once the party has been notified of the unqualified result.
CLUE_STATES = frozenset({NOTIFIED, RETEST, DISPOSING, CLOSED})


@dataclass(frozen=True)
class TransitionRefused(Exception):
    state: str
    event: str

    def __str__(self) -> str:
        return f"{self.state} --{self.event}--> ?"


def next_state(state: str, event: str) -> str:
    """The state after ``event``; raises TransitionRefused for a step the table does not allow."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise TransitionRefused(state, event) from None


def allowed_events(state: str) -> list[str]:
    return [event for (s, event) in TRANSITIONS if s == state]
