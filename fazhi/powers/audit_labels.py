"""Chinese names of the power list's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "powers.prepare": "权责清单：编制调整函",
    "powers.submit": "权责清单：提交审批",
    "powers.approve": "权责清单：批准调整",
    "powers.reject": "权责清单：退回调整函",
    "powers.import": "权责清单：导入",
}
