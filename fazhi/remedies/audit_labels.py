"""Chinese names of the reconsideration and litigation module's audit actions (the audit screen;
``fazhi.core.audit_labels``)."""

from fazhi.remedies.workflow import Event

LABELS: dict[str, str] = {
    **{f"remedies.reconsideration_{e.value}": f"行政复议：{e.label}" for e in Event},
    **{f"remedies.litigation_{e.value}": f"行政诉讼：{e.label}" for e in Event},
    "remedies.reconsideration_register": "行政复议：登记收到的复议案件",
    "remedies.litigation_register": "行政诉讼：登记收到的诉讼案件",
    "remedies.submit": "复议诉讼：登记提交的答复、证据或材料",
    "remedies.hearing_record": "复议诉讼：登记听证或庭审及负责人出庭情况",
}
