"""Choices of the activities module (Chinese labels, English values)."""

from __future__ import annotations

from django.db import models


class SessionKind(models.TextChoices):
    CENTRAL_GROUP = "central_group", "党委理论学习中心组学习"
    PARTY_COMMITTEE = "party_committee", "党委会（党组会）"
    DIRECTORS_OFFICE = "directors_office", "局长办公会"
    CADRE_STUDY = "cadre_study", "干部学法"
    PRE_MEETING = "pre_meeting", "会前学法"
    LECTURE = "lecture", "讲座"
    TRAINING = "training", "培训"


MEETING_KINDS = frozenset({SessionKind.PARTY_COMMITTEE, SessionKind.DIRECTORS_OFFICE})
LECTURE_KINDS = frozenset({SessionKind.LECTURE, SessionKind.TRAINING})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", "会议纪要/记录"
    SIGN_IN = "sign_in", "签到表"
    MATERIAL = "material", "学习材料"
    PHOTO = "photo", "现场照片"


class MatterCategory(models.TextChoices):
    """Rule-of-law matters a meeting studies or decides (法治建设第一责任人职责, reference report part 二)."""

    PLAN = "plan", "法治建设规划、计划和年度报告"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件、公平竞争审查"
    MAJOR_DECISION = "major_decision", "重大行政决策"
    ENFORCEMENT = "enforcement", "行政执法规范化、执法监督"
    REMEDIES = "remedies", "行政复议、行政应诉"
    EDUCATION = "education", "普法与学法"
    OTHER = "other", "其他法治事项"


class ListStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ADOPTED = "adopted", "施行中"
    SUPERSEDED = "superseded", "已被新清单替代"


class Channel(models.TextChoices):
    WECHAT = "wechat", "政务微信"
    WEIBO = "weibo", "政务微博"
    WEBSITE = "website", "局官网"
    MEDIA = "media", "新闻媒体"


ONLINE_CHANNELS = frozenset({Channel.WECHAT, Channel.WEIBO, Channel.WEBSITE})


class OutletLevel(models.TextChoices):
    NATIONAL = "national", "中央和国家级媒体"
    CITY = "city", "市级媒体"
    DISTRICT = "district", "区级媒体"
    OTHER = "other", "其他"


class TypicalCaseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
