"""Choices of the reconsideration and litigation registers (Chinese labels, English values)."""

from __future__ import annotations

from django.db import models

from fazhi.remedies.workflow import STATE_LABELS, State


class Status(models.TextChoices):
    RECEIVED = State.RECEIVED.value, STATE_LABELS[State.RECEIVED]
    ANSWERED = State.ANSWERED.value, STATE_LABELS[State.ANSWERED]
    CONCLUDED = State.CONCLUDED.value, STATE_LABELS[State.CONCLUDED]


class Proceeding(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class ActKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚决定"
    COMPLAINT = "complaint", "投诉举报处理"
    DISCLOSURE = "disclosure", "政府信息公开答复"
    INACTION = "inaction", "不履行法定职责"
    OTHER = "other", "其他行政行为"


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class ReconsiderationProcedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class SubmissionKind(models.TextChoices):
    ANSWER = "answer", "书面答复／答辩状"
    EVIDENCE = "evidence", "证据材料"
    BASIS = "basis", "法律依据、规范性文件"
    SUPPLEMENT = "supplement", "补充材料"
    OTHER = "other", "其他材料"


class HearingKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议听证"
    COURT = "court", "开庭审理"
