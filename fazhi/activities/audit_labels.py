"""Chinese names of the study, legal-education and typical-case module's audit actions (the audit screen;
``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "activities.session_record": "学法普法：登记学习或会议",
    "activities.session_update": "学法普法：修改学习或会议记录",
    "activities.attendance_set": "学法普法：登记出勤",
    "activities.attachment_add": "学法普法：上传会议（学习）附件",
    "activities.attachment_remove": "学法普法：删除会议（学习）附件",
    "activities.matter_add": "学法普法：登记会议研究的法治事项",
    "activities.matter_complete": "学法普法：法治事项办结",
    "activities.series_create": "学法普法：建立讲座（培训）系列",
    "activities.list_create": "普法责任清单：新建",
    "activities.list_copy": "普法责任清单：复制上一年度清单",
    "activities.list_item_add": "普法责任清单：增加责任事项",
    "activities.list_item_remove": "普法责任清单：删除责任事项",
    "activities.list_adopt": "普法责任清单：印发",
    "activities.list_supersede": "普法责任清单：被新清单替代",
    "activities.event_record": "普法活动：登记",
    "activities.event_update": "普法活动：修改",
    "activities.publicity_record": "普法宣传信息：登记",
    "activities.publicity_update": "普法宣传信息：修改",
    "activities.typical_draft": "以案释法典型案例：起草",
    "activities.typical_update": "以案释法典型案例：修改",
    "activities.typical_submit": "以案释法典型案例：提交审核",
    "activities.typical_return": "以案释法典型案例：退回修改",
    "activities.typical_publish": "以案释法典型案例：审核通过并发布",
    "activities.typical_withdraw": "以案释法典型案例：撤回发布",
}
