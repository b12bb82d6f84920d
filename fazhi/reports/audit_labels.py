"""Chinese names of the annual report module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "reports.draft_open": "年度报告：开始起草",
    "reports.paragraph_add": "年度报告：增加段落",
    "reports.paragraph_edit": "年度报告：修改段落",
    "reports.paragraph_remove": "年度报告：删除段落",
    "reports.draft_submit": "年度报告：提交审批",
    "reports.draft_return": "年度报告：退回修改",
    "reports.draft_approve": "年度报告：局领导批准",
    "reports.draft_reopen": "年度报告：重新打开修改",
    "reports.draft_publish": "年度报告：公开发布",
}
