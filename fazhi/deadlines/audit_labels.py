"""Chinese names of the deadlines module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "deadlines.open": "期限：开始计算",
    "deadlines.recompute": "期限：重新计算",
    "deadlines.stored_due_recompute": "期限：重算后更新业务记录上的届满日",
    "deadlines.suspend": "期限：中止计算",
    "deadlines.resume": "期限：恢复计算",
    "deadlines.extend": "期限：延长",
    "deadlines.meet": "期限：按期或逾期完成",
    "deadlines.cancel": "期限：撤销",
    "deadlines.calendar_year_save": "期限：录入年度节假日安排",
    "deadlines.rule_confirm": "期限：本局确认规则值",
    "deadlines.rule_confirmation_revoke": "期限：撤销规则值确认",
}
