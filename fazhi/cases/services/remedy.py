"""The outcome of a reconsideration or lawsuit against a penalty decision, recorded on the case (行政复议、行政诉讼).

Called by ``fazhi.remedies`` when the reviewing body or court decides. When the decision was changed, revoked,
confirmed unlawful or void, its publicity is withdrawn with the reason, the 3-working-day period running from the
day the bureau received the decision or judgment (行政处罚法 第四十八条第二款); a publication not yet made is
withdrawn before it appears and its publication clocks are cancelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.cases.choices import PublicationStatus
from fazhi.cases.models import Case, Publication
from fazhi.cases.services.common import locked_case, require_reason, save_case
from fazhi.cases.services.publicity import withdraw
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline


def case_record_remedy_outcome(
    *,
    case: Case,
    proceeding: str,
    register_number: str,
    outcome_label: str,
    withdraws_publicity: bool,
    decided_on: dt.date,
    known_on: dt.date,
    withdraw_on: dt.date,
    reason: str,
    actor: Any,
) -> Publication | None:
    """Record the outcome on the case (audited on the case's timeline) and withdraw its publicity when the law
    requires; returns the withdrawn publication, or None when there was nothing to withdraw."""
    reason = require_reason(reason, "reason", "撤回公示的理由")
    if case.decision_kind not in ("penalty", "no_penalty") or case.decided_on is None:
        raise DomainError("cases.not_decided", "案件尚未作出决定，不能记录复议或诉讼结果", field="case")
    today = legal_today()
    if not (case.decided_on <= decided_on <= known_on <= withdraw_on <= today):
        raise DomainError(
            "cases.date_before_previous_step",
            "日期应依次为：处罚决定日 ≤ 复议决定（裁判）日 ≤ 收到文书日 ≤ 撤回公示日 ≤ 今天",
            field="known_on",
        )
    with locked_case(case) as locked:
        save_case(locked, case, [])
        audit_record(
            action="cases.remedy_outcome",
            target=case,
            actor=actor,
            changes={
                "proceeding": proceeding,
                "register": register_number,
                "outcome": outcome_label,
                "decided_on": decided_on,
                "known_on": known_on,
                "withdraws_publicity": withdraws_publicity,
            },
        )
        if not withdraws_publicity:
            return None
        pub = Publication.objects.select_for_update().filter(case=case).first()
        if pub is None or pub.status in (PublicationStatus.WITHDRAWN, PublicationStatus.EXPIRED):
            return None
        if pub.status == PublicationStatus.PENDING:
            for deadline in TrackedDeadline.objects.filter(
                owner_type="cases.publication", owner_id=str(pub.pk), status=DeadlineStatus.OPEN
            ):
                deadline_services.deadline_cancel(deadline=deadline, reason=f"处罚决定已{outcome_label}，不再公示")
        return withdraw(publication=pub, on=withdraw_on, known_on=known_on, reason=reason, actor=actor)
