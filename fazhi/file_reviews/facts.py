"""Loads the facts the live machine checks need, set-based: ONE statement for any number of cases.

The same loader serves one case (the case page, the archive gate) and every case (the nightly recompute), so the
two cannot disagree; the statement is compiled once per shape (one case, a key range, every case) and reused with
the keys as parameters. It only reads the cases, deadlines and registry tables (never writes them). The statement
selects the case rows with, per case, correlated subqueries over indexed foreign keys:

- officers with a certificate valid on the filing date;
- evidence items, and those not linked into the audit chain;
- the earliest approved legal review; whether a collective discussion is recorded;
- whether a numbered decision document and a closing approval exist;
- the publication of the decision (a LEFT JOIN);
- the tracked authority deadlines the rubric names: how many were met late, the earliest still open.

Rows are read through the raw cursor with a converter per column (Django's generic per-row converters cost more
than the query at 200,000 rows). The last day to serve an absent party comes from the deadline engine
(``case.service_absent_party``), computed once per distinct decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from fazhi.cases.models import Case as PenaltyCase
from fazhi.cases.models import CaseDocument, CollectiveDiscussion, Evidence, LegalReview
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.calendar import Calendar
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

ZERO = Decimal("0")
DECISION_DOCUMENTS = ("penalty_decision", "no_penalty_decision", "summary_decision")
CLOSING_DOCUMENT = "closing_approval"


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _count(qs: Any, field: str = "id", **filters: Any) -> Coalesce:
    """COUNT over a correlated subquery (0 when none)."""
    sub = qs.filter(**filters).order_by().values("case_id").annotate(n=Count(field, distinct=True)).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _money(value: Any) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _facts_queryset(case_filter: Q, deadline_rules: tuple[str, ...]) -> Any:
    officers = _count(
        PenaltyCase.officers.through.objects.filter(
            case_id=OuterRef("pk"), officer__certificate_expires_on__gte=OuterRef("filed_on")
        ),
        "officer_id",
    )
    evidence = Evidence.objects.filter(case_id=OuterRef("pk"))
    first_review = (
        LegalReview.objects.filter(case_id=OuterRef("pk"), opinion="agree", reviewed_on__isnull=False)
        .order_by()
        .values("case_id")
        .annotate(first=Min("reviewed_on"))
        .values("first")
    )
    deadlines = TrackedDeadline.objects.filter(
        owner_type="cases.case",
        owner_id=Cast(OuterRef("pk"), CharField()),
        rule_id__in=deadline_rules or ("",),
    ).exclude(status=DeadlineStatus.CANCELLED)
    late = (
        deadlines.filter(status=DeadlineStatus.MET, met_on__gt=F("due_on"))
        .order_by()
        .values("owner_type")
        .annotate(n=Count("id"))
        .values("n")
    )
    open_due = (
        deadlines.filter(status=DeadlineStatus.OPEN)
        .order_by()
        .values("owner_type")
        .annotate(first=Min("due_on"))
        .values("first")
    )
    return (
        PenaltyCase.objects.filter(case_filter)
        .annotate(
            f_mitigated=_flag(Q(discretion__tier="mitigated")),
            f_frozen=_flag(Q(discretion__isnull=False)),
            f_reason=_flag(~Q(deviation_reason="")),
            f_violation=_flag(~Q(violation_id="")),
            f_officers=officers,
            f_evidence=_count(evidence),
            f_unchained=_count(evidence, audit_sequence__isnull=True),
            f_review=Subquery(first_review),
            f_discussed=Exists(CollectiveDiscussion.objects.filter(case_id=OuterRef("pk"))),
            f_decision_doc=Exists(
                CaseDocument.objects.filter(case_id=OuterRef("pk"), kind__in=DECISION_DOCUMENTS).exclude(number="")
            ),
            f_closing_doc=Exists(CaseDocument.objects.filter(case_id=OuterRef("pk"), kind=CLOSING_DOCUMENT)),
            f_late=Coalesce(Subquery(late, output_field=IntegerField()), Value(0)),
            f_open_due=Subquery(open_due),
        )
        .order_by("id")
        .values_list(*_CASE_COLUMNS)
    )


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
    "f_officers",
    "f_evidence",
    "f_unchained",
    "f_review",
    "f_discussed",
    "f_decision_doc",
    "f_closing_doc",
    "f_late",
    "f_open_due",
    "publication__status",
    "publication__due_on",
    "publication__published_on",
)


# Placeholders for the primary keys the statement filters on: compiling the annotated queryset costs ~25 ms of
# Python (the statement itself runs in ~1 ms), so each shape is compiled once per process and deadline-rule set,
# and the placeholders are swapped for the real keys in the parameter list.
_KEY_MARKS = (-7_300_000_001, -7_300_000_002)
_SHAPES = {
    "one": Q(pk=_KEY_MARKS[0]),
    "range": Q(pk__gte=_KEY_MARKS[0], pk__lt=_KEY_MARKS[1]),
    "all": Q(),
}
_STATEMENTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[Any], list[int]]] = {}


def _statement(shape: str, deadline_rules: tuple[str, ...]) -> tuple[str, list[Any], list[int]]:
    """The compiled fact statement of ``shape``, its parameters and where the key placeholders sit in them."""
    key = (connection.vendor, shape, deadline_rules)
    if key not in _STATEMENTS:
        sql, params = _facts_queryset(_SHAPES[shape], deadline_rules).query.sql_with_params()
        params = list(params)
        slots = [params.index(mark) for mark in _KEY_MARKS if mark in params]
        _STATEMENTS[key] = (sql, params, slots)
    return _STATEMENTS[key]


def _raw_rows(shape: str, deadline_rules: tuple[str, ...], keys: tuple[int, ...] = ()) -> list[tuple[Any, ...]]:
    sql, template, slots = _statement(shape, deadline_rules)
    if len(slots) != len(keys):  # pragma: no cover - a Django change in how the filter compiles
        raise RuntimeError(f"fact statement {shape}: {len(slots)} key placeholders for {len(keys)} keys")
    params = list(template)
    for slot, value in zip(slots, keys, strict=True):
        params[slot] = value
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _ServiceDue:
    """The last day to serve an absent party, per decision date (memoised: a few hundred distinct dates a year)."""

    def __init__(self, rule_id: str, calendar: Calendar) -> None:
        self.rule_id, self.calendar, self.cache = rule_id, calendar, {}  # type: ignore[var-annotated]

    def __call__(self, decided_on: dt.date | None) -> dt.date | None:
        if decided_on is None:
            return None
        if decided_on not in self.cache:
            try:
                due = compute_deadline(self.rule_id, decided_on, calendar=self.calendar, provisional=True).due
            except RulebookError as exc:
                if exc.code != "deadline.no_version":
                    raise
                due = None  # decided before the first version the tables hold: the check does not apply
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
    deadline_rules, service_rule = rubric_parameters(rubric)
    keys = None if case_ids is None else sorted({int(pk) for pk in case_ids})
    if keys is not None and len(keys) == 1:
        rows = _raw_rows("one", deadline_rules, (keys[0],))
    elif keys is not None:  # a set of cases: compiled for its size (no caller on a hot path)
        sql, params = _facts_queryset(Q(pk__in=keys), deadline_rules).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    elif id_range is not None:
        rows = _raw_rows("range", deadline_rules, (int(id_range[0]), int(id_range[1])))
    else:
        rows = _raw_rows("all", deadline_rules)
    service_due = _ServiceDue(service_rule, calendar or current_calendar())
    d, m = _date, _money
    out = []
    for row in rows:
        (
            pk, procedure, state, party_kind, decision_kind, filed_on, decided_on, notified_on, served_on, closed_on,
            fine, confiscation, proposed_fine, proposed_confiscation, major, complex_, hearing, outside, discussion,
            mitigated, frozen, reason, violation, officers, evidence, unchained, review, discussed, decision_doc,
            closing_doc, late, open_due, pub_status, pub_due, pub_published,
        ) = row  # fmt: skip
        decided = d(decided_on)
        kind = decision_kind or ""
        has_decision = bool(kind) and decided is not None
        out.append(
            engine.CaseFacts(
                case_id=pk,
                procedure=procedure,
                state=state,
                party_kind=party_kind,
                decision_kind=kind,
                filed_on=d(filed_on),  # type: ignore[arg-type]
                decided_on=decided,
                notified_on=d(notified_on),
                served_on=d(served_on),
                closed_on=d(closed_on),
                fine=m(fine if has_decision else proposed_fine),
                confiscation=m(confiscation if has_decision else proposed_confiscation),
                major_public_interest=bool(major),
                complex_case=bool(complex_),
                hearing_held=bool(hearing),
                outside_computed_range=bool(outside),
                mitigated=bool(mitigated),
                discussion_required=bool(discussion),
                discussion_recorded=bool(discussed),
                discretion_frozen=bool(frozen),
                deviation_reason=bool(reason),
                violation_recorded=bool(violation),
                officers_valid=officers,
                evidence_count=evidence,
                evidence_unchained=unchained,
                approved_review_on=d(review),
                decision_document=bool(decision_doc),
                closing_document=bool(closing_doc),
                publication_status=pub_status,
                publication_due_on=d(pub_due),
                publication_published_on=d(pub_published),
                service_due_on=service_due(decided) if kind in ("penalty", "no_penalty") else None,
                deadlines_late=late,
                deadlines_open_due=d(open_due),
            )
        )
    return out
