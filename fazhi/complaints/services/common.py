"""What every complaints service shares: who may act on which record, the lock with its revision check and
transition, the one date rule, grounds and their certainty, numbering, respondents and repeats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fazhi.complaints import workflow
from fazhi.complaints.models import Complaint, LegalReview
from fazhi.core import crypto, numbering, revision, validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.rulebook import complaints as grounds
from fazhi.rulebook.errors import RulebookError

TRACKED = (
    "kind",
    "status",
    "decided_on",
    "decision_due_on",
    "refusal_ground",
    "mediation_method",
    "mediation_due_on",
    "testing_periods",
    "testing_since",
    "outcome",
    "termination_ground",
    "recovered_amount",
    "result_note",
    "closing_due_on",
    "closed_on",
    "notice_due_on",
    "notified_on",
    "due_on",
    "clue",
    "handover_reference",
    "handed_over_on",
    "merged_into",
    "merge_reason",
    "redirect_reason",
    "assignee",
    "rulebook_version",
)
WHAT = "投诉举报"


# ---------------------------------------------------------------- who may act


def authorise(actor: Any, complaint: Complaint, permission: str = "complaints.handle") -> None:
    """Object-level check of every write: the role holds ``permission`` and, for department-scoped roles, the record
    belongs to the actor's department — another department's record is "not found", as on the screens."""
    require(actor, permission)
    if is_department_scoped(actor) and complaint.department_id != actor.department_id:
        raise NotFound(WHAT)


def intake_department(actor: Any, department: Any) -> Any:
    """The department a registration goes to: a department-scoped actor registers only into their own."""
    require(actor, "complaints.handle")
    if is_department_scoped(actor):
        if actor.department_id is None:
            raise DomainError("complaints.no_department", "您的账号未设置所属部门，不能登记来件；请联系系统管理员")
        if department is not None and getattr(department, "pk", department) != actor.department_id:
            raise DomainError(
                "complaints.out_of_scope", "只能登记到本部门承办；其他部门的来件请转交其部门登记", field="department"
            )
        return actor.department
    if department is None:
        raise DomainError("complaints.no_department", "请选择承办单位", field="department")
    return department


# ---------------------------------------------------------------- the lock, the transition, the write


def lock(complaint: Complaint, action: str, *, actor: Any, expected_revision: int | None = None) -> tuple:
    """Authorise, lock the row (revision checked: two users acting at once never both succeed) and check the
    transition. Returns ``(locked, before, target)``."""
    authorise(actor, complaint, "complaints.legal_review" if action.startswith("review_") else "complaints.handle")
    locked = revision.lock(complaint, revision=expected_revision, what=WHAT)
    target = workflow.next_state(locked.kind, locked.status, action)
    return locked, snapshot(locked, TRACKED), target


def save(locked: Complaint, before: dict[str, Any], action: str, *, actor: Any, original: Complaint, **facts: Any):
    """Write the changed fields (revision bumped) and one audit event with the before/after of each."""
    after = snapshot(locked, TRACKED)
    changed = [f for f in TRACKED if before.get(f) != after.get(f)]
    revision.save_bumped(locked, changed, original=original)
    audit_record(action=f"complaints.{action}", target=locked, actor=actor, changes={**diff(before, after), **facts})
    return original


def on_date(value: Any, *, not_before: dt.date, what: str, previous: str) -> dt.date:
    """The one date rule of a step: not after the legal today, not before the previous step."""
    return validation.step_date(
        value, today=legal_today(), not_before=not_before, field="on", what=what, previous=previous
    )


# ---------------------------------------------------------------- grounds and their certainty


def ground(kind: str, ground_id: str, received_on: dt.date, *, field: str) -> grounds.Ground:
    """The legal ground ``ground_id`` under the measures in force on the day of receipt (field error otherwise)."""
    if not ground_id:
        raise DomainError("complaints.ground_required", "请选择法定事由", field=field)
    try:
        return grounds.check_ground(kind, ground_id, received_on)
    except RulebookError as exc:
        raise from_rulebook(exc, field=field) from exc


def uncertainty(
    kind: str, chosen: grounds.Ground, received_on: dt.date, *, what: str, periods: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """The UNCONFIRMED values a refusing step would rest on and the bureau has not confirmed (empty: the step may
    be taken). Asks the one gate of issue 13 §3 (``fazhi.deadlines.selectors.rule_gate``) about the ground list in
    force on the day of receipt, the chosen ground, and the periods the ground relies on (e.g. the 3-year limit
    of ``time_barred``)."""
    from fazhi.deadlines.selectors import rule_gate
    from fazhi.rulebook.confirmation import Purpose, deadline_value, rule_value, values_matching

    listing = grounds.grounds_on(kind, received_on)
    base = f"complaints/grounds.yaml#groups/{listing.name}/versions/{listing.effective_from.isoformat()}"
    try:
        values = [rule_value(base), *values_matching(f"{base}/grounds/{chosen.id}")]
        values += [deadline_value(rule_id, received_on) for rule_id in periods]
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    gate = rule_gate(values, purpose=Purpose.REFUSE_REQUEST)
    return [
        {
            "what": f"{what}：{v.label}" if v.label != chosen.text else what,
            "value": chosen.text if v.label == chosen.text else v.value,
            "citation": str(v.citation) if v.citation else "依据待核",
            "status": v.status.value,
            "ref": v.ref,
            "note": "该规则值未经原文核实，不能单独作为不利于当事人的决定依据；法制审核人员可在“规则确认”页面核对原文后确认",
        }
        for v in gate.pending
    ]


def propose_for_review(
    locked: Complaint,
    before: dict[str, Any],
    *,
    action: str,
    payload: dict[str, Any],
    doubts: list[dict[str, str]],
    actor: Any,
    original: Complaint,
) -> Complaint:
    """Put a refusing step on the legal reviewer's desk instead of taking it (issue 13 §3)."""
    return_state = locked.status
    workflow.next_state(locked.kind, return_state, action)  # the step itself must be lawful from here
    workflow.next_state(locked.kind, return_state, "refer_for_review")
    LegalReview.objects.create(
        complaint=locked,
        action=action,
        payload=payload,
        uncertainty=doubts,
        return_state=return_state,
        requested_by=actor,
        requested_on=legal_today(),
    )
    locked.status = workflow.LEGAL_REVIEW
    return save(locked, before, "refer_for_review", actor=actor, original=original, proposed=action, uncertainty=doubts)


