"""Chinese names of the inspections module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "inspections.item_create": "双随机：新增抽查事项",
    "inspections.item_new_version": "双随机：修订抽查事项",
    "inspections.plan_create": "双随机：制定抽查计划",
    "inspections.plan_publish": "双随机：公示抽查计划",
    "inspections.task_create": "双随机：建立抽查任务",
    "inspections.task_freeze_pools": "双随机：固定名录库",
    "inspections.seed_generate": "双随机：生成随机种子",
    "inspections.seed_announce": "双随机：公布种子承诺",
    "inspections.seed_enter_value": "双随机：录入公开随机数",
    "inspections.task_draw": "双随机：抽取检查对象和人员",
    "inspections.task_redraw": "双随机：重新抽取",
    "inspections.conflict_declare": "双随机：回避申报",
    "inspections.result_record": "双随机：登记检查结果",
    "inspections.task_finish": "双随机：完成抽查任务",
    "inspections.task_publish_results": "双随机：公示检查结果",
}
