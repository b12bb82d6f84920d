"""The question bank: load a bank file, add a question, revise one (a new version), retire one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from fazhi.core import clock, numbering, validation
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.exams import bank
from fazhi.exams.models import Law, Question


@dataclass
class LoadReport:
    laws_added: int = 0
    laws_updated: int = 0
    questions_added: int = 0
    questions_revised: int = 0
    questions_unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def _current(code: str) -> Question | None:
    return Question.objects.filter(code=code, retired_at__isnull=True).select_related("law").first()


def _same(question: Question, content: dict[str, Any], law: Law) -> bool:
    return question.law_id == law.pk and all(
        getattr(question, name) == (list(value) if isinstance(value, tuple) else value)
        for name, value in content.items()
    )


def bank_load(*, document: Any, actor: Any, as_of: Any = None) -> LoadReport:
    """Load a bank document (laws and questions) idempotently.

    A law version is added, or its period and verification metadata updated; a question whose code is new is
    added, one whose content changed becomes a new version (the old one retired), an identical one is left.
    The whole document is validated before anything is written. ``as_of`` (not in the future) records when the
    questions entered service, for a bank that was in use before it was loaded here (papers drawn since then
    must re-derive); by default now.
    """
    laws, questions = bank.parse_document(document)
    report = LoadReport()
    now = clock.now()
    if as_of is not None:
        if as_of > now:
            raise DomainError("exams.bank.as_of", "入库时间不能晚于现在")
        now = as_of
    with transaction.atomic():
        by_code: dict[str, Law] = {}
        for spec in laws:
            values = {
                "title": spec.title,
                "version": spec.version,
                "in_force_from": spec.in_force_from,
                "in_force_until": spec.in_force_until,
                "status": spec.status,
                "source": spec.source,
                "last_verified_on": spec.last_verified_on,
            }
            law = Law.objects.filter(code=spec.code).first()
            if law is None:
                law = Law.objects.create(code=spec.code, **values)
                audit_record(action="exams.law_add", target=law, actor=actor, changes={"code": spec.code, **values})
                report.laws_added += 1
            else:
                changed = {k: [getattr(law, k), v] for k, v in values.items() if getattr(law, k) != v}
                if changed:
                    for name, (_old, new) in changed.items():
                        setattr(law, name, new)
                    law.save(update_fields=list(changed))
                    audit_record(action="exams.law_update", target=law, actor=actor, changes=changed)
                    report.laws_updated += 1
            by_code[spec.code] = law
        for q in questions:
            law = by_code[q.law_code]
            content = q.content()
            existing = _current(q.code)
            if existing is not None and _same(existing, content, law):
                report.questions_unchanged += 1
                continue
            if existing is not None:
                _retire(existing, now=now, actor=actor, reason="题库文件中的新版本")
                report.questions_revised += 1
            else:
                report.questions_added += 1
            _create(code=q.code, law=law, content=content, supersedes=existing, now=now, actor=actor)
            report.codes.append(q.code)
    return report


def _next_version(code: str) -> int:
    """The next version of 题号 ``code`` from the one numbering service (a locked counter per 题号, held until the
    caller's transaction ends; versions stored before the counter existed raise its floor). Under that lock the
    题号 must have no current version: a concurrent load or revision that added one first is refused, not
    duplicated."""
    scope = f"exams.question:{code}"
    numbering.set_floor(scope, 0, Question.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0)
    version = numbering.next_number(scope, 0)
    if _current(code) is not None:
        raise DomainError("exams.question_concurrent", f"题号 {code} 刚被他人新增或修订，请刷新页面后重试")
    return version


def _create(
    *, code: str, law: Law, content: dict[str, Any], supersedes: Question | None, now: Any, actor: Any
) -> Question:
    question = Question(
        code=code,
        version=_next_version(code),
        law=law,
        active_from=now,
        supersedes=supersedes,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: list(v) if isinstance(v, tuple) else v for k, v in content.items()},
    )
    question.full_clean()
    question.save(force_insert=True)
    audit_record(
        action="exams.question_add",
        target=question,
        actor=actor,
        changes={"code": code, "version": question.version, "law": law.code, **content},
    )
    return question


def _retire(question: Question, *, now: Any, actor: Any, reason: str) -> None:
    updated = Question.objects.filter(pk=question.pk, retired_at__isnull=True).update(retired_at=now)
    if updated != 1:
        raise DomainError("exams.question_retired", "该试题已停用或已被修订，请刷新页面")
    question.retired_at = now
    audit_record(action="exams.question_retire", target=question, actor=actor, changes={"reason": reason})


def _law(law: Any) -> Law:
    if isinstance(law, Law):
        return law
    found = Law.objects.filter(pk=law).first() if str(law).isdigit() else None
    if found is None:
        raise DomainError("exams.question.law", "请选择题库中的法律法规版本", field="law")
    return found


def _new_code() -> str:
    """题号 of a question written by staff (q-00001 …) from the one numbering service; codes written before the
    counter existed raise its floor."""
    last = Question.objects.filter(code__startswith="q-").order_by("-code").values_list("code", flat=True).first()
    numbering.set_floor("exams.question_code", 0, int(last[2:]) if last and last[2:].isdigit() else 0)
    return f"q-{numbering.next_number('exams.question_code', 0):05d}"


def question_add(*, law: Any, actor: Any, **fields: Any) -> Question:
    """Add a question written by staff (题号 q-00001 …); validated like the bank file."""
    law_obj = _law(law)
    content = bank.clean_question(**fields)
    with transaction.atomic():
        return _create(code=_new_code(), law=law_obj, content=content, supersedes=None, now=clock.now(), actor=actor)


def question_revise(*, question: Question, law: Any, actor: Any, **fields: Any) -> Question:
    """Correct a question: the current version is retired and a new version with the same 题号 is added, so papers
    already drawn keep the text their sitters saw."""
    if question.retired_at is not None:
        raise DomainError("exams.question_retired", "该试题已停用或已被修订，请刷新页面")
    law_obj = _law(law)
    content = bank.clean_question(code=question.code, **fields)
    if _same(question, content, law_obj):
        raise DomainError("exams.question_unchanged", "内容没有变化，无需修订")
    now = clock.now()
    with transaction.atomic():
        _retire(question, now=now, actor=actor, reason="修订")
        return _create(code=question.code, law=law_obj, content=content, supersedes=question, now=now, actor=actor)


def question_retire(*, question: Question, reason: str, actor: Any) -> None:
    """Take a question out of future papers (papers already drawn keep it)."""
    reason = validation.text(reason, field="reason", max_chars=200, required=True, what="停用理由")
    with transaction.atomic():
        _retire(question, now=clock.now(), actor=actor, reason=reason)
