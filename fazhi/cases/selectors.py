"""Reads for the cases screens, the review queue, the public pages, the replay command and the home page.

List and overdue queries use the case's denormalised ``handling_due_on`` (kept in step with its tracked
deadline by the services) and the (department, state, handling_due_on) index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse

from fazhi.cases import workflow
from fazhi.cases.access import access_case, cases_visible
from fazhi.cases.choices import ApprovalKind, ClueStatus, PublicationStatus
from fazhi.cases.models import Approval, Case, Clue, LegalReview, Publication
from fazhi.core.access import scope
from fazhi.core.clock import legal_today
from fazhi.core.errors import NotFound
from fazhi.core.models import AuditEvent
from fazhi.core.roles import user_can
from fazhi.deadlines.selectors import deadlines_for, explain
from fazhi.rulebook import discretion as engine

OPEN = [s.value for s in workflow.OPEN_STATES]
DUE_SOON_DAYS = 10
# After the decision the clock that still binds the bureau is the 结案审批表's (程序规定 Art. 77, 15 working days):
# the case's next step is then the handler's and ``next_due_on`` holds that period's due date.
CLOSING_STATES = [s.value for s in (workflow.State.SERVED, workflow.State.EXECUTED, workflow.State.TRANSFERRED,
                                    workflow.State.TERMINATED)]  # fmt: skip


def _due_between(low: dt.date | None, high: dt.date | None) -> Q:
    """Cases whose bureau clock falls due in [low, high]: the handling period of an open case, the closing period
    (结案审批表) of a decided one."""
    handling, closing = Q(state__in=OPEN), Q(state__in=CLOSING_STATES, next_role="handler")
    if low is not None:
        handling &= Q(handling_due_on__gte=low)
        closing &= Q(next_due_on__gte=low)
    if high is not None:
        handling &= Q(handling_due_on__lte=high)
        closing &= Q(next_due_on__lte=high)
    return handling | closing


LIST_FIELDS = (
    "id",
    "number",
    "title",
    "party_name",
    "party_kind",
    "state",
    "procedure",
    "filed_on",
    "handling_due_on",
    "department__name",
    "decided_on",
    "next_role",
    "next_action",
    "next_due_on",
)
# The roles of fazhi.core.roles that take each ``next_role`` of a case.
ROLE_OF_NEXT = {
    "handler": ("officer", "section_chief"),
    "chief": ("section_chief",),
    "legal_reviewer": ("legal_reviewer",),
    "leader": ("leader",),
}


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    state: str = ""
    clock: str = ""  # "overdue" | "due_soon" | ""

    @classmethod
    def from_params(cls, params: Any) -> CaseFilters:
        state = params.get("state", "")
        clock = params.get("clock", "")
        return cls(
            q=params.get("q", "").strip()[:60],
            state=state if state in workflow.State._value2member_map_ else "",
            clock=clock if clock in ("overdue", "due_soon") else "",
        )


def case_queryset(*, user: Any, filters: CaseFilters, today: dt.date) -> QuerySet[Case]:
    qs = cases_visible(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.clock == "overdue":
        qs = qs.filter(_due_between(None, today - dt.timedelta(days=1)))
    elif filters.clock == "due_soon":
        qs = qs.filter(_due_between(today, today + dt.timedelta(days=DUE_SOON_DAYS)))
    if filters.q:
        qs = qs.filter(
            Q(number__icontains=filters.q) | Q(title__icontains=filters.q) | Q(party_name__icontains=filters.q)
        )
    # What is due first comes first; finished cases (nothing due: QUEUE_END) after, newest first.
    return qs.order_by("queue_due", "-filed_on", "-id")


def case_page(*, user: Any, filters: CaseFilters, page: int, today: dt.date, per_page: int = 25):
    qs = case_queryset(user=user, filters=filters, today=today).values(*LIST_FIELDS)
    paginator = Paginator(qs, per_page)
    result = paginator.get_page(page)
    annotate_next(list(result.object_list), today=today)
    return result


def annotate_next(rows: list[dict[str, Any]], *, today: dt.date) -> list[dict[str, Any]]:
    """Add ``next_text`` (who must act next — role and persons — and by when) to list rows, in one query for the
    handlers' names of all rows."""
    through = Case.officers.through
    names: dict[int, list[str]] = {}
    for case_id, name in through.objects.filter(case_id__in=[r["id"] for r in rows]).values_list(
        "case_id", "officer__name"
    ):
        names.setdefault(case_id, []).append(name)
    for row in rows:
        row["state_label"] = workflow.State(row["state"]).label
        row["next_text"], row["next_overdue"] = next_text(
            role=row["next_role"],
            action=row["next_action"],
            due=row["next_due_on"],
            handlers=names.get(row["id"], []),
            today=today,
        )
    return rows


