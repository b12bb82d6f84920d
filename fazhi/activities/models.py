"""Study sessions and meetings (学习与会议) with attendance, attachments and the rule-of-law matters decided;
legal education (普法): the 谁执法谁普法 responsibility list, calendar events, publicity items; typical cases
(以案释法) published from closed penalty cases.

A record states what happened: attendance comes from the staff list, minutes are files kept outside the static
tree with their SHA-256, and a typical case's public text is frozen (masked) at the moment it is approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.activities.choices import (
    AttachmentKind,
    AttendanceStatus,
    Channel,
    ListStatus,
    MatterCategory,
    OutletLevel,
    SessionKind,
    TypicalCaseStatus,
)
from fazhi.core.revision import RevisionedModel

USER = settings.AUTH_USER_MODEL


class LectureSeries(models.Model):
    """A lecture or training series, e.g. 业务知识大讲堂 (its sessions are Sessions of kind lecture/training)."""

    title = models.CharField("系列名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey("registry.Department", verbose_name="组织部门", on_delete=models.PROTECT)
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "讲座（培训）系列"
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="activities_series_title_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"


class Session(RevisionedModel):
    kind = models.CharField("类别", max_length=24, choices=SessionKind.choices)
    department = models.ForeignKey("registry.Department", verbose_name="组织部门", on_delete=models.PROTECT)
    held_on = models.DateField("日期", db_index=True)
    title = models.CharField("主题/议题", max_length=200)
    location = models.CharField("地点", max_length=100, blank=True)
    chair = models.ForeignKey(
        "registry.Officer", verbose_name="主持人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chair_is_principal = models.BooleanField("由主要负责人主持", default=False)
    rule_of_law = models.BooleanField("法治专题（专题学习或听取法治工作）", default=False)
    laws_studied = models.JSONField("学习的法律法规和文件", default=list, blank=True)
    summary = models.TextField("内容摘要", blank=True)
    speaker = models.CharField("主讲人", max_length=100, blank=True)
    series = models.ForeignKey(
        LectureSeries, verbose_name="所属系列", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    meeting = models.ForeignKey(
        "self", verbose_name="会前学法所在会议", null=True, blank=True, on_delete=models.PROTECT, related_name="studies"
    )
    other_attendees = models.PositiveIntegerField("其他参加人次（外单位、企业等）", default=0)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "学习与会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["kind", "held_on"]), models.Index(fields=["department", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:session_detail", args=[self.pk])


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    officer = models.ForeignKey("registry.Officer", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("出勤", max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = verbose_name_plural = "出勤"
        constraints = [models.UniqueConstraint(fields=["session", "officer"], name="activities_attendance_once")]
        indexes = [models.Index(fields=["officer", "status"])]


class Attachment(models.Model):
    """A file of a session (minutes, sign-in sheet …): type checked by its content, size bounded, stored under
    MEDIA_ROOT (never under static), served only through the session's access gate."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=16, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to="activities/%Y/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议（学习）附件"


