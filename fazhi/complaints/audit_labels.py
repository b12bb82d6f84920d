"""Chinese names of the complaints module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

from fazhi.complaints.workflow import ACTION_LABELS

LABELS: dict[str, str] = {
    **{f"complaints.{action}": f"投诉举报：{label}" for action, label in ACTION_LABELS.items()},
    "complaints.register": "投诉举报：登记",
    "complaints.assign": "投诉举报：分派承办人",
    "complaints.notice": "投诉举报：登记告知",
    "complaints.extend": "投诉举报：延长办理期限",
    "complaints.decide": "投诉举报：作出处理决定",
    "complaints.notify_reporter": "投诉举报：告知举报人处理结果",
    "complaints.close": "投诉举报：办结",
    "complaints.attach": "投诉举报：上传附件",
    "complaints.remind": "投诉举报：到期提醒",
    "complaints.reveal_contact": "投诉举报：查看当事人完整联系方式",
    "complaints.import": "投诉举报：批量导入",
}
