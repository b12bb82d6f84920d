"""Chinese names of the law exams' audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "exams.exam_create": "学法考试：新建考试",
    "exams.exam_update": "学法考试：修改考试",
    "exams.exam_publish": "学法考试：发布考试",
    "exams.exam_close": "学法考试：结束考试",
    "exams.makeup_create": "学法考试：安排补考",
    "exams.candidate_add": "学法考试：添加考生",
    "exams.candidate_exempt": "学法考试：免考",
    "exams.law_add": "学法考试：新增法律法规",
    "exams.law_update": "学法考试：修改法律法规",
    "exams.question_add": "学法考试：新增试题",
    "exams.question_retire": "学法考试：停用试题",
    "exams.rule_add": "学法考试：新增组卷规则",
    "exams.rule_remove": "学法考试：删除组卷规则",
    "exams.sitting_start": "学法考试：开始作答",
    "exams.answer_save": "学法考试：保存答案",
    "exams.sitting_submit": "学法考试：交卷",
}
