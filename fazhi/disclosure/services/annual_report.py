"""政府信息公开工作年度报告 (政府信息公开条例 Art. 49–50): open the year's report and publish it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.disclosure.models import AnnualReport

ANNUAL_REPORT_RULE = "disclosure.annual_report"
ANNUAL_REPORT_OWNER = "disclosure.annualreport"


def annual_report_clock(report: AnnualReport) -> TrackedDeadline | None:
    return (
        TrackedDeadline.objects.filter(
            owner_type=ANNUAL_REPORT_OWNER, owner_id=str(report.pk), rule_id=ANNUAL_REPORT_RULE
        )
        .order_by("-id")
        .first()
    )


def annual_report_open(*, year: Any, actor: Any) -> AnnualReport:
    """Open the tracked deadline of the year's report: Art. 49 (每年1月31日前 for the previous year), counted by the
    rulebook from 31 December of the report year. A year is opened once; a future year cannot be (the report covers
    a year that has begun), nor a year no version of the rule covers (before the 2019 regulation)."""
    require(actor, "disclosure.publish")
    year = validation.bounded_int(year, field="year", minimum=2000, maximum=2100)
    assert year is not None
    today = legal_today()
    if year > today.year:
        raise DomainError("disclosure.report_year_future", f"{year} 年尚未开始，不能登记该年度报告的期限", field="year")
    if AnnualReport.objects.filter(year=year).exists():
        raise DomainError("disclosure.report_opened", f"{year} 年度报告的期限已登记", field="year")
    end = dt.date(year, 12, 31)
    with transaction.atomic():
        report = AnnualReport(year=year, opened_by=actor)
        report.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError as exc:  # a concurrent opening of the same year won
            raise DomainError("disclosure.report_opened", f"{year} 年度报告的期限已登记", field="year") from exc
        try:
            deadline = deadline_services.deadline_open(
                owner=report, rule_id=ANNUAL_REPORT_RULE, start=end, label=f"{year}年度报告提交并公布", actor=actor
            )
        except DomainError as exc:
            raise exc.on_field("year") from exc
        report.due_on = deadline.due_on
        report.save(update_fields=["due_on"])
        audit_record(
            action="disclosure.report_open", target=report, actor=actor, changes={"year": year, "due": deadline.due_on}
        )
    return report


def annual_report_publish(
    *,
    report: AnnualReport,
    submitted_on: Any,
    submitted_to: str,
    published_on: Any,
    published_where: str,
    expected_revision: int | None = None,
    actor: Any,
) -> AnnualReport:
    """登记年度报告已提交主管部门并向社会公布 (Art. 49): both dates after the report year, not after the legal today;
    the deadline is met on the later of the two (a later one is recorded as late — the record states what
    happened)."""
    require(actor, "disclosure.publish")
    today = legal_today()
    after_year = dt.date(report.year + 1, 1, 1)
    submitted_to = validation.text(submitted_to, field="submitted_to", max_chars=100, required=True, what="提交对象")
    published_where = validation.text(
        published_where, field="published_where", max_chars=300, required=True, what="公布渠道"
    )
    submitted = validation.step_date(
        submitted_on, today=today, not_before=after_year, previous=f"{report.year} 年度结束（次年1月1日）",
        field="submitted_on", what="提交主管部门日期",
    )  # fmt: skip
    published = validation.step_date(
        published_on, today=today, not_before=after_year, previous=f"{report.year} 年度结束（次年1月1日）",
        field="published_on", what="向社会公布日期",
    )  # fmt: skip
    done = max(submitted, published)
    with transaction.atomic():
        locked = revision.lock(report, revision=expected_revision, what="年度报告")
        if locked.published_on is not None:
            raise DomainError("disclosure.report_published", f"{locked.year} 年度报告已于 {locked.published_on} 公布")
        deadline = annual_report_clock(locked)
        due = deadline.due_on if deadline is not None else locked.due_on
        late = bool(due and done > due)
        locked.submitted_on, locked.submitted_to = submitted, submitted_to
        locked.published_on, locked.published_where = published, published_where
        locked.published_late, locked.published_by = late, actor
        revision.save_bumped(
            locked,
            ["submitted_on", "submitted_to", "published_on", "published_where", "published_late", "published_by"],
            original=report,
        )
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=done, actor=actor)
        audit_record(
            action="disclosure.report_publish",
            target=report,
            actor=actor,
            changes={"submitted_on": submitted, "published_on": published, "due": due, "late": late},
        )
    return report
