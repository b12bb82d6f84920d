"""Choices of the case-file review module (Chinese labels, English values)."""

from __future__ import annotations

from django.db import models

from fazhi.file_reviews.workflow import ROUND_STATE_LABELS, RectificationState, RoundState


class RoundStatus(models.TextChoices):
    DRAFT = RoundState.DRAFT.value, ROUND_STATE_LABELS[RoundState.DRAFT]
    COMMITTED = RoundState.COMMITTED.value, ROUND_STATE_LABELS[RoundState.COMMITTED]
    SELECTED = RoundState.SELECTED.value, ROUND_STATE_LABELS[RoundState.SELECTED]
    REVIEWING = RoundState.REVIEWING.value, ROUND_STATE_LABELS[RoundState.REVIEWING]
    GRADED = RoundState.GRADED.value, ROUND_STATE_LABELS[RoundState.GRADED]
    FEEDBACK = RoundState.FEEDBACK.value, ROUND_STATE_LABELS[RoundState.FEEDBACK]
    CLOSED = RoundState.CLOSED.value, ROUND_STATE_LABELS[RoundState.CLOSED]
    CANCELLED = RoundState.CANCELLED.value, ROUND_STATE_LABELS[RoundState.CANCELLED]


class SelectionMethod(models.TextChoices):
    DRAW = "draw", "随机抽取（可验证）"
    CRITERIA = "criteria", "按条件选取"


class SeedKind(models.TextChoices):
    """Since fazhi-draw/2 both are committed before the draw: the future lottery draw is named, or the system
    secret's SHA-256 commitment is fixed, with the pool hash (rounds drawn under fazhi-draw/1 keep their record)."""

    PUBLIC_ANNOUNCED = "public_announced", "公开开奖号码（事先确定采用哪一期开奖）"
    CSPRNG = "csprng", "系统密钥（事先固定承诺值，抽取时公开）"


class FileState(models.TextChoices):
    ASSIGNED = "assigned", "待评查"
    SCORED = "scored", "已评分"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Distinction(models.TextChoices):
    NONE = "", "—"
    EXEMPLARY = "exemplary", "示范优案"
    POOR = "poor", "典型差案"


class RectificationStatus(models.TextChoices):
    OPEN = RectificationState.OPEN.value, RectificationState.OPEN.label
    REPORTED = RectificationState.REPORTED.value, RectificationState.REPORTED.label
    VERIFIED = RectificationState.VERIFIED.value, RectificationState.VERIFIED.label


# Higher authorities whose reviews the bureau sends files to (free text is allowed; these are offered first).
HIGHER_AUTHORITIES = ("天津市市场监督管理委员会", "天津市知识产权局", "天津市药品监督管理局", "东丽区司法局")
