"""The demo district's organisation: the bureau's sections, its offices by street, the joint-inspection member units.

Shared by every module's demo generator (registry builds the departments from it; inspections plans joint checks
with the member units), so that no app imports another app's demo helpers.
"""

from __future__ import annotations

# --- departments -------------------------------------------------------------------------------------------
# (code, name, staff, domains; None = 2–4 drawn from all market-supervision domains)
SECTIONS: tuple[tuple[str, str, int, list[str] | None], ...] = (
    ("general-office", "办公室", 9, []),
    ("legal", "法制科", 7, []),
    ("enforcement", "综合执法支队", 32, None),
    ("registration", "登记注册科", 10, ["登记注册"]),
    ("credit", "信用监管科", 7, ["登记注册", "合同"]),
    ("food-business", "食品经营安全监督管理科", 9, ["食品"]),
    ("food-production", "食品生产安全监督管理科", 6, ["食品"]),
    ("drugs", "药品医疗器械化妆品监督管理科", 7, ["药品", "医疗器械", "化妆品"]),
    ("special-equipment", "特种设备安全监察科", 7, ["特种设备"]),
    ("price", "价格监督检查和反不正当竞争科", 6, ["价格", "反不正当竞争"]),
    ("intellectual-property", "知识产权科", 5, ["知识产权"]),
    ("online-trade", "网络交易监督管理科", 5, ["网络交易", "广告"]),
    ("quality", "质量发展科", 4, ["产品质量"]),
    ("metrology", "计量标准化科", 5, ["计量", "产品质量"]),
    ("consumer", "消费者权益保护科（12315）", 8, ["消费者权益", "合同"]),
)
# (street, office code, office name, staff, share of the district's entities)
STREETS: tuple[tuple[str, str, str, int, float], ...] = (
    ("张贵庄街", "office-zhangguizhuang", "张贵庄市场监管所", 7, 0.15),
    ("丰年村街", "office-fengniancun", "丰年村市场监管所", 5, 0.09),
    ("万新街", "office-wanxin", "万新市场监管所", 6, 0.12),
    ("无瑕街", "office-wuxia", "无瑕市场监管所", 5, 0.08),
    ("新立街", "office-xinli", "新立市场监管所", 6, 0.12),
    ("华明街", "office-huaming", "华明市场监管所", 5, 0.10),
    ("金钟街", "office-jinzhong", "金钟市场监管所", 5, 0.09),
    ("军粮城街", "office-junliangcheng", "军粮城市场监管所", 5, 0.08),
    ("金桥街", "office-jinqiao", "金桥市场监管所", 4, 0.06),
    ("东丽湖街", "office-donglihu", "东丽湖市场监管所", 5, 0.06),
    ("华新街", "office-huaxin", "华新市场监管所", 4, 0.05),
)
OFFICE_DOMAINS = ("食品", "产品质量", "消费者权益", "价格", "广告", "计量", "特种设备", "合同", "登记注册")
# 23 external member units of the joint random inspections (inspections.joint.member_units = 23)
MEMBER_UNITS: tuple[tuple[str, str, str], ...] = (
    ("member-education", "区教育局", "教育"),
    ("member-health", "区卫健委", "卫生健康"),
    ("member-environment", "区生态环境局", "生态环境"),
    ("member-emergency", "区应急管理局", "安全生产"),
    ("member-commerce", "区商务局", "商务"),
    ("member-culture-tourism", "区文化和旅游局", "文化旅游"),
    ("member-transport", "区交通运输局", "交通运输"),
    ("member-urban-management", "区城市管理委", "城市管理"),
    ("member-housing", "区住房和建设委", "住房建设"),
    ("member-agriculture", "区农业农村委", "农业农村"),
    ("member-human-resources", "区人社局", "人力资源社会保障"),
    ("member-civil-affairs", "区民政局", "民政"),
    ("member-tax", "区税务局", "税务"),
    ("member-public-security", "区公安分局", "治安"),
    ("member-fire-rescue", "区消防救援支队", "消防"),
    ("member-water", "区水务局", "水务"),
    ("member-planning", "区规划资源局", "规划资源"),
    ("member-statistics", "区统计局", "统计"),
    ("member-sports", "区体育局", "体育"),
    ("member-veterans", "区退役军人事务局", "退役军人事务"),
    ("member-tobacco", "区烟草专卖局", "烟草专卖"),
    ("member-postal", "区邮政管理局", "邮政"),
    ("member-meteorology", "区气象局", "气象"),
)
ALL_DOMAINS = ("食品", "药品", "化妆品", "医疗器械", "特种设备", "价格", "知识产权", "广告", "计量", "产品质量")
