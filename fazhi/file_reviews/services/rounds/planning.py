"""Plan a review round (评查活动): the scope of files, how they are chosen, the panel and the rubric."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from fazhi.core import numbering, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.roles import user_can
from fazhi.file_reviews.choices import SelectionMethod
from fazhi.file_reviews.models import ReviewRound
from fazhi.file_reviews.services.rounds.common import (
    MAX_FILES,
    rubric_at,
)


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
    rubric = rubric_at(started)
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
