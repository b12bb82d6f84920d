"""Choices of the exams module (Chinese labels, English values)."""

from __future__ import annotations

from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单项选择题"
    MULTIPLE = "multiple", "多项选择题"
    TRUE_FALSE = "true_false", "判断题"


class Difficulty(models.IntegerChoices):
    EASY = 1, "基础"
    MEDIUM = 2, "中等"
    HARD = 3, "较难"


class SourceStatus(models.TextChoices):
    """How the law text a question rests on was checked (legal digest §0)."""

    TEXT = "TEXT", "已核对原文"
    SECONDARY = "SECONDARY", "二手来源"
    UNCONFIRMED = "UNCONFIRMED", "未经确认"


class ExamKind(models.TextChoices):
    ANNUAL = "annual", "年度学法用法考试"
    ENFORCEMENT = "enforcement", "行政执法人员考试"
    SPECIAL = "special", "专题测试"


class ExamStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    CLOSED = "closed", "已结束"


class CandidateStatus(models.TextChoices):
    REQUIRED = "required", "应考"
    EXEMPT = "exempt", "免考"


class SittingStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "答题中"
    SUBMITTED = "submitted", "已交卷"


class SubmittedHow(models.TextChoices):
    SITTER = "sitter", "本人交卷"
    TIMEOUT = "timeout", "答题时间到，自动交卷"
    CLOSED = "closed", "考试结束，自动交卷"
