"""Question bank (题库), exams (考试) with their paper rules and roster, sittings (答卷) and answers.

A question is never edited in place once it exists: a correction retires it and adds a new version, so every
paper already drawn can be re-derived from its seed and the bank as it stood (``active_from``/``retired_at``).
A sitting's result is written once, at submission, together with a digest recorded in the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.revision import RevisionedModel
from fazhi.exams.assembly import Rule
from fazhi.exams.choices import (
    CandidateStatus,
    Difficulty,
    ExamKind,
    ExamStatus,
    QuestionKind,
    SittingStatus,
    SourceStatus,
    SubmittedHow,
)

USER = settings.AUTH_USER_MODEL


class Law(models.Model):
    """One text version of a law the bank examines, with the period it is in force ([from, until))."""

    code = models.CharField("版本代码", max_length=64, unique=True)
    title = models.CharField("法律法规名称", max_length=100, db_index=True)
    version = models.CharField("版本", max_length=200)
    in_force_from = models.DateField("施行日期")
    in_force_until = models.DateField("停止适用日期", null=True, blank=True)
    status = models.CharField("核对状态", max_length=16, choices=SourceStatus.choices)
    source = models.CharField("核对依据", max_length=300, blank=True)
    last_verified_on = models.DateField("最后核对日期")

    class Meta:
        verbose_name = verbose_name_plural = "题库法律版本"
        ordering = ["title", "in_force_from"]

    def __str__(self) -> str:
        return f"《{self.title}》（{self.version}）"

    def in_force_on(self, day) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)


class Question(models.Model):
    code = models.CharField("题号", max_length=40)
    version = models.PositiveSmallIntegerField("版本", default=1)
    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.PROTECT, related_name="questions")
    article = models.CharField("条款", max_length=40)
    kind = models.CharField("题型", max_length=16, choices=QuestionKind.choices)
    difficulty = models.PositiveSmallIntegerField("难度", choices=Difficulty.choices)
    stem = models.TextField("题干")
    options = models.JSONField("选项", default=list, blank=True)
    answer = models.CharField("正确答案", max_length=8)
    explanation = models.TextField("解析", blank=True)
    quote = models.TextField("法条原文摘录", blank=True)
    active_from = models.DateTimeField("入库时间")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="取代的旧版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "试题"
        indexes = [models.Index(fields=["law", "kind", "difficulty"])]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="exams_question_version")]
        ordering = ["code", "version"]

    def __str__(self) -> str:
        return f"{self.code} {self.stem[:30]}"

    @property
    def option_letters(self) -> list[tuple[str, str]]:
        return [(chr(ord("A") + i), text) for i, text in enumerate(self.options)]

    @property
    def answer_display(self) -> str:
        return {"T": "正确", "F": "错误"}.get(self.answer, self.answer)


class Exam(RevisionedModel):
    title = models.CharField("考试名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=ExamKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey("registry.Department", verbose_name="组织部门", on_delete=models.PROTECT)
    opens_at = models.DateTimeField("开考时间")
    closes_at = models.DateTimeField("截止时间")
    duration_minutes = models.PositiveSmallIntegerField("答题时长（分钟）")
    pass_mark = models.PositiveSmallIntegerField("合格分数")
    total_points = models.PositiveSmallIntegerField("满分", default=0)
    status = models.CharField("状态", max_length=16, choices=ExamStatus.choices, default=ExamStatus.DRAFT)
    seed = models.CharField("组卷种子", max_length=64, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    makeup_of = models.ForeignKey(
        "self", verbose_name="补考对应的考试", null=True, blank=True, on_delete=models.PROTECT, related_name="makeups"
    )
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考试"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["kind", "year"])]

    def __str__(self) -> str:
        return self.title


class PaperRule(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField("序号")
    topic = models.CharField("法律法规", max_length=100)
    kind = models.CharField("题型", max_length=16, choices=QuestionKind.choices)
    difficulty = models.PositiveSmallIntegerField("难度", choices=Difficulty.choices, null=True, blank=True)
    count = models.PositiveSmallIntegerField("题数")
    points = models.PositiveSmallIntegerField("每题分值")

    class Meta:
        verbose_name = verbose_name_plural = "组卷规则"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["exam", "position"], name="exams_rule_position")]

    def as_rule(self) -> Rule:
        return Rule(self.position, self.topic, self.kind, self.difficulty, self.count, self.points)

    @property
    def key(self) -> str:
        return self.as_rule().key


class Candidate(models.Model):
    """One staff member on an exam's roster, with the department they belonged to when the roster was made."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="candidates")
    officer = models.ForeignKey("registry.Officer", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("registry.Department", verbose_name="所在部门", on_delete=models.PROTECT)
    status = models.CharField("应考状态", max_length=16, choices=CandidateStatus.choices)
    exempt_reason = models.CharField("免考理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "应考人员"
        constraints = [models.UniqueConstraint(fields=["exam", "officer"], name="exams_candidate_once")]
        indexes = [models.Index(fields=["exam", "department"])]

    def __str__(self) -> str:
        return f"{self.officer.name}（{self.department.name}，{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exams:roster", args=[self.exam_id])


class Sitting(RevisionedModel):
    """One candidate's paper: drawn at the start from the recorded seed, timed by the server."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="sittings")
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="sitting")
    officer = models.ForeignKey("registry.Officer", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("registry.Department", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, verbose_name="答题账号", on_delete=models.PROTECT, related_name="+")
    seed = models.CharField("试卷种子", max_length=64)
    pool_digest = models.CharField("题库摘要", max_length=64)
    paper_date = models.DateField("适用法律日期")
    started_at = models.DateTimeField("开始答题")
    deadline_at = models.DateTimeField("答题截止")
    status = models.CharField("状态", max_length=16, choices=SittingStatus.choices, default=SittingStatus.IN_PROGRESS)
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    submitted_how = models.CharField("交卷方式", max_length=16, choices=SubmittedHow.choices, blank=True)
    max_score = models.PositiveSmallIntegerField("满分")
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    passed = models.BooleanField("合格", null=True, blank=True)
    result_digest = models.CharField("成绩摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答卷"
        indexes = [
            models.Index(fields=["exam", "status"]),
            models.Index(fields=["officer", "status"]),
            models.Index(fields=["status", "deadline_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.exam} · {self.officer_id}"


class Answer(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField("题序")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField("分值")
    response = models.CharField("作答", max_length=8, blank=True)
    saved_at = models.DateTimeField("保存时间", null=True, blank=True)
    correct = models.BooleanField("正确", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "作答"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["sitting", "position"], name="exams_answer_position")]
