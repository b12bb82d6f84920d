"""Exams reads: the bank on a date (the pools a paper is drawn from), exams a user may see, progress and rates
per department, a sitter's own results, re-derivation of a paper and of a result, and the annual figures.

Rates per department and the training.* metrics count an exam "family" — an exam and its make-ups — so that a
staff member who failed and passed the make-up counts as a taker who passed (docs/domain/exams.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Min, Q, QuerySet
from django.urls import reverse

from fazhi.core import clock
from fazhi.core.access import is_department_scoped
from fazhi.core.roles import user_can
from fazhi.exams import assembly
from fazhi.exams.choices import CandidateStatus, ExamKind, ExamStatus, SittingStatus
from fazhi.exams.models import Answer, Candidate, Exam, Law, PaperRule, Question, Sitting

# --- the bank -------------------------------------------------------------------------------------------------


def bank_on(*, on: dt.date, at: dt.datetime) -> QuerySet[Question]:
    """Questions in the bank at moment ``at`` whose law version is in force on ``on``."""
    return Question.objects.filter(
        Q(retired_at__isnull=True) | Q(retired_at__gt=at),
        Q(law__in_force_until__isnull=True) | Q(law__in_force_until__gt=on),
        active_from__lte=at,
        law__in_force_from__lte=on,
    )


def paper_rules(exam: Exam) -> list[PaperRule]:
    return list(exam.rules.order_by("position"))


def rule_pools(rules: Iterable[PaperRule], *, on: dt.date, at: dt.datetime) -> dict[str, list[int]]:
    """Candidate question ids per rule key (sorted), from one query over the bank on ``on`` at ``at``."""
    rules = list(rules)
    pools: dict[str, list[int]] = {r.key: [] for r in rules}
    rows = (
        bank_on(on=on, at=at)
        .filter(law__title__in={r.topic for r in rules})
        .values_list("id", "law__title", "kind", "difficulty")
    )
    for qid, title, kind, difficulty in rows:
        for r in rules:
            if r.topic == title and r.kind == kind and (r.difficulty is None or r.difficulty == difficulty):
                pools[r.key].append(qid)
    return {k: sorted(v) for k, v in pools.items()}


def laws() -> QuerySet[Law]:
    return Law.objects.order_by("title", "in_force_from")


def law_titles() -> list[str]:
    return sorted(set(Law.objects.values_list("title", flat=True)))


@dataclass(frozen=True)
class BankRow:
    title: str
    version: str
    status: str
    in_force: bool
    single: int
    multiple: int
    true_false: int

    @property
    def total(self) -> int:
        return self.single + self.multiple + self.true_false


def bank_summary(*, on: dt.date) -> list[BankRow]:
    """Current questions per law version and kind (one grouped query)."""
    counts = (
        Question.objects.filter(retired_at__isnull=True).values("law_id", "kind").annotate(n=Count("id")).order_by()
    )
    by_law: dict[int, dict[str, int]] = {}
    for row in counts:
        by_law.setdefault(row["law_id"], {})[row["kind"]] = row["n"]
    return [
        BankRow(
            law.title,
            law.version,
            law.get_status_display(),
            law.in_force_on(on),
            by_law.get(law.pk, {}).get("single", 0),
            by_law.get(law.pk, {}).get("multiple", 0),
            by_law.get(law.pk, {}).get("true_false", 0),
        )
        for law in Law.objects.order_by("title", "in_force_from")
    ]


def bank_questions(*, law_id: int | None = None, kind: str = "", q: str = "", include_retired: bool = False):
    qs = Question.objects.select_related("law")
    if not include_retired:
        qs = qs.filter(retired_at__isnull=True)
    if law_id:
        qs = qs.filter(law_id=law_id)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(stem__contains=q) | Q(code=q) | Q(article=q))
    return qs.order_by("law__title", "code", "version")


# --- who sees which exam --------------------------------------------------------------------------------------


def sees_all_exams(user: Any) -> bool:
    return user_can(user, "exams.manage") or user_can(user, "exams.results.view")


def exams_visible(user: Any) -> QuerySet[Exam]:
    """Managers and result readers see every exam; other staff see the exams they are on the roster of."""
    qs = Exam.objects.select_related("department", "makeup_of")
    if sees_all_exams(user):
        return qs
    officer_id = getattr(user, "officer_id", None)
    if not officer_id:
        return qs.none()
    return qs.filter(candidates__officer_id=officer_id, status__in=[ExamStatus.PUBLISHED, ExamStatus.CLOSED])


@dataclass(frozen=True)
class MyExam:
    exam: Exam
    candidate: Candidate
    sitting: Sitting | None

    @property
    def can_start(self) -> bool:
        now = clock.now()
        return (
            self.exam.status == ExamStatus.PUBLISHED
            and self.candidate.status == CandidateStatus.REQUIRED
            and self.exam.opens_at <= now < self.exam.closes_at
            and (self.sitting is None or self.sitting.status == SittingStatus.IN_PROGRESS)
        )


def my_exams(user: Any) -> list[MyExam]:
    """The user's own rosters (newest first) with their sitting, if any."""
    officer_id = getattr(user, "officer_id", None)
    if not officer_id:
        return []
    candidates = (
        Candidate.objects.filter(officer_id=officer_id, exam__status__in=[ExamStatus.PUBLISHED, ExamStatus.CLOSED])
        .select_related("exam")
        .order_by("-exam__opens_at")
    )
    sittings = {s.exam_id: s for s in Sitting.objects.filter(officer_id=officer_id)}
    return [MyExam(c.exam, c, sittings.get(c.exam_id)) for c in candidates]


