"""Discretion on a case: store the violation and facts, freeze the benchmark computation, check the proposal.

The frozen record is ``DiscretionResult.as_dict()`` (inputs, table id/version/status, result, rulebook version);
``fazhi discretion replay CASE_NUMBER`` recomputes it with the frozen table version (selectors.discretion_replay).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.cases import workflow
from fazhi.cases.choices import ReviewOpinion
from fazhi.cases.models import Case
from fazhi.cases.services.common import locked_case, money, optional_text, require_case_actor, save_case, step
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.selectors import rule_gate
from fazhi.rulebook import discretion as engine
from fazhi.rulebook import penalties
from fazhi.rulebook.confirmation import Gate, Purpose, values_matching
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.sources import Status

State = workflow.State
EDITABLE = frozenset({State.INVESTIGATING, State.CASE_REVIEW, State.STATEMENT_CLOSED})


def _editable(case: Case, what: str) -> None:
    if State(case.state) not in EDITABLE:
        raise DomainError(
            "cases.transition_forbidden",
            f"案件处于“{State(case.state).label}”状态，不能{what}（仅调查、审核或陈述申辩结束后可修改）",
            state=case.state,
        )


@step
def case_set_facts(*, case: Case, violation_id: str, facts: dict[str, Any], actor: Any, revision: Any = None) -> Case:
    """Store the violation (discretion table id) and the facts; any earlier freeze is cleared (re-assess)."""
    require_case_actor(actor, "cases.handle", case)
    try:
        parsed = engine.CaseFacts.from_dict(facts)
        if violation_id not in engine.default_benchmarks().violations:
            engine.default_benchmarks().select(violation_id)  # raises discretion.unknown_violation
    except (RulebookError, KeyError, ValueError) as exc:
        if isinstance(exc, RulebookError):
            raise from_rulebook(exc, field="violation_id" if exc.code.startswith("discretion.") else None) from exc
        raise DomainError("cases.bad_facts", f"裁量事实不完整或无效：{exc}", field="facts") from exc
    with locked_case(case, revision_value=revision) as locked:
        _editable(locked, "修改裁量事实")
        if parsed.party_kind.value != locked.party_kind:
            raise DomainError("cases.party_kind_mismatch", "裁量事实中的当事人类型与案件不一致", field="facts")
        before = {"violation_id": locked.violation_id, "facts": locked.facts}
        locked.violation_id, locked.facts = violation_id, parsed.as_dict()
        locked.discretion, locked.discretion_frozen_at = None, None
        save_case(locked, case, ["violation_id", "facts", "discretion", "discretion_frozen_at"])
        audit_record(
            action="cases.set_facts",
            target=case,
            actor=actor,
            changes={"before": before, "violation_id": violation_id, "facts": locked.facts},
        )
    return case


@step
def case_assess_discretion(*, case: Case, on: dt.date, actor: Any) -> Case:
    """Run the benchmark (rulebook ``assess``) and FREEZE the result on the case."""
    require_case_actor(actor, "cases.handle", case)
    if not case.violation_id:
        raise DomainError("cases.facts_required", "请先录入违法行为和裁量事实")
    try:
        result = engine.assess(case.violation_id, engine.CaseFacts.from_dict(case.facts), decided_on=on)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    with locked_case(case) as locked:
        _editable(locked, "计算裁量")
        locked.discretion, locked.discretion_frozen_at = result.as_dict(), timezone.now()
        save_case(locked, case, ["discretion", "discretion_frozen_at"])
        audit_record(
            action="cases.assess_discretion",
            target=case,
            actor=actor,
            changes={
                "tier": result.tier.value,
                "permitted": result.permitted.as_dict(),
                "table_version": result.table_version,
                "status": result.status.value,
                "rulebook_version": result.rulebook_version,
            },
        )
    return case


def frozen_result(case: Case) -> engine.DiscretionResult:
    """The frozen computation rebuilt as a result object (same table version, same inputs, same date)."""
    if not case.discretion:
        raise DomainError("cases.discretion_required", "请先计算并冻结裁量结果")
    frozen = case.discretion
    try:
        return engine.assess(
            frozen["violation_id"],
            engine.CaseFacts.from_dict(frozen["inputs"]),
            decided_on=dt.date.fromisoformat(frozen["decided_on"]),
            version=frozen["table_version"],
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def _money(value: Any, field: str) -> Decimal:
    """The one amount rule (``fazhi.core.validation.amount``); empty means zero."""
    amount: Decimal = money(value, field)
    return amount


@step
def case_propose_penalty(
    *,
    case: Case,
    fine: Any = 0,
    confiscation: Any = 0,
    warning: bool = False,
    other: str = "",
    deviation_reason: str = "",
    major_public_interest: bool | None = None,
    complex_case: bool | None = None,
    licence_or_business_penalty: bool | None = None,
    actor: Any,
    revision: Any = None,
) -> Case:
    """The proposed penalty (拟处罚), checked against the frozen discretion.

    Outside the statutory range → ``discretion.amount_outside_statutory_range`` naming the range; outside the
    computed range → needs ``deviation_reason`` (written) and forces legal review.
    """
    require_case_actor(actor, "cases.handle", case)
    fine_amount, confiscation_amount = _money(fine, "fine"), _money(confiscation, "confiscation")
    other = optional_text(other, "other", "其他处罚", max_chars=300)
    deviation_reason = optional_text(deviation_reason, "deviation_reason", "超出裁量幅度的书面理由")
    if fine_amount == 0 and confiscation_amount == 0 and not warning and not other:
        raise DomainError("cases.empty_proposal", "请填写拟给予的处罚（警告、罚款、没收或其他）")
    outside = None
    if case.violation_id or fine_amount:
        result = frozen_result(case)
        try:
            outside = engine.check_amount(result, fine_amount)
        except RulebookError as exc:
            raise from_rulebook(exc, field="fine") from exc
        if outside is not None and not deviation_reason.strip():
            raise DomainError("cases.deviation_reason_required", outside.message, field="deviation_reason")
    with locked_case(case, revision_value=revision) as locked:
        _editable(locked, "修改处罚建议")
        locked.proposed_fine, locked.proposed_confiscation = fine_amount, confiscation_amount
        locked.proposed_warning, locked.proposed_other = bool(warning), other.strip()
        locked.outside_computed_range = outside is not None
        locked.deviation_reason = deviation_reason.strip() if outside is not None else ""
        for name, value in (
            ("major_public_interest", major_public_interest),
            ("complex_case", complex_case),
            ("licence_or_business_penalty", licence_or_business_penalty),
        ):
            if value is not None:
                setattr(locked, name, bool(value))
        locked.discussion_required = discussion_required(locked)
        fields = [
            "proposed_fine",
            "proposed_confiscation",
            "proposed_warning",
            "proposed_other",
            "outside_computed_range",
            "deviation_reason",
            "major_public_interest",
            "complex_case",
            "licence_or_business_penalty",
            "discussion_required",
        ]
        save_case(locked, case, fields)
        audit_record(
            action="cases.propose_penalty",
            target=case,
            actor=actor,
            changes={f: getattr(locked, f) for f in fields},
        )
    return case


def is_mitigated(case: Case) -> bool:
    return isinstance(case.discretion, dict) and case.discretion.get("tier") == engine.Tier.MITIGATED.value


UNCERTAIN = "uncertain."
HEARING_THRESHOLDS = "penalties/administrative_penalty_law.yaml#hearing_thresholds/*"


def _gate(patterns: list[str], purpose: Purpose) -> Gate:
    """The bureau-wide check of issue 13 §3 (``fazhi.deadlines.selectors.rule_gate``): may these rule values take
    the step alone — TEXT/SECONDARY, or UNCONFIRMED but confirmed by the bureau's legal staff?"""
    values = [v for pattern in patterns for v in values_matching(pattern)]
    return rule_gate(values, purpose=purpose)


