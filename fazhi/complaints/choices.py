"""Choices of the complaints app (stored values English, labels Chinese)."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    TIP = "tip", "举报"
    NOT_COVERED = "not_covered", "非投诉举报事项"


class Channel(models.TextChoices):
    PLATFORM_12315 = "12315", "全国12315平台"
    HOTLINE = "hotline", "热线电话"
    LETTER = "letter", "信件"
    VISIT = "visit", "来访"
    GRID = "grid", "党群网格服务平台"
    TRANSFER = "transfer", "转办"


class Category(models.TextChoices):
    FOOD = "food", "食品安全"
    PRODUCT_QUALITY = "product_quality", "产品质量"
    PRICES = "prices", "价格收费"
    ADVERTISING = "advertising", "广告宣传"
    CONTRACTS = "contracts", "合同格式条款"
    SERVICES = "services", "服务质量"
    PREPAID = "prepaid", "预付式消费"
    ONLINE = "online", "网络购物"
    MEASUREMENT = "measurement", "计量"
    LICENSING = "licensing", "无照无证经营"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    RECEIVED = "received", "待处理"
    ACCEPTED = "accepted", "已受理"
    REFUSED = "refused", "不予受理"
    MEDIATING = "mediating", "调解中"
    CLOSED = "closed", "已办结"
    REDIRECTED = "redirected", "已告知其他途径"
    MERGED = "merged", "已合并"
    HANDED_OVER = "handed_over", "已移交线索核查"
    LEGAL_REVIEW = "legal_review", "待法制审核"


class Outcome(models.TextChoices):
    SUCCEEDED = "succeeded", "调解成功"
    TERMINATED = "terminated", "终止调解"


class MediationMethod(models.TextChoices):
    ON_SITE = "on_site", "现场调解"
    REMOTE = "remote", "远程调解（电话、网络）"
    DELEGATED = "delegated", "委托消费者协会调解"


class RespondentKind(models.TextChoices):
    ORGANISATION = "organisation", "法人或其他组织"
    NATURAL_PERSON = "natural_person", "自然人（含个体工商户）"


class ReviewAction(models.TextChoices):
    REFUSE = "refuse", "不予受理"
    TERMINATE = "terminate", "终止调解"
    MERGE = "merge", "合并处理"
    REDIRECT = "redirect", "告知通过其他途径提出"


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "同意"
    REJECTED = "rejected", "不同意（退回）"
