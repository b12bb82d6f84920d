"""Controlled vocabularies of 双随机、一公开 (TextChoices with Chinese labels)."""

from __future__ import annotations

from django.db import models


class InspectionMethod(models.TextChoices):
    DOCUMENTARY = "documentary", "书面检查"
    ON_SITE = "on_site", "实地核查"
    ONLINE = "online", "网络监测"


class ItemLevel(models.TextChoices):
    GENERAL = "general", "一般检查事项"
    KEY = "key", "重点检查事项"


class PlanKind(models.TextChoices):
    SINGLE = "single", "本部门抽查"
    JOINT = "joint", "跨部门联合抽查"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    PUBLISHED = "published", "已公布"


class TaskStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    POOLS_FROZEN = "pools_frozen", "名录库已公布"
    AWAITING_SEED = "awaiting_seed", "种子更换已批准，待公布新种子"
    DRAWN = "drawn", "已抽取"
    IN_PROGRESS = "in_progress", "检查中"
    FINISHED = "finished", "检查结束"
    PUBLISHED = "published", "结果已公示"


class SeedKind(models.TextChoices):
    LOTTERY = "lottery", "事先公告的彩票开奖号码"
    SECRET = "secret", "系统密钥（事先公布承诺值）"


class ReplacementStatus(models.TextChoices):
    REQUESTED = "requested", "待局领导审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class RecheckOutcome(models.TextChoices):
    CORRECTED = "corrected", "已整改"
    NOT_CORRECTED = "not_corrected", "逾期未整改"


class ConflictReason(models.TextChoices):
    RELATIVE = "relative", "亲属关系"
    FORMER_EMPLOYER = "former_employer", "曾在该主体任职"
    OTHER = "other", "其他利害关系"


# The controlled vocabulary of random-inspection results seen in SAMR-era systems (legal digest §7, [SECONDARY]:
# to be checked against the current national standard), with the four sector codes at the end.
class ResultCategory(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    NOT_DISCLOSED = "not_disclosed", "未按规定公示应当公示的信息"
    FALSE_DISCLOSURE = "false_disclosure", "公示信息隐瞒真实情况弄虚作假"
    UNREACHABLE = "unreachable", "通过登记的住所（经营场所）无法联系"
    CORRECTED = "corrected", "发现问题经责令已改正"
    PENDING_FOLLOW_UP = "pending_follow_up", "发现问题待后续处理"
    NO_RELEVANT_ACTIVITY = "no_relevant_activity", "未发现开展本次抽查涉及的经营活动"
    OBSTRUCTED = "obstructed", "不配合检查情节严重"
    CLOSED_OR_LIQUIDATING = "closed_or_liquidating", "已关闭停业或正在组织清算"
    DEREGISTERED = "deregistered", "注销"
    REVOKED = "revoked", "被吊销"
    WITHDRAWN = "withdrawn", "被撤销"
    MOVED_OUT = "moved_out", "迁出"
    FOOD_DRUG_VIOLATION = "food_drug_violation", "违反食品药品管理相关规定"
    QUALITY_VIOLATION = "quality_violation", "违反质量技术监督相关规定"
    PUBLIC_SECURITY_VIOLATION = "public_security_violation", "违反公安部门相关规定"
    OTHER_DEPARTMENT_VIOLATION = "other_department_violation", "违反其他部门相关规定"


# Categories that count as "发现问题" in the statistics (entities_with_problems).
PROBLEM_CATEGORIES = frozenset(
    {
        ResultCategory.NOT_DISCLOSED,
        ResultCategory.FALSE_DISCLOSURE,
        ResultCategory.UNREACHABLE,
        ResultCategory.CORRECTED,
        ResultCategory.PENDING_FOLLOW_UP,
        ResultCategory.OBSTRUCTED,
        ResultCategory.FOOD_DRUG_VIOLATION,
        ResultCategory.QUALITY_VIOLATION,
        ResultCategory.PUBLIC_SECURITY_VIOLATION,
        ResultCategory.OTHER_DEPARTMENT_VIOLATION,
    }
)


class FollowUp(models.TextChoices):
    NONE = "none", "无需后续处理"
    RECTIFY = "rectify", "责令整改（限期复查）"
    CASE_CLUE = "case_clue", "移交案件线索"
    ABNORMAL_LIST = "abnormal_list", "列入经营异常名录"
    TRANSFER = "transfer", "移送有关部门"
