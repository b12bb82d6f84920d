"""Select the files of a round (抽取) with their reviewers, verify the draw, and change a file's reviewers under
the same 回避 rules.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fazhi.cases.models import Case, LegalReview
from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record, audit_records
from fazhi.core.clock import legal_today, now
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
from fazhi.rulebook import (
    draws,  # fazhi-draw/2 (docs/draw-algorithm.md)
    draws_v1,  # rounds drawn before the commitment (docs/draw-algorithm-v1.md)
)
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


SECRET_SOURCE = "系统密钥（secrets.token_hex，固定案卷库时先记录其 SHA-256 承诺值，抽取时公开）"
DEMO_SECRET_SOURCE = (
    "系统密钥（演示数据：由演示生成器按 --seed 确定性生成，不是真实随机数；固定案卷库时先记录其承诺值，抽取时公开）"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _record_time(moment: dt.datetime) -> str:
    """A stored moment as the record writes it: Beijing time, whole seconds, with its offset."""
    return draws.time_text(moment.astimezone(SHANGHAI))


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


def _frozen(review_round: ReviewRound) -> tuple[draws.CandidatePool, draws.InspectorPool, draws.ConflictSet]:
    """The pool, panel and 回避 list as fixed by ``round_commit`` (checked against the hash fixed then)."""
    codes = list(review_round.pool_codes or [])
    try:
        pool = draws.freeze_lists(codes, [None] * len(codes), salt=review_round.pool_salt)
        inspectors = draws.freeze_inspectors(tuple(row) for row in review_round.panel_codes or [])
        conflicts = draws.freeze_conflicts(
            (tuple(row) for row in review_round.conflict_rows or []), salt=review_round.pool_salt
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if pool.hash != review_round.pool_hash:
        raise DomainError("file_reviews.pool_damaged", "固定的案卷库与当时的哈希不一致，已停止，请联系系统管理员。")
    return pool, inspectors, conflicts


def round_commit(
    *,
    review_round: ReviewRound,
    seed_kind: str = SeedKind.CSPRNG,
    lottery_source: str = "",
    lottery_draw_at: Any = None,
    expected_revision: int | None = None,
    actor: Any,
    token_hex: Callable[[int], str] = secrets.token_hex,
) -> ReviewRound:
    """固定案卷库和随机数 (commit): freeze the candidate files, the reviewer panel and the 回避 list, fix their hash,
    and fix the seed before anyone can see what it draws — a system secret whose SHA-256 commitment is recorded
    now and revealed by the draw, or a named public lottery draw that has not taken place yet. The draw
    (``round_select``) can only use this seed (issue 12: no seed shopping). ``token_hex`` (salt and secret) is the
    CSPRNG; only the demo generator passes its own deterministic stream, and the seed's source then says so."""
    require(actor, "file_reviews.organise")
    workflow.round_target(review_round.status, E.COMMIT)  # once per round: refused before any work
    at = now().replace(microsecond=0)
    if seed_kind not in SeedKind.values:
        raise DomainError("file_reviews.bad_seed", "请选择随机数类型", field="seed_kind")
    if seed_kind == SeedKind.PUBLIC_ANNOUNCED:
        lottery_source = validation.text(
            lottery_source,
            field="lottery_source",
            max_chars=300,
            required=True,
            what="采用的开奖（如福彩3D 第2023150期）",
        )
        if not isinstance(lottery_draw_at, dt.datetime):
            raise DomainError("cell.required", "请填写开奖时间（年月日时分）", field="lottery_draw_at")
        if timezone.is_naive(lottery_draw_at):
            lottery_draw_at = timezone.make_aware(lottery_draw_at)
        if lottery_draw_at <= at:
            raise DomainError(
                "file_reviews.lottery_not_future",
                "只能采用尚未开奖的一期：开奖时间须晚于现在（开奖号码在固定案卷库之后才产生）",
                field="lottery_draw_at",
            )
        secret, source, fixed_at = "", lottery_source, lottery_draw_at
    else:
        source = SECRET_SOURCE if token_hex is secrets.token_hex else DEMO_SECRET_SOURCE
        secret, fixed_at = token_hex(32), at
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
    if review_round.method == SelectionMethod.DRAW and (review_round.sample_size or 0) > len(cases):
        raise DomainError(
            "file_reviews.sample_exceeds_pool",
            f"案卷范围内只有 {len(cases)} 卷，少于抽取案卷数 {review_round.sample_size}，请调整范围或抽取数",
            field="sample_size",
        )
    panel = list(review_round.panel.select_related("department"))
    homeless = [str(u) for u in panel if u.department is None]
    if homeless:
        raise DomainError("file_reviews.not_a_reviewer", f"{'、'.join(homeless)} 未设置所属部门，不能参加交叉评查")
    rubric = engine.rubric_by_id(review_round.rubric_id)
    salt = token_hex(32)
    try:
        pool = draws.freeze_lists(sorted(_code(c.pk) for c in cases), [None] * len(cases), salt=salt)
        inspectors = draws.freeze_inspectors((_reviewer_code(u), u.department.code) for u in panel if u.department)
        conflicts = draws.freeze_conflicts(_conflicts(cases, panel, rubric), salt=salt)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    return transition(
        review_round,
        E.COMMIT,
        actor=actor,
        fields={
            "committed_at": at,
            "pool_codes": list(pool.usccs),
            "pool_salt": salt,
            "pool_hash": pool.hash,
            "panel_codes": [list(i) for i in inspectors.inspectors],
            "conflict_rows": [list(c) for c in conflicts.conflicts],
            "seed_kind": seed_kind,
            "seed_source": source,
            "seed_commitment": draws.seed_commitment(secret) if secret else "",
            "seed_secret": secret,
            "seed_fixed_at": fixed_at,
        },
        facts={"pool": len(pool), "panel": len(inspectors.inspectors), "conflicts": len(conflicts.conflicts)},
        audit_exclude=("pool_codes", "pool_salt", "panel_codes", "conflict_rows", "seed_secret"),
        expected_revision=expected_revision,
    )