def next_text(*, role: str, action: str, due: dt.date | None, handlers: list[str], today: dt.date) -> tuple[str, bool]:
    if not role:
        return "已办结，无需办理", False
    if role == "party" and due is not None and due < today:
        # The party's period ran out since the last step: the handler acts now.
        role, action = "handler", "当事人期限已届满，结束陈述申辩"
    who = workflow.ROLE_LABELS[role]
    if role == "handler" and handlers:
        who += "（" + "、".join(handlers) + "）"
    text = f"{who}：{action}"
    if due is not None:
        text += f"，{'已于' if due < today else '应于'} {due:%Y-%m-%d} {'到期' if due < today else '前办理'}"
    return text, due is not None and due < today


def overdue_cases(*, user: Any, today: dt.date, limit: int = 50) -> list[dict[str, Any]]:
    return list(
        cases_visible(user)
        .filter(_due_between(None, today - dt.timedelta(days=1)))
        .order_by("queue_due", "id")
        .values(*LIST_FIELDS)[:limit]
    )


def clock_counts(*, user: Any, today: dt.date) -> dict[str, int]:
    base = cases_visible(user)
    return {
        "open": base.filter(state__in=OPEN).count(),
        "overdue": base.filter(_due_between(None, today - dt.timedelta(days=1))).count(),
        "due_soon": base.filter(_due_between(today, today + dt.timedelta(days=DUE_SOON_DAYS))).count(),
    }


def case_clocks(case: Case, *, today: dt.date) -> list[Any]:
    return [explain(d, today=today) for d in deadlines_for(case)]


ACTION_LABELS: dict[str, str] = {
    **{f"cases.{event.value}": event.label for event in workflow.Event},
    "cases.file": "局负责人批准立案",
    "cases.assign_officers": "指定办案人员",
    "cases.extend_handling": "延长办案期限",
    "cases.set_facts": "录入违法行为和裁量事实",
    "cases.assess_discretion": "计算裁量（冻结）",
    "cases.propose_penalty": "提出处罚建议",
    "cases.evidence_add": "登记证据",
    "cases.collective_discussion": "记录集体讨论",
    "cases.record_statement": "登记陈述申辩及复核意见",
    "cases.record_waiver": "登记当事人书面放弃权利声明",
    "cases.schedule_hearing": "安排听证（送达听证通知书）",
    "cases.document_issue": "出具执法文书",
    "cases.publication_open": "开始计算公示期限",
    "cases.publish": "公示行政处罚信息",
    "cases.withdraw_publication": "撤下公示",
    "cases.serious_list_handover": "移交信用模块（严重违法失信名单）",
    "cases.arrange_payment": "批准暂缓或分期缴纳",
    "cases.apply_exemption": "适用免罚清单",
    "cases.waive_coercion": "依清单不予实施行政强制措施",
    "cases.ip_mediation": "登记知识产权纠纷调解",
    "cases.close_request": "提请结案（结案审批表）",
    "cases.close_refused": "局负责人不同意结案",
    "cases.correct_date": "更正办案日期",
    "cases.summary_decide": "当场作出行政处罚决定（简易程序）",
}


