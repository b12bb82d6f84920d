"""The bureau's own text of its annual reports, its versions, and the approved (frozen) copies.

The structure and the starting text of a report come from its template (``specs/<kind>.yaml``); what staff write
is stored per paragraph with every version; an approval freezes the text and the figure values it was approved
with, so the approved report says the same thing years later whatever happens to the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.revision import RevisionedModel
from fazhi.reports.choices import DraftStatus, ParagraphSource


class ReportDraft(RevisionedModel):
    kind = models.CharField("报告种类", max_length=32)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交审定时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_opinion = models.TextField("退回意见", blank=True)

    class Meta:
        verbose_name = "年度报告稿"
        verbose_name_plural = "年度报告稿"
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="reports_draft_kind_year")]

    def __str__(self) -> str:
        from fazhi.reports.choices import report_kinds

        return f"{self.year}年{report_kinds().get(self.kind, self.kind)}"


class ReportParagraph(RevisionedModel):
    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField("段落编号", max_length=120)
    section = models.CharField("所在部分", max_length=80)
    position = models.PositiveIntegerField("顺序")
    lead = models.CharField("段首标题", max_length=100, blank=True)
    text = models.TextField("正文")
    source = models.CharField("来源", max_length=16, choices=ParagraphSource.choices)
    removed = models.BooleanField("已删除", default=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "报告段落"
        verbose_name_plural = "报告段落"
        ordering = ["section", "position"]
        constraints = [models.UniqueConstraint(fields=["draft", "key"], name="reports_paragraph_key")]


class ReportParagraphVersion(models.Model):
    """Every saved text of a paragraph (the history staff and auditors can read)."""

    paragraph = models.ForeignKey(ReportParagraph, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    lead = models.CharField("段首标题", max_length=100, blank=True)
    text = models.TextField("正文")
    removed = models.BooleanField("已删除", default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "段落版本"
        verbose_name_plural = "段落版本"
        ordering = ["paragraph", "-number"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "number"], name="reports_paragraph_version")]


class ReportApproval(models.Model):
    """The leader's approval: the text and the figure values frozen as approved; optionally published."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="approvals")
    number = models.PositiveIntegerField("审定序号")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("审定时间")
    opinion = models.TextField("审定意见")
    missing_acknowledged = models.JSONField("审定时确认的暂无数据项", default=list)
    figures = models.JSONField("审定时的数字")
    paragraphs = models.JSONField("审定时的正文")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded = models.BooleanField("已被重新审定取代", default=False)

    class Meta:
        verbose_name = "报告审定"
        verbose_name_plural = "报告审定"
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="reports_approval_number")]
