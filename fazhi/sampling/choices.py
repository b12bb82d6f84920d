"""Choices of the sampling module (抽检与专项整治), with their Chinese labels."""

from __future__ import annotations

from django.db import models


class ProductArea(models.TextChoices):
    """The product areas the bureau samples (the seed report counts each one)."""

    FOOD = "food", "食品"
    DRUG = "drug", "药品"
    COSMETIC = "cosmetic", "化妆品"
    DEVICE = "device", "医疗器械"
    PRODUCT = "product", "工业产品"


class PlanLevel(models.TextChoices):
    """Who ordered the sampling (国抽、省抽、市抽、区抽): the seed's drug batches are "national and city tasks"."""

    NATIONAL = "national", "国家抽检"
    PROVINCIAL = "provincial", "省级抽检"
    CITY = "city", "市级抽检"
    DISTRICT = "district", "区级抽检"


class SampleStatus(models.TextChoices):
    """The states of one sampled batch (workflow.py holds the transition table)."""

    SAMPLED = "sampled", "已抽样待检验"
    QUALIFIED = "qualified", "检验合格"
    UNQUALIFIED = "unqualified", "检验不合格待通知"
    NOTIFIED = "notified", "已送达不合格通知"
    RETEST = "retest", "复检中"
    DISPOSING = "disposing", "核查处置中"
    CLOSED = "closed", "已办结"


class Result(models.TextChoices):
    QUALIFIED = "qualified", "合格"
    UNQUALIFIED = "unqualified", "不合格"


class RetestOutcome(models.TextChoices):
    UPHELD = "upheld", "复检结论维持不合格"
    REVERSED = "reversed", "复检结论为合格"


class LateDecision(models.TextChoices):
    """法制审核 of a re-test request made after the window."""

    ACCEPTED = "accepted", "同意受理"
    REFUSED = "refused", "不予受理"


class DisposalMeasure(models.TextChoices):
    """Risk-control measures after an unqualified result (食品安全法 Art. 63, 药品管理法 Art. 82 …)."""

    DELIST = "delist", "下架"
    RECALL = "recall", "召回"
    STOP_SALE = "stop_sale", "停止销售"
    STOP_PRODUCTION = "stop_production", "停止生产"
    SEAL = "seal", "查封扣押"


class CampaignKind(models.TextChoices):
    RECTIFICATION = "rectification", "专项整治"
    ENFORCEMENT = "enforcement", "专项执法检查"


class CampaignArea(models.TextChoices):
    FOOD = "food", "食品安全"
    DRUG = "drug", "药品医疗器械化妆品"
    SPECIAL_EQUIPMENT = "special_equipment", "特种设备"
    PRODUCT = "product", "产品质量"
    PRICE = "price", "价格"
    ADVERTISING = "advertising", "广告"
    OTHER = "other", "其他"


class TargetKind(models.TextChoices):
    """The kind of entity a campaign checks (the seed counts elevator maintenance units)."""

    FOOD_BUSINESS = "food_business", "食品经营者"
    FOOD_PRODUCER = "food_producer", "食品生产企业"
    CATERING = "catering", "餐饮服务单位"
    SCHOOL_CANTEEN = "school_canteen", "学校食堂"
    ELEVATOR_MAINTAINER = "elevator_maintainer", "电梯维保单位"
    PHARMACY = "pharmacy", "药品零售企业"
    OTHER = "other", "其他经营主体"


class Selection(models.TextChoices):
    CRITERIA = "criteria", "按条件选定"
    DRAW = "draw", "随机抽取"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Finding(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "发现问题，责令整改"
    CLUE = "clue", "发现违法线索，移交立案核查"
    NOT_FOUND = "not_found", "未发现经营（查无）"


class RecheckResult(models.TextChoices):
    RECTIFIED = "rectified", "已整改"
    NOT_RECTIFIED = "not_rectified", "未整改"
