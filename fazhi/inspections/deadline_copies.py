"""Due dates the inspections module stores on its records (``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy, register_unmoved
from fazhi.inspections.services.results import PUBLICITY_RULE

# InspectionTask.publicity_due_on copies the task's open publicity clock (20 working days after the check ends).
register_tracked_copy(
    label="抽查结果公示期限",
    model="inspections.InspectionTask",
    field="publicity_due_on",
    owner_type="inspections.inspectiontask",
    rule_ids=(PUBLICITY_RULE,),
)
register_unmoved(
    label="责令整改期限",
    model="inspections.InspectionResult",
    field="rectification_due_on",
    reason="检查人员在责令整改时确定的日期，不按节假日安排计算",
)
