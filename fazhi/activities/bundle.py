"""Activities record types for ``fazhi export`` / ``fazhi import-bundle`` (registry and cases first)."""

from fazhi.activities.models import (
    Attachment,
    Attendance,
    EducationEvent,
    LectureSeries,
    PublicityItem,
    ResponsibilityItem,
    ResponsibilityList,
    RuleOfLawMatter,
    Session,
    TypicalCase,
)
from fazhi.core.bundle import register_record_type

register_record_type("activities.lectureseries", LectureSeries)
register_record_type("activities.session", Session)
register_record_type("activities.attendance", Attendance)
register_record_type("activities.attachment", Attachment)
register_record_type("activities.ruleoflawmatter", RuleOfLawMatter)
register_record_type("activities.responsibilitylist", ResponsibilityList)
register_record_type("activities.responsibilityitem", ResponsibilityItem)
register_record_type("activities.educationevent", EducationEvent)
register_record_type("activities.publicityitem", PublicityItem)
register_record_type("activities.typicalcase", TypicalCase)
