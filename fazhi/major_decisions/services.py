"""Services of 重大行政决策 (the only write door): catalogue, each mandatory step (or its lawful skip), the decision
gate, publication. The steps and their numbers come from ``tables/oversight/major_decisions.yaml``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision, validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.deadlines.selectors import current_calendar
from fazhi.major_decisions import workflow
from fazhi.major_decisions.models import (
    DecisionEvaluation,
    DecisionHearing,
    DecisionStep,
    MajorDecision,
    Recommendation,
)
from fazhi.rulebook import oversight as rules
from fazhi.rulebook.errors import RulebookError

STEPS = "major_decisions.steps"
HEARING = "major_decisions.hearing"
GROUNDS = "major_decisions.evaluation_grounds"


def _check_department(actor: Any, department: Any) -> None:
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("承办部门")


def steps_in_force(on: dt.date) -> tuple[rules.Item, ...]:
    return rules.items(STEPS, on)


def decision_catalogue(
    *, department: Any, title: str, year: Any, catalogued_on: Any, description: str = "", actor: Any
) -> MajorDecision:
    """列入年度重大行政决策事项目录 (条例 Art. 3)."""
    require(actor, "major_decisions.catalogue")
    _check_department(actor, department)
    title = validation.text(title, field="title", max_chars=200, required=True, what="决策事项")
    description = validation.text(description, field="description", max_chars=4000)
    year_n = validation.bounded_int(year, field="year", minimum=2019, maximum=2100)
    assert year_n is not None
    day = validation.step_date(catalogued_on, today=legal_today(), field="catalogued_on", what="列入目录日期")
    if day.year not in (year_n - 1, year_n):
        raise DomainError(
            "major_decisions.catalogue_year", "列入目录日期应在目录年度或其上一年度", field="catalogued_on"
        )
    with transaction.atomic():
        sequence = numbering.next_number("major_decisions.catalogue", year_n)
        decision = MajorDecision(
            number=f"{year_n}-{sequence:02d}", catalogue_year=year_n, catalogued_on=day,
            department_id=getattr(department, "pk", department), title=title, description=description, created_by=actor,
        )  # fmt: skip
        decision.full_clean()
        decision.save(force_insert=True)
        audit_record(
            action="major_decisions.catalogue",
            target=decision,
            actor=actor,
            changes={"number": decision.number, "title": title},
        )
    return decision


def step_record(
    *,
    decision: MajorDecision,
    step: str,
    ended_on: Any,
    started_on: Any = None,
    summary: str = "",
    dissent: str = "",
    passed: bool = True,
    skip_reason: str = "",
    actor: Any,
) -> DecisionStep:
    """Record one step of the procedure, done or — where the regulation allows — not applicable with the reason.

    Public participation runs at least the rulebook's days (Art. 14); the legality review takes at least its working
    days (Art. 27) and must have passed before the collective discussion (Art. 25); the discussion's minutes record the
    dissent (Art. 30)."""
    require(actor, "major_decisions.handle" if step != "collective_discussion" else "major_decisions.decide")
    _check_department(actor, decision.department_id)
    workflow.target(decision.status, workflow.Event.RECORD_STEP)  # refused once decided
    today = legal_today()
    ended = validation.step_date(
        ended_on, today=today, not_before=decision.catalogued_on, previous="列入目录", field="ended_on", what="完成日期"
    )
    started = (
        validation.step_date(
            started_on,
            today=today,
            not_before=decision.catalogued_on,
            previous="列入目录",
            field="started_on",
            what="开始日期",
        )
        if started_on not in (None, "")
        else None
    )
    if started is not None and ended < started:
        raise DomainError("date.too_early", "完成日期不能早于开始日期", field="ended_on")
    try:
        rule = rules.item(STEPS, step, ended, field="step")
    except RulebookError as exc:
        raise from_rulebook(exc, field="step") from exc
    summary = validation.text(summary, field="summary", max_chars=4000)
    dissent = validation.text(dissent, field="dissent", max_chars=2000)
    skip_reason = validation.text(skip_reason, field="skip_reason", max_chars=500)
    skipped = bool(skip_reason)
    if skipped and not rule.has("skippable"):
        raise DomainError(
            "major_decisions.not_skippable",
            f"“{rule.label}”是必经程序，不能不履行（{rule.citation}）",
            field="skip_reason",
        )
    if not skipped:
        if not summary:
            raise DomainError("cell.required", f"请填写{rule.label}的情况", field="summary")
        if rule.has("period"):
            if started is None:
                raise DomainError("cell.required", f"请填写{rule.label}的开始日期", field="started_on")
            if step == "public_participation" and (ended - started).days < (rule.number or 0):
                raise DomainError(
                    "major_decisions.comment_period",
                    f"公开征求意见期限一般不少于{rule.number}日（{rule.citation}），{started}至{ended}只有{(ended - started).days}日",
                    field="ended_on",
                )
            if step == "legality_review":
                days = current_calendar().working_days_between(started, ended)
                if days < (rule.number or 0):
                    raise DomainError(
                        "major_decisions.review_too_short",
                        f"合法性审查时间一般不少于{rule.number}个工作日（{rule.citation}），本次只有{days}个工作日",
                        field="ended_on",
                    )
    existing = {s.step: s for s in decision.steps.all()}
    if rule.has("discussion"):
        review = existing.get("legality_review")
        if review is None or review.outcome != DecisionStep.DONE or not review.passed:
            raise DomainError(
                "major_decisions.review_first",
                "未经合法性审查或者经审查不合法的，不得提交集体讨论（条例第二十五条）",
                field="step",
            )
        if ended < review.ended_on:
            raise DomainError(
                "date.too_early", f"集体讨论不能早于合法性审查完成（{review.ended_on}）", field="ended_on"
            )
    if step in existing:
        raise DomainError("major_decisions.step_recorded", f"“{rule.label}”已登记", field="step")
    with transaction.atomic():
        record = DecisionStep(
            decision=decision, step=rule.id, label=rule.label,
            outcome=DecisionStep.SKIPPED if skipped else DecisionStep.DONE, started_on=started, ended_on=ended,
            summary=summary, dissent=dissent, passed=bool(passed), skip_reason=skip_reason,
            citation=str(rule.citation)[:200], recorded_by=actor,
        )  # fmt: skip
        record.full_clean()
        record.save()
        audit_record(
            action="major_decisions.step", target=decision, actor=actor,
            changes={"step": rule.id, "outcome": record.outcome, "ended_on": ended, "skip_reason": skip_reason},
        )  # fmt: skip
    return record


def missing_steps(decision: MajorDecision, on: dt.date) -> list[rules.Item]:
    """The steps in force on ``on`` that are neither done nor lawfully skipped (a failed review counts as missing)."""
    recorded = {s.step: s for s in decision.steps.all()}
    out = []
    for rule in steps_in_force(on):
        step = recorded.get(rule.id)
        if step is None or (step.outcome == DecisionStep.DONE and not step.passed):
            out.append(rule)
    return out


def decision_make(
    *, decision: MajorDecision, on: Any, text: str, expected_revision: int | None = None, actor: Any
) -> MajorDecision:
    """作出决策: refused while any mandatory step is missing (``major_decisions.steps_missing`` naming them)."""
    require(actor, "major_decisions.decide")
    text = validation.text(text, field="text", max_chars=4000, required=True, what="决策内容")
    day = validation.step_date(
        on, today=legal_today(), not_before=decision.catalogued_on, previous="列入目录", field="on", what="决策日期"
    )
    missing = missing_steps(decision, day)
    if missing:
        raise DomainError(
            "major_decisions.steps_missing",
            "尚未履行（或未登记不适用的理由）的法定程序："
            + "、".join(m.label for m in missing)
            + "；全部办理后方可作出决策",
            missing=[m.id for m in missing],
        )
    discussion = decision.steps.get(step="collective_discussion")
    if day < discussion.ended_on:
        raise DomainError("date.too_early", f"决策日期不能早于集体讨论（{discussion.ended_on}）", field="on")
    with transaction.atomic():
        locked = revision.lock(decision, revision=expected_revision, what="重大行政决策")
        before = locked.status
        locked.status = workflow.target(locked.status, workflow.Event.DECIDE).value
        locked.decided_on, locked.decision_text = day, text
        revision.save_bumped(locked, ["status", "decided_on", "decision_text"], original=decision)
        audit_record(
            action="major_decisions.decide",
            target=decision,
            actor=actor,
            changes={"status": [before, locked.status], "on": day},
        )
    return decision


def decision_publish(*, decision: MajorDecision, on: Any, channel: str, actor: Any) -> MajorDecision:
    """公布决策 (条例 Art. 32)."""
    require(actor, "major_decisions.handle")
    channel = validation.text(channel, field="channel", max_chars=100, required=True, what="公布途径")
    day = validation.step_date(
        on, today=legal_today(), not_before=decision.decided_on, previous="决策", field="on", what="公布日期"
    )
    with transaction.atomic():
        locked = revision.lock(decision, what="重大行政决策")
        before = locked.status
        locked.status = workflow.target(locked.status, workflow.Event.PUBLISH).value
        locked.published_on, locked.publication_channel = day, channel
        revision.save_bumped(locked, ["status", "published_on", "publication_channel"], original=decision)
        audit_record(
            action="major_decisions.publish",
            target=decision,
            actor=actor,
            changes={"status": [before, locked.status], "on": day},
        )
    return decision


def hearing_record(
    *,
    decision: MajorDecision,
    announced_on: Any,
    materials_served_on: Any,
    held_on: Any,
    venue: str,
    presider: str,
    participants: str,
    participant_count: Any,
    opinions: str,
    adoption: str,
    record_signed: bool,
    actor: Any,
) -> DecisionHearing:
    """登记听证会 (条例 Arts. 16–17), once held: the draft and the hearing announced beforehand, the materials served
    on the participants at least the rulebook's days before (Art. 16), the record confirmed and signed by the
    participants (Art. 17), the opinions and how they were adopted (Art. 18). Only before the decision, and not
    after the collective discussion that the hearing must inform."""
    require(actor, "major_decisions.handle")
    _check_department(actor, decision.department_id)
    workflow.target(decision.status, workflow.Event.HOLD_HEARING)
    today = legal_today()
    held = validation.step_date(
        held_on, today=today, not_before=decision.catalogued_on, previous="列入目录", field="held_on", what="举行日期"
    )
    announced = validation.step_date(
        announced_on, today=today, not_before=decision.catalogued_on, previous="列入目录", field="announced_on",
        what="公布听证事项日期",
    )  # fmt: skip
    served = validation.step_date(
        materials_served_on, today=today, not_before=announced, previous="公布听证事项", field="materials_served_on",
        what="听证材料送达日期",
    )  # fmt: skip
    try:
        rule = rules.item(HEARING, "materials_lead", held, field="held_on")
    except RulebookError as exc:
        raise from_rulebook(exc, field="held_on") from exc
    lead = rule.number or 0
    if (held - served).days < lead:
        raise DomainError(
            "major_decisions.hearing_notice",
            f"听证会材料应当于召开听证会{lead}日前送达听证参加人（{rule.citation}）；"
            f"{served}送达、{held}举行，只提前{(held - served).days}日，请改期举行",
            field="materials_served_on",
        )
    venue = validation.text(venue, field="venue", max_chars=200, required=True, what="地点")
    presider = validation.text(presider, field="presider", max_chars=60, required=True, what="主持人")
    participants = validation.text(participants, field="participants", max_chars=2000, required=True, what="听证参加人")
    count = validation.bounded_int(participant_count, field="participant_count", minimum=1, maximum=1000)
    if count is None:
        raise DomainError("cell.required", "请填写听证参加人数", field="participant_count")
    opinions = validation.text(opinions, field="opinions", max_chars=4000, required=True, what="主要意见")
    adoption = validation.text(adoption, field="adoption", max_chars=4000, required=True, what="意见采纳情况")
    if not record_signed:
        raise DomainError(
            "major_decisions.hearing_record_unsigned",
            f"听证会记录须经听证参加人确认并签字（{rule.citation}）；签字后再登记",
            field="record_signed",
        )
    discussion = decision.steps.filter(step="collective_discussion").first()
    if discussion is not None:
        raise DomainError(
            "major_decisions.hearing_after_discussion",
            f"集体讨论已于{discussion.ended_on}举行，听证意见应当在集体讨论前听取",
            field="held_on",
        )
    with transaction.atomic():
        hearing = DecisionHearing(
            decision=decision, announced_on=announced, materials_served_on=served, held_on=held, venue=venue,
            presider=presider, participants=participants, participant_count=count, opinions=opinions,
            adoption=adoption, record_signed=True, citation=str(rule.citation)[:200], recorded_by=actor,
        )  # fmt: skip
        hearing.full_clean()
        hearing.save()
        audit_record(
            action="major_decisions.hearing", target=decision, actor=actor,
            changes={"held_on": held, "materials_served_on": served, "participants": count},
        )  # fmt: skip
    return hearing


def evaluation_grounds(on: dt.date) -> tuple[rules.Item, ...]:
    return rules.items(GROUNDS, on)


def evaluation_start(
    *,
    decision: MajorDecision,
    ground: str,
    evaluator: str,
    started_on: Any,
    third_party: bool = False,
    actor: Any,
) -> DecisionEvaluation:
    """组织决策后评估 (条例 Art. 36): the deciding body (局领导) organises it on one of the regulation's grounds and
    names the unit doing the work; a third party may be entrusted, but not one that did the main argument or
    assessment before the decision (checked against the recorded expert argument and risk assessment)."""
    require(actor, "major_decisions.decide")
    _check_department(actor, decision.department_id)
    workflow.target(decision.status, workflow.Event.START_EVALUATION)
    day = validation.step_date(
        started_on, today=legal_today(), not_before=decision.published_on, previous="公布决策", field="started_on",
        what="启动日期",
    )  # fmt: skip
    try:
        rule = rules.item(GROUNDS, ground, day, field="ground")
    except RulebookError as exc:
        raise from_rulebook(exc, field="ground") from exc
    evaluator = validation.text(evaluator, field="evaluator", max_chars=200, required=True, what="承担评估工作的单位")
    if third_party:
        for step in decision.steps.filter(step__in=("expert_argument", "risk_assessment"), outcome=DecisionStep.DONE):
            if evaluator in step.summary:
                raise DomainError(
                    "major_decisions.evaluator_conflict",
                    f"“{evaluator}”在决策作出前承担了{step.label}工作，不能受托开展决策后评估（{rule.citation}）",
                    field="evaluator",
                )
    with transaction.atomic():
        locked = revision.lock(decision, what="重大行政决策")
        before = locked.status
        locked.status = workflow.target(locked.status, workflow.Event.START_EVALUATION).value
        revision.save_bumped(locked, ["status"], original=decision)
        evaluation = DecisionEvaluation(
            decision=decision, ground=rule.id, ground_label=rule.label, citation=str(rule.citation)[:200],
            evaluator=evaluator, third_party=bool(third_party), started_on=day, started_by=actor,
        )  # fmt: skip
        evaluation.full_clean()
        evaluation.save()
        audit_record(
            action="major_decisions.evaluation_start", target=decision, actor=actor,
            changes={"status": [before, locked.status], "ground": rule.id, "evaluator": evaluator, "on": day},
        )  # fmt: skip
    return evaluation


def evaluation_conclude(
    *,
    decision: MajorDecision,
    concluded_on: Any,
    public_views: str,
    findings: str,
    recommendation: str,
    participation: str = "",
    actor: Any,
) -> DecisionEvaluation:
    """评估结论: the public's views must have been heard (Art. 36), the findings written, and the recommendation —
    continue, adjust (through the regulation's procedure again), suspend or stop — recorded as the basis for the
    deciding body (Art. 37: no change or stop without the lawful procedure; this step does not change the
    decision itself)."""
    require(actor, "major_decisions.handle")
    _check_department(actor, decision.department_id)
    workflow.target(decision.status, workflow.Event.CONCLUDE_EVALUATION)
    evaluation = DecisionEvaluation.objects.get(decision=decision)
    day = validation.step_date(
        concluded_on, today=legal_today(), not_before=evaluation.started_on, previous="启动评估",
        field="concluded_on", what="评估结论日期",
    )  # fmt: skip
    public_views = validation.text(
        public_views, field="public_views", max_chars=4000, required=True, what="听取社会公众意见情况"
    )
    participation = validation.text(participation, field="participation", max_chars=2000)
    findings = validation.text(findings, field="findings", max_chars=8000, required=True, what="评估结论")
    if recommendation not in Recommendation.values:
        raise DomainError("major_decisions.recommendation", "请选择处理建议", field="recommendation")
    with transaction.atomic():
        locked = revision.lock(decision, what="重大行政决策")
        before = locked.status
        locked.status = workflow.target(locked.status, workflow.Event.CONCLUDE_EVALUATION).value
        revision.save_bumped(locked, ["status"], original=decision)
        evaluation.concluded_on, evaluation.public_views, evaluation.participation = day, public_views, participation
        evaluation.findings, evaluation.recommendation, evaluation.concluded_by = findings, recommendation, actor
        evaluation.save(
            update_fields=[
                "concluded_on",
                "public_views",
                "participation",
                "findings",
                "recommendation",
                "concluded_by",
            ]
        )
        audit_record(
            action="major_decisions.evaluation_conclude", target=decision, actor=actor,
            changes={"status": [before, locked.status], "recommendation": recommendation, "on": day},
        )  # fmt: skip
    return evaluation
