"""Select the files of a round (抽取) with their reviewers, verify the draw, and change a file's reviewers under
the same 回避 rules.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F

from fazhi.cases.models import Case, LegalReview
from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record, audit_records
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.core.roles import user_can
from fazhi.file_reviews import workflow
from fazhi.file_reviews.choices import FileState, SeedKind, SelectionMethod
from fazhi.file_reviews.models import LiveScore, ReviewFile, ReviewRound
from fazhi.file_reviews.services.rounds.common import (
    MAX_FILES,
    REVIEWABLE_PROCEDURES,
    REVIEWABLE_STATES,
    E,
    transition,
)
from fazhi.rulebook import draws_v1 as draws  # fazhi-draw/1 (docs/draw-algorithm-v1.md)
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError


def candidate_cases(review_round: ReviewRound) -> list[Case]:
    """Concluded case files within the round's scope not yet in another (non-cancelled) round."""
    qs = Case.objects.filter(
        state__in=REVIEWABLE_STATES,
        procedure__in=REVIEWABLE_PROCEDURES,
        decided_on__gte=review_round.decided_from,
        decided_on__lte=review_round.decided_to,
    )
    department_ids = list(review_round.departments.values_list("pk", flat=True))
    if department_ids:
        qs = qs.filter(department_id__in=department_ids)
    if review_round.domains:
        qs = qs.filter(domain__in=review_round.domains)
    if review_round.min_amount is not None:
        qs = qs.annotate(amount=F("fine") + F("confiscation")).filter(amount__gte=review_round.min_amount)
    if review_round.max_live_score is not None:
        qs = qs.filter(pk__in=LiveScore.objects.filter(score__lte=review_round.max_live_score).values("case_id"))
    taken = ReviewFile.objects.exclude(round__status=workflow.RoundState.CANCELLED).values("case_id")
    return list(qs.exclude(pk__in=taken).select_related("department").order_by("pk"))


def _code(case_id: int) -> str:
    return f"C{case_id}"


def _reviewer_code(user: Any) -> str:
    return f"U{user.pk}"


def _conflicts(cases: Sequence[Case], panel: Sequence[Any], rubric: engine.Rubric) -> list[tuple[str, str, str]]:
    """回避: a panel member who handled, decided or legally reviewed the case; with cross review, every member of
    the handling department (the rubric's reviewer rules say which apply)."""
    rules = rubric.reviewer_rules
    ids = [c.pk for c in cases]
    by_officer: dict[int, list[Any]] = {}
    for u in panel:
        if u.officer_id:
            by_officer.setdefault(u.officer_id, []).append(u)
    panel_ids = {u.pk: u for u in panel}
    out: list[tuple[str, str, str]] = []
    if "not_handler" in rules:
        for case_id, officer_id in Case.officers.through.objects.filter(case_id__in=ids).values_list(
            "case_id", "officer_id"
        ):
            for u in by_officer.get(officer_id, ()):
                out.append((_reviewer_code(u), _code(case_id), "本人承办"))
        for c in cases:
            if c.decided_by_id in panel_ids:
                out.append((_reviewer_code(panel_ids[c.decided_by_id]), _code(c.pk), "本人作出决定"))
        for case_id, requested, reviewer in LegalReview.objects.filter(case_id__in=ids).values_list(
            "case_id", "requested_by_id", "reviewer_id"
        ):
            for uid in (requested, reviewer):
                if uid in panel_ids:
                    out.append((_reviewer_code(panel_ids[uid]), _code(case_id), "本人参与法制审核"))
    if "cross_department" in rules:
        for c in cases:
            for u in panel:
                if u.department_id == c.department_id:
                    out.append((_reviewer_code(u), _code(c.pk), "本部门承办（交叉评查）"))
    return out


