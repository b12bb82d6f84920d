"""Due dates the complaints module computes and stores itself, moved by a calendar change
(``fazhi.deadlines.copies``; the same rules and dates as ``fazhi.complaints.clocks`` and the services)."""

from django.db.models import Q

from fazhi.complaints import clocks
from fazhi.deadlines.copies import register_stored_clock

register_stored_clock(
    label="投诉受理决定期限",
    model="complaints.Complaint",
    field="decision_due_on",
    rule_id=clocks.ACCEPTANCE,
    start="received_on",
    selecting="received_on",
    open=Q(kind="complaint", status="received"),
    mirrors=("due_on",),
)
register_stored_clock(
    label="举报核查及立案决定期限",
    model="complaints.Complaint",
    field="decision_due_on",
    rule_id=clocks.TIP_VERIFICATION,
    start="received_on",
    selecting="received_on",
    open=Q(kind="tip", status="received"),
    mirrors=("due_on",),
)
register_stored_clock(
    label="投诉调解期限",
    model="complaints.Complaint",
    field="mediation_due_on",
    rule_id=clocks.MEDIATION,
    start="decided_on",
    selecting="received_on",
    # a running testing period stops the clock (due_on NULL); resuming recomputes it
    open=Q(kind="complaint", status__in=("accepted", "mediating"), testing_since__isnull=True),
    mirrors=("closing_due_on", "due_on"),
    exclusions="testing_periods",
    exclusion_kind="testing",
)
register_stored_clock(
    label="终止调解告知期限",
    model="complaints.Complaint",
    field="notice_due_on",
    rule_id=clocks.TERMINATION_NOTICE,
    start="closed_on",
    selecting="received_on",
    open=Q(kind="complaint", status="closed", outcome="terminated", notified_on__isnull=True),
    mirrors=("due_on",),
)
