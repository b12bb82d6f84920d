"""Chinese names of the credit module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "credit.abnormal_list": "信用：列入经营异常名录（标记异常状态）",
    "credit.abnormal_remove": "信用：移出经营异常名录",
    "credit.annual_report_sweep_batch": "信用：未年报批量列入",
    "credit.removal_apply": "信用：受理移出申请",
    "credit.objection_raise": "信用：登记异议",
    "credit.objection_accept": "信用：受理异议",
    "credit.application_decide": "信用：决定移出申请或异议",
    "credit.serious_propose": "信用：拟列入严重违法失信名单",
    "credit.serious_decide": "信用：决定列入严重违法失信名单",
    "credit.serious_remove": "信用：移出严重违法失信名单",
    "credit.repair_apply": "信用：受理信用修复申请",
    "credit.repair_decide": "信用：决定信用修复",
    "credit.risk_classes_recompute": "信用：重算风险分类",
    "credit.revocation_propose": "撤销登记：提出",
    "credit.revocation_legal_review": "撤销登记：法制审核",
    "credit.revocation_resubmit": "撤销登记：补充后重新提交",
    "credit.revocation_withdraw": "撤销登记：撤回",
    "credit.revocation_decide": "撤销登记：局领导决定",
    "credit.identity_revoke": "撤销登记（旧记录）",
}