@dataclass(frozen=True)
class TimelineEntry:
    event: AuditEvent
    label: str


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every step with who and when (the audit events on the case), named in Chinese."""
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("sequence")
    return [TimelineEntry(e, ACTION_LABELS.get(e.action, "其他记录")) for e in events]


def review_queue(user: Any) -> QuerySet[Case]:
    return (
        Case.objects.filter(state__in=[s.value for s in workflow.REVIEW_STATES])
        .select_related("department")
        .order_by("queue_due", "id")
    )


def my_roles(user: Any) -> list[str]:
    """The ``next_role`` values this user takes (a section chief also acts as handler in the own department)."""
    role = getattr(user, "role", "")
    return [key for key, roles in ROLE_OF_NEXT.items() if role in roles]


def work_queue(*, user: Any, today: dt.date, limit: int = 200) -> dict[str, Any]:
    """Everything waiting for this user, due first: cases whose next step is theirs, clues to verify or approve."""
    roles = my_roles(user)
    cases = list(
        cases_visible(user).filter(next_role__in=roles).order_by("queue_due", "id").values(*LIST_FIELDS)[:limit]
    )
    if "party" not in roles:
        # Cases waiting for the party whose period ran out are the handler's again.
        if "handler" in roles:
            cases += list(
                cases_visible(user)
                .filter(next_role="party", next_due_on__lt=today)
                .order_by("next_due_on", "id")
                .values(*LIST_FIELDS)[:limit]
            )
            cases.sort(key=lambda r: (r["next_due_on"] or dt.date.max, r["id"]))
    annotate_next(cases, today=today)
    clue_statuses = []
    if "handler" in roles:
        clue_statuses.append(ClueStatus.VERIFYING)
    if "leader" in roles:
        clue_statuses.append(ClueStatus.PENDING)
    clues = list(
        scope(user, Clue.objects.select_related("department"), "department")
        .filter(status__in=clue_statuses)
        .order_by(F("verification_due_on").asc(nulls_last=True), "id")[:limit]
    )
    return {"cases": cases, "clues": clues}


def review_register(*, year: int | None = None) -> QuerySet[LegalReview]:
    qs = LegalReview.objects.select_related("case", "reviewer").filter(reviewed_on__isnull=False)
    if year:
        qs = qs.filter(reviewed_on__year=year)
    return qs.order_by("-reviewed_on", "-id")


def clue_summary(clue_id: int) -> dict[str, Any] | None:
    """What a source module (a handed-over tip) shows of its clue: state, the verification deadline as it runs
    now (extensions included), the 立案 decision, the case and the notice to the reporter."""
    from fazhi.deadlines.models import TrackedDeadline

    clue = Clue.objects.select_related("case").filter(pk=clue_id).first()
    if clue is None:
        return None
    case = getattr(clue, "case", None) if clue.status == "filed" else None
    extended = (
        TrackedDeadline.objects.filter(owner_type="cases.clue", owner_id=str(clue.pk), rule_id="case.clue_verification")
        .exclude(extensions=[])
        .exists()
    )
    return {
        "id": clue.pk,
        "number": clue.number,
        "status": clue.status,
        "status_label": clue.get_status_display(),
        "verification_due_on": clue.verification_due_on,
        "extended": extended,
        "decided_on": clue.decided_on,
        "decision_reason": clue.decision_reason,
        "case_number": case.number if case else "",
        "case_id": case.pk if case else None,
        "reporter_named": bool(clue.reporter_name),
        "reporter_notified_on": clue.reporter_notified_on,
        "url": reverse("cases:clue_detail", args=[clue.pk]),
    }


def clue_file_initial(clue: Clue) -> dict[str, Any]:
    """What the 立案 form starts from: the party handed over with the clue (a tip's respondent), else the entity as
    the registry knows it — never an empty form that defaults to 自然人 for a company."""
    entity = clue.entity
    kind = clue.party_kind
    if not kind and entity is not None:
        kind = (
            "natural_person" if entity.kind == "individual" else "organisation"
        )  # 个体工商户 is a 自然人 (民法典 Art. 54)
    return {
        "party_kind": kind or "",
        "party_name": clue.party_name or (entity.name if entity else ""),
        "party_id_number": clue.party_identifier or (entity.identifier if entity else ""),
        "party_address": clue.party_address or (entity.domicile if entity else ""),
    }


def clue_list(*, user: Any) -> QuerySet[Clue]:
    """Clues waiting for action first (due first), then the decided ones (newest first)."""
    waiting = DbCase(
        When(status__in=[ClueStatus.VERIFYING, ClueStatus.PENDING], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        scope(user, Clue.objects.select_related("department"), "department")
        .annotate(waiting=waiting)
        .order_by("waiting", F("verification_due_on").asc(nulls_last=True), "-decided_on", "-id")
    )


def approvals_of(case: Case) -> list[Approval]:
    q = Q(case=case)
    if case.clue_id is not None:
        q |= Q(clue_id=case.clue_id, kind__in=[ApprovalKind.FILING, ApprovalKind.NOT_FILING])
    return list(Approval.objects.filter(q).select_related("requested_by", "decided_by").order_by("id"))


@dataclass(frozen=True)
class Replay:
    case: Case
    matches: bool
    differences: list[dict[str, Any]]
    frozen: dict[str, Any]
    recomputed: dict[str, Any]


def discretion_replay(case: Case) -> Replay:
    """Recompute the frozen discretion with its own table version and compare."""
    outcome = engine.replay(case.discretion or {})
    return Replay(
        case,
        outcome.matches,
        [{"field": d.field, "frozen": d.frozen, "recomputed": d.recomputed} for d in outcome.differences],
        case.discretion or {},
        outcome.recomputed,
    )


def public_publications(*, today: dt.date) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(status=PublicationStatus.PUBLISHED, display_until__gte=today)
        .select_related("case")
        .order_by("-published_on", "-id")
    )


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "cases.view"):
        return []
    today = legal_today()
    counts = clock_counts(user=user, today=today)
    queue = work_queue(user=user, today=today, limit=8)
    items = [
        {
            "text": f"{c['number']} {c['title']}",
            "url": reverse("cases:case_detail", args=[c["id"]]),
            "note": c["next_text"],
            "tone": "bad" if c["next_overdue"] else "warn",
        }
        for c in queue["cases"][:6]
    ]
    items += [
        {
            "text": f"线索 {clue.number}（{clue.get_status_display()}）",
            "url": reverse("cases:clue_detail", args=[clue.pk]),
            "note": f"核查期限 {clue.verification_due_on:%Y-%m-%d}" if clue.verification_due_on else "",
            "tone": "bad" if clue.verification_due_on and clue.verification_due_on < today else "warn",
        }
        for clue in queue["clues"][:4]
    ]
    return [
        {
            "title": "行政处罚：我的待办",
            "link": reverse("cases:queue"),
            "items": items,
            "figures": [
                {"label": "在办", "value": counts["open"], "tone": ""},
                {"label": "即将到期", "value": counts["due_soon"], "tone": "warn"},
                {"label": "已超期", "value": counts["overdue"], "tone": "bad" if counts["overdue"] else "ok"},
            ],
        }
    ]


# --- typical cases (以案释法, fazhi.activities) ------------------------------------------------------------------

CLOSED_PENALTY_STATES = ("closed", "archived")


def closed_penalty_cases(*, user: Any, q: str = "", limit: int = 50) -> list[dict[str, Any]]:
    """Closed (结案/归档) cases decided with a penalty that ``user`` may see, newest decision first — the cases a
    typical case may be written from."""
    qs = cases_visible(user).filter(state__in=CLOSED_PENALTY_STATES, decision_kind="penalty")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return list(
        qs.order_by("-decided_on", "-id").values(
            "id", "number", "title", "domain", "decided_on", "closed_on", "department__name", "decision_number"
        )[:limit]
    )


@dataclass(frozen=True)
class CaseForPublication:
    """What a typical case is written from, read once: the facts, the decision and the party's personal data
    that the writer's text must not reveal (natural person's name, ID number, address; representative's name)."""

    id: int
    number: str
    title: str
    domain: str
    domain_label: str
    department_id: int
    facts_text: str
    decided_on: dt.date | None
    closed_on: dt.date | None
    decision_number: str
    fine: Any
    confiscation: Any
    warning: bool
    violated: str
    penalty_provision: str
    party_kind: str
    party_name: str
    party_id_number: str
    party_address: str
    party_representative: str

    @property
    def is_natural_person(self) -> bool:
        return self.party_kind == "natural_person"


def case_for_publication(*, user: Any, case_id: Any) -> CaseForPublication:
    """A closed penalty case ``user`` may see, as ``CaseForPublication``; NotFound otherwise."""
    case = access_case(user=user, pk=case_id)
    if case.state not in CLOSED_PENALTY_STATES or case.decision_kind != "penalty":
        raise NotFound("已结案的行政处罚案件")
    d = case.discretion or {}

    def cite(key: str) -> str:
        item = d.get(key) or {}
        return f"《{item['instrument']}》{item.get('article', '')}" if item.get("instrument") else ""

    return CaseForPublication(
        id=case.pk,
        number=case.number,
        title=case.title,
        domain=case.domain,
        domain_label=case.get_domain_display(),
        department_id=case.department_id,
        facts_text=case.facts_text,
        decided_on=case.decided_on,
        closed_on=case.closed_on,
        decision_number=case.decision_number,
        fine=case.fine,
        confiscation=case.confiscation,
        warning=case.warning,
        violated=cite("violated"),
        penalty_provision=cite("penalty_provision"),
        party_kind=case.party_kind,
        party_name=case.party_name,
        party_id_number=case.party_id_number,
        party_address=case.party_address,
        party_representative=case.party_representative,
    )