def uncertainty_findings(case: Case, *, on: dt.date) -> list[penalties.Finding]:
    """UNCONFIRMED rule values (not confirmed for the bureau) the outcome would rest on where they choose a
    no-penalty outcome or withhold something from the party: each sends the step to legal review, with the
    uncertainty shown to the reviewer (docs/rules/unconfirmed.md; decision points ``cases.no_penalty`` and
    ``cases.hearing_right`` of tables/decisions.yaml)."""
    found: list[penalties.Finding] = []
    ex = case.exemption or {}
    if ex and ex.get("list") != "statute":
        gate = _gate([f"exemptions/*#items/{ex.get('item_id')}"], Purpose.NO_PENALTY)
        if not gate.decides_alone:
            found.append(penalties.Finding(f"{UNCERTAIN}no_penalty_list", gate.message, None, Status.UNCONFIRMED))
    amount = max(case.proposed_fine, case.proposed_confiscation)
    if amount > 0 and not case.licence_or_business_penalty:
        try:
            limit = penalties.hearing_threshold(engine.PartyKind(case.party_kind), on=on)
        except RulebookError as exc:
            raise from_rulebook(exc) from exc
        if amount < limit.amount:
            gate = _gate([HEARING_THRESHOLDS], Purpose.REFUSE_REQUEST)
            if not gate.decides_alone:
                found.append(
                    penalties.Finding(
                        f"{UNCERTAIN}hearing_threshold",
                        f"本案拟罚没 {amount} 元低于听证“较大数额”{limit.amount} 元，告知书将不告知听证权利。{gate.message}",
                        limit.citation,
                        limit.status,
                    )
                )
    return found


