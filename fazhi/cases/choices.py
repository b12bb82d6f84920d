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
    RECORDED = "recorded", STATE_LABELS[State.RECORDED]
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
    PENDING = "pending", "待负责人审批"
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
    SUMMARY_DECISION = "summary_decision", "当场行政处罚决定书"


# The bureau's numbering word per document kind: 津东丽市监处罚〔2023〕N号 (None = internal form, not numbered).
DOCUMENT_NUMBER_WORD: dict[str, str | None] = {
    DocumentKind.FILING_APPROVAL: None,
    DocumentKind.PRIOR_NOTICE: "罚告",
    DocumentKind.HEARING_NOTICE: "听通",
    DocumentKind.PENALTY_DECISION: "处罚",
    DocumentKind.NO_PENALTY_DECISION: "不罚",
    DocumentKind.SERVICE_RECEIPT: None,
    DocumentKind.CLOSING_APPROVAL: None,
    DocumentKind.SUMMARY_DECISION: "当罚",
}

# The step that produces each document (the case page names it while the document does not exist yet).
DOCUMENT_PRODUCED_BY: dict[str, str] = {
    DocumentKind.FILING_APPROVAL: "局负责人批准立案",
    DocumentKind.PRIOR_NOTICE: "送达行政处罚告知书",
    DocumentKind.HEARING_NOTICE: "安排听证（送达听证通知书）",
    DocumentKind.PENALTY_DECISION: "作出行政处罚决定",
    DocumentKind.NO_PENALTY_DECISION: "作出不予行政处罚决定",
    DocumentKind.SERVICE_RECEIPT: "送达决定书",
    DocumentKind.CLOSING_APPROVAL: "局负责人批准结案",
    DocumentKind.SUMMARY_DECISION: "当场作出行政处罚决定（简易程序）",
}


class ApprovalKind(models.TextChoices):
    """What a 负责人 approves (市场监督管理行政处罚程序规定 Arts. 18–20 filing, 46 suspension, 47 termination,
    56 the penalty proposal before 告知, 64 handling-period extension, 74 payment arrangement, 77 closing)."""

    FILING = "filing", "立案"
    NOT_FILING = "not_filing", "不予立案"
    CLUE_EXTENSION = "clue_extension", "延长线索核查期限"
    HANDLING_EXTENSION = "handling_extension", "延长办案期限"
    PROPOSAL = "proposal", "行政处罚建议（告知前）"
    SUSPENSION = "suspension", "中止调查"
    TERMINATION = "termination", "终止调查"
    TRANSFER = "transfer", "移送司法机关"
    PAYMENT_ARRANGEMENT = "payment_arrangement", "暂缓或分期缴纳罚款"
    CLOSING = "closing", "结案"
    DATE_CORRECTION = "date_correction", "更正办案日期"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class StatementBasis(models.TextChoices):
    """Why the statement phase could end (行政处罚法 Arts. 44, 45, 62, 64)."""

    EXPIRED = "expired", "陈述申辩（听证申请）期限届满"
    WAIVED = "waived", "当事人书面放弃"
    HEARING = "hearing", "听证结束"


class WaiverScope(models.TextChoices):
    STATEMENT = "statement", "放弃陈述、申辩的权利"
    HEARING = "hearing", "放弃要求听证的权利"
    ALL = "all", "放弃陈述、申辩和要求听证的权利"


class StatementForm(models.TextChoices):
    WRITTEN = "written", "书面陈述申辩"
    ORAL = "oral", "口头陈述申辩（已制作笔录）"


class StatementAdoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class EvidenceKind(models.TextChoices):
    """证据种类 (行政诉讼法 Art. 33, applied to administrative penalty cases)."""

    DOCUMENT = "document", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录"
    ON_SITE_RECORD = "on_site_record", "现场笔录"


class ServiceMethod(models.TextChoices):
    """送达方式 (行政处罚法 Art. 61; 民事诉讼法 service rules)."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    ELECTRONIC = "electronic", "电子送达（当事人同意并签订确认书）"
    POST = "post", "邮寄送达"
    ENTRUSTED = "entrusted", "委托送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤下"
    EXPIRED = "expired", "公示期满"


class Handover(models.TextChoices):
    NONE = "", "无需移交"
    PENDING = "pending", "待移交（历史记录）"
    HANDED_OVER = "handed_over", "已移交信用模块（拟列入严重违法失信名单）"
    NOT_REGISTERED = "not_registered", "当事人不是登记的市场主体，无须移交"