# --- progress and rates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRate:
    department_id: int
    department: str
    required: int
    exempt: int
    takers: int
    passed: int
    average: Decimal | None

    @property
    def participation(self) -> Decimal | None:
        return _percent(self.takers, self.required)

    @property
    def pass_rate(self) -> Decimal | None:
        return _percent(self.passed, self.takers)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def family(exam: Exam) -> list[int]:
    """The exam and its make-ups (ids), starting from the original."""
    original = exam.makeup_of or exam
    return [original.pk, *original.makeups.values_list("pk", flat=True)]


def department_rates(exam: Exam, *, user: Any = None) -> list[DepartmentRate]:
    """Per department of the original exam's roster: required (应考, not exempt), exempt, takers (sat the exam or a
    make-up), passed (in any of them) and the average best score. Section chiefs see their own department."""
    original = exam.makeup_of or exam
    ids = family(original)
    roster = Candidate.objects.filter(exam=original)
    if user is not None and is_department_scoped(user):
        roster = roster.filter(department_id=user.department_id or 0)
    counts = {
        row["department_id"]: row
        for row in roster.values("department_id", "department__name").annotate(
            required=Count("id", filter=Q(status=CandidateStatus.REQUIRED)),
            exempt=Count("id", filter=Q(status=CandidateStatus.EXEMPT)),
        )
    }
    required_officers = roster.filter(status=CandidateStatus.REQUIRED).values("officer_id")
    sat = Sitting.objects.filter(exam_id__in=ids, status=SittingStatus.SUBMITTED, officer_id__in=required_officers)
    takers: dict[int, set[int]] = {}
    passers: dict[int, set[int]] = {}
    best: dict[int, int] = {}
    home = dict(roster.values_list("officer_id", "department_id"))
    for officer_id, passed, score in sat.values_list("officer_id", "passed", "score"):
        dept = home[officer_id]
        takers.setdefault(dept, set()).add(officer_id)
        if passed:
            passers.setdefault(dept, set()).add(officer_id)
        best[officer_id] = max(best.get(officer_id, 0), score or 0)
    out = []
    for dept_id, row in sorted(counts.items(), key=lambda kv: kv[1]["department__name"]):
        scores = [best[o] for o in takers.get(dept_id, set())]
        out.append(
            DepartmentRate(
                dept_id,
                row["department__name"],
                row["required"],
                row["exempt"],
                len(takers.get(dept_id, ())),
                len(passers.get(dept_id, ())),
                (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1")) if scores else None,
            )
        )
    return out


def totals(rows: list[DepartmentRate]) -> DepartmentRate:
    scored = [r for r in rows if r.average is not None]
    weight = sum(r.takers for r in scored)
    average = (
        (Decimal(sum((r.average or Decimal(0)) * r.takers for r in scored)) / weight).quantize(Decimal("0.1"))
        if weight
        else None
    )
    return DepartmentRate(
        0,
        "合计",
        sum(r.required for r in rows),
        sum(r.exempt for r in rows),
        sum(r.takers for r in rows),
        sum(r.passed for r in rows),
        average,
    )


def exam_progress(exam: Exam) -> dict[str, int]:
    """Sittings of this exam by state (for the organiser's page)."""
    now = clock.now()
    agg = Sitting.objects.filter(exam=exam).aggregate(
        started=Count("id"),
        submitted=Count("id", filter=Q(status=SittingStatus.SUBMITTED)),
        in_progress=Count("id", filter=Q(status=SittingStatus.IN_PROGRESS, deadline_at__gte=now)),
        overdue=Count("id", filter=Q(status=SittingStatus.IN_PROGRESS, deadline_at__lt=now)),
        passed=Count("id", filter=Q(passed=True)),
        average=Avg("score", filter=Q(status=SittingStatus.SUBMITTED)),
    )
    agg["candidates"] = exam.candidates.filter(status=CandidateStatus.REQUIRED).count()
    agg["exempt"] = exam.candidates.filter(status=CandidateStatus.EXEMPT).count()
    return agg


def sitting_list(exam: Exam, *, user: Any) -> QuerySet[Sitting]:
    qs = Sitting.objects.filter(exam=exam).select_related("officer", "department")
    if is_department_scoped(user):
        qs = qs.filter(department_id=user.department_id or 0)
    return qs.order_by("department__name", "officer__certificate_number")


def paper(sitting: Sitting) -> list[Answer]:
    return list(Answer.objects.filter(sitting=sitting).select_related("question", "question__law").order_by("position"))


# --- re-derivation --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rederivation:
    paper_matches: bool
    pool_matches: bool
    result_matches: bool | None  # None while the sitting is open


def rederive(sitting: Sitting) -> Rederivation:
    """Draw the paper again from the recorded seed and the bank as it stood at the start, and recompute the
    result digest from the stored answers: any change to the bank's history, the paper or a result shows here."""
    rules = paper_rules(sitting.exam)
    pools = rule_pools(rules, on=sitting.paper_date, at=sitting.started_at)
    slots = assembly.assemble(sitting.seed, [r.as_rule() for r in rules], pools)
    stored = list(Answer.objects.filter(sitting=sitting).order_by("position").values_list("position", "question_id",
                                                                                          "response", "points"))  # fmt: skip
    paper_ok = [(s.position, s.question_id, s.points) for s in slots] == [(p, q, pts) for p, q, _r, pts in stored]
    result_ok = None
    if sitting.status == SittingStatus.SUBMITTED:
        digest = assembly.result_digest(
            sitting_id=sitting.pk,
            seed=sitting.seed,
            responses=[(p, q, r) for p, q, r, _pts in stored],
            total=sitting.score or 0,
        )
        answers = dict(Question.objects.filter(pk__in=[q for _p, q, _r, _s in stored]).values_list("pk", "answer"))
        total, _marks = assembly.score([(r, answers[q], pts) for _p, q, r, pts in stored])
        result_ok = digest == sitting.result_digest and total == sitting.score
    return Rederivation(paper_ok, assembly.pool_digest(pools) == sitting.pool_digest, result_ok)


# --- annual figures (training.exam_*) -------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnualFigures:
    required: int
    takers: int
    required_takers: int
    passed: int


def _annual_family(year: int) -> tuple[QuerySet[Exam], QuerySet[Exam]]:
    """The year's published annual exams (originals) and the exams of their families (originals and make-ups)."""
    originals = Exam.objects.filter(kind=ExamKind.ANNUAL, year=year, makeup_of__isnull=True).exclude(
        status=ExamStatus.DRAFT
    )
    return originals, Exam.objects.filter(Q(pk__in=originals) | Q(makeup_of__in=originals))


def annual_figures(year: int) -> AnnualFigures:
    """The annual law exam (年度学法用法考试) of ``year`` with its make-ups: staff required by the original exams'
    rosters, staff who submitted a sitting, how many of the required did, and how many takers passed."""
    originals, family_exams = _annual_family(year)
    required = set(
        Candidate.objects.filter(exam__in=originals, status=CandidateStatus.REQUIRED).values_list(
            "officer_id", flat=True
        )
    )
    submitted = Sitting.objects.filter(exam__in=family_exams, status=SittingStatus.SUBMITTED)
    takers = set(submitted.values_list("officer_id", flat=True))
    passed = set(submitted.filter(passed=True).values_list("officer_id", flat=True))
    return AnnualFigures(len(required), len(takers), len(takers & required), len(passed))


def _one_row_per_officer(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    first = candidates.order_by().values("officer_id").annotate(first=Min("pk")).values("first")
    return (
        Candidate.objects.filter(pk__in=first)
        .select_related("officer", "department")
        .order_by("department__name", "officer__name", "pk")
    )


def annual_required_records(year: int) -> QuerySet[Candidate]:
    """The staff the year's annual exams required (not exempt): the denominator of the participation rate."""
    originals, _family = _annual_family(year)
    return _one_row_per_officer(Candidate.objects.filter(exam__in=originals, status=CandidateStatus.REQUIRED))


def annual_taker_records(year: int) -> QuerySet[Candidate]:
    """The staff who handed in a paper of the year's annual exams or their make-ups (one roster row each): the
    takers, the denominator of the pass rate."""
    _originals, family_exams = _annual_family(year)
    takers = Sitting.objects.filter(exam__in=family_exams, status=SittingStatus.SUBMITTED).values("officer_id")
    return _one_row_per_officer(Candidate.objects.filter(exam__in=family_exams, officer_id__in=takers))


def exam_takers(year: int) -> int | None:
    figures = annual_figures(year)
    return figures.takers if figures.required or figures.takers else None


def exam_participation_rate(year: int) -> Decimal | None:
    figures = annual_figures(year)
    return _percent(figures.required_takers, figures.required)


def exam_pass_rate(year: int) -> Decimal | None:
    figures = annual_figures(year)
    return _percent(figures.passed, figures.takers)


# --- home page ------------------------------------------------------------------------------------------------


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "exams.view"):
        return []
    items = []
    for row in my_exams(user)[:10]:
        if row.can_start:
            items.append(
                {
                    "text": row.exam.title,
                    "url": reverse("exams:exam_detail", args=[row.exam.pk]),
                    "note": f"截止 {row.exam.closes_at.astimezone(clock.SHANGHAI):%m-%d %H:%M}",
                    "tone": "warn",
                }
            )
    if not items and not user_can(user, "exams.manage"):
        return []
    return [{"title": "学法用法考试", "link": reverse("exams:home"), "items": items, "figures": []}]
