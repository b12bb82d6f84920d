"""以案释法 typical cases: drafted from a closed penalty case, reviewed, published masked, withdrawn.

The draft is internal; what the public sees is written once, at approval, by ``masked_text``: the natural-person
party's name, identity number and address and the representative's name are replaced by their masked forms
(``fazhi.rulebook.masking``) wherever the writer quoted them, and the rulebook's free-text masking removes any
identity, phone or card number left. The submission is refused while the masked text still contains anything the
scanner recognises, and the reviewer approves the masked text they were shown.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.activities import workflow
from fazhi.activities.choices import TypicalCaseStatus
from fazhi.activities.models import TypicalCase
from fazhi.cases import selectors as case_selectors
from fazhi.cases.selectors import CaseForPublication
from fazhi.core import revision, validation
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.rulebook import masking

TEXT_FIELDS = ("title", "facts", "analysis", "legal_basis")


def _step(case: TypicalCase, event: workflow.CaseEvent) -> None:
    try:
        workflow.typical_case_next(case.status, event)
    except workflow.TransitionRefused as exc:
        label = TypicalCaseStatus(case.status).label
        raise DomainError("activities.typical.state", f"典型案例当前为“{label}”，不能执行此操作") from exc


def masked_text(text: str, source: CaseForPublication) -> str:
    """``text`` with the source case's personal data masked (see the module docstring)."""
    replacements: list[tuple[str, str]] = []
    if source.is_natural_person:
        if source.party_name.strip():
            replacements.append((source.party_name.strip(), masking.mask_person_name(source.party_name)))
        if source.party_id_number.strip():
            replacements.append((source.party_id_number.strip(), masking.mask_resident_id(source.party_id_number)))
        if source.party_address.strip():
            replacements.append((source.party_address.strip(), masking.mask_address(source.party_address)))
    if source.party_representative.strip():
        replacements.append(
            (source.party_representative.strip(), masking.mask_person_name(source.party_representative))
        )
    for original, masked in sorted(replacements, key=lambda pair: -len(pair[0])):
        if len(original) >= 2:
            text = text.replace(original, masked)
    return masking.mask_text(text)


def public_version(case: TypicalCase, source: CaseForPublication) -> dict[str, str]:
    return {f"public_{name}": masked_text(getattr(case, name), source) for name in ("title", "facts", "analysis")} | {
        "public_basis": masking.mask_text(case.legal_basis)
    }


def _leftovers(version: dict[str, str]) -> list[str]:
    return [str(f) for text in version.values() for f in masking.scan_for_personal_data(text)]


def _clean(*, title: Any, facts: Any, analysis: Any, legal_basis: Any) -> dict[str, str]:
    return {
        "title": validation.text(title, field="title", max_chars=100, required=True, what="标题"),
        "facts": validation.text(facts, field="facts", max_chars=5000, required=True, what="基本案情"),
        "analysis": validation.text(analysis, field="analysis", max_chars=5000, what="以案释法"),
        "legal_basis": validation.text(legal_basis, field="legal_basis", max_chars=2000, what="法律依据"),
    }


def typical_draft(*, case_id: Any, actor: Any) -> TypicalCase:
    """Start a typical case from a closed penalty case the actor may see (facts and provisions copied in)."""
    source = case_selectors.case_for_publication(user=actor, case_id=case_id)
    basis = "；".join(p for p in (source.violated and f"违反{source.violated}", source.penalty_provision and
                                  f"依据{source.penalty_provision}") if p)  # fmt: skip
    penalty = []
    if source.warning:
        penalty.append("警告")
    if source.confiscation:
        penalty.append(f"没收违法所得{source.confiscation}元")
    if source.fine:
        penalty.append(f"罚款{source.fine}元")
    facts = source.facts_text or source.title
    if penalty:
        facts += (
            f"\n处理结果：{source.decided_on:%Y年%m月%d日}依法作出行政处罚决定，给予{'、'.join(penalty)}的行政处罚。"
        )
    with transaction.atomic():
        case = TypicalCase.objects.create(
            case_id=source.id,
            department_id=source.department_id,
            title=(source.title if source.title.endswith("案") else f"{source.title}案")[:100],
            domain=source.domain_label,
            facts=facts[:5000],
            analysis="",
            legal_basis=basis[:2000],
            drafted_by=actor,
        )
        audit_record(action="activities.typical_draft", target=case, actor=actor, changes={"case": source.id})
    return case


def typical_update(*, case: TypicalCase, expected_revision: int | None, actor: Any, **fields: Any) -> TypicalCase:
    _step(case, workflow.CaseEvent.EDIT)
    values = _clean(**fields)
    with transaction.atomic():
        locked = revision.lock(case, revision=expected_revision, what="典型案例")
        _step(locked, workflow.CaseEvent.EDIT)
        changed = {k: [getattr(locked, k), v] for k, v in values.items() if getattr(locked, k) != v}
        for name, value in values.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, list(values), original=case)
        audit_record(action="activities.typical_update", target=locked, actor=actor, changes=changed)
    return case


