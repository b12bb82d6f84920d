"""Chinese names of the information disclosure module's audit actions (the audit screen;
``fazhi.core.audit_labels``)."""

from fazhi.disclosure.workflow import Event

LABELS: dict[str, str] = {
    **{f"disclosure.{e.value}": f"政府信息公开申请：{e.label}" for e in Event},
    "disclosure.register": "政府信息公开申请：登记收到的申请",
    "disclosure.extend": "政府信息公开申请：延长答复期限",
    "disclosure.publish": "主动公开：发布信息",
    "disclosure.withdraw": "主动公开：撤回信息",
    "disclosure.report_open": "政府信息公开工作年度报告：登记期限",
    "disclosure.report_publish": "政府信息公开工作年度报告：登记提交和公布",
    "disclosure.reveal_contact": "政府信息公开申请：查看申请人完整联系方式",
}
