"""Choices of the cases module (Chinese labels, English values)."""

from __future__ import annotations

from django.db import models

from fazhi.cases.workflow import STATE_LABELS, State


class CaseState(models.TextChoices):
    INVESTIGATING = "investigating", STATE_LABELS[State.INVESTIGATING]
    SUSPENDED = "suspended", STATE_LABELS[State.SUSPENDED]
    CASE_REVIEW = "case_review", STATE_LABELS[State.CASE_REVIEW]
    LEGAL_REVIEW = "legal_review", STATE_LABELS[State.LEGAL_REVIEW]
    REVIEWED = "reviewed", STATE_LABELS[State.REVIEWED]
    NOTIFIED = "notified", STATE_LABELS[State.NOTIFIED]
    HEARING = "hearing", STATE_LABELS[State.HEARING]
    STATEMENT_CLOSED = "statement_closed", STATE_LABELS[State.STATEMENT_CLOSED]
    FINAL_LEGAL_REVIEW = "final_legal_review", STATE_LABELS[State.FINAL_LEGAL_REVIEW]
    AWAITING_DECISION = "awaiting_decision", STATE_LABELS[State.AWAITING_DECISION]
    DECIDED = "decided", STATE_LABELS[State.DECIDED]
    TRANSFERRED = "transferred", STATE_LABELS[State.TRANSFERRED]
    SERVED = "served", STATE_LABELS[State.SERVED]
    EXECUTED = "executed", STATE_LABELS[State.EXECUTED]
    CLOSED = "closed", STATE_LABELS[State.CLOSED]
    TERMINATED = "terminated", STATE_LABELS[State.TERMINATED]
    ARCHIVED = "archived", STATE_LABELS[State.ARCHIVED]


class ClueSource(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    TIP = "tip", "举报"
    INSPECTION = "inspection", "监督检查（含双随机抽查）"
    TRANSFER = "transfer", "其他机关移送"
    SUPERIOR = "superior", "上级交办"
    OWN_DISCOVERY = "own_discovery", "依职权发现"
    OTHER = "other", "其他"


class ClueStatus(models.TextChoices):
    VERIFYING = "verifying", "核查中"
    FILED = "filed", "已立案"
    NOT_FILED = "not_filed", "不予立案"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    FAST_TRACK = "fast_track", "快速办理"
    SUMMARY = "summary", "简易程序"


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class Domain(models.TextChoices):
    FOOD = "food", "食品"
    DRUGS_COSMETICS_DEVICES = "drugs_cosmetics_devices", "药品、化妆品、医疗器械"
    SPECIAL_EQUIPMENT = "special_equipment", "特种设备"
    PRODUCT_QUALITY = "product_quality", "工业产品质量"
    INTELLECTUAL_PROPERTY = "intellectual_property", "知识产权"
    PRICE = "price", "价格"
    ADVERTISING = "advertising", "广告"
    OTHER = "other", "其他"


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER = "transfer", "移送司法机关"


class ReviewStage(models.TextChoices):
    BEFORE_NOTICE = "before_notice", "告知前"
    BEFORE_DECISION = "before_decision", "决定前"


class ReviewOpinion(models.TextChoices):
    AGREE = "agree", "同意"
    SUPPLEMENTARY_INVESTIGATION = "supplementary_investigation", "补充调查"
    AMEND = "amend", "修改意见"


class DocumentKind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", "立案审批表"
    PRIOR_NOTICE = "prior_notice", "行政处罚告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    NO_PENALTY_DECISION = "no_penalty_decision", "不予行政处罚决定书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    CLOSING_APPROVAL = "closing_approval", "结案审批表"


# The bureau's numbering word per document kind: 津东丽市监处罚〔2023〕N号 (None = internal form, not numbered).
DOCUMENT_NUMBER_WORD: dict[str, str | None] = {
    DocumentKind.FILING_APPROVAL: None,
    DocumentKind.PRIOR_NOTICE: "罚告",
    DocumentKind.HEARING_NOTICE: "听通",
    DocumentKind.PENALTY_DECISION: "处罚",
    DocumentKind.NO_PENALTY_DECISION: "不罚",
    DocumentKind.SERVICE_RECEIPT: None,
    DocumentKind.CLOSING_APPROVAL: None,
}


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤下"
    EXPIRED = "expired", "公示期满"


class Handover(models.TextChoices):
    NONE = "", "无需移交"
    PENDING = "pending", "待移交（信用模块未就绪）"
    HANDED_OVER = "handed_over", "已移交信用模块"
