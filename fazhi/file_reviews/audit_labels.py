"""Chinese names of the case-file review module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

from fazhi.file_reviews.workflow import RectificationEvent, RoundEvent

LABELS: dict[str, str] = {
    **{f"file_reviews.round_{e.value}": f"案卷评查：{e.label}" for e in RoundEvent},
    **{f"file_reviews.rectification_{e.value}": f"案卷评查整改：{e.label}" for e in RectificationEvent},
    "file_reviews.round_create": "案卷评查：建立评查活动",
    "file_reviews.file_select": "案卷评查：选取案卷",
    "file_reviews.file_reassign": "案卷评查：调整评查人",
    "file_reviews.file_distinguish": "案卷评查：评为优秀案卷",
    "file_reviews.file_score": "案卷评查：评分",
    "file_reviews.higher_review_send": "案卷评查：报送上级评查",
    "file_reviews.higher_review_result": "案卷评查：登记上级评查结果",
    "file_reviews.live_recompute": "案卷评查：重算实时评查",
    "file_reviews.rectification_open": "案卷评查：部署整改",
    "file_reviews.seed_first_entry": "案卷评查：第一人录入开奖号码",
    "file_reviews.seed_entries_differ": "案卷评查：两人录入的开奖号码不一致（均作废）",
    "file_reviews.seed_confirm": "案卷评查：两人录入开奖号码一致，随机数确定",
}
