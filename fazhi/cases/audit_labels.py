"""Chinese names of the cases module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

from fazhi.cases.workflow import Event

LABELS: dict[str, str] = {
    **{f"cases.{event.value}": f"案件：{event.label}" for event in Event},
    "cases.clue_register": "案件线索：登记",
    "cases.remedy_outcome": "案件：登记复议或诉讼结果",
    "cases.clue_decline": "案件线索：不予立案",
    "cases.clue_extend": "案件线索：延长核查期限",
    "cases.clue_notify_reporter": "案件线索：告知举报人",
    "cases.file": "案件：立案",
    "cases.assign_officers": "案件：指定办案人员",
    "cases.evidence_add": "案件：登记证据",
    "cases.set_facts": "案件：认定违法事实",
    "cases.assess_discretion": "案件：裁量评估",
    "cases.apply_exemption": "案件：适用不予处罚或减轻情形",
    "cases.propose_penalty": "案件：拟定处罚意见",
    "cases.collective_discussion": "案件：集体讨论",
    "cases.schedule_hearing": "案件：安排听证",
    "cases.extend_handling": "案件：延长办案期限",
    "cases.summary_decide": "案件：简易程序当场处罚",
    "cases.document_issue": "案件：制发文书",
    "cases.arrange_payment": "案件：延期或分期缴纳罚款",
    "cases.waive_coercion": "案件：不予强制执行",
    "cases.serious_list_handover": "案件：移送列入严重违法失信名单",
    "cases.publication_open": "案件：开始公示处罚信息",
    "cases.publish": "案件：公示处罚信息",
    "cases.withdraw_publication": "案件：撤下公示",
}