# ---------------------------------------------------------------- numbers, consumers, respondents, repeats


def next_registration_number(received_on: dt.date) -> str:
    """``TS2026-000123``: the bureau's own registration number from the one locked, gap-free counter (scope
    ``complaints.registration``, per year of receipt). Call it last, after every check passed."""
    return f"TS{received_on.year}-{numbering.next_number('complaints.registration', received_on.year):06d}"


def normalise_phone(phone: str) -> str:
    digits = "".join(filter(str.isdigit, phone or ""))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def _consumer_basis(phone: str, id_number: str) -> str:
    ident = (id_number or "").strip().upper()
    if ident:
        return f"id:{ident}"
    digits = normalise_phone(phone)
    return f"ph:{digits}" if digits else ""


def consumer_key(*, phone: str = "", id_number: str = "") -> str:
    """A stable pseudonymous key of the consumer (ID number preferred, else phone), for repeat detection.

    Hashed so that the index never holds the raw number."""
    # Keyed (issue 14 §10): an unkeyed hash of a phone number is reversed by trying all 10^10 of them.
    return crypto.blind_index("complaints.consumer", _consumer_basis(phone, id_number))


def consumer_keys(*, phone: str = "", id_number: str = "") -> list[str]:
    """The consumer's key under every configured index key (the current first): what a look-up searches for, so
    that records not yet re-computed during an index-key rotation are still found (``fazhi data-key
    rotate-index``)."""
    return crypto.blind_indexes("complaints.consumer", _consumer_basis(phone, id_number))


def find_respondent(*, uscc: str = "", name: str = "") -> Any:
    """The registered entity: by USCC when one is given (a code not in the registry stays unmatched — it is never
    swapped for a name match), else by an exact, unique name."""
    from fazhi.registry.models import MarketEntity  # a read of the registry (writes go through its services)

    if uscc:
        return MarketEntity.objects.filter(uscc=uscc).first()
    if name:
        matches = list(MarketEntity.objects.filter(name=name.strip())[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def respondent_kind_for(*, entity: Any, uscc: str, given: str) -> str:
    """自然人 or 法人或其他组织: from the registry (个体工商户 is a 自然人, 民法典 Art. 54), else from the USCC's
    registration-authority and type codes (GB 32100: ``92`` = 个体工商户), else what the registrar chose."""
    if entity is not None:
        return "natural_person" if entity.kind == "individual" else "organisation"
    if uscc:
        return "natural_person" if uscc.startswith("92") else "organisation"
    return given


def find_repeat(
    *,
    key: str | Sequence[str],
    respondent_id: int | None,
    respondent_name: str,
    category: str,
    received_on: dt.date,
    kind: str = "complaint",
) -> Complaint | None:
    """The latest earlier submission of the same consumer against the same respondent on the same category
    within the repeat window (table ``complaints/grounds.yaml``, [UNCONFIRMED] local practice)."""
    keys = [key] if isinstance(key, str) else list(key)
    if not any(keys):
        return None
    try:
        window = grounds.repeat_window(received_on)
    except RulebookError as exc:
        raise from_rulebook(exc, field="received_on") from exc
    qs = Complaint.objects.filter(
        kind=kind,
        consumer_key__in=[k for k in keys if k],
        category=category,
        received_on__gte=received_on - dt.timedelta(days=window.length_days),
        received_on__lte=received_on,
    )
    qs = qs.filter(respondent_id=respondent_id) if respondent_id else qs.filter(respondent_name=respondent_name)
    return qs.order_by("-received_on", "-pk").first()


def atomic() -> Any:
    return transaction.atomic()
