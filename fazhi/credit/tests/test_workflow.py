"""Every transition of the credit state tables, allowed and forbidden."""

import pytest

from fazhi.core.errors import DomainError
from fazhi.credit import workflow


@pytest.mark.parametrize(
    ("kind", "state", "action", "to"),
    [
        ("removal", "submitted", "approve", "approved"),
        ("removal", "submitted", "reject", "rejected"),
        ("objection", "submitted", "accept", "accepted"),
        ("objection", "submitted", "not_accept", "not_accepted"),
        ("objection", "accepted", "approve", "approved"),
        ("objection", "accepted", "reject", "rejected"),
    ],
)
def test_申请和异议的合法流转(kind, state, action, to):
    assert workflow.application_next(kind, state, action) == to


@pytest.mark.parametrize(
    ("kind", "state", "action"),
    [
        ("removal", "submitted", "accept"),
        ("objection", "submitted", "approve"),
        ("removal", "approved", "reject"),
        ("objection", "not_accepted", "accept"),
    ],
)
def test_申请和异议的非法流转被拒绝(kind, state, action):
    with pytest.raises(DomainError) as exc:
        workflow.application_next(kind, state, action)
    assert exc.value.code == "credit_application.transition_forbidden"


def test_名录_严重违法失信名单_信用修复的流转():
    assert workflow.listing_next("listed", "remove") == "removed"
    assert workflow.serious_next("proposed", "list") == "listed"
    assert workflow.serious_next("proposed", "drop") == "not_listed"
    assert workflow.serious_next("listed", "remove_early") == "removed_early"
    assert workflow.serious_next("listed", "expire") == "expired"
    assert workflow.repair_next("applied", "approve") == "approved"
    assert workflow.repair_next("applied", "reject") == "rejected"
    for call, code in (
        (lambda: workflow.listing_next("removed", "remove"), "abnormal_listing.transition_forbidden"),
        (lambda: workflow.serious_next("listed", "list"), "serious_listing.transition_forbidden"),
        (lambda: workflow.serious_next("expired", "remove_early"), "serious_listing.transition_forbidden"),
        (lambda: workflow.repair_next("approved", "approve"), "credit_repair.transition_forbidden"),
    ):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == code


# 撤销登记 (条例第四十条; three persons: 承办单位提出, 法制审核, 局领导批准), written by hand.
REVOCATION = {
    ("proposed", "legal_pass"): "reviewed",
    ("proposed", "legal_return"): "returned",
    ("proposed", "withdraw"): "withdrawn",
    ("returned", "resubmit"): "proposed",
    ("returned", "withdraw"): "withdrawn",
    ("reviewed", "approve"): "effective",
    ("reviewed", "refuse"): "refused",
}
REVOCATION_STATES = ["proposed", "returned", "reviewed", "effective", "refused", "withdrawn"]
REVOCATION_ACTIONS = ["legal_pass", "legal_return", "withdraw", "resubmit", "approve", "refuse"]


@pytest.mark.parametrize("state", REVOCATION_STATES)
@pytest.mark.parametrize("action", REVOCATION_ACTIONS)
def test_撤销登记的流转与手写表一致(state, action):
    expected = REVOCATION.get((state, action))
    if expected is None:
        with pytest.raises(DomainError) as exc:
            workflow.revocation_next(state, action)
        assert exc.value.code == "credit_revocation.transition_forbidden"
    else:
        assert workflow.revocation_next(state, action) == expected


def test_撤销登记未经法制审核不能批准_批准后不能再改():
    for state in ("proposed", "returned"):
        with pytest.raises(DomainError):
            workflow.revocation_next(state, "approve")
    for action in REVOCATION_ACTIONS:
        with pytest.raises(DomainError):
            workflow.revocation_next("effective", action)
