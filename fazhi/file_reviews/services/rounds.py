"""A review round from plan to close: create, select the files (verifiable draw or criteria) with their reviewers,
start, grade, send the feedback, close or cancel. One service per step; each locks the round, checks its revision,
takes the transition from the pure table and writes an audit event per changed record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q

from fazhi.cases.models import Case, LegalReview
from fazhi.core import numbering, revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record, audit_records
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.core.roles import user_can
from fazhi.file_reviews import workflow
from fazhi.file_reviews.choices import FileState, RectificationStatus, SeedKind, SelectionMethod
from fazhi.file_reviews.models import LiveScore, Rectification, ReviewFile, ReviewRound
from fazhi.rulebook import draws_v1 as draws  # fazhi-draw/1 (docs/draw-algorithm-v1.md)
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError

E = workflow.RoundEvent
REVIEWABLE_STATES = ("closed", "archived")
REVIEWABLE_PROCEDURES = ("ordinary", "fast_track")
MAX_FILES = 1000  # a round of more files is almost certainly a mistaken criterion (a sanity bound, not law)


def _rubric(day: dt.date) -> engine.Rubric:
    try:
        return engine.rubric_on(day)
    except RulebookError as exc:
        raise from_rulebook(exc, field="started_on") from exc


def _transition(review_round: ReviewRound, event: workflow.RoundEvent, *, actor: Any, fields: dict[str, Any], facts: dict[str, Any] | None = None, expected_revision: int | None = None) -> ReviewRound:  # fmt: skip
    with transaction.atomic():
        locked = revision.lock(review_round, revision=expected_revision, what="评查活动")
        before = locked.status
        nxt = workflow.round_target(locked.status, event)
        locked.status = nxt.value
        for name, value in fields.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, ["status", *fields], original=review_round)
        audit_record(
            action=f"file_reviews.round_{event.value}",
            target=review_round,
            actor=actor,
            changes={"status": [before, nxt.value], **fields, **(facts or {})},
        )
    return review_round


def round_create(
    *,
    title: str,
    started_on: Any,
    due_on: Any,
    method: str,
    decided_from: Any,
    decided_to: Any,
    panel: Sequence[Any],
    departments: Iterable[Any] = (),
    domains: Iterable[str] = (),
    min_amount: Any = None,
    max_live_score: Any = None,
    sample_size: Any = None,
    team_size: Any = 2,
    actor: Any,
) -> ReviewRound:
    """Plan a round: the scope of files, how they are chosen, the reviewer panel and the rubric in force."""
    require(actor, "file_reviews.organise")
    today = legal_today()
    title = validation.text(title, field="title", max_chars=200, required=True, what="评查活动名称")
    started = validation.step_date(started_on, today=today, field="started_on", what="开始日期")
    due = validation.parse_date(due_on, field="due_on")
    assert due is not None
    if due < started:
        raise DomainError("date.too_early", "评查完成期限不能早于开始日期", field="due_on")
    d_from = validation.parse_date(decided_from, field="decided_from")
    d_to = validation.parse_date(decided_to, field="decided_to")
    assert d_from is not None and d_to is not None
    if d_to < d_from:
        raise DomainError("date.too_early", "案卷范围的截止日期不能早于起始日期", field="decided_to")
    if d_to > started:
        raise DomainError(
            "file_reviews.scope_after_start", "只能评查开始日期前已作出决定的案卷，请调整案卷范围", field="decided_to"
        )
    if method not in SelectionMethod.values:
        raise DomainError("file_reviews.bad_method", "请选择随机抽取或按条件选取", field="method")
    size = validation.bounded_int(sample_size, field="sample_size", minimum=1, maximum=MAX_FILES, required=False)
    if method == SelectionMethod.DRAW and size is None:
        raise DomainError("cell.required", "随机抽取须填写抽取案卷数", field="sample_size")
    team = validation.bounded_int(team_size, field="team_size", minimum=2, maximum=5)
    assert team is not None  # required
    amount = validation.amount(min_amount, field="min_amount", required=False)
    live_max = validation.bounded_int(max_live_score, field="max_live_score", minimum=0, maximum=100, required=False)
    from fazhi.cases.choices import Domain

    domain_list = sorted(set(domains))
    unknown = [d for d in domain_list if d not in Domain.values]
    if unknown:
        raise DomainError("file_reviews.bad_domain", f"未知的执法领域：{'、'.join(unknown)}", field="domains")
    members = list(panel)
    if len(members) < team:
        raise DomainError(
            "file_reviews.panel_too_small", f"评查人员名单至少需要 {team} 人（每卷 {team} 名评查人员）", field="panel"
        )
    not_reviewers = [str(u) for u in members if not user_can(u, "file_reviews.score") or u.department_id is None]
    if not_reviewers:
        raise DomainError(
            "file_reviews.not_a_reviewer",
            f"{'、'.join(not_reviewers)} 不能担任评查人员（角色无评查权限或未设置所属部门）",
            field="panel",
        )
    rubric = _rubric(started)
    with transaction.atomic():
        sequence = numbering.next_number("file_reviews.round", started.year)
        review_round = ReviewRound(
            number=numbering.bureau_number("评查", started.year, sequence),
            year=started.year,
            title=title,
            method=method,
            rubric_id=rubric.id,
            started_on=started,
            due_on=due,
            decided_from=d_from,
            decided_to=d_to,
            domains=domain_list,
            min_amount=amount,
            max_live_score=live_max,
            sample_size=size,
            team_size=team,
            created_by=actor,
        )
        review_round.full_clean()
        review_round.save(force_insert=True)
        review_round.panel.set(members)
        review_round.departments.set(list(departments))
        audit_record(
            action="file_reviews.round_create",
            target=review_round,
            actor=actor,
            changes={
                "number": review_round.number,
                "title": title,
                "method": method,
                "rubric": rubric.id,
                "scope": [d_from, d_to],
                "sample_size": size,
                "panel": [u.pk for u in members],
            },
        )
    return review_round


# ------------------------------------------------------------------------------------------- selection


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
        _transition(
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


def round_start(*, review_round: ReviewRound, expected_revision: int | None = None, actor: Any) -> ReviewRound:
    require(actor, "file_reviews.organise")
    unstaffed = list(
        review_round.files.annotate(n=Count("reviewers"))
        .filter(n__lt=review_round.team_size)
        .values_list("case__number", flat=True)[:10]
    )
    if unstaffed:
        raise DomainError("file_reviews.unstaffed", f"以下案卷评查人员不足：{'、'.join(unstaffed[:10])}")
    return _transition(review_round, E.START, actor=actor, fields={}, expected_revision=expected_revision)


def round_grade(*, review_round: ReviewRound, on: Any, summary: str = "", expected_revision: int | None = None, actor: Any) -> ReviewRound:  # fmt: skip
    """评定等次: every file scored; the grades are fixed from here on."""
    require(actor, "file_reviews.organise")
    day = validation.step_date(
        on, today=legal_today(), not_before=review_round.started_on, previous="评查开始", what="评定日期"
    )
    summary = validation.text(summary, field="summary", max_chars=validation.LONG_TEXT_MAX)
    unscored = review_round.files.exclude(status=FileState.SCORED).count()
    if unscored:
        raise DomainError("file_reviews.files_unscored", f"还有 {unscored} 卷案卷未评分，不能评定等次")
    return _transition(
        review_round,
        E.GRADE,
        actor=actor,
        fields={"graded_on": day, "summary": summary},
        expected_revision=expected_revision,
    )


def _issues(file: ReviewFile, rubric: engine.Rubric) -> str:
    lines = []
    for score in file.scores.filter(Q(deduction__gt=0) | Q(veto_failed=True)).order_by("id"):
        cp = rubric.checkpoint(score.checkpoint_id)
        veto = "（否决项）" if score.veto_failed else ""
        lines.append(f"{rubric.item(cp.item_id).label}：{cp.text}{veto}，扣 {score.deduction} 分。{score.note}".strip())
    return "\n".join(lines)


def round_send_feedback(
    *, review_round: ReviewRound, on: Any, rectification_due_on: Any, expected_revision: int | None = None, actor: Any
) -> ReviewRound:
    """反馈: each file that lost points goes to its handling department with the findings and a due date."""
    require(actor, "file_reviews.organise")
    day = validation.step_date(
        on, today=legal_today(), not_before=review_round.graded_on, previous="评定", what="反馈日期"
    )
    due = validation.parse_date(rectification_due_on, field="rectification_due_on")
    assert due is not None
    if due <= day:
        raise DomainError("date.too_early", "整改期限应晚于反馈日期", field="rectification_due_on")
    rubric = engine.rubric_by_id(review_round.rubric_id)
    files = [
        f
        for f in review_round.files.select_related("case").prefetch_related("scores")
        if (f.total or 0) < rubric.total_points or f.veto_failed
    ]
    if not files:
        raise DomainError("file_reviews.nothing_to_rectify", "所有案卷均为满分，无需整改，可直接完成评查")
    with transaction.atomic():
        _transition(
            review_round,
            E.SEND_FEEDBACK,
            actor=actor,
            fields={"feedback_on": day, "rectification_due_on": due},
            facts={"rectifications": len(files)},
            expected_revision=expected_revision,
        )
        rects = [
            Rectification(file=f, department_id=f.department_id, issues=_issues(f, rubric), sent_on=day, due_on=due)
            for f in files
        ]
        Rectification.objects.bulk_create(rects)
        audit_records(
            action="file_reviews.rectification_open",
            items=[("file_reviews.rectification", r.pk, {"case": r.file.case.number, "due_on": due}) for r in rects],
            actor=actor,
        )
    return review_round


def round_close(*, review_round: ReviewRound, on: Any, expected_revision: int | None = None, actor: Any) -> ReviewRound:
    """完成: after feedback, every rectification verified; without feedback, only when no file lost points."""
    require(actor, "file_reviews.organise")
    previous = review_round.feedback_on or review_round.graded_on
    day = validation.step_date(on, today=legal_today(), not_before=previous, previous="上一步骤", what="完成日期")
    open_ = Rectification.objects.filter(file__round=review_round).exclude(status=RectificationStatus.VERIFIED).count()
    if open_:
        raise DomainError("file_reviews.rectifications_open", f"还有 {open_} 项整改未销号，不能完成评查")
    if review_round.status == workflow.RoundState.GRADED:
        rubric = engine.rubric_by_id(review_round.rubric_id)
        lost = review_round.files.filter(Q(total__lt=rubric.total_points)).count()
        if lost:
            raise DomainError("file_reviews.feedback_required", f"有 {lost} 卷案卷被扣分，请先反馈评查意见、部署整改")
    return _transition(
        review_round, E.CLOSE, actor=actor, fields={"closed_on": day}, expected_revision=expected_revision
    )


def round_cancel(*, review_round: ReviewRound, reason: str, expected_revision: int | None = None, actor: Any) -> ReviewRound:  # fmt: skip
    require(actor, "file_reviews.organise")
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="撤销理由")
    return _transition(
        review_round, E.CANCEL, actor=actor, fields={}, facts={"reason": reason}, expected_revision=expected_revision
    )


__all__ = [
    "candidate_cases",
    "file_reassign",
    "reviewer_conflict",
    "round_cancel",
    "round_close",
    "round_create",
    "round_grade",
    "round_select",
    "round_send_feedback",
    "round_start",
    "round_verify",
]
