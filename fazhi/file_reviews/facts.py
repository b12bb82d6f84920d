"""Loads the facts the live machine checks need, set-based: one query per kind of fact for any number of cases.

The same loader serves one case (the case page, the archive gate) and every case (the nightly recompute), so the
two cannot disagree. It only reads the cases, deadlines and registry tables (never writes them). A fixed number of
queries per chunk of cases — no per-case queries:

1. the case rows (state, dates, amounts, flags, whether a discretion computation is frozen …);
2. officers with a certificate valid on the filing date, per case;
3. evidence items, and those not linked into the audit chain, per case;
4. the earliest approved legal review, per case;
5. collective discussions, per case;
6. numbered decision documents and closing approvals, per case;
7. the publication of the decision, per case;
8. the tracked authority deadlines the rubric names (late, and the earliest still open), per case.

The last day to serve an absent party comes from the deadline engine (``case.service_absent_party``), computed once
per distinct decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Case, Count, F, IntegerField, Min, Q, Value, When
from django.db.models.functions import Cast

from fazhi.cases.models import Case as PenaltyCase
from fazhi.cases.models import CaseDocument, CollectiveDiscussion, Evidence, LegalReview, Publication
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.calendar import Calendar
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

ZERO = Decimal("0")
DECISION_DOCUMENTS = ("penalty_decision", "no_penalty_decision")
CLOSING_DOCUMENT = "closing_approval"


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


_CASE_COLUMNS = (
    "id",
    "procedure",
    "state",
    "party_kind",
    "decision_kind",
    "filed_on",
    "decided_on",
    "notified_on",
    "served_on",
    "closed_on",
    "fine",
    "confiscation",
    "proposed_fine",
    "proposed_confiscation",
    "major_public_interest",
    "complex_case",
    "hearing_held",
    "outside_computed_range",
    "discussion_required",
    "f_mitigated",
    "f_frozen",
    "f_reason",
    "f_violation",
)


def _case_rows(case_filter: Q) -> list[tuple[Any, ...]]:
    return list(
        PenaltyCase.objects.filter(case_filter)
        .annotate(
            f_mitigated=_flag(Q(discretion__tier="mitigated")),
            f_frozen=_flag(Q(discretion__isnull=False)),
            f_reason=_flag(~Q(deviation_reason="")),
            f_violation=_flag(~Q(violation_id="")),
        )
        .order_by("id")
        .values_list(*_CASE_COLUMNS)
    )


class _ServiceDue:
    """The last day to serve an absent party, per decision date (memoised: a few hundred distinct dates a year)."""

    def __init__(self, rule_id: str, calendar: Calendar) -> None:
        self.rule_id, self.calendar, self.cache = rule_id, calendar, {}  # type: ignore[var-annotated]

    def __call__(self, decided_on: dt.date | None) -> dt.date | None:
        if decided_on is None:
            return None
        if decided_on not in self.cache:
            try:
                due = compute_deadline(self.rule_id, decided_on, calendar=self.calendar).due
            except RulebookError as exc:
                if exc.code != "calendar.year_not_loaded":
                    raise
                due = compute_deadline(self.rule_id, decided_on, calendar=self.calendar, provisional=True).due
            self.cache[decided_on] = due
        return self.cache[decided_on]


def rubric_parameters(rubric: engine.Rubric) -> tuple[tuple[str, ...], str]:
    """The tracked deadline rules the handling check reads and the service rule, as the rubric names them."""
    rules: tuple[str, ...] = ()
    service_rule = "case.service_absent_party"
    for cp in rubric.machine_checkpoints:
        if cp.machine == "handling_deadline":
            rules = tuple(cp.params.get("deadline_rules", ()))
        if cp.machine == "service_in_time":
            service_rule = str(cp.params.get("deadline_rule", service_rule))
    return rules, service_rule


def load_facts(
    *,
    rubric: engine.Rubric,
    case_ids: Iterable[int] | None = None,
    id_range: tuple[int, int] | None = None,
    calendar: Calendar | None = None,
) -> list[engine.CaseFacts]:
    """Facts of the given cases (``case_ids``), of a primary-key range ``[low, high)``, or of every case."""
    if case_ids is not None:
        ids = list(case_ids)
        case_q, rel_q, owner_q = Q(pk__in=ids), Q(case_id__in=ids), Q(owner_id__in=[str(i) for i in ids])
    elif id_range is not None:
        low, high = id_range
        case_q, rel_q = Q(pk__gte=low, pk__lt=high), Q(case_id__gte=low, case_id__lt=high)
        owner_q = Q(owner_pk__gte=low, owner_pk__lt=high)
    else:
        case_q = rel_q = owner_q = Q()
    rows = _case_rows(case_q)
    if not rows:
        return []
    officers = dict(
        PenaltyCase.officers.through.objects.filter(rel_q)
        .filter(officer__certificate_expires_on__gte=F("case__filed_on"))
        .values("case_id")
        .annotate(n=Count("officer_id", distinct=True))
        .values_list("case_id", "n")  # type: ignore[misc]
    )
    evidence = {
        case_id: (n, unchained)
        for case_id, n, unchained in Evidence.objects.filter(rel_q)
        .values("case_id")
        .annotate(n=Count("id"), unchained=Count("id", filter=Q(audit_sequence__isnull=True)))
        .values_list("case_id", "n", "unchained")
    }
    reviews = dict(
        LegalReview.objects.filter(rel_q, opinion="agree", reviewed_on__isnull=False)
        .values("case_id")
        .annotate(first=Min("reviewed_on"))
        .values_list("case_id", "first")
    )
    discussed = set(CollectiveDiscussion.objects.filter(rel_q).values_list("case_id", flat=True).distinct())
    documents = {
        case_id: (decision, closing)
        for case_id, decision, closing in CaseDocument.objects.filter(rel_q)
        .values("case_id")
        .annotate(
            decision=Count("id", filter=Q(kind__in=DECISION_DOCUMENTS) & ~Q(number="")),
            closing=Count("id", filter=Q(kind=CLOSING_DOCUMENT)),
        )
        .values_list("case_id", "decision", "closing")
    }
    publications = {
        case_id: (status, due, published)
        for case_id, status, due, published in Publication.objects.filter(rel_q).values_list(
            "case_id", "status", "due_on", "published_on"
        )
    }
    deadline_rules, service_rule = rubric_parameters(rubric)
    deadlines: dict[int, tuple[int, dt.date | None]] = {}
    if deadline_rules:
        late_q = Q(status=DeadlineStatus.MET) & Q(met_on__gt=F("due_on"))
        for owner_id, late, open_due in (
            TrackedDeadline.objects.filter(owner_type="cases.case", rule_id__in=deadline_rules)
            .annotate(owner_pk=Cast("owner_id", IntegerField()))
            .filter(owner_q)
            .exclude(status=DeadlineStatus.CANCELLED)
            .values("owner_id")
            .annotate(late=Count("id", filter=late_q), open_due=Min("due_on", filter=Q(status=DeadlineStatus.OPEN)))
            .values_list("owner_id", "late", "open_due")
        ):
            if owner_id.isdigit():
                deadlines[int(owner_id)] = (late, open_due)
    service_due = _ServiceDue(service_rule, calendar or current_calendar())
    out = []
    for row in rows:
        (
            pk, procedure, state, party_kind, decision_kind, filed_on, decided_on, notified_on, served_on, closed_on,
            fine, confiscation, proposed_fine, proposed_confiscation, major, complex_, hearing, outside, discussion,
            mitigated, frozen, reason, violation,
        ) = row  # fmt: skip
        decided = bool(decision_kind) and decided_on is not None
        n_evidence, unchained = evidence.get(pk, (0, 0))
        decision_doc, closing_doc = documents.get(pk, (0, 0))
        pub_status, pub_due, pub_published = publications.get(pk, (None, None, None))
        late, open_due = deadlines.get(pk, (0, None))
        out.append(
            engine.CaseFacts(
                case_id=pk,
                procedure=procedure,
                state=state,
                party_kind=party_kind,
                decision_kind=decision_kind or "",
                filed_on=filed_on,
                decided_on=decided_on,
                notified_on=notified_on,
                served_on=served_on,
                closed_on=closed_on,
                fine=(fine if decided else proposed_fine) or ZERO,
                confiscation=(confiscation if decided else proposed_confiscation) or ZERO,
                major_public_interest=major,
                complex_case=complex_,
                hearing_held=hearing,
                outside_computed_range=outside,
                mitigated=mitigated,
                discussion_required=discussion,
                discussion_recorded=pk in discussed,
                discretion_frozen=frozen,
                deviation_reason=reason,
                violation_recorded=violation,
                officers_valid=officers.get(pk, 0),
                evidence_count=n_evidence,
                evidence_unchained=unchained,
                approved_review_on=reviews.get(pk),
                decision_document=decision_doc > 0,
                closing_document=closing_doc > 0,
                publication_status=pub_status,
                publication_due_on=pub_due,
                publication_published_on=pub_published,
                service_due_on=service_due(decided_on) if decision_kind in ("penalty", "no_penalty") else None,
                deadlines_late=late,
                deadlines_open_due=open_due,
            )
        )
    return out
