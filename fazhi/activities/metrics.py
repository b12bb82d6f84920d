"""study.*, meetings.*, training.lecture_* and publicity.* of the annual report (seed-figures.md)."""

from __future__ import annotations

from fazhi.activities import selectors
from fazhi.core.metrics import register_metric

M = "activities"
register_metric(
    "study.party_group_sessions", "党委中心组法治专题学习", module=M, compute=selectors.party_group_sessions
)
register_metric("study.committee_briefings", "党委会传达学习法治工作", module=M, compute=selectors.committee_briefings)
register_metric("study.cadre_sessions", "组织干部学法", module=M, compute=selectors.cadre_sessions)
register_metric("study.pre_meeting_sessions", "局长办公会会前学法", module=M, compute=selectors.pre_meeting_sessions)
register_metric(
    "meetings.party_committee", "主要负责人主持局党委会", module=M, compute=selectors.party_committee_meetings
)
register_metric(
    "meetings.directors_office", "主要负责人主持局长办公会", module=M, compute=selectors.directors_office_meetings
)
register_metric("training.lecture_sessions", "业务知识大讲堂（期）", module=M, compute=selectors.lecture_sessions)
register_metric("training.lecture_attendance", "讲座培训人次", module=M, compute=selectors.lecture_attendance)
register_metric("publicity.wechat_issues", "政务微信刊发信息（期）", module=M, compute=selectors.wechat_issues)
register_metric("publicity.media_articles", "中央和市级媒体刊发稿件", module=M, compute=selectors.media_articles)
register_metric(
    "publicity.online_posts", "政务微信、微博、官网发布信息（条）", module=M, compute=selectors.online_posts
)
register_metric("publicity.typical_cases", "发布以案释法典型案例", module=M, compute=selectors.typical_cases_published)
