"""Dates in document form, the issue of a numbered document by the step that produces it, and which documents
a case has (the rest say which step is missing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fazhi.cases.choices import (
    DOCUMENT_NUMBER_WORD,
    DOCUMENT_PRODUCED_BY,
    ApprovalKind,
    ApprovalStatus,
    DecisionKind,
    DocumentKind,
    Procedure,
)
from fazhi.cases.models import Approval, Case, CaseDocument
from fazhi.cases.services.common import bureau_number, next_number
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError

CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: dt.date) -> str:
    """二〇二三年六月一日 — the form used on signed documents."""
    year = "".join(CN_DIGITS[int(d)] for d in str(day.year))

    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])

    return f"{year}年{small(day.month)}月{small(day.day)}日"


def cn(day: dt.date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def document_issue(
    *, case: Case, kind: str, on: dt.date, actor: Any, snapshot: dict[str, Any] | None = None
) -> CaseDocument:
    """Record one document of ``case`` (called by the step that produces it, last, inside its transaction);
    numbered kinds get the bureau's next number of the year."""
    word = DOCUMENT_NUMBER_WORD.get(kind)
    with transaction.atomic():
        sequence = next_number(kind, on.year) if word else None
        doc = CaseDocument.objects.create(
            case=case,
            kind=kind,
            year=on.year,
            sequence=sequence,
            number=bureau_number(word, on.year, sequence) if word and sequence else "",
            issued_on=on,
            issued_by=actor if getattr(actor, "pk", None) else None,
            snapshot=snapshot or {},
        )
        audit_record(
            action="cases.document_issue", target=case, actor=actor, changes={"kind": kind, "number": doc.number}
        )
    return doc


# --------------------------------------------------------------------------------------------- availability


@dataclass(frozen=True)
class Availability:
    kind: str
    label: str
    document: CaseDocument | None
    missing: str  # the step that has not happened yet ("" when the document exists)


def relevant_kinds(case: Case) -> list[str]:
    """The documents a case of this procedure and outcome can have (a penalised case never lists 不予处罚)."""
    if case.procedure == Procedure.SUMMARY:
        return [DocumentKind.SUMMARY_DECISION]
    K = DocumentKind
    notified = case.notified_on is not None
    kinds: list[str] = [K.FILING_APPROVAL]
    if case.decision_kind == DecisionKind.PENALTY:
        kinds += [K.PRIOR_NOTICE, *([K.HEARING_NOTICE] if case.hearing_requested_on else []), K.PENALTY_DECISION]
        kinds += [K.SERVICE_RECEIPT]
    elif case.decision_kind == DecisionKind.NO_PENALTY:
        kinds += [*([K.PRIOR_NOTICE] if notified else []), K.NO_PENALTY_DECISION, K.SERVICE_RECEIPT]
    elif case.decision_kind == DecisionKind.TRANSFER or case.terminated_reason:
        kinds += [K.PRIOR_NOTICE] if notified else []
    else:
        kinds += [K.PRIOR_NOTICE, *([K.HEARING_NOTICE] if case.hearing_right else [])]
        kinds += [K.NO_PENALTY_DECISION if case.exemption else K.PENALTY_DECISION, K.SERVICE_RECEIPT]
    kinds.append(K.CLOSING_APPROVAL)
    return kinds


def _missing(case: Case, kind: str) -> str:
    if kind == DocumentKind.NO_PENALTY_DECISION and case.decision_kind == DecisionKind.PENALTY:
        return "本案已作出行政处罚决定，不出具不予行政处罚决定书"
    if kind == DocumentKind.PENALTY_DECISION and case.decision_kind == DecisionKind.NO_PENALTY:
        return "本案已作出不予行政处罚决定，不出具行政处罚决定书"
    if kind == DocumentKind.FILING_APPROVAL and case.clue_id is None:
        return "本案无立案审批记录"
    return f"尚未生成：须先“{DOCUMENT_PRODUCED_BY[kind]}”"


def available_documents(case: Case) -> list[Availability]:
    issued: dict[str, CaseDocument] = {}
    for row in case.documents.order_by("id"):
        issued[row.kind] = row  # the latest of each kind
    out = []
    for kind in relevant_kinds(case):
        doc = issued.get(kind)
        if doc is not None and renderable(case, doc):
            out.append(Availability(kind, DocumentKind(kind).label, doc, ""))
        else:
            out.append(Availability(kind, DocumentKind(kind).label, None, _missing(case, kind)))
    return out


def document_for(case: Case, kind: str) -> CaseDocument:
    """The issued document of ``kind``, or ``cases.document_not_available`` naming the missing step."""
    if kind not in DocumentKind.values:
        raise DomainError("cases.unknown_document", "没有这种执法文书")
    doc = case.documents.filter(kind=kind).order_by("-id").first()
    if doc is None or not renderable(case, doc):
        raise DomainError("cases.document_not_available", f"{DocumentKind(kind).label}{_missing(case, kind)}")
    return doc


def renderable(case: Case, doc: CaseDocument) -> bool:
    """The records the document states exist (e.g. an approval form needs its approval)."""
    if doc.kind == DocumentKind.FILING_APPROVAL:
        return recorded_approval(case, ApprovalKind.FILING) is not None
    if doc.kind == DocumentKind.CLOSING_APPROVAL:
        return recorded_approval(case, ApprovalKind.CLOSING) is not None
    if doc.kind == DocumentKind.NO_PENALTY_DECISION:
        return case.decision_kind == DecisionKind.NO_PENALTY
    if doc.kind == DocumentKind.PENALTY_DECISION:
        return case.decision_kind == DecisionKind.PENALTY
    return True


def recorded_approval(case: Case, kind: str) -> Approval | None:
    qs = Approval.objects.filter(kind=kind, status=ApprovalStatus.APPROVED).select_related("requested_by", "decided_by")
    if kind == ApprovalKind.FILING:
        if case.clue_id is None:
            return None
        return qs.filter(clue_id=case.clue_id).order_by("-id").first()
    return qs.filter(case=case).order_by("-id").first()
