"""Choices of the power list (权责清单)."""

from django.db import models


class PowerCategory(models.TextChoices):
    """职权类别 as the provincial power lists group them."""

    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他"


class BatchStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交待审批"
    APPROVED = "approved", "已批准生效"
    REJECTED = "rejected", "已退回"


class LineAction(models.TextChoices):
    ADD = "add", "新增"
    CHANGE = "change", "变更"
    REMOVE = "remove", "取消"