def typical_submit(*, case: TypicalCase, expected_revision: int | None, actor: Any, on: Any = None) -> TypicalCase:
    """Submit for review on ``on`` (default today, not before the source case was closed): the legal analysis is
    required and the masked text must be clean."""
    _step(case, workflow.CaseEvent.SUBMIT)
    if not case.analysis.strip():
        raise DomainError("activities.typical.analysis", "请填写以案释法的法律分析后再提交", field="analysis")
    source = case_selectors.case_for_publication(user=actor, case_id=case.case_id)
    leftovers = _leftovers(public_version(case, source))
    if leftovers:
        raise DomainError(
            "activities.typical.personal_data", "脱敏后仍含有个人信息，请修改文字后再提交：" + "；".join(leftovers[:3])
        )
    day = _step_day(on, not_before=source.closed_on, what="提交日期", previous="结案")
    with transaction.atomic():
        locked = revision.lock(case, revision=expected_revision, what="典型案例")
        _step(locked, workflow.CaseEvent.SUBMIT)
        locked.status, locked.submitted_on = TypicalCaseStatus.SUBMITTED, day
        revision.save_bumped(locked, ["status", "submitted_on"], original=case)
        audit_record(action="activities.typical_submit", target=locked, actor=actor, changes={"submitted_on": day})
    return case


def _step_day(on: Any, *, not_before: Any, what: str, previous: str) -> Any:
    """The date of a step: given (a past step being recorded) or today; not after today, not before the previous."""
    return validation.step_date(
        on if on not in (None, "") else legal_today(), today=legal_today(), not_before=not_before, field="on",
        what=what, previous=previous,
    )  # fmt: skip


def _review(case: TypicalCase, actor: Any) -> None:
    if case.drafted_by_id == getattr(actor, "pk", None):
        raise DomainError("activities.typical.own_draft", "不能审核本人撰写的典型案例，请由其他审核人员审核")


def typical_approve(
    *, case: TypicalCase, opinion: Any, expected_revision: int | None, actor: Any, on: Any = None
) -> TypicalCase:
    """Review passed: the masked public text is written now (from the case as it stands) and published on ``on``
    (default today; not after today, not before the draft was submitted)."""
    _step(case, workflow.CaseEvent.APPROVE)
    _review(case, actor)
    text = validation.text(opinion, field="opinion", max_chars=1000, what="审核意见")
    source = case_selectors.case_for_publication(user=actor, case_id=case.case_id)
    version = public_version(case, source)
    leftovers = _leftovers(version)
    if leftovers:
        raise DomainError(
            "activities.typical.personal_data", "脱敏后仍含有个人信息，请退回修改：" + "；".join(leftovers[:3])
        )
    today = _step_day(on, not_before=case.submitted_on or source.closed_on, what="发布日期", previous="提交审核")
    with transaction.atomic():
        locked = revision.lock(case, revision=expected_revision, what="典型案例")
        _step(locked, workflow.CaseEvent.APPROVE)
        for name, value in version.items():
            setattr(locked, name, value)
        locked.status = TypicalCaseStatus.PUBLISHED
        locked.reviewed_by, locked.reviewed_on, locked.review_opinion = actor, today, text
        locked.published_on = today
        revision.save_bumped(
            locked, [*version, "status", "reviewed_by", "reviewed_on", "review_opinion", "published_on"], original=case
        )
        audit_record(action="activities.typical_publish", target=locked, actor=actor,
                     changes={"published_on": today, "opinion": text, **version})  # fmt: skip
    return case


def typical_return(
    *, case: TypicalCase, opinion: Any, expected_revision: int | None, actor: Any, on: Any = None
) -> TypicalCase:
    """Review not passed: back to the writer with the reviewer's written opinion."""
    _step(case, workflow.CaseEvent.RETURN)
    _review(case, actor)
    text = validation.text(opinion, field="opinion", max_chars=1000, required=True, what="退回意见")
    day = _step_day(on, not_before=case.submitted_on, what="审核日期", previous="提交审核")
    with transaction.atomic():
        locked = revision.lock(case, revision=expected_revision, what="典型案例")
        _step(locked, workflow.CaseEvent.RETURN)
        locked.status = TypicalCaseStatus.RETURNED
        locked.reviewed_by, locked.reviewed_on, locked.review_opinion = actor, day, text
        revision.save_bumped(locked, ["status", "reviewed_by", "reviewed_on", "review_opinion"], original=case)
        audit_record(action="activities.typical_return", target=locked, actor=actor, changes={"opinion": text})
    return case


def typical_withdraw(
    *, case: TypicalCase, reason: Any, expected_revision: int | None, actor: Any, on: Any = None
) -> TypicalCase:
    """Take a published typical case off the portal (e.g. the decision was revoked in review or court)."""
    _step(case, workflow.CaseEvent.WITHDRAW)
    why = validation.text(reason, field="reason", max_chars=200, required=True, what="撤回理由")
    today = _step_day(on, not_before=case.published_on, what="撤回日期", previous="发布")
    with transaction.atomic():
        locked = revision.lock(case, revision=expected_revision, what="典型案例")
        _step(locked, workflow.CaseEvent.WITHDRAW)
        locked.status, locked.withdrawn_on, locked.withdrawal_reason = TypicalCaseStatus.WITHDRAWN, today, why
        revision.save_bumped(locked, ["status", "withdrawn_on", "withdrawal_reason"], original=case)
        audit_record(action="activities.typical_withdraw", target=locked, actor=actor,
                     changes={"withdrawn_on": today, "reason": why})  # fmt: skip
    return case
