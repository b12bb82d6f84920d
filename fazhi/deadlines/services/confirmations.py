"""The bureau's legal staff confirm (or revoke) an UNCONFIRMED rule value for the bureau (issue 13 §3).

A confirmation records the value exactly as the table holds it (ref and content fingerprint), the date, who and the
source they checked. Only 法制审核人员 confirm (``rules.confirm``); every write is audited. Reading the result is
``fazhi.deadlines.selectors.rule_gate``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.models import RuleConfirmation
from fazhi.rulebook.confirmation import rule_value
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.sources import Status


def rule_confirm(*, ref: str, source: Any, confirmed_on: Any, note: Any = "", actor: Any) -> RuleConfirmation:
    """Confirm the UNCONFIRMED value ``ref`` for the bureau. Codes: ``rules.unknown_value``, ``rules.not_unconfirmed``,
    ``rules.already_confirmed``, ``date.future``, ``cell.required`` (source), ``access.forbidden``."""
    require(actor, "rules.confirm")
    try:
        value = rule_value(str(ref))
    except RulebookError as exc:
        raise from_rulebook(exc, field="ref") from exc
    if value.status is not Status.UNCONFIRMED:
        raise DomainError(
            "rules.not_unconfirmed", f"“{value.label}”的核对状态为“{value.status.label}”，无需本局确认", field="ref"
        )
    source_text = validation.text(source, field="source", max_chars=500, required=True, what="核对的原文出处")
    note_text = validation.text(note, field="note", max_chars=500, what="说明")
    on = validation.step_date(confirmed_on, today=legal_today(), field="confirmed_on", what="确认日期")
    try:
        with transaction.atomic():
            confirmation = RuleConfirmation.objects.create(
                ref=value.ref,
                fingerprint=value.fingerprint,
                label=value.label[:300],
                value_text=value.value[:300],
                citation=str(value.citation or "")[:300],
                bureau=settings.FAZHI_BUREAU_NAME[:100],
                confirmed_on=on,
                confirmed_by=actor,
                source=source_text,
                note=note_text,
            )
            audit_record(
                action="deadlines.rule_confirm",
                target=confirmation,
                actor=actor,
                changes={
                    "ref": value.ref,
                    "fingerprint": value.fingerprint,
                    "value": value.value,
                    "confirmed_on": on,
                    "source": source_text,
                },
            )
    except IntegrityError as exc:
        raise DomainError(
            "rules.already_confirmed", f"“{value.label}”已由本局确认，如需更正请先撤销原确认", field="ref"
        ) from exc
    return confirmation


def rule_confirmation_revoke(
    *, confirmation: RuleConfirmation, reason: Any, revoked_on: Any, actor: Any
) -> RuleConfirmation:
    """Revoke a confirmation (the value is unconfirmed again). Codes: ``rules.already_revoked``, ``concurrency.stale``."""
    require(actor, "rules.confirm")
    reason_text = validation.text(reason, field="reason", max_chars=500, required=True, what="撤销理由")
    with transaction.atomic():
        locked = revision.lock(confirmation, what="规则确认")
        if locked.revoked_on is not None:
            raise DomainError("rules.already_revoked", "该确认已撤销")
        on: dt.date = validation.step_date(
            revoked_on,
            today=legal_today(),
            not_before=locked.confirmed_on,
            field="revoked_on",
            what="撤销日期",
            previous="确认",
        )
        locked.revoked_on, locked.revoked_by, locked.revocation_reason = on, actor, reason_text
        revision.save_bumped(locked, ["revoked_on", "revoked_by", "revocation_reason"], original=confirmation)
        audit_record(
            action="deadlines.rule_confirmation_revoke",
            target=locked,
            actor=actor,
            changes={"ref": locked.ref, "revoked_on": on, "reason": reason_text},
        )
    return confirmation
