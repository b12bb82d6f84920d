from django.db import models


class Consequence(models.TextChoices):
    ABNORMAL_LIST = "abnormal_list", "列入经营异常名录"
    ABNORMAL_MARK = "abnormal_mark", "标记为经营异常状态"


class ListingGround(models.TextChoices):
    ANNUAL_REPORT = "annual_report", "未按规定报送（公示）年度报告"
    NOT_DISCLOSED = "not_disclosed", "未在责令期限内公示有关信息"
    FALSE_INFORMATION = "false_information", "公示信息隐瞒真实情况、弄虚作假"
    UNREACHABLE = "unreachable", "通过登记的住所或者经营场所无法联系"


class ListingStatus(models.TextChoices):
    LISTED = "listed", "在列"
    REMOVED = "removed", "已移出"


class RemovalReason(models.TextChoices):
    CURED = "cured", "已履行义务，申请移出"
    OBJECTION_UPHELD = "objection_upheld", "异议成立，更正"
    SERIOUS_LIST = "serious_list", "列入严重违法失信名单"
    ENTITY_ENDED = "entity_ended", "主体已注销或被吊销、撤销"


class ApplicationKind(models.TextChoices):
    REMOVAL = "removal", "申请移出"
    OBJECTION = "objection", "异议"


class Cure(models.TextChoices):
    REPORT_FILED = "report_filed", "已补报年度报告"
    INFO_PUBLISHED = "info_published", "已公示有关信息"
    CORRECTED = "corrected", "已更正公示信息"
    ADDRESS_FIXED = "address_fixed", "已办理住所变更或证明可以联系"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理（核实中）"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    APPROVED = "approved", "准予移出（异议成立）"
    REJECTED = "rejected", "不予移出（异议不成立）"


class SeriousGround(models.TextChoices):
    ABNORMAL_LIST_3_YEARS = "abnormal_list_3_years", "列入经营异常名录届满3年仍未履行义务"
    HEAVY_PENALTY = "heavy_penalty", "严重违法失信行为且受到较重行政处罚"


class SeriousStatus(models.TextChoices):
    PROPOSED = "proposed", "拟列入（已告知，待陈述申辩）"
    LISTED = "listed", "在列"
    NOT_LISTED = "not_listed", "决定不予列入"
    REMOVED_EARLY = "removed_early", "提前移出"
    EXPIRED = "expired", "期满移出"


class RepairStatus(models.TextChoices):
    APPLIED = "applied", "已申请"
    APPROVED = "approved", "准予修复（停止公示）"
    REJECTED = "rejected", "不予修复"


class ChangeKind(models.TextChoices):
    ABNORMAL_REMOVED = "abnormal_removed", "移出经营异常名录（恢复正常状态）"
    SERIOUS_REMOVED = "serious_removed", "移出严重违法失信名单"
    PENALTY_PUBLICITY_ENDED = "penalty_publicity_ended", "行政处罚信息停止公示（信用修复）"
    REGISTRATION_REVOKED = "registration_revoked", "撤销冒用身份信息取得的登记"


class RevocationStatus(models.TextChoices):
    """撤销冒用身份信息取得的登记: proposal → 法制审核 → 局领导批准 (effect). Drawn in docs/domain/credit.md."""

    PROPOSED = "proposed", "已提出，待法制审核"
    RETURNED = "returned", "法制审核退回补充"
    REVIEWED = "reviewed", "法制审核通过，待局领导批准"
    EFFECTIVE = "effective", "已批准撤销（生效）"
    REFUSED = "refused", "局领导不予批准"
    WITHDRAWN = "withdrawn", "已撤回"