def round_select(
    *,
    review_round: ReviewRound,
    on: Any,
    seed_kind: str = SeedKind.CSPRNG,
    seed_value: str = "",
    seed_source: str = "",
    expected_revision: int | None = None,
    actor: Any,
) -> ReviewRound:
    """抽取: freeze the candidate files and the panel, then run the verifiable draw (``fazhi.rulebook.draws``):
    a random sample of ``sample_size`` files (or every file meeting the criteria) and a lawful team of reviewers
    for each — none who handled the case, none of its department under cross review. The full record is stored
    so that anyone can re-run it (``round_verify``)."""
    require(actor, "file_reviews.organise")
    today = legal_today()
    day = validation.step_date(
        on, today=today, not_before=review_round.started_on, previous="评查开始", what="抽取日期"
    )
    if seed_kind not in SeedKind.values:
        raise DomainError("file_reviews.bad_seed", "请选择随机数类型", field="seed_kind")
    if seed_kind == SeedKind.PUBLIC_ANNOUNCED:
        seed_value = validation.text(seed_value, field="seed_value", max_chars=200, required=True, what="公开随机数")
        seed_source = validation.text(seed_source, field="seed_source", max_chars=300, required=True, what="随机数来源")
    else:
        seed_value, seed_source = secrets.token_hex(32), "系统密码学安全随机数（secrets.token_hex）"
    rubric = engine.rubric_by_id(review_round.rubric_id)
    cases = candidate_cases(review_round)
    if not cases:
        raise DomainError(
            "file_reviews.no_candidates", "案卷范围内没有可评查的已结案案卷，请调整范围", field="decided_from"
        )
    if review_round.method == SelectionMethod.CRITERIA and len(cases) > MAX_FILES:
        raise DomainError(
            "file_reviews.too_many_files",
            f"符合条件的案卷有 {len(cases)} 卷，超过 {MAX_FILES} 卷，请缩小范围或改为随机抽取",
        )
    panel = list(review_round.panel.select_related("department"))
    homeless = [str(u) for u in panel if u.department is None]
    if homeless:
        raise DomainError("file_reviews.not_a_reviewer", f"{'、'.join(homeless)} 未设置所属部门，不能参加交叉评查")
    size = review_round.sample_size if review_round.method == SelectionMethod.DRAW else len(cases)
    try:
        record = draws.run_draw(
            candidates=[draws.Candidate(_code(c.pk), None) for c in cases],
            parameters=draws.DrawParameters(size=size, team_size=review_round.team_size),
            seed=draws.Seed(kind=seed_kind, value=seed_value, source=seed_source),  # type: ignore[arg-type]
            inspectors=[draws.Inspector(_reviewer_code(u), u.department.code) for u in panel if u.department],
            conflicts=_conflicts(cases, panel, rubric),
        )
    except RulebookError as exc:
        field = "sample_size" if exc.code == "draw.size_exceeds_pool" else None
        raise from_rulebook(exc, field=field) from exc
    by_code = {_code(c.pk): c for c in cases}
    users = {_reviewer_code(u): u for u in panel}
    teams = {t["uscc"]: t["inspectors"] for t in record["result"]["teams"]}
    with transaction.atomic():
        transition(
            review_round,
            E.SELECT,
            actor=actor,
            fields={
                "seed_kind": seed_kind,
                "seed_value": seed_value,
                "seed_source": seed_source,
                "draw_record": record,
                "draw_hash": record["record_hash"],
                "selected_on": day,
            },
            facts={"files": len(record["result"]["selected"]), "pool": len(cases)},
            expected_revision=expected_revision,
        )
        files = [
            ReviewFile(
                round=review_round,
                case=by_code[s["uscc"]],
                department_id=by_code[s["uscc"]].department_id,
                draw_rank=s["rank"],
            )
            for s in record["result"]["selected"]
        ]
        ReviewFile.objects.bulk_create(files)
        through = ReviewFile.reviewers.through
        through.objects.bulk_create(
            [through(reviewfile_id=f.pk, user_id=users[code].pk) for f in files for code in teams[_code(f.case_id)]]
        )
        audit_records(
            action="file_reviews.file_select",
            items=[
                (
                    "file_reviews.reviewfile",
                    f.pk,
                    {"case": f.case.number, "rank": f.draw_rank, "reviewers": teams[_code(f.case_id)]},
                )
                for f in files
            ],
            actor=actor,
        )
    return review_round


def round_verify(review_round: ReviewRound) -> draws.VerifyResult:
    """Re-run the stored draw record (anyone can: the algorithm and inputs are in it)."""
    if not review_round.draw_record:
        raise DomainError("file_reviews.not_drawn", "该评查活动尚未抽取案卷")
    try:
        return draws.verify_record(review_round.draw_record)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def reviewer_conflict(file: ReviewFile, user: Any) -> str | None:
    """Why ``user`` may not review ``file`` (the same rules as the draw), or None."""
    rubric = engine.rubric_by_id(file.round.rubric_id)
    for _cert, _case, reason in _conflicts([file.case], [user], rubric):
        return reason
    return None


def file_reassign(*, file: ReviewFile, reviewers: Sequence[Any], reason: str, actor: Any) -> ReviewFile:
    """Replace a file's reviewers (illness, a conflict declared late) before it is scored; the same 回避 rules
    apply as in the draw, and the reason is recorded."""
    require(actor, "file_reviews.organise")
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="调整理由")
    members = list(dict.fromkeys(reviewers))
    if len(members) < file.round.team_size:
        raise DomainError(
            "file_reviews.panel_too_small", f"每卷至少需要 {file.round.team_size} 名评查人员", field="reviewers"
        )
    for u in members:
        if not user_can(u, "file_reviews.score"):
            raise DomainError("file_reviews.not_a_reviewer", f"{u} 的角色不能担任评查人员", field="reviewers")
        why = reviewer_conflict(file, u)
        if why:
            raise DomainError("file_reviews.reviewer_conflict", f"{u} 应当回避：{why}", field="reviewers")
    with transaction.atomic():
        locked = revision.lock(file, what="评查案卷")
        if (
            workflow.RoundState(locked.round.status) not in workflow.REASSIGN_STATES
            or locked.status != FileState.ASSIGNED
        ):
            raise DomainError(
                "file_reviews.reassign_closed", "案卷已评分或评查活动不在抽取、评查阶段，不能调整评查人员"
            )
        before = sorted(locked.reviewers.values_list("pk", flat=True))
        locked.reviewers.set(members)
        revision.save_bumped(locked, [], original=file)
        audit_record(
            action="file_reviews.file_reassign",
            target=file,
            actor=actor,
            changes={"reviewers": [before, sorted(u.pk for u in members)], "reason": reason},
        )
    return file
