"""Demo: two years of 政府信息公开 through the services, near the seed (2023: 13 documents disclosed proactively,
11 requests closed — scaled to the district's size, at least one).

Requests arrive by the regulation's channels (the receipt date follows Art. 31), most are answered within the
20 working days, one asks for a correction (Art. 30), one consults a third party (Art. 32), one is extended with the
office head's consent (Art. 33); the reply types follow a typical market-supervision bureau (most disclosed, some
not held, a few refused as process information or case files, one petition-type request). A request received at
the end of the year is carried over. The catalogue holds the year's normative documents, decisions and notices.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 90
D = dt.date

# year → (proactive documents, requests closed at full scale)
PLAN = {2022: (10, 9), 2023: (13, 11)}
CATEGORIES = (("normative", 2), ("penalty", 3), ("permit", 2), ("coercion", 1), ("other", 5))
TITLES = {
    "normative": ("关于进一步规范{y}年度市场主体登记注册工作的通知", "东丽区市场监督管理局行政处罚裁量权适用规则"),
    "penalty": ("{y}年第{n}批行政处罚信息公示", "食品安全领域行政处罚决定公开（第{n}批）"),
    "permit": ("{y}年第{n}批食品经营许可信息", "特种设备使用登记信息（第{n}批）"),
    "coercion": ("{y}年查封扣押行政强制信息（第{n}批）",),
    "other": (
        "{y}年“双随机、一公开”抽查计划",
        "{y}年政府信息公开指南（更新）",
        "局机构职能和领导分工（{y}年调整）",
        "{y}年度行政执法统计年报",
        "关于开展{y}年食品安全专项整治的通告",
    ),
}
CHANNELS = (("in_person", 3), ("mail_signed", 2), ("mail_unsigned", 1), ("online", 5), ("fax", 1))
KINDS = (("natural_person", 8), ("business", 3), ("legal_service", 1))
CONTENTS = (
    "某公司{y}年被投诉举报的处理结果",
    "本局对某超市作出行政处罚的决定书",
    "{y}年食品抽检不合格产品的核查处置情况",
    "某小区电梯的维护保养和定期检验记录",
    "某餐饮店的食品经营许可证及现场核查材料",
    "本局{y}年“双随机”抽查结果",
)
# (reply type, weight, text)
REPLIES = (
    ("disclosed", 6, "所申请的信息予以公开，随本答复书提供（电子版发送至申请人邮箱）。"),
    ("partly", 1, "所申请信息中涉及第三方商业秘密的部分不予公开，其余部分予以提供。"),
    ("unavailable_not_held", 2, "经检索，本机关未制作、获取该信息，所申请公开的信息不存在。"),
    ("refused_process", 1, "所申请信息属于行政机关内部讨论记录等过程性信息，依法可以不予公开。"),
    ("refused_case_file", 1, "所申请信息属于行政执法案卷信息，依法可以不予公开。"),
    ("not_handled_petition", 1, "所提申请实为投诉举报诉求，已告知通过投诉举报渠道提出。"),
)


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("disclosure")
    with ctx.step("政府信息公开：两年的依申请公开答复与主动公开目录"):
        for year in (ctx.year - 1, ctx.year):
            _year(ctx, rng, year)
            _annual_report(ctx, rng, year)


def _limit(ctx: DemoContext) -> dt.date:
    from fazhi.core.clock import legal_today

    return min(ctx.today, legal_today())


def _weighted(rng: random.Random, items: tuple[tuple[Any, ...], ...]) -> Any:
    return rng.choices(items, weights=[i[1] for i in items])[0]


def _year(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.disclosure import services

    if year not in PLAN:
        return
    n_docs, n_requests = PLAN[year]
    n_requests = max(1, ctx.scaled(n_requests))
    users = ctx.shared["users"]
    reviewer, chief = users["legal_reviewer"], users["section_chief"]
    office = ctx.shared["departments"]["general-office"]
    limit = _limit(ctx)
    # 主动公开目录: the year's documents, each within or (rarely) after the 20 working days.
    plan = [c for c, w in CATEGORIES for _ in range(w)]
    for i in range(n_docs):
        category = plan[i % len(plan)]
        formed = D(year, 1, 5) + dt.timedelta(days=rng.randint(0, 340))
        published = formed + dt.timedelta(days=rng.randint(1, 20))
        if published > min(limit, D(year, 12, 31)):
            published = min(limit, D(year, 12, 31))
            formed = min(formed, published)
        title = rng.choice(TITLES[category]).format(y=year, n=i + 1)
        services.document_publish(
            department=office, title=title, category=category, formed_on=formed, published_on=published,
            document_number=f"东市监发〔{year}〕{i + 1}号" if category == "normative" else "", actor=reviewer,
        )  # fmt: skip
    # 依申请公开: requests closed in the year, plus one still open at the year's end (carried over).
    for i in range(n_requests + 1):
        carried = i == n_requests
        received = (
            D(year, 12, 20) + dt.timedelta(days=rng.randint(0, 6))
            if carried
            else D(year, 1, 8) + dt.timedelta(days=rng.randint(0, 290))
        )
        channel = _weighted(rng, CHANNELS)[0]
        submitted = received if channel == "in_person" else received - dt.timedelta(days=rng.randint(1, 4))
        if received > limit:
            continue
        extended = i == min(2, n_requests - 1)
        department = chief.department if extended else office
        r = services.request_register(
            department=department, applicant_name=rng.choice("王李张刘陈杨赵黄周吴") + "某",
            applicant_kind=_weighted(rng, KINDS)[0], channel=channel, submitted_on=submitted,
            received_on=received, content=rng.choice(CONTENTS).format(y=year), actor=reviewer,
        )  # fmt: skip
        if carried:  # answered in January of the next year, if the demo's date has come
            reply_on = received + dt.timedelta(days=rng.randint(10, 16))
            if reply_on <= limit:
                services.request_reply(
                    request=r, reply_type="disclosed", on=reply_on, text=REPLIES[0][2], actor=reviewer
                )
            continue
        step = received
        if i == 0:  # unclear request: one-time correction notice, corrected application restarts the clock
            step = received + dt.timedelta(days=rng.randint(2, 5))
            services.correction_request(
                request=r, on=step, text="请明确所需信息的名称、文号或者便于查询的其他特征描述", actor=reviewer
            )
            step += dt.timedelta(days=rng.randint(3, 8))
            services.correction_receive(request=r, on=step, actor=reviewer)
        if i == 1:  # third-party consultation: excluded from the period
            step = received + dt.timedelta(days=rng.randint(3, 6))
            services.consultation_start(request=r, party="涉及的某食品有限公司", on=step, actor=reviewer)
            step += dt.timedelta(days=rng.randint(8, 15))
            services.consultation_end(request=r, on=step, opinion="不同意公开涉及其商业秘密的部分", actor=reviewer)
        if extended:
            step = received + dt.timedelta(days=rng.randint(15, 20))
            services.reply_extend(request=r, on=step, reason="申请内容涉及多个年度档案，需调取核查", actor=chief)
        r.refresh_from_db()
        due = r.reply_due_on or step + dt.timedelta(days=20)
        reply_on = min(max(step, due - dt.timedelta(days=rng.randint(1, 10))), limit)
        if reply_on.year != year:
            reply_on = max(step, D(year, 12, 31))
        kind, _, text = ("partly", 0, REPLIES[1][2]) if i == 1 else _weighted(rng, REPLIES)
        services.request_reply(request=r, reply_type=kind, on=reply_on, text=text, actor=reviewer)


def _annual_report(ctx: DemoContext, rng: random.Random, year: int) -> None:
    """The year's report deadline (Art. 49: by 31 January of the next year), opened by the legal reviewer; submitted
    and published in the second half of January when the demo's date has come (the last year's report stays open
    until then)."""
    from fazhi.disclosure import services

    if year not in PLAN:
        return
    limit = _limit(ctx)
    if limit.year < year:
        return
    report = services.annual_report_open(year=year, actor=ctx.shared["users"]["legal_reviewer"])
    submitted = D(year + 1, 1, rng.randint(15, 25))
    published = submitted + dt.timedelta(days=rng.randint(1, 5))
    if published <= limit:
        services.annual_report_publish(
            report=report, submitted_on=submitted, submitted_to="区人民政府办公室（政府信息公开工作主管部门）",
            published_on=published, published_where="区人民政府门户网站“政府信息公开年报”栏目",
            actor=ctx.shared["users"]["section_chief"],
        )  # fmt: skip
