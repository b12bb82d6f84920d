from django.db import models


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL = "individual", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    BRANCH = "branch", "分支机构"


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", "存续(在营、开业)"
    REVOKED = "revoked", "吊销"
    CANCELLED = "cancelled", "注销"
    MOVED_OUT = "moved_out", "迁出"
    WITHDRAWN = "withdrawn", "撤销"


class RiskClass(models.TextChoices):
    A = "A", "A 类（低风险）"
    B = "B", "B 类（一般风险）"
    C = "C", "C 类（较高风险）"
    D = "D", "D 类（高风险）"


class DepartmentKind(models.TextChoices):
    SECTION = "section", "内设科室"
    OFFICE = "office", "市场监管所"
    EXTERNAL = "external", "外部成员单位"


class FilingChannel(models.TextChoices):
    ONLINE = "online", "网上报送"
    PAPER = "paper", "纸质报送"


# GB/T 4754-2017 国民经济行业分类 门类
INDUSTRY_SECTIONS = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}
# Built with Enum's functional API so the labels stay in one place (INDUSTRY_SECTIONS). django-stubs only
# declares the member-value overloads of TextChoices.__new__, not the functional API, hence the targeted ignore.
IndustrySection: type[models.TextChoices] = models.TextChoices(  # type: ignore[call-overload]
    "IndustrySection", [(k, (k, f"{k} {v}")) for k, v in INDUSTRY_SECTIONS.items()]
)

ENFORCEMENT_DOMAINS = (
    "食品",
    "药品",
    "化妆品",
    "医疗器械",
    "特种设备",
    "价格",
    "知识产权",
    "广告",
    "计量",
    "产品质量",
    "登记注册",
    "网络交易",
    "反不正当竞争",
    "合同",
    "消费者权益",
)


class ReformMode(models.TextChoices):
    """证照分离 reform modes of an approval matter (国发〔2021〕7号 的四种改革方式)."""

    CANCELLED = "cancelled", "直接取消审批"
    FILING = "filing", "审批改为备案"
    NOTIFY_COMMIT = "notify_commit", "实行告知承诺"
    OPTIMISED = "optimised", "优化审批服务"
