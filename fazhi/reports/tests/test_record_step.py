"""``fazhi.core.steps.record_step``: the one way a record takes a step of its state machine.

The specification, independent of any app's workflow: the step is decided on the *locked* row's status; a
refusal or a stale revision leaves the row and the audit trail as they were; a step that happens bumps the revision
once and leaves exactly one audit event holding the status before and after, the step's fields (except those
excluded) and its facts. (It lives with the reports app because a report draft is the smallest record with a
status and a revision, and the import contracts let only the report import ``fazhi.reports``.)
"""

from __future__ import annotations

import enum

import pytest

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.core.steps import record_step
from fazhi.reports.models import ReportDraft


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


def submit(status: str) -> Status:
    """The test's own one-line state table: only a draft can be submitted."""
    if status != Status.DRAFT:
        raise DomainError("test.refused", f"“{status}”不能提交")
    return Status.SUBMITTED


@pytest.fixture
def draft(make_user):
    return ReportDraft.objects.create(kind="annual", year=2023, created_by=make_user("legal_reviewer"))


def _events():
    return list(AuditEvent.objects.filter(action="test.submit"))


@pytest.mark.django_db
def test_a_step_moves_saves_once_and_audits_once(draft, make_user):
    actor = make_user("legal_reviewer")
    returned = record_step(
        draft,
        to=submit,
        action="test.submit",
        what="年度报告稿",
        actor=actor,
        fields={"return_opinion": "内部意见", "submitted_by": actor},
        facts={"note": "按期提交"},
        audit_exclude=("return_opinion",),
    )
    assert returned is draft and draft.status == "submitted" and draft.revision == 1
    stored = ReportDraft.objects.get(pk=draft.pk)
    assert (stored.status, stored.revision, stored.return_opinion, stored.submitted_by_id) == (
        "submitted", 1, "内部意见", actor.pk,
    )  # fmt: skip
    [event] = _events()
    assert event.object_id == str(draft.pk) and event.actor_id == actor.pk
    assert event.changes == {"status": ["draft", "submitted"], "submitted_by": actor.pk, "note": "按期提交"}


@pytest.mark.django_db
def test_a_refused_step_changes_nothing(draft, make_user):
    actor = make_user("legal_reviewer")
    record_step(draft, to=submit, action="test.submit", what="年度报告稿", actor=actor)
    with pytest.raises(DomainError) as refused:
        record_step(draft, to=submit, action="test.submit", what="年度报告稿", actor=actor)
    assert refused.value.code == "test.refused"
    stored = ReportDraft.objects.get(pk=draft.pk)
    assert (stored.status, stored.revision) == ("submitted", 1) and len(_events()) == 1


@pytest.mark.django_db
def test_the_locked_row_decides_and_a_stale_page_is_refused(draft, make_user):
    actor = make_user("legal_reviewer")
    stale = ReportDraft.objects.get(pk=draft.pk)  # a second reader, before the step below
    record_step(draft, to=submit, action="test.submit", what="年度报告稿", actor=actor)
    with pytest.raises(DomainError) as refused:  # the reader still holds revision 0 and status draft
        record_step(stale, to=submit, action="test.submit", what="年度报告稿", actor=actor)
    assert refused.value.code == "concurrency.stale"
    with pytest.raises(DomainError) as refused:  # a page that showed an old revision
        record_step(draft, to=submit, action="test.submit", what="年度报告稿", actor=actor, expected_revision=0)
    assert refused.value.code == "concurrency.stale"
    assert ReportDraft.objects.get(pk=draft.pk).revision == 1 and len(_events()) == 1
