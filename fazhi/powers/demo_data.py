"""Power list of the demo district (ORDER 20): ~456 items in force at the end of 2023, and 2023's adjustments.

- Baseline 调整函 effective 2021-01-01: 450 items over the bureau's domains (names and bases modelled on
  provincial market-supervision power lists; all legal bases cite real instruments and articles, but the
  selection and the codes are invented for the demo).
- One 2022 调整函 (effective 2022-07-01): 6 additions, 28 changes, 6 removals — 40 distinct items, so the
  annual report's comparison has a previous year (``powers.adjusted`` 2022 = 40, ``powers.total`` 2022 = 450).
- Two 2023 调整函 (effective 2023-03-01 and 2023-09-01): 18 additions, 33 changes, 12 removals — 63 distinct
  items, so ``powers.adjusted`` = 63 and ``powers.total`` = 450 + 18 − 12 = 456 for 2023 (seed-figures.md).
- One 调整函 submitted for 2024, waiting for the leader (so the approval page has work in the demo).

Batches are written with bulk inserts and applied with ``services.apply_lines`` (the approval's own writer).
Handle left in ``ctx.shared``: ``power_codes_by_domain`` {domain: [codes in force at end-2023]}.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.demo.context import DemoContext
from fazhi.powers.choices import BatchStatus, LineAction, PowerCategory
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine
from fazhi.powers.services import apply_lines, parse_legal_basis

ORDER = 20
BASELINE_SIZE, ADDED_2023, CHANGED_2023, REMOVED_2023 = 450, 18, 33, 12
ADDED_2022, CHANGED_2022, REMOVED_2022 = 6, 28, 6

FOOD = "《中华人民共和国食品安全法》"
DRUG = "《中华人民共和国药品管理法》"
COSM = "《化妆品监督管理条例》"
DEVICE = "《医疗器械监督管理条例》"
SE = "《中华人民共和国特种设备安全法》"
PQ = "《中华人民共和国产品质量法》"
MET = "《中华人民共和国计量法》"
STD = "《中华人民共和国标准化法》"
PRICE = "《中华人民共和国价格法》"
PRICE_RULES = "《价格违法行为行政处罚规定》"
AUC = "《中华人民共和国反不正当竞争法》"
AD = "《中华人民共和国广告法》"
TM = "《中华人民共和国商标法》"
PAT = "《中华人民共和国专利法》"
CONS = "《中华人民共和国消费者权益保护法》"
CONS_RULES = "《侵害消费者权益行为处罚办法》"
EC = "《中华人民共和国电子商务法》"
ONLINE = "《网络交易监督管理办法》"
REG = "《中华人民共和国市场主体登记管理条例》"
CO = "《中华人民共和国公司法》"
DISC = "《企业信息公示暂行条例》"
SERIOUS = "《市场监督管理严重违法失信名单管理办法》"

# domain: (responsible section code, [(category, name, basis)])  — names follow the provincial lists' wording.
PEN, INS, COE, LIC, CON, REW, ADJ, OTH = (
    PowerCategory.PENALTY, PowerCategory.INSPECTION, PowerCategory.COERCION, PowerCategory.LICENSING,
    PowerCategory.CONFIRMATION, PowerCategory.REWARD, PowerCategory.ADJUDICATION, PowerCategory.OTHER,
)  # fmt: skip


def _penalties(law: str, rows: str) -> list[tuple[str, str, str]]:
    """``rows``: one "article|conduct" per line → 行政处罚 items "对…的行政处罚"."""
    out: list[tuple[str, str, str]] = []
    for line in rows.strip().splitlines():
        article, conduct = line.strip().split("|")
        out.append((PEN, f"对{conduct}的行政处罚", f"{law}{article}"))
    return out


CATALOGUE: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "food": (
        "food-business",
        _penalties(
            FOOD,
            """
        第一百二十二条|未取得食品生产经营许可从事食品生产经营活动
        第一百二十三条第一款第一项|用非食品原料生产食品
        第一百二十三条第一款第二项|生产经营病死、毒死或者死因不明的禽、畜、兽、水产动物肉类
        第一百二十三条第一款第三项|经营未按规定进行检疫或者检疫不合格的肉类
        第一百二十三条第一款第四项|生产经营国家为防病等特殊需要明令禁止生产经营的食品
        第一百二十三条第一款第五项|生产经营添加药品的食品
        第一百二十四条第一款第一项|生产经营致病性微生物等污染物质含量超过食品安全标准限量的食品
        第一百二十四条第一款第二项|用超过保质期的食品原料、食品添加剂生产食品
        第一百二十四条第一款第三项|生产经营超范围、超限量使用食品添加剂的食品
        第一百二十四条第一款第四项|生产经营腐败变质、油脂酸败、霉变生虫的食品
        第一百二十四条第一款第五项|生产经营标注虚假生产日期、保质期或者超过保质期的食品
        第一百二十四条第一款第六项|生产经营未按规定注册的保健食品、特殊医学用途配方食品、婴幼儿配方乳粉
        第一百二十四条第一款第七项|以分装方式生产婴幼儿配方乳粉
        第一百二十四条第一款第八项|利用新的食品原料生产食品未经安全性评估
        第一百二十四条第一款第九项|食品生产经营者在食品安全监管部门责令召回或者停止经营后仍拒不召回或者停止经营
        第一百二十五条第一款第一项|生产经营被包装材料、容器、运输工具等污染的食品
        第一百二十五条第一款第二项|生产经营无标签的预包装食品、食品添加剂
        第一百二十五条第一款第三项|生产经营转基因食品未按规定进行标示
        第一百二十五条第一款第四项|食品生产经营者采购或者使用不符合食品安全标准的食品原料
        第一百二十五条第二款|生产经营的食品标签、说明书存在瑕疵
        第一百二十六条第一款第一项|食品生产者未按规定对采购的食品原料和生产的食品进行检验
        第一百二十六条第一款第二项|食品生产经营企业未按规定建立食品安全管理制度或者未按规定配备、培训、考核食品安全管理人员
        第一百二十六条第一款第三项|食品生产经营者进货时未查验许可证和相关证明文件或者未按规定建立并遵守进货查验记录、出厂检验记录和销售记录制度
        第一百二十六条第一款第四项|食品生产经营企业未制定食品安全事故处置方案
        第一百二十六条第一款第五项|餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒
        第一百二十六条第一款第六项|食品生产经营者安排未取得健康证明的人员从事接触直接入口食品的工作
        第一百二十六条第一款第七项|食品经营者未按规定要求销售食品
        第一百二十六条第一款第十项|食品生产经营者未定期对食品安全状况进行检查评价
        第一百二十六条第一款第十一项|学校、托幼机构、养老机构等集中用餐单位未按规定履行食品安全管理责任
        第一百二十六条第一款第十二项|食品生产企业、餐饮服务提供者未按规定制定、实施生产经营过程控制要求
        第一百三十条|集中交易市场的开办者、柜台出租者、展销会的举办者未履行检查、报告等义务
        第一百三十一条第一款|网络食品交易第三方平台提供者未对入网食品经营者进行实名登记、审查许可证
        第一百三十二条|未按要求进行食品贮存、运输和装卸
        第一百三十三条第一款|拒绝、阻挠、干涉有关部门、机构及其工作人员依法开展食品安全监督检查
        第一百三十四条|食品生产经营者在一年内累计三次因违反食品安全法规定受到责令停产停业、吊销许可证以外处罚
        第一百三十五条第一款|被吊销许可证的食品生产经营者及其法定代表人违反从业禁止规定
        第一百三十六条|食品经营者履行了规定的进货查验等义务但有充分证据证明其不知道所采购的食品不符合食品安全标准（免予处罚的认定）
        第一百三十八条第一款|食品检验机构、食品检验人员出具虚假检验报告
        第一百四十条第一款|广告经营者、发布者设计、制作、发布虚假食品广告
    """,
        )
        + [
            (LIC, "食品经营许可", f"{FOOD}第三十五条"),
            (LIC, "食品生产许可", f"{FOOD}第三十五条"),
            (INS, "对食品生产经营者的监督检查", f"{FOOD}第一百一十条"),
            (INS, "对食品生产经营者的抽样检验", f"{FOOD}第八十七条"),
            (COE, "查封、扣押有证据证明不符合食品安全标准的食品", f"{FOOD}第一百一十条第四项"),
            (COE, "查封违法从事食品生产经营活动的场所", f"{FOOD}第一百一十条第五项"),
            (REW, "对举报食品安全违法行为的奖励", f"{FOOD}第一百一十五条"),
            (OTH, "食品安全事故的调查处理", f"{FOOD}第一百零五条"),
        ],
    ),
    "drugs": (
        "drugs",
        _penalties(
            DRUG,
            """
        第一百一十五条|未取得药品经营许可证经营药品
        第一百一十六条|销售假药
        第一百一十七条第一款|销售劣药
        第一百一十九条|药品使用单位使用假药、劣药
        第一百二十二条|伪造、变造、出租、出借、非法买卖许可证或者药品批准证明文件
        第一百二十六条|药品经营企业未遵守药品经营质量管理规范
        第一百二十九条|药品经营企业从无资质的企业购进药品
        第一百三十条|药品经营企业购销药品未按规定进行记录或零售药品未正确说明用法
        第一百三十四条第一款|药品经营企业未按规定开展药品不良反应监测或者报告疑似药品不良反应
    """,
        )
        + _penalties(
            COSM,
            """
        第五十九条第一款|未经许可从事化妆品生产活动
        第六十条第一款|使用不符合强制性国家标准、技术规范的原料、直接接触化妆品的包装材料
        第六十一条第一款|上市销售、经营或者进口未备案的普通化妆品
        第六十二条第一款|未依照规定公布化妆品功效宣称依据的摘要
        第六十八条|化妆品经营者未依照规定建立并执行进货查验记录制度
    """,
        )
        + _penalties(
            DEVICE,
            """
        第八十一条第一款|经营未取得医疗器械注册证的第二类、第三类医疗器械
        第八十四条第一款|经营第二类医疗器械未按规定备案
        第八十六条第一款|经营不符合强制性标准或者不符合经注册或者备案的产品技术要求的医疗器械
        第八十九条第一款|医疗器械经营企业未依照规定建立并执行医疗器械进货查验记录制度
    """,
        )
        + [
            (LIC, "第三类医疗器械经营许可", f"{DEVICE}第五十二条"),
            (LIC, "药品零售企业经营许可", f"{DRUG}第五十二条"),
            (INS, "对药品零售企业的监督检查", f"{DRUG}第九十九条"),
            (INS, "对化妆品经营者的监督检查", f"{COSM}第四十六条"),
            (INS, "对医疗器械经营使用单位的监督检查", f"{DEVICE}第七十条"),
            (COE, "查封、扣押有证据证明可能危害人体健康的药品及其有关材料", f"{DRUG}第一百条"),
        ],
    ),
    "special-equipment": (
        "special-equipment",
        _penalties(
            SE,
            """
        第七十四条|特种设备未经监督检验出厂
        第七十五条|特种设备生产单位未取得许可从事特种设备生产
        第七十六条|特种设备安装、改造、修理未书面告知
        第七十七条|特种设备安装、改造、修理竣工后未移交有关技术资料
        第七十八条|锅炉、气瓶、氧舱和客运索道、大型游乐设施的安装、改造、修理未经监督检验
        第七十九条|特种设备出厂时未按照安全技术规范要求随附相关技术资料和文件
        第八十条|电梯制造单位未按要求对电梯进行校验、调试或未履行告知义务
        第八十一条|特种设备生产单位不再具备生产条件、生产许可证已经过期或者超出许可范围生产
        第八十二条|特种设备经营单位销售、出租未取得许可生产、未经检验或者检验不合格的特种设备
        第八十三条第一项|使用特种设备未按照规定办理使用登记
        第八十三条第二项|未建立特种设备安全技术档案或者安全技术档案不符合规定要求
        第八十三条第三项|未对其使用的特种设备进行经常性维护保养和定期自行检查
        第八十三条第四项|未按照安全技术规范的要求及时申报并接受检验
        第八十四条第一项|使用未取得许可生产、未经检验或者检验不合格的特种设备
        第八十四条第二项|特种设备出现故障或者发生异常情况未对其进行全面检查、消除事故隐患继续使用
        第八十五条|移动式压力容器、气瓶充装单位违规充装
        第八十六条第一项|未配备具有相应资格的特种设备安全管理人员、检测人员和作业人员
        第八十六条第二项|使用未取得相应资格的人员从事特种设备安全管理、检测和作业
        第八十八条|电梯维护保养单位未按照规定进行维护保养
        第九十条|发生特种设备事故时不立即组织抢救或者逃匿
        第九十五条|特种设备生产、经营、使用单位擅自动用、调换、转移、损毁被查封、扣押的特种设备
    """,
        )
        + [
            (INS, "对特种设备生产、经营、使用单位和检验、检测机构的监督检查", f"{SE}第五十七条"),
            (COE, "查封、扣押不符合安全技术规范要求的特种设备", f"{SE}第六十一条第三项"),
            (CON, "特种设备使用登记", f"{SE}第三十三条"),
            (LIC, "特种设备安全管理和作业人员资格认定", f"{SE}第十四条"),
            (OTH, "特种设备事故调查处理", f"{SE}第七十二条"),
        ],
    ),
    "quality": (
        "quality",
        _penalties(
            PQ,
            """
        第四十九条|生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品
        第五十条|在产品中掺杂、掺假，以假充真，以次充好
        第五十一条|生产国家明令淘汰的产品、销售国家明令淘汰并停止销售的产品
        第五十二条|销售失效、变质的产品
        第五十三条|伪造产品产地，伪造或者冒用他人厂名、厂址，伪造或者冒用认证标志等质量标志
        第五十四条|产品标识不符合规定
        第五十六条|拒绝接受依法进行的产品质量监督检查
        第五十七条第一款|产品质量检验机构、认证机构伪造检验结果或者出具虚假证明
        第六十一条|知道或者应当知道属于禁止生产销售的产品而为其提供运输、保管、仓储等便利条件
        第六十二条|服务业经营者将禁止销售的产品用于经营性服务
        第六十三条|隐匿、转移、变卖、损毁被依法查封、扣押的物品
    """,
        )
        + _penalties(
            "《工业产品生产许可证管理条例》",
            """
        第四十五条|企业未依照规定申请取得生产许可证而擅自生产列入目录的产品
        第四十七条|取得生产许可证的企业生产条件、检验手段、生产技术或者工艺发生变化未依照规定办理重新审查手续
        第四十九条|取得生产许可证的企业出租、出借或者转让许可证证书、生产许可证标志和编号
    """,
        )
        + _penalties(
            "《认证认可条例》",
            """
        第六十二条|认证机构以外的单位和个人从事认证活动
        第六十六条|列入目录的产品未经认证擅自出厂、销售、进口或者在其他经营活动中使用
    """,
        )
        + [
            (INS, "产品质量监督抽查", f"{PQ}第十五条"),
            (COE, "查封、扣押不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品", f"{PQ}第十八条"),
            (INS, "对强制性产品认证的监督检查", "《认证认可条例》第五十五条"),
            (REW, "对检举产品质量违法行为的奖励", f"{PQ}第十条"),
        ],
    ),
    "metrology": (
        "metrology",
        _penalties(
            MET,
            """
        第二十三条|使用不合格的计量器具或者破坏计量器具准确度，给国家和消费者造成损失
        第二十四条|制造、销售、使用以欺骗消费者为目的的计量器具
        第二十五条|属于强制检定范围的计量器具未按照规定申请检定或者检定不合格继续使用
        第二十六条|使用非法定计量单位
        第二十七条|制造、销售未经考核合格的计量器具新产品
    """,
        )
        + _penalties(
            "《中华人民共和国计量法实施细则》",
            """
        第四十三条|部门和企业、事业单位使用的各项最高计量标准未经考核合格而开展计量检定
        第四十七条|经营销售残次计量器具零配件
        第五十条|未取得计量认证为社会提供公证数据
    """,
        )
        + _penalties(
            "《定量包装商品计量监督管理办法》",
            """
        第十八条|定量包装商品未正确、清晰地标注净含量
        第十九条|定量包装商品实际量与标注量不相符
    """,
        )
        + _penalties(
            "《商品量计量违法行为处罚规定》",
            """
        第五条|生产者生产定量包装商品，其实际量与标注量不相符，计量偏差超过规定
        第六条|销售者销售国家对计量偏差没有规定的商品，其实际量与贸易结算量不相符
        第七条|收购者收购商品，其实际量与贸易结算量之差超过规定
    """,
        )
        + _penalties(
            STD,
            """
        第三十六条|生产、销售、进口产品或者提供服务不符合强制性标准
        第三十八条|企业未依照规定公开其执行的标准
        第三十九条|社会团体、企业制定的标准不符合本法规定
    """,
        )
        + [
            (INS, "对计量器具的监督检查", f"{MET}第十八条"),
            (INS, "对定量包装商品的计量监督检查", "《定量包装商品计量监督管理办法》第四条"),
            (INS, "对企业执行标准情况的监督检查", f"{STD}第二十七条"),
            (COE, "封存不合格的计量器具", "《中华人民共和国计量法实施细则》第四十九条"),
            (LIC, "计量标准器具核准", f"{MET}第六条"),
            (CON, "计量器具型式批准", f"{MET}第十三条"),
        ],
    ),
    "price": (
        "price",
        _penalties(
            PRICE_RULES,
            """
        第四条|经营者不执行政府指导价、政府定价
        第五条|经营者相互串通，操纵市场价格
        第六条|经营者捏造、散布涨价信息，哄抬价格
        第七条|经营者利用虚假的或者使人误解的价格手段，诱骗消费者或者其他经营者与其进行交易
        第八条|经营者采取抬高等级或者压低等级等手段收购、销售商品或者提供服务，变相提高或者压低价格
        第九条|经营者违反明码标价规定
        第十条|经营者不执行法定的价格干预措施、紧急措施
        第十一条|经营者违反规定牟取暴利
        第十二条|拒绝提供价格监督检查所需资料或者提供虚假资料
    """,
        )
        + _penalties(
            PRICE,
            """
        第三十九条|经营者不执行政府指导价、政府定价以及法定的价格干预措施、紧急措施
        第四十二条|经营者违反明码标价规定（价格法）
        第四十四条|拒绝按照规定提供监督检查所需资料或者提供虚假资料（价格法）
    """,
        )
        + _penalties(
            "《明码标价和禁止价格欺诈规定》",
            """
        第二十五条|经营者在销售商品时不标示价格
        第十九条|经营者谎称降价或者将收取的费用不按规定标示
    """,
        )
        + [
            (INS, "价格监督检查", f"{PRICE}第三十四条"),
            (COE, "先行登记保存可能被转移、隐匿或者销毁的与价格违法行为有关的证据", f"{PRICE}第三十四条第四项"),
            (REW, "对举报价格违法行为的奖励", f"{PRICE}第三十八条"),
            (OTH, "对收费单位执行收费政策的监督", "《行政事业性收费标准管理办法》第二十条"),
        ],
    ),
    "competition": (
        "price",
        _penalties(
            AUC,
            """
        第十八条|经营者实施混淆行为
        第十九条|经营者采用财物或者其他手段贿赂单位或者个人
        第二十条|经营者对其商品作虚假或者引人误解的商业宣传
        第二十一条|经营者侵犯商业秘密
        第二十二条|经营者违法进行有奖销售
        第二十三条|经营者损害竞争对手的商业信誉、商品声誉
        第二十四条|经营者利用技术手段妨碍、破坏其他经营者合法提供的网络产品或者服务正常运行
        第二十八条|妨害监督检查部门依法履行职责，拒绝、阻碍调查
    """,
        )
        + _penalties(
            "《中华人民共和国反垄断法》",
            """
        第五十六条|经营者达成并实施垄断协议
        第五十七条|经营者滥用市场支配地位
    """,
        )
        + _penalties(
            "《禁止传销条例》",
            """
        第二十四条|组织策划传销
        第二十五条|为传销行为提供经营场所、培训场所、货源、保管、仓储等条件
    """,
        )
        + _penalties(
            "《直销管理条例》",
            """
        第三十九条|未经批准从事直销活动
        第四十一条|直销企业违反规定超出直销产品范围从事直销经营活动
    """,
        )
        + [
            (INS, "对涉嫌不正当竞争行为的调查", f"{AUC}第十三条"),
            (COE, "查封、扣押与涉嫌不正当竞争行为有关的财物", f"{AUC}第十三条第四项"),
            (COE, "查封、扣押涉嫌专门用于传销的产品、工具、设备、原材料等财物", "《禁止传销条例》第十四条第五项"),
            (INS, "对直销企业的监督检查", "《直销管理条例》第三十五条"),
        ],
    ),
    "advertising": (
        "online-trade",
        _penalties(
            AD,
            """
        第五十五条第一款|发布虚假广告
        第五十七条第一项|发布有违反广告法第九条、第十条规定的禁止情形的广告
        第五十七条第二项|违反规定发布处方药、麻醉药品等特殊药品广告
        第五十七条第三项|违反规定发布声称全部或者部分替代母乳的婴儿乳制品、饮料和其他食品广告
        第五十七条第四项|违反规定发布烟草广告
        第五十八条第一款第一项|医疗、药品、医疗器械广告含有表示功效、安全性的断言或者保证等内容
        第五十八条第一款第二项|在广告中涉及疾病治疗功能或者使用医疗用语
        第五十八条第一款第三项|保健食品广告含有违禁内容
        第五十八条第一款第六项|酒类广告含有违禁内容
        第五十八条第一款第七项|教育、培训广告含有对升学、通过考试等作出明示或者暗示的保证性承诺
        第五十八条第一款第八项|招商等有投资回报预期的商品或者服务广告未对可能存在的风险作出合理提示
        第五十八条第一款第十项|房地产广告含有违禁内容
        第五十八条第一款第十四项|利用不满十周岁的未成年人作为广告代言人
        第五十九条第一款|广告内容违反一般性规定
        第六十条第一款|广告经营者、广告发布者未按照国家有关规定建立、健全广告业务管理制度
        第六十一条|广告代言人违法代言
        第六十二条|利用互联网发布广告未显著标明关闭标志，确保一键关闭
        第六十四条|公共场所的管理者或者电信业务经营者、互联网信息服务提供者明知或者应知广告活动违法不予制止
    """,
        )
        + [
            (INS, "广告监测与监督检查", f"{AD}第四十九条"),
            (COE, "查封、扣押与涉嫌违法广告直接相关的广告物品、经营工具、设备等财物", f"{AD}第四十九条第五项"),
            (OTH, "责令暂停发布涉嫌违法广告", f"{AD}第四十九条第二款"),
        ],
    ),
    "ip": (
        "intellectual-property",
        _penalties(
            TM,
            """
        第五十二条|将未注册商标冒充注册商标使用
        第五十三条|违反规定将“驰名商标”字样用于商品、商品包装或者容器上，或者用于广告宣传、展览以及其他商业活动
        第六十条第二款|侵犯注册商标专用权
        第六十八条第一款|商标代理机构违法从事商标代理业务
        第六条|未使用注册商标的商品在市场销售（依法必须使用注册商标的商品）
    """,
        )
        + _penalties(
            PAT,
            """
        第六十八条|假冒专利
        第七十条|专利侵权纠纷处理中的重复侵权
    """,
        )
        + _penalties(
            "《奥林匹克标志保护条例》",
            """
        第十一条|擅自使用奥林匹克标志
    """,
        )
        + _penalties(
            "《特殊标志管理条例》",
            """
        第十六条|擅自使用与所有人的特殊标志相同或者近似的文字、图形或者其组合
    """,
        )
        + _penalties(
            "《集体商标、证明商标注册和管理规定》",
            """
        第二十一条|集体商标、证明商标注册人没有对该商标的使用进行有效管理或者控制
    """,
        )
        + _penalties(
            "《地理标志产品保护规定》",
            """
        第二十一条|擅自使用或伪造地理标志名称及专用标志
    """,
        )
        + [
            (ADJ, "专利侵权纠纷行政裁决", f"{PAT}第六十五条"),
            (INS, "对涉嫌侵犯注册商标专用权行为的查处", f"{TM}第六十二条"),
            (COE, "查封、扣押有证据证明是侵犯他人注册商标专用权的物品", f"{TM}第六十二条第四项"),
            (INS, "对涉嫌假冒专利行为的查处", f"{PAT}第六十九条"),
            (OTH, "商标侵权赔偿数额争议调解", f"{TM}第六十条第三款"),
            (REW, "对知识产权保护工作的表彰奖励", "《中华人民共和国专利法实施细则》第八十三条"),
        ],
    ),
    "consumer": (
        "consumer",
        _penalties(
            CONS,
            """
        第五十六条第一款第一项|提供的商品或者服务不符合保障人身、财产安全要求
        第五十六条第一款第二项|在商品中掺杂、掺假，以假充真，以次充好，或者以不合格商品冒充合格商品
        第五十六条第一款第三项|生产国家明令淘汰的商品或者销售失效、变质的商品（消费者权益保护法）
        第五十六条第一款第四项|伪造商品的产地，伪造或者冒用他人的厂名、厂址，篡改生产日期
        第五十六条第一款第五项|销售的商品应当检验、检疫而未检验、检疫或者伪造检验、检疫结果
        第五十六条第一款第六项|对商品或者服务作虚假或者引人误解的宣传
        第五十六条第一款第七项|拒绝或者拖延有关行政部门责令对缺陷商品或者服务采取停止销售、警示、召回等措施
        第五十六条第一款第八项|对消费者提出的修理、重作、更换、退货、补足商品数量、退还货款和服务费用或者赔偿损失的要求，故意拖延或者无理拒绝
        第五十六条第一款第九项|侵害消费者人格尊严、侵犯消费者人身自由或者侵害消费者个人信息依法得到保护的权利
    """,
        )
        + _penalties(
            CONS_RULES,
            """
        第五条|经营者提供商品或者服务时作虚假或者引人误解的宣传（处罚办法）
        第六条|经营者向消费者提供有关商品或者服务的信息不真实、不全面
        第八条|经营者对消费者提出的修理、重作、更换、退货要求，故意拖延或者无理拒绝
        第九条|经营者采用网络、电视、电话、邮购等方式销售商品，未依法履行七日无理由退货义务
        第十条|经营者以预收款方式提供商品或者服务，未按照约定提供
        第十一条|经营者收集、使用消费者个人信息未经消费者同意
        第十二条|经营者使用格式条款、通知、声明、店堂告示等排除或者限制消费者权利
        第十三条|从事服务业的经营者未向消费者提供相应的服务或者合同约定的服务
    """,
        )
        + _penalties(
            "《网络购买商品七日无理由退货暂行办法》",
            """
        第三十条|网络商品销售者擅自扩大不适用七日无理由退货的商品范围
    """,
        )
        + [
            (OTH, "消费者投诉举报的受理与处理", f"{CONS}第四十六条"),
            (OTH, "消费纠纷行政调解", "《市场监督管理投诉举报处理暂行办法》第十六条"),
            (INS, "消费品质量监督检查", f"{CONS}第三十三条"),
            (REW, "对举报侵害消费者权益违法行为的奖励", "《市场监管领域重大违法行为举报奖励暂行办法》第三条"),
        ],
    ),
    "online": (
        "online-trade",
        _penalties(
            EC,
            """
        第七十五条|电子商务经营者未依法办理市场主体登记或者未取得相关行政许可
        第七十六条第一款|电子商务经营者未在首页显著位置公示营业执照信息等
        第七十七条|电子商务经营者提供搜索结果未同时提供不针对其个人特征的选项
        第七十八条|电子商务经营者违反规定未向消费者明示押金退还的方式、程序
        第八十条|电子商务平台经营者未履行核验、登记等义务
        第八十一条第一款|电子商务平台经营者未显著方式区分标记自营业务和平台内经营者开展的业务
        第八十二条|电子商务平台经营者对平台内经营者在平台内的交易、交易价格进行不合理限制
        第八十三条|电子商务平台经营者对平台内经营者侵害消费者合法权益行为未采取必要措施
        第八十四条|电子商务平台经营者对平台内经营者实施侵犯知识产权行为未依法采取必要措施
    """,
        )
        + _penalties(
            ONLINE,
            """
        第四十七条|网络交易经营者销售商品或者提供服务未依法公示信息
        第四十八条第一款|网络交易经营者违反规定收集、使用消费者个人信息
        第四十九条|网络交易经营者违反规定开展直播营销等活动
        第五十条|网络交易平台经营者未履行身份核验、信息报送义务
        第五十一条|网络交易平台经营者未对平台内经营者的信息定期核验更新
        第五十二条|网络交易平台经营者拒不配合市场监督管理部门调查
        第五十三条|网络交易经营者虚构交易、编造用户评价进行虚假或者引人误解的商业宣传
        第五十四条|网络交易平台经营者违反规定干涉平台内经营者自主经营
    """,
        )
        + [
            (INS, "网络交易监督检查", f"{ONLINE}第三十五条"),
            (OTH, "网络交易违法行为监测", f"{ONLINE}第三十四条"),
            (COE, "查封、扣押与涉嫌网络交易违法行为有关的财物", f"{ONLINE}第三十五条第二款"),
        ],
    ),
    "registration": (
        "registration",
        _penalties(
            REG,
            """
        第四十三条|未经设立登记从事经营活动
        第四十四条|提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得市场主体登记
        第四十五条|实行注册资本实缴登记制的市场主体虚报注册资本取得市场主体登记
        第四十六条|市场主体未依照规定办理变更登记
        第四十七条|市场主体未依照规定办理备案
        第四十八条第一款|市场主体未依照规定将营业执照置于住所或者主要经营场所的醒目位置
        第四十八条第二款|市场主体伪造、涂改、出租、出借、转让营业执照
        第五十条|市场主体未依照规定公示终止歇业
    """,
        )
        + _penalties(
            CO,
            """
        第二百五十条|公司违反规定，虚报注册资本、提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得公司登记
        第二百五十二条|公司的发起人、股东虚假出资
        第二百五十三条|公司的发起人、股东在公司成立后抽逃其出资
        第二百五十八条|公司登记事项发生变更时未依照规定办理有关变更登记
        第二百五十九条|外国公司违反规定擅自在中国境内设立分支机构
    """,
        )
        + _penalties(
            "《无证无照经营查处办法》",
            """
        第十三条|从事无证无照经营
        第十四条|明知属于无照经营而为经营者提供经营场所、运输、保管、仓储等条件
    """,
        )
        + [
            (CON, "企业设立、变更、注销登记", f"{REG}第三条"),
            (CON, "个体工商户设立、变更、注销登记", f"{REG}第三条"),
            (CON, "农民专业合作社设立、变更、注销登记", f"{REG}第三条"),
            (CON, "市场主体歇业备案", f"{REG}第三十条"),
            (CON, "股权出质设立、变更、注销登记", "《股权出质登记办法》第三条"),
            (CON, "动产抵押登记", "《动产抵押登记办法》第二条"),
            (INS, "对市场主体登记事项的监督检查", f"{REG}第三十五条"),
            (COE, "查封涉嫌无证无照经营的场所", "《无证无照经营查处办法》第十一条第三项"),
            (OTH, "撤销市场主体登记", f"{REG}第四十条"),
            (LIC, "企业名称争议裁决", "《企业名称登记管理规定》第二十三条"),
        ],
    ),
    "credit": (
        "credit",
        _penalties(
            DISC,
            """
        第十七条第一款|企业未按照规定期限公示年度报告
        第十七条第二款|企业公示信息隐瞒真实情况、弄虚作假
        第十八条|企业未按照规定的期限公示即时信息
    """,
        )
        + _penalties(
            "《中华人民共和国市场主体登记管理条例实施细则》",
            """
        第七十一条|市场主体未按规定履行年度报告义务
        第七十二条|市场主体登记住所或者主要经营场所无法联系
    """,
        )
        + [
            (OTH, "列入经营异常名录", "《企业经营异常名录管理暂行办法》第四条"),
            (OTH, "移出经营异常名录", "《企业经营异常名录管理暂行办法》第十一条"),
            (OTH, "列入严重违法失信名单", f"{SERIOUS}第二条"),
            (OTH, "移出严重违法失信名单", f"{SERIOUS}第十九条"),
            (OTH, "信用修复", "《市场监督管理信用修复管理办法》第二条"),
            (INS, "企业公示信息抽查", "《企业公示信息抽查暂行办法》第三条"),
            (
                INS,
                "“双随机、一公开”跨部门联合抽查",
                "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》",
            ),
            (CON, "个体工商户年度报告", "《个体工商户年度报告办法》第二条"),
            (OTH, "企业信用风险分类管理", "《市场监督管理信用监管规定》第十二条"),
        ],
    ),
}
CATEGORY_CODE: dict[str, str] = {
    PowerCategory.LICENSING: "LIC", PowerCategory.PENALTY: "PEN", PowerCategory.COERCION: "COE",
    PowerCategory.INSPECTION: "INS", PowerCategory.LEVY: "LEV", PowerCategory.BENEFIT: "BEN",
    PowerCategory.CONFIRMATION: "CON", PowerCategory.REWARD: "REW", PowerCategory.ADJUDICATION: "ADJ",
    PowerCategory.OTHER: "OTH",
}  # fmt: skip
DOMAIN_CODE = {
    "food": "FOOD", "drugs": "DRUG", "special-equipment": "SPEQ", "quality": "QUAL", "metrology": "METR",
    "price": "PRIC", "competition": "COMP", "advertising": "ADVT", "ip": "INTP", "consumer": "CONS",
    "online": "ONLN", "registration": "REGI", "credit": "CRED",
}  # fmt: skip
ACCOUNTABILITY = (
    "1. 对符合立案条件的不予立案、对不符合条件的违法立案的；2. 未按规定履行告知、听证等程序的；"
    "3. 滥用职权、玩忽职守、徇私舞弊的；4. 违法实施处罚或超越职权的；5. 其他违反法律法规规定的行为。"
)
DUTY = {
    PowerCategory.PENALTY: "1. 立案责任；2. 调查取证责任；3. 审查责任；4. 告知责任；5. 决定责任；6. 送达责任；7. 执行责任；8. 其他法律法规规章规定应履行的责任。",
    PowerCategory.INSPECTION: "1. 检查责任：制定并实施检查计划；2. 处置责任：依法处理检查发现的问题；3. 公开责任：按规定公示检查结果；4. 其他法律法规规章规定应履行的责任。",
    PowerCategory.COERCION: "1. 催告责任；2. 决定责任：经负责人批准后实施，制作现场笔录；3. 执行责任；4. 事后监管责任；5. 其他法律法规规章规定应履行的责任。",
}
DEFAULT_DUTY = (
    "1. 受理责任；2. 审查责任；3. 决定责任；4. 送达责任；5. 事后监管责任；6. 其他法律法规规章规定应履行的责任。"
)
ENFORCEMENT = "enforcement"


def _catalogue() -> list[dict]:
    """Every catalogue entry with a stable code, in catalogue order."""
    out = []
    counters: dict[str, int] = {}
    for domain, (section, entries) in CATALOGUE.items():
        for category, name, basis in entries:
            prefix = f"{CATEGORY_CODE[category]}-{DOMAIN_CODE[domain]}"
            counters[prefix] = counters.get(prefix, 0) + 1
            out.append(
                {"code": f"{prefix}-{counters[prefix]:03d}", "domain": domain, "section": section,
                 "category": category, "name": name, "basis": basis}
            )  # fmt: skip
    return out


# Sub-items (子项) that provincial lists keep apart by the supervised stage, used to reach the district's size.
VARIANTS = {
    "food": ("食品生产环节", "食品销售环节", "餐饮服务环节", "网络食品经营环节"),
    "special-equipment": ("电梯", "锅炉压力容器"),
}


def _variants(entries: list[dict], needed: int) -> list[dict]:
    extra = []
    for domain, stages in VARIANTS.items():
        for k, stage in enumerate(stages, start=1):
            for e in entries:
                if e["domain"] == domain and e["category"] == PowerCategory.PENALTY:
                    name = e["name"].removesuffix("的行政处罚") + f"（{stage}）的行政处罚"
                    extra.append({**e, "code": f"{e['code']}-{k}", "name": name})
    return extra[:needed]


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("powers")
    departments = ctx.shared.get("departments") or {}
    leader = (ctx.shared.get("users") or {}).get("leader")
    chief = (ctx.shared.get("users") or {}).get("section_chief")
    with ctx.step("权责清单（基线 450 项、2022 年一批与 2023 年两批调整）"):
        entries = _catalogue()
        needed = BASELINE_SIZE + ADDED_2023 + 3  # 3 more for the 2024 batch awaiting approval
        if len(entries) < needed + ADDED_2022:
            entries += _variants(entries, needed + ADDED_2022 - len(entries))
        rng.shuffle(entries)
        added_2022 = entries[needed : needed + ADDED_2022]
        entries = entries[:needed]
        baseline, added, pending = entries[:BASELINE_SIZE], entries[BASELINE_SIZE : needed - 3], entries[needed - 3 :]
        baseline.sort(key=lambda e: e["code"])

        def dept(e):
            return departments.get(e["section"])

        def line(batch, n, action, e, reason="", **override):
            fields = {
                "name": e["name"], "category": e["category"], "legal_basis": parse_legal_basis(e["basis"]),
                "department": dept(e), "accountability": ACCOUNTABILITY,
                "duty_items": DUTY.get(e["category"], DEFAULT_DUTY), "remarks": "",
            } if action != LineAction.REMOVE else {}  # fmt: skip
            fields.update(override)
            return AdjustmentLine(batch=batch, position=n, action=action, code=e["code"], reason=reason, **fields)

        def batch(number, title, issued, effective, status=BatchStatus.APPROVED):
            decided = status == BatchStatus.APPROVED
            return AdjustmentBatch.objects.create(
                number=number, title=title, issued_on=issued, effective_from=effective, status=status,
                source="演示数据", prepared_by=chief, decided_by=leader if decided else None,
                submitted_at=timezone.now(), decided_at=timezone.now() if decided else None,
                decision_note="同意" if decided else "",
            )  # fmt: skip

        base = batch(
            "东市监发〔2020〕58号", "关于公布区市场监督管理局权责清单的通知", dt.date(2020, 12, 18), dt.date(2021, 1, 1)
        )
        AdjustmentLine.objects.bulk_create(
            [line(base, n, LineAction.ADD, e, "权责清单首次公布") for n, e in enumerate(baseline, 1)], batch_size=500
        )
        apply_lines(base)

        # 2022: 40 distinct items in one batch; the removed ones give way to as many additions (450 at year end).
        touched_2022 = rng.sample(baseline, CHANGED_2022 + REMOVED_2022)
        changed_2022, removed_2022 = touched_2022[:CHANGED_2022], touched_2022[CHANGED_2022:]
        b = batch("东市监发〔2022〕33号", "关于调整区市场监督管理局权责清单的通知", dt.date(2022, 6, 15),
                  dt.date(2022, 7, 1))  # fmt: skip
        lines_2022 = [line(b, n, LineAction.ADD, e, "依据新施行的法律法规新增") for n, e in enumerate(added_2022, 1)]
        for e in changed_2022:
            lines_2022.append(line(b, len(lines_2022) + 1, LineAction.CHANGE, e, "细化追责情形和责任事项",
                                   remarks="已按2022年权责清单动态调整要求细化"))  # fmt: skip
        for e in removed_2022:
            lines_2022.append(line(b, len(lines_2022) + 1, LineAction.REMOVE, e, "职能划转至区城市管理委"))
        AdjustmentLine.objects.bulk_create(lines_2022)
        apply_lines(b)
        gone = {e["code"] for e in removed_2022}
        baseline = [e for e in baseline if e["code"] not in gone] + added_2022

        # 2023: 63 distinct items in two batches; an item is touched at most once in the year.
        touched = rng.sample(baseline, CHANGED_2023 + REMOVED_2023)
        changed, removed = touched[:CHANGED_2023], touched[CHANGED_2023:]
        plans = [
            ("东市监发〔2023〕12号", "关于调整区市场监督管理局权责清单的通知", dt.date(2023, 2, 15), dt.date(2023, 3, 1),
             added[:10], changed[:15], removed[:5]),
            ("东市监发〔2023〕47号", "关于动态调整区市场监督管理局权责清单的通知", dt.date(2023, 8, 18), dt.date(2023, 9, 1),
             added[10:], changed[15:], removed[5:]),
        ]  # fmt: skip
        for number, title, issued, effective, adds, changes, removes in plans:
            b = batch(number, title, issued, effective)
            lines, n = [], 0
            for e in adds:
                n += 1
                lines.append(line(b, n, LineAction.ADD, e, "依据新施行的法律法规新增"))
            for e in changes:
                n += 1
                kind = rng.choice(("basis", "department", "remarks"))
                if kind == "basis":
                    lines.append(line(b, n, LineAction.CHANGE, e, "上位法修订，更新设定依据",
                                      legal_basis=parse_legal_basis(e["basis"] + "（2023年修订后条款）")))  # fmt: skip
                elif kind == "department":
                    lines.append(line(b, n, LineAction.CHANGE, e, "机构职能调整，承办机构变更为综合执法支队",
                                      department=departments.get(ENFORCEMENT)))  # fmt: skip
                else:
                    lines.append(line(b, n, LineAction.CHANGE, e, "细化追责情形和责任事项",
                                      remarks="已按全面落实行政执法责任制要求细化"))  # fmt: skip
            for e in removes:
                n += 1
                lines.append(line(b, n, LineAction.REMOVE, e, rng.choice(("上位法废止", "职能划转至区农业农村委"))))
            AdjustmentLine.objects.bulk_create(lines)
            apply_lines(b)

        # 2024: one batch waiting for the leader's approval (not applied).
        waiting = batch("东市监发〔2024〕3号", "关于新增权责事项的请示", dt.date(2024, 1, 10), dt.date(2024, 2, 1),
                        status=BatchStatus.SUBMITTED)  # fmt: skip
        AdjustmentLine.objects.bulk_create(
            [line(waiting, n, LineAction.ADD, e, "依据新施行的法律法规新增") for n, e in enumerate(pending, 1)]
        )
        in_force = {e["code"] for e in baseline + added} - {e["code"] for e in removed}
        by_domain: dict[str, list[str]] = {}
        for e in sorted(baseline + added, key=lambda e: e["code"]):
            if e["code"] in in_force:
                by_domain.setdefault(e["domain"], []).append(e["code"])
        ctx.shared["power_codes_by_domain"] = by_domain