class RuleOfLawMatter(RevisionedModel):
    """A rule-of-law matter a meeting heard or decided, and its follow-up (第一责任人: 重要任务亲自督办)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="matters")
    title = models.CharField("事项", max_length=200)
    category = models.CharField("类别", max_length=24, choices=MatterCategory.choices)
    decision = models.TextField("研究决定")
    responsible_department = models.ForeignKey(
        "registry.Department", verbose_name="责任部门", null=True, blank=True, on_delete=models.PROTECT
    )
    due_on = models.DateField("办结时限", null=True, blank=True)
    done_on = models.DateField("办结日期", null=True, blank=True)
    done_note = models.TextField("办结情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议研究的法治事项"
        indexes = [models.Index(fields=["done_on", "due_on"])]


class ResponsibilityList(RevisionedModel):
    """谁执法谁普法 responsibility list (普法责任清单), adopted as a whole; the previous one is then superseded."""

    title = models.CharField("清单名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    document_number = models.CharField("印发文号", max_length=60, blank=True)
    status = models.CharField("状态", max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT)
    adopted_on = models.DateField("印发日期", null=True, blank=True)
    adopted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    superseded_on = models.DateField("被替代日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "普法责任清单"
        ordering = ["-year", "-id"]


class ResponsibilityItem(models.Model):
    responsibility_list = models.ForeignKey(ResponsibilityList, on_delete=models.CASCADE, related_name="items")
    department = models.ForeignKey("registry.Department", verbose_name="责任部门", on_delete=models.PROTECT)
    law_title = models.CharField("普法的法律法规", max_length=100)
    audience = models.CharField("普法对象", max_length=200)
    content = models.TextField("普法内容")
    methods = models.CharField("普法方式", max_length=200)
    timing = models.CharField("时间安排", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "普法责任事项"
        ordering = ["department_id", "id"]


class EducationEvent(RevisionedModel):
    """A legal-education event (普法活动), optionally under a theme of the calendar (rulebook table)."""

    theme = models.CharField("普法主题", max_length=40, blank=True)
    title = models.CharField("活动名称", max_length=200)
    department = models.ForeignKey("registry.Department", verbose_name="组织部门", on_delete=models.PROTECT)
    held_on = models.DateField("日期", db_index=True)
    location = models.CharField("地点", max_length=100, blank=True)
    audience = models.CharField("对象", max_length=100, blank=True)
    audience_count = models.PositiveIntegerField("受众人次")
    materials_count = models.PositiveIntegerField("发放资料（份）", default=0)
    summary = models.TextField("活动情况", blank=True)
    theme_check = models.JSONField("主题期间核对", default=dict, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "普法活动"
        ordering = ["-held_on", "-id"]


class PublicityItem(RevisionedModel):
    """One publication: a WeChat issue (期, with the number of articles in it), a Weibo or website post, or an
    article placed in the media."""

    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    published_on = models.DateField("发布日期", db_index=True)
    title = models.CharField("标题", max_length=200)
    url = models.URLField("链接", max_length=500, blank=True)
    outlet = models.CharField("媒体名称", max_length=100, blank=True)
    outlet_level = models.CharField("媒体级别", max_length=16, choices=OutletLevel.choices, blank=True)
    article_count = models.PositiveSmallIntegerField("条数", default=1)
    department = models.ForeignKey("registry.Department", verbose_name="供稿部门", on_delete=models.PROTECT)
    event = models.ForeignKey(
        EducationEvent, verbose_name="相关普法活动", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "宣传信息"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["channel", "published_on"])]

    def __str__(self) -> str:
        where = self.outlet if self.channel == "media" else self.get_channel_display()
        count = f"（{self.article_count} 条）" if self.article_count > 1 else ""
        return f"{self.published_on} {where}：{self.title}{count}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:publicity_list") + f"#publicity-{self.pk}"


class TypicalCase(RevisionedModel):
    """以案释法: a closed penalty case told for the public. ``public_*`` is written once, at approval, from the
    masked text; the draft fields stay internal."""

    case = models.ForeignKey("cases.Case", verbose_name="来源案件", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("registry.Department", verbose_name="承办部门", on_delete=models.PROTECT)
    title = models.CharField("标题", max_length=100)
    domain = models.CharField("领域", max_length=40)
    facts = models.TextField("基本案情")
    analysis = models.TextField("以案释法（法律分析）")
    legal_basis = models.TextField("法律依据", blank=True)
    status = models.CharField("状态", max_length=16, choices=TypicalCaseStatus.choices, default=TypicalCaseStatus.DRAFT)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交审核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    review_opinion = models.TextField("审核意见", blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    public_title = models.CharField("发布标题（已脱敏）", max_length=100, blank=True)
    public_facts = models.TextField("发布案情（已脱敏）", blank=True)
    public_analysis = models.TextField("发布分析（已脱敏）", blank=True)
    public_basis = models.TextField("发布依据", blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "以案释法典型案例"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["status", "-published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:typical_detail", args=[self.pk])
