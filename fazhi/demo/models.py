"""The demo marker: one row per generation of the demo district."""

from __future__ import annotations

from django.db import models


class DemoRun(models.Model):
    """A generation of the demo district. ``finished_at`` is set in the same transaction as the data, so a row
    with ``finished_at`` means the demo data is complete; a row without it is a crashed run (PostgreSQL/SQLite
    roll the whole transaction back, so in practice such rows never survive — the check is kept as a guard)."""

    seed = models.IntegerField("随机种子")
    scale = models.CharField("规模", max_length=16, default="full")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    timings = models.JSONField("各步骤用时（秒）", default=dict, blank=True)

    class Meta:
        verbose_name = "演示数据生成记录"
        verbose_name_plural = "演示数据生成记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"演示数据（种子 {self.seed}，{self.scale}）"
