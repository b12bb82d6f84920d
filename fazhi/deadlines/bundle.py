"""Record types of the deadlines app for ``fazhi export`` / ``fazhi import-bundle`` (users are registered first)."""

from fazhi.core.bundle import register_record_type
from fazhi.deadlines.models import CalendarDay, CalendarYear, DeadlineExclusion, TrackedDeadline

register_record_type("deadlines.calendaryear", CalendarYear)
register_record_type("deadlines.calendarday", CalendarDay)
register_record_type("deadlines.trackeddeadline", TrackedDeadline)
register_record_type("deadlines.deadlineexclusion", DeadlineExclusion)
