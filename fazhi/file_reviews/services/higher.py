"""Files sent to higher authorities' reviews (参加上级评查) and their results."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.file_reviews.models import HigherReview


def higher_review_send(*, case: Any, authority: str, review_name: str, sent_on: Any, actor: Any) -> HigherReview:
    """Record that a concluded case file was sent to a higher authority's review."""
    require(actor, "file_reviews.send_up")
    authority = validation.text(authority, field="authority", max_chars=100, required=True, what="组织评查的上级机关")
    review_name = validation.text(review_name, field="review_name", max_chars=200, required=True, what="评查活动")
    if case.state not in ("closed", "archived"):
        raise DomainError("file_reviews.case_not_concluded", "只能报送已结案的案卷", field="case")
    day = validation.step_date(
        sent_on,
        today=legal_today(),
        not_before=case.closed_on or case.decided_on,
        previous="结案",
        field="sent_on",
        what="报送日期",
    )
    try:
        with transaction.atomic():
            item = HigherReview.objects.create(
                case=case,
                department_id=case.department_id,
                authority=authority,
                review_name=review_name,
                sent_on=day,
                created_by=actor,
            )
            audit_record(
                action="file_reviews.higher_review_send",
                target=item,
                actor=actor,
                changes={"case": case.number, "authority": authority, "review": review_name, "sent_on": day},
            )
    except IntegrityError as exc:
        raise DomainError("file_reviews.already_sent", "该案卷已报送过这次上级评查", field="case") from exc
    return item


def higher_review_result(
    *, item: HigherReview, result: str, note: str, on: Any, expected_revision: int | None = None, actor: Any
) -> HigherReview:
    require(actor, "file_reviews.send_up")
    result = validation.text(result, field="result", max_chars=100, required=True, what="评查结果")
    note = validation.text(note, field="result_note", max_chars=2000)
    day = validation.step_date(
        on, today=legal_today(), not_before=item.sent_on, previous="报送", field="result_on", what="结果日期"
    )
    with transaction.atomic():
        locked = revision.lock(item, revision=expected_revision, what="上级评查记录")
        before = locked.result
        locked.result, locked.result_note, locked.result_on = result, note, day
        revision.save_bumped(locked, ["result", "result_note", "result_on"], original=item)
        audit_record(
            action="file_reviews.higher_review_result",
            target=item,
            actor=actor,
            changes={"result": [before, result], "note": note, "on": day},
        )
    return item
