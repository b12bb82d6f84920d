"""Chinese names of the deadlines module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "deadlines.open": "期限：开始计算",
    "deadlines.recompute": "期限：重新计算",
    "deadlines.calendar_year_save": "期限：录入年度节假日安排",
    "deadlines.rule_confirm": "期限：本局确认规则值",
    "deadlines.rule_confirmation_revoke": "期限：撤销规则值确认",
}
