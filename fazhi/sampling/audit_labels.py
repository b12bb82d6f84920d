"""Chinese names of the sampling module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

from fazhi.sampling.workflow import EVENTS

LABELS: dict[str, str] = {
    **{f"sampling.sample_{event}": f"抽检样品：{label}" for event, label in EVENTS.items()},
    "sampling.lab_register": "检验机构：登记",
    "sampling.plan_create": "抽检计划：新建",
    "sampling.task_create": "抽检任务：下达",
    "sampling.sample_register": "抽检样品：登记抽样",
    "sampling.sample_hand_over": "抽检样品：移送案件线索",
    "sampling.disposal_complete": "抽检样品：核查处置完毕",
    "sampling.late_retest_submit": "抽检样品：逾期复检申请提交法制审核",
    "sampling.late_retest_decide": "抽检样品：法制审核逾期复检申请",
    "sampling.campaign_create": "专项整治：新建",
    "sampling.campaign_select": "专项整治：确定检查对象",
    "sampling.campaign_draw": "专项整治：随机抽取检查对象",
    "sampling.check_add": "专项整治：列入检查对象（逐条）",
    "sampling.check_record": "专项整治：登记检查结果",
    "sampling.check_recheck": "专项整治：登记复查结果",
    "sampling.check_hand_over": "专项整治：移送案件线索",
    "sampling.campaign_close": "专项整治：结束",
    "samples.import": "抽检样品：批量导入",
}
