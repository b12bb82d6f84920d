"""study.*, meetings.*, training.lecture_* and publicity.* of the annual report (seed-figures.md).

Each figure says what it counts (``definition``, printed in the report's appendix) and lists its records
(``records``: the same conditions as ``compute``), so a figure in the report opens the sessions or items behind it.
"""

from __future__ import annotations

from functools import partial

from fazhi.activities import selectors as s
from fazhi.activities.choices import Channel, SessionKind
from fazhi.core.metrics import any_record, register_metric

M = "activities"
# The study and meeting figures pick among the year's sessions of one kind (a rule-of-law topic, the principal in the
# chair, a pre-meeting study before the director's office meeting), the media figure among the year's media articles
# (an outlet level): where fazhi holds no session or article of the kind for the year, their 0 is a gap in the
# records, not a fact. Cadre study, lectures (and their attendance), WeChat issues, online posts and typical cases
# count records of their own kind that a year may well lack: 0 stays.
CENTRAL_GROUP_SESSIONS = any_record(partial(s.sessions_held, SessionKind.CENTRAL_GROUP))
PARTY_COMMITTEE_MEETINGS = any_record(partial(s.sessions_held, SessionKind.PARTY_COMMITTEE))
DIRECTORS_OFFICE_MEETINGS = any_record(partial(s.sessions_held, SessionKind.DIRECTORS_OFFICE))
PRE_MEETING_SESSIONS = any_record(partial(s.sessions_held, SessionKind.PRE_MEETING))
MEDIA_ARTICLES = any_record(partial(s.items_published, Channel.MEDIA))
register_metric(
    "study.party_group_sessions", "党委中心组法治专题学习", module=M, compute=s.party_group_sessions,
    definition="举行日期在当年、标为“法治专题”的党委理论学习中心组学习次数", records=s.party_group_records,
    source=CENTRAL_GROUP_SESSIONS,
)  # fmt: skip
register_metric(
    "study.committee_briefings", "党委会传达学习法治工作", module=M, compute=s.committee_briefings,
    definition="举行日期在当年、标为“法治专题”（专题听取或传达学习法治工作）的党委会次数",
    records=s.committee_briefing_records,
    source=PARTY_COMMITTEE_MEETINGS,
)  # fmt: skip
register_metric(
    "study.cadre_sessions", "组织干部学法", module=M, compute=s.cadre_sessions,
    definition="举行日期在当年的干部学法次数", records=s.cadre_records,
)  # fmt: skip
register_metric(
    "study.pre_meeting_sessions", "局长办公会会前学法", module=M, compute=s.pre_meeting_sessions,
    definition="举行日期在当年、在局长办公会前进行的会前学法次数（党委会前的会前学法不计入）",
    records=s.pre_meeting_records,
    source=PRE_MEETING_SESSIONS,
)  # fmt: skip
register_metric(
    "meetings.party_committee", "主要负责人主持局党委会", module=M, compute=s.party_committee_meetings,
    definition="举行日期在当年、由主要负责人主持的党委会次数", records=s.party_committee_records,
    source=PARTY_COMMITTEE_MEETINGS,
)  # fmt: skip
register_metric(
    "meetings.directors_office", "主要负责人主持局长办公会", module=M, compute=s.directors_office_meetings,
    definition="举行日期在当年、由主要负责人主持的局长办公会次数", records=s.directors_office_records,
    source=DIRECTORS_OFFICE_MEETINGS,
)  # fmt: skip
register_metric(
    "training.lecture_sessions", "业务知识大讲堂（期）", module=M, compute=s.lecture_sessions,
    definition="举行日期在当年、属于讲座培训系列（如业务知识大讲堂）的讲座和培训期数", records=s.lecture_records,
)  # fmt: skip
register_metric(
    "training.lecture_attendance", "讲座培训人次", module=M, compute=s.lecture_attendance,
    definition="上述讲座培训登记为出席的本局人员人次，加上登记的其他参加人次", records=s.lecture_records,
)  # fmt: skip
register_metric(
    "publicity.wechat_issues", "政务微信刊发信息（期）", module=M, compute=s.wechat_issues,
    definition="发布日期在当年的政务微信推送期数", records=s.wechat_records,
)  # fmt: skip
register_metric(
    "publicity.media_articles", "中央和市级媒体刊发稿件", module=M, compute=s.media_articles,
    definition="发布日期在当年、刊发于中央和国家级或市级媒体的稿件篇数（区级媒体不计入）", records=s.media_records,
    source=MEDIA_ARTICLES,
)  # fmt: skip
register_metric(
    "publicity.online_posts", "政务微信、微博、官网发布信息（条）", module=M, compute=s.online_posts,
    definition="发布日期在当年的政务微信每期所含条数、政务微博和局官网发布信息条数之和", records=s.online_records,
)  # fmt: skip
register_metric(
    "publicity.typical_cases", "发布以案释法典型案例", module=M, compute=s.typical_cases_published,
    definition="经审核于当年在公示网站发布的以案释法典型案例件数（此后撤回的仍计入发布当年）",
    records=s.typical_case_records,
)  # fmt: skip