def review_criteria(case: Case, *, on: dt.date) -> list[penalties.Finding]:
    """The legal-review criteria the current proposal meets (data in the rulebook, plus every UNCONFIRMED value
    the outcome would rest on); empty = not required."""
    try:
        return [*_major_criteria(case, on=on), *uncertainty_findings(case, on=on)]
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def _major_criteria(case: Case, *, on: dt.date) -> list[penalties.Finding]:
    try:
        return penalties.legal_review_required(
            party_kind=engine.PartyKind(case.party_kind),
            on=on,
            fine=case.proposed_fine,
            confiscation_value=case.proposed_confiscation,
            major_public_interest=case.major_public_interest,
            hearing_held=case.hearing_held,
            complex_case=case.complex_case,
            mitigated=is_mitigated(case),
            outside_computed_range=case.outside_computed_range,
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def discussion_required(case: Case) -> bool:
    """集体讨论 for complex or serious violations (行政处罚法 Art. 57 para 2): complex, licence/business penalties,
    or amounts at the bureau's major-decision threshold (same data as legal review) [UNCONFIRMED threshold]."""
    if case.complex_case or case.licence_or_business_penalty:
        return True
    found = penalties.legal_review_required(
        party_kind=engine.PartyKind(case.party_kind),
        on=case.filed_on,
        fine=case.proposed_fine,
        confiscation_value=case.proposed_confiscation,
    )
    return any(f.code == "legal_review.large_amount" for f in found)


def hearing_findings(case: Case, *, on: dt.date) -> list[penalties.Finding]:
    """Why the party may request a hearing (行政处罚法 Art. 63); empty = no hearing right."""
    try:
        return penalties.hearing_right(
            party_kind=engine.PartyKind(case.party_kind),
            on=on,
            fine=case.proposed_fine,
            confiscation_value=case.proposed_confiscation,
            licence_or_business_penalty=case.licence_or_business_penalty,
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def approved_review(case: Case) -> bool:
    """An approved legal review whose proposal is the current one (a changed proposal needs a new review)."""
    snapshot = proposal_snapshot(case)
    return any(r.proposal == snapshot for r in case.legal_reviews.filter(opinion=ReviewOpinion.AGREE).only("proposal"))


def proposal_snapshot(case: Case) -> dict[str, Any]:
    """What a legal review approves: a later change of any of these needs a new review."""
    return {
        "violation_id": case.violation_id,
        "tier": (case.discretion or {}).get("tier"),
        "fine": str(case.proposed_fine),
        "confiscation": str(case.proposed_confiscation),
        "warning": case.proposed_warning,
        "other": case.proposed_other,
        "hearing_held": case.hearing_held,
        "outside_computed_range": case.outside_computed_range,
    }