def round_select(
    *,
    review_round: ReviewRound,
    on: Any,
    expected_revision: int | None = None,
    actor: Any,
) -> ReviewRound:
    """抽取: run the verifiable draw (``fazhi.rulebook.draws``, fazhi-draw/2) over what ``round_commit`` fixed,
    with the seed fixed then — a random sample of ``sample_size`` files (or every file meeting the criteria) and
    a lawful team of reviewers for each (none who handled the case, none of its department under cross review).
    The system secret is revealed now; the lottery numbers must have been entered by two people and agreed
    (``round_seed_enter``) after the draw took place. The record head is stored; ``round_record_chunks`` writes the
    record file that ``fazhi draw verify`` checks."""
    require(actor, "file_reviews.organise")
    at = now().replace(microsecond=0)
    today = legal_today()
    day = validation.step_date(
        on, today=today, not_before=review_round.started_on, previous="评查开始", what="抽取日期"
    )
    workflow.round_target(review_round.status, E.SELECT)  # only after the commitment (名录库和随机数先固定)
    if review_round.committed_at is None:  # a committed round always has it (kept as a guard on damaged data)
        raise DomainError("file_reviews.not_committed", "请先固定案卷库和随机数，再抽取")
    if review_round.seed_kind == SeedKind.PUBLIC_ANNOUNCED:
        assert review_round.seed_fixed_at is not None
        if not review_round.seed_value or review_round.seed_confirmed_at is None:
            drawn = at >= review_round.seed_fixed_at
            raise DomainError(
                "file_reviews.seed_not_entered" if drawn else "file_reviews.lottery_not_drawn",
                "开奖号码须由两个不同的人分别录入且一致后才能抽取：请先“录入开奖号码”（两人各录入一遍）"
                if drawn
                else f"所采用的一期尚未开奖（开奖时间 {timezone.localtime(review_round.seed_fixed_at):%Y-%m-%d %H:%M}），"
                "开奖后由两人分别录入开奖号码，再抽取",
            )
        seed_value = review_round.seed_value
        seed = draws.Seed(
            kind="lottery",
            value=seed_value,
            source=review_round.seed_source,
            announced_at=_record_time(review_round.committed_at),
            fixed_at=_record_time(review_round.seed_fixed_at),
            confirmed_at=_record_time(review_round.seed_confirmed_at.replace(microsecond=0)),
        )
    else:
        seed_value = review_round.seed_secret
        seed = draws.Seed(
            kind="secret",
            value=seed_value,
            source=review_round.seed_source,
            announced_at=_record_time(review_round.committed_at),
            fixed_at=_record_time(review_round.committed_at),
            commitment=review_round.seed_commitment,
        )
    pool, inspectors, conflicts = _frozen(review_round)
    size = review_round.sample_size if review_round.method == SelectionMethod.DRAW else len(pool)
    committed = _record_time(review_round.committed_at)
    try:
        head = draws.run_draw(
            pool=pool,
            parameters=draws.DrawParameters(size=size, team_size=review_round.team_size),
            seed=seed,
            timeline=draws.Timeline(
                plan_published_at=committed, pool_published_at=committed, drawn_at=_record_time(at)
            ),
            inspectors=inspectors,
            conflicts=conflicts,
            task={"kind": "file_review_round", "number": review_round.number, "title": review_round.title},
        )
    except RulebookError as exc:
        field = "sample_size" if exc.code == "draw.size_exceeds_pool" else None
        raise from_rulebook(exc, field=field) from exc
    case_ids = [int(s["uscc"][1:]) for s in head["result"]["selected"]]
    by_code = {_code(c.pk): c for c in Case.objects.filter(pk__in=case_ids).select_related("department")}
    users = {_reviewer_code(u): u for u in review_round.panel.all()}
    teams = {t["uscc"]: t["inspectors"] for t in head["result"]["teams"]}
    with transaction.atomic():
        transition(
            review_round,
            E.SELECT,
            actor=actor,
            fields={
                "seed_value": seed_value,
                "draw_record": head,
                "draw_hash": head["record_hash"],
                "selected_on": day,
            },
            facts={"files": len(head["result"]["selected"]), "pool": len(pool)},
            audit_exclude=("draw_record",),
            expected_revision=expected_revision,
        )
        files = [
            ReviewFile(
                round=review_round,
                case=by_code[s["uscc"]],
                department_id=by_code[s["uscc"]].department_id,
                draw_rank=s["rank"],
            )
            for s in head["result"]["selected"]
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


def draw_version(review_round: ReviewRound) -> int:
    """1 for a round drawn under fazhi-draw/1 (kept verifiable as it was), 2 since the committed-seed draw."""
    record = review_round.draw_record or {}
    return 1 if record.get("algorithm") == draws_v1.ALGORITHM else 2


def round_record_chunks(review_round: ReviewRound, *, disclosure: str) -> Iterator[str]:
    """The record file of a fazhi-draw/2 round (``fazhi draw verify`` checks it): public (without the salt and
    the 回避 reasons) or full."""
    if not review_round.draw_record or draw_version(review_round) != 2:
        raise DomainError("file_reviews.not_drawn", "该评查活动没有可下载的抽取记录文件")
    pool, _inspectors, conflicts = _frozen(review_round)
    return draws.record_chunks(review_round.draw_record, pool, disclosure=disclosure, conflicts=conflicts)  # type: ignore[arg-type]


def round_verify(review_round: ReviewRound) -> draws.VerifyReport | draws_v1.VerifyResult:
    """Re-run the stored draw (anyone can: the record file carries the algorithm and every input). A
    fazhi-draw/2 round is checked from its full record file like ``fazhi draw verify`` does (commitments and the
    publication order included); a fazhi-draw/1 round from its stored JSON record, as before."""
    if not review_round.draw_record:
        raise DomainError("file_reviews.not_drawn", "该评查活动尚未抽取案卷")
    try:
        if draw_version(review_round) == 1:
            return draws_v1.verify_record(review_round.draw_record)
        text = "".join(round_record_chunks(review_round, disclosure="full"))
        head, _, body = text.partition("\n")
        return draws.verify_stream(head, lambda: [body.encode("ascii")])
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
