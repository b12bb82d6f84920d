"""简易程序 (当场处罚): 行政处罚法 Arts. 51–53, with its own state table (``workflow.SUMMARY_TRANSITIONS``).

Art. 51: facts conclusive, a legal basis, and a warning or a fine within the limit (200 yuan for a natural person,
3,000 yuan for an organisation — the rulebook's ``summary_procedure`` table). Art. 52: the officers show their
credentials, fill in the numbered 当场行政处罚决定书 and hand it over on the spot (a refusal to sign is noted on it),
and the decision is filed with the bureau (备案). Art. 44 applies here too: the party is told the facts, reasons
and basis and may state and defend on the spot. Arts. 67–71: payment within 15 days or collection on the spot.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import DecisionKind, DocumentKind, Domain, PartyKind, Procedure
from fazhi.cases.models import Case, SummaryRecord
from fazhi.cases.services import documents, progress
from fazhi.cases.services.common import (
    bureau_number,
    money,
    next_number,
    optional_text,
    require_actor,
    require_case_actor,
    require_reason,
    step,
    step_date,
    transition,
)
from fazhi.cases.services.filing import party_identifier
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.rulebook import discretion as engine
from fazhi.rulebook import penalties
from fazhi.rulebook.errors import RulebookError

E = workflow.Event
S = workflow.State


def _fixed_range(violation_id: str, on: Any) -> tuple[engine.ViolationVersion, tuple[Decimal, Decimal] | None]:
    """The violation's benchmark version and its fixed statutory fine range (None when the fine is computed from
    illegal gains, goods value or turnover — not for the summary procedure)."""
    try:
        version = engine.default_benchmarks().select(violation_id, on=on)
    except RulebookError as exc:
        raise from_rulebook(exc, field="violation_id") from exc
    fixed = [b.range(None) for b in version.brackets if b.applies(None) and b.min_multiple is None]
    if not fixed:
        return version, None
    return version, (min(r[0] for r in fixed), max(r[1] for r in fixed))


def summary_decide(
    *,
    department: Any,
    on: Any,
    party_kind: str,
    party_name: Any,
    violation_id: str,
    violation_facts: Any,
    place: Any,
    warning: bool,
    fine: Any,
    officers: list[Any],
    credentials_shown: bool,
    rights_told: bool,
    party_stated: bool,
    party_statement: Any = "",
    party_signed: bool = True,
    refusal_note: Any = "",
    collected_on_spot: bool = False,
    receipt_number: Any = "",
    party_id_number: Any = "",
    party_address: Any = "",
    party_representative: Any = "",
    entity: Any = None,
    domain: str = Domain.OTHER,
    actor: Any,
) -> Case:
    """当场作出行政处罚决定 by two officers: the case is created decided, with its numbered 当场行政处罚决定书."""
    require_actor(actor, "cases.handle", department_id=getattr(department, "pk", None))
    day = step_date(on, what="处罚日期")
    if party_kind not in PartyKind.values:
        raise DomainError("cases.bad_party_kind", "请选择当事人类型", field="party_kind")
    if domain not in Domain.values:
        raise DomainError("cases.bad_domain", "请选择执法领域", field="domain")
    party_name = require_reason(party_name, "party_name", "当事人名称（姓名）", max_chars=200)
    party_id = party_identifier(party_kind, party_id_number)
    facts = require_reason(violation_facts, "violation_facts", "违法事实")
    place = require_reason(place, "place", "处罚地点", max_chars=200)
    if not credentials_shown:
        raise DomainError(
            "cases.credentials_not_shown", "当场处罚应当向当事人出示执法证件（行政处罚法第五十二条）",
            field="credentials_shown",
        )  # fmt: skip
    if not rights_told:
        raise DomainError(
            "cases.rights_not_told",
            "作出处罚决定前应当告知当事人拟处罚的事实、理由和依据，并告知其陈述、申辩的权利（行政处罚法第四十四条）",
            field="rights_told",
        )
    statement = (
        require_reason(party_statement, "party_statement", "当事人陈述申辩的内容及采纳情况")
        if party_stated
        else optional_text(party_statement, "party_statement", "陈述申辩")
    )
    if not party_stated and statement:
        raise DomainError(
            "cases.statement_inconsistent", "已登记当事人未陈述申辩，却填写了陈述申辩内容，请核对", field="party_stated"
        )
    refusal = optional_text(refusal_note, "refusal_note", "拒绝签收情况", max_chars=300)
    if not party_signed and not refusal:
        raise DomainError(
            "cases.refusal_note_required", "当事人拒绝签收的，应当在决定书上注明（行政处罚法第五十二条）",
            field="refusal_note",
        )  # fmt: skip
    amount = money(fine, "fine")
    if amount == 0 and not warning:
        raise DomainError("cases.empty_proposal", "请填写罚款金额或选择警告", field="fine")
    version, fixed = _fixed_range(violation_id, day)
    workflow.check_legal_basis(
        violation_id=violation_id, violated=str(version.violated), provision=str(version.penalty_provision)
    )
    try:
        check = penalties.summary_procedure_check(
            party_kind=engine.PartyKind(party_kind),
            on=day,
            fine=amount,
            warning_only=warning and amount == 0,
            fine_depends_on_computed_amount=fixed is None and amount > 0,
        )
    except RulebookError as exc:
        raise from_rulebook(exc, field="fine") from exc
    if not check.eligible:
        raise DomainError("cases.summary_not_eligible", "；".join(r.text for r in check.reasons), field="fine")
    if fixed is not None and amount > 0 and not fixed[0] <= amount <= fixed[1]:
        raise DomainError(
            "discretion.amount_outside_statutory_range",
            f"罚款 {amount} 元不在法定幅度 {fixed[0]}–{fixed[1]} 元内（{version.penalty_provision}）",
            field="fine",
        )
    if collected_on_spot and amount == 0:
        raise DomainError("cases.nothing_to_collect", "仅警告的，无罚款可收缴", field="collected_on_spot")
    receipt = optional_text(receipt_number, "receipt_number", "罚款收据编号", max_chars=64)
    if collected_on_spot and not receipt:
        raise DomainError(
            "cases.receipt_required", "当场收缴罚款的，应当出具专用票据并登记票据编号（行政处罚法第七十条）",
            field="receipt_number",
        )  # fmt: skip
    workflow.check_investigators(
        [workflow.Investigator(o.name, o.certificate_expires_on, o.active) for o in officers], on=day
    )
    if any(o.department_id != department.pk for o in officers):
        raise DomainError("cases.officer_other_department", "当场处罚的执法人员应属本部门", field="officers")
    with transaction.atomic():
        case = Case(
            department=department,
            procedure=Procedure.SUMMARY,
            domain=domain,
            title=version.name,
            entity=entity,
            party_kind=party_kind,
            party_name=party_name,
            party_id_number=party_id or (entity.identifier if entity is not None else ""),
            party_address=optional_text(party_address, "party_address", "住所（地址）", max_chars=300)
            or (entity.domicile if entity is not None else ""),
            party_representative=optional_text(
                party_representative, "party_representative", "法定代表人（负责人）", max_chars=64
            )
            or (entity.legal_representative if entity is not None else ""),
            facts_text=facts,
            violation_id=violation_id,
            filed_on=day,
            last_step_on=day,
            state=S.DECIDED,
            decision_kind=DecisionKind.PENALTY,
            decided_on=day,
            decided_by=actor,
            fine=amount,
            warning=warning,
            proposed_fine=amount,
            proposed_warning=warning,
            statement_summary=statement or "当事人未提出陈述、申辩",
            decision_reasoning=f"违反了{version.violated}的规定，依据{version.penalty_provision}",
            served_on=day,
            paid_on=day if collected_on_spot else None,
            paid_amount=amount if collected_on_spot else Decimal("0"),
        )
        case.number = bureau_number("简", day.year, next_number("summary_case", day.year))
        case.full_clean()
        case.save(force_insert=True)
        case.officers.set(officers)
        SummaryRecord.objects.create(
            case=case,
            place=place,
            violation_facts=facts,
            credentials_shown=True,
            rights_told=True,
            party_stated=party_stated,
            party_statement=statement,
            party_signed=party_signed,
            refusal_note=refusal,
            collected_on_spot=collected_on_spot,
            receipt_number=receipt,
        )
        if amount > 0:
            payment = deadline_services.deadline_open(
                owner=case, rule_id="case.payment", start=day, label="缴纳罚款期限"
            )
            Case.objects.filter(pk=case.pk).update(payment_due_on=payment.due_on)
            case.payment_due_on = payment.due_on
            if collected_on_spot:
                deadline_services.deadline_meet(deadline=payment, on=day)
                deadline_services.deadline_open(
                    owner=case, rule_id="case.onspot_fine_handover", start=day, label="当场收缴罚款交至本局"
                )
        doc = documents.document_issue(
            case=case,
            kind=DocumentKind.SUMMARY_DECISION,
            on=day,
            actor=actor,
            snapshot={"violated": str(version.violated), "provision": str(version.penalty_provision)},
        )
        Case.objects.filter(pk=case.pk).update(decision_number=doc.number)
        case.decision_number = doc.number
        audit_record(
            action="cases.summary_decide",
            target=case,
            actor=actor,
            changes={
                "fine": amount,
                "warning": warning,
                "limit": check.limit.amount,
                "violation_id": violation_id,
                "officers": [o.name for o in officers],
                "collected_on_spot": collected_on_spot,
            },
        )
        progress.refresh_next(case)
    return case


@step
def summary_record_filing(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """备案: the 所属部门 (section chief) receives the on-the-spot decision (行政处罚法 Art. 52 para 3)."""
    require_case_actor(actor, "cases.approve", case)
    day = step_date(on, case=case, what="备案日期")
    with transaction.atomic():
        transition(case, E.RECORD_FILING, actor=actor, on=day, revision_value=revision)
        SummaryRecord.objects.filter(case=case).update(recorded_on=day, recorded_by=actor)
        progress.refresh_next(case)
    return case


__all__ = ["summary_decide", "summary_record_filing"]
