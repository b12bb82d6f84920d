"""学法普法 part of the demo district (ORDER 100): two years, 2023 on the seed report's figures, 2022 a little lower.

Through the services (dated steps; every record audited): the 谁执法谁普法 lists of both years (2023 revises 2022),
the meetings and study sessions with attendance from the staff list and the rule-of-law matters decided, the
lecture series, events on every theme of the legal-education calendar, publicity items, and typical cases written
from the demo's closed penalty cases. The counts are bureau activities, not district size, so they are the same at
every ``--scale``; dates are drawn per seed on working days inside each theme's period.

2023 (seed-figures.md): 中心组法治专题 4, 党委会传达学习 3, 干部学法 4, 局长办公会会前学法 5, 主持党委会 47, 局长办公会 21,
大讲堂 25 期 ≈ 2,500 人次, 政务微信 147 期, 媒体稿件 55 篇, 网络发布 ≈ 500 条; 典型案例 8 件 scaled to the district like the
penalty cases they are written from (``ctx.scaled``; at least one a year, as many as the closed penalty cases allow).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 100

PLAN: dict[int, dict[str, int]] = {
    2023: {"central_rule": 4, "central_other": 8, "committee": 47, "committee_rule": 3, "directors": 21, "pre": 5,
           "cadre": 4, "lectures": 25, "wechat": 147, "weibo": 130, "website": 76, "media": 55, "media_district": 9,
           "typical": 8},
    2022: {"central_rule": 3, "central_other": 8, "committee": 44, "committee_rule": 2, "directors": 19, "pre": 4,
           "cadre": 3, "lectures": 12, "wechat": 132, "weibo": 118, "website": 70, "media": 48, "media_district": 7,
           "typical": 5},
}  # fmt: skip

CENTRAL_TOPICS = (
    "深入学习习近平法治思想", "学习习近平总书记关于法治建设的重要论述", "学习党的二十大报告关于全面依法治国的部署",
    "学习中央全面依法治国工作会议精神", "学习《法治政府建设实施纲要（2021—2025年）》",
)  # fmt: skip
OTHER_TOPICS = ("主题教育专题学习", "党风廉政建设专题学习", "意识形态工作专题学习", "经济工作会议精神学习")
COMMITTEE_RULE = ("传达学习习近平法治思想和中央全面依法治国工作会议精神", "专题听取法治政府建设工作情况汇报",
                  "传达学习市委全面依法治市工作会议精神")  # fmt: skip
COMMITTEE_OTHER = ("研究部署市场监管重点工作", "研究干部人事事项", "研究食品安全专项整治工作", "研究年度预算执行情况",
                   "研究安全生产工作", "研究营商环境优化工作")  # fmt: skip
DIRECTORS = ("研究行政执法案件审核工作", "研究“双随机、一公开”年度计划", "研究投诉举报处理工作", "研究信用监管工作",
             "研究知识产权保护工作", "研究质量强区工作")  # fmt: skip
LAWS = ("中华人民共和国行政处罚法", "中华人民共和国行政许可法", "中华人民共和国行政强制法", "中华人民共和国行政复议法",
        "中华人民共和国食品安全法", "中华人民共和国反不正当竞争法", "中华人民共和国产品质量法", "中华人民共和国民法典",
        "市场监督管理行政处罚程序规定", "优化营商环境条例")  # fmt: skip
LECTURES = ("行政处罚法重点条款解读", "市场监管行政处罚程序实务", "食品安全抽检与核查处置", "特种设备安全监察要点",
            "价格违法行为认定", "网络交易监管实务", "知识产权行政保护", "广告监管与案例评析", "行政执法文书制作规范",
            "行政复议与应诉实务", "证据收集与固定", "信用修复政策解读", "计量监督管理", "消费者权益保护法解读",
            "药品化妆品监管要点", "公平竞争审查制度")  # fmt: skip
MATTERS = (
    ("审议年度法治政府建设工作要点", "plan", "原则通过，由法制科印发实施并按季度报告进展"),
    ("审议上年度法治政府建设情况报告", "plan", "通过，按规定报送区委、区政府并向社会公开"),
    ("研究规范性文件清理工作", "normative_document", "开展规范性文件集中清理，结果报局长办公会审定"),
    ("研究重大行政决策事项目录", "major_decision", "确定年度重大行政决策事项，严格履行法定程序"),
    ("研究行政执法案卷评查整改", "enforcement", "对评查发现的问题限期整改，纳入年度考核"),
    ("研究行政复议应诉工作", "remedies", "落实负责人出庭应诉制度，完善败诉案件分析"),
    ("研究“八五”普法中期评估", "education", "对照规划逐项自查，补齐短板"),
)
EVENT_TITLES = {
    "constitution_week": "“宪法宣传周”宪法进企业、进社区活动",
    "consumer_rights_day": "“3·15”国际消费者权益日集中宣传活动",
    "national_security_day": "全民国家安全教育日普法宣传",
    "ip_day": "“4·26”知识产权宣传周活动",
    "civil_code_month": "“美好生活·民法典相伴”主题宣传",
    "world_metrology_day": "“5·20”世界计量日宣传咨询",
    "world_accreditation_day": "世界认可日认证认可宣传",
    "quality_month": "“质量月”质量法律法规宣传",
    "world_standards_day": "“10·14”世界标准日宣传活动",
    "food_safety_week": "食品安全宣传周“尚俭崇信 守护阳光下的盘中餐”",
    "safe_drug_month": "安全用药月科普宣传",
}
OUTLETS = (("中国市场监管报", "national"), ("中国知识产权报", "national"), ("中国质量报", "national"),
           ("人民日报", "national"), ("学习强国", "national"), ("新华社客户端", "national"), ("天津日报", "city"),
           ("今晚报", "city"), ("天津广播电视台", "city"))  # fmt: skip


def _working_days(year: int, start: dt.date | None = None, end: dt.date | None = None) -> list[dt.date]:
    first = start or dt.date(year, 1, 3)
    last = min(end or dt.date(year, 12, 29), dt.date(year, 12, 29))
    return [
        first + dt.timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + dt.timedelta(days=i)).weekday() < 5
    ]


def _spread(rng: random.Random, days: list[dt.date], n: int) -> list[dt.date]:
    """``n`` distinct days spread over ``days`` (one per equal slice, drawn inside it)."""
    if n <= 0 or not days:
        return []
    out = []
    for i in range(n):
        lo, hi = len(days) * i // n, max(len(days) * (i + 1) // n, len(days) * i // n + 1)
        out.append(days[rng.randrange(lo, min(hi, len(days)))])
    return sorted(set(out))


def generate(ctx: DemoContext) -> None:
    from fazhi.core.context import acting_as

    rng = ctx.sub_rng("activities")
    users = ctx.shared["users"]
    with acting_as(users["legal_reviewer"], label="演示数据"):
        with ctx.step("学法普法：普法责任清单"):
            _lists(ctx, rng)
        for year in (ctx.year - 1, ctx.year):
            with ctx.step(f"学法普法：{year} 年学习与会议"):
                _sessions(ctx, rng, year)
            with ctx.step(f"学法普法：{year} 年讲座培训"):
                _lectures(ctx, rng, year)
            with ctx.step(f"学法普法：{year} 年普法活动与宣传信息"):
                _events(ctx, rng, year)
                _publicity(ctx, rng, year)
            with ctx.step(f"学法普法：{year} 年以案释法"):
                _typical_cases(ctx, rng, year)


def _staff(ctx: DemoContext) -> dict[str, list[Any]]:
    return {code: [o for o in officers if o.active] for code, officers in ctx.shared["officers_by_department"].items()}


def _lists(ctx: DemoContext, rng: random.Random) -> None:
    from fazhi.activities import services

    users, deps = ctx.shared["users"], ctx.shared["departments"]
    legal, leader = users["legal_reviewer"], users["leader"]
    items = [
        ("food-business", "中华人民共和国食品安全法", "食品经营者、餐饮服务提供者", "食品安全主体责任、进货查验、贮存与标签"),
        ("food-production", "中华人民共和国食品安全法实施条例", "食品生产企业", "生产过程控制、出厂检验、召回"),
        ("drugs", "中华人民共和国药品管理法", "药品零售企业、使用单位", "药品经营质量管理、处方药销售"),
        ("special-equipment", "中华人民共和国特种设备安全法", "特种设备使用单位、电梯维保单位", "使用登记、定期检验、维护保养"),
        ("price", "中华人民共和国价格法", "商场、超市、农贸市场经营者", "明码标价、价格欺诈的认定"),
        ("price", "中华人民共和国反不正当竞争法", "各类经营者", "虚假宣传、商业贿赂、商业秘密保护"),
        ("intellectual-property", "中华人民共和国商标法", "企业、电商经营者", "商标使用与侵权责任"),
        ("online-trade", "中华人民共和国电子商务法", "网络交易平台和平台内经营者", "亮照亮证、平台责任"),
        ("online-trade", "中华人民共和国广告法", "广告主、广告经营者和发布者", "禁止性规定、医疗保健广告审查"),
        ("quality", "中华人民共和国产品质量法", "生产企业", "产品质量责任、标识标注"),
        ("registration", "中华人民共和国市场主体登记管理条例", "新设市场主体、代理机构", "登记事项、年报公示"),
        ("credit", "企业信息公示暂行条例", "企业、个体工商户", "年度报告、经营异常名录与信用修复"),
        ("legal", "中华人民共和国行政处罚法", "全局执法人员", "处罚程序、裁量基准、法制审核"),
        ("legal", "中华人民共和国宪法", "全局干部职工", "宪法精神、宪法宣誓"),
    ]  # fmt: skip
    first = services.responsibility_list_create(title="2022年“谁执法谁普法”普法责任清单", year=2022, actor=legal)
    for code, law, audience, content in items[:12]:
        services.responsibility_item_add(rlist=first, department=deps[code], law_title=law, audience=audience,
                                         content=content, methods="送法上门、以案释法、新媒体宣传", timing="全年",
                                         actor=legal)  # fmt: skip
    first.refresh_from_db()
    services.responsibility_list_adopt(rlist=first, adopted_on=dt.date(2022, 3, 10), document_number="东市监发〔2022〕12号",
                                       expected_revision=first.revision, actor=leader)  # fmt: skip
    second = services.responsibility_list_copy(source=first, title="2023年“谁执法谁普法”普法责任清单（修订）", year=2023,
                                               actor=legal)  # fmt: skip
    for code, law, audience, content in items[12:]:
        services.responsibility_item_add(rlist=second, department=deps[code], law_title=law, audience=audience,
                                         content=content, methods="集中培训、专题讲座", timing="每季度", actor=legal)  # fmt: skip
    second.refresh_from_db()
    services.responsibility_list_adopt(rlist=second, adopted_on=dt.date(2023, 3, 14), document_number="东市监发〔2023〕9号",
                                       expected_revision=second.revision, actor=leader)  # fmt: skip


def _sessions(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.activities import services

    plan = PLAN[year]
    users, deps = ctx.shared["users"], ctx.shared["departments"]
    clerk, office = users["legal_reviewer"], deps["general-office"]
    staff = _staff(ctx)
    committee = [*staff["general-office"][:5], *staff["legal"][:2]]  # 党委委员（演示）
    head, deputy = committee[0], committee[1]
    cadres = [o for code in ("legal", "enforcement", "registration", "credit", "general-office") for o in staff[code]]
    days = _working_days(year)

    def present(session: Any, people: list[Any], leave_rate: float = 0.08) -> None:
        statuses = {o.pk: ("leave" if rng.random() < leave_rate else "present") for o in people}
        services.attendance_set(session=session, statuses=statuses, actor=clerk)

    committee_days = _spread(rng, days, plan["committee"] + 2)
    rule_days = set(rng.sample(committee_days, plan["committee_rule"]))
    deputy_days = set(rng.sample([d for d in committee_days if d not in rule_days], 2))  # 副职主持：不计入
    committee_sessions = []
    for day in committee_days:
        rule = day in rule_days
        session = services.session_record(
            kind="party_committee", department=office, held_on=day, chair=deputy if day in deputy_days else head,
            chair_is_principal=day not in deputy_days, rule_of_law=rule, location="局党委会议室",
            title=rng.choice(COMMITTEE_RULE) if rule else rng.choice(COMMITTEE_OTHER),
            laws_studied=["习近平法治思想"] if rule else [], actor=clerk,
        )  # fmt: skip
        present(session, committee)
        committee_sessions.append(session)
        if rule:
            for title, category, decision in rng.sample(MATTERS, 2):
                matter = services.matter_add(session=session, title=title, category=category, decision=decision,
                                             responsible_department=deps["legal"],
                                             due_on=day + dt.timedelta(days=30), actor=clerk)  # fmt: skip
                done = day + dt.timedelta(days=rng.randint(7, 28))
                if done <= dt.date(year, 12, 31) and rng.random() < 0.85:
                    services.matter_complete(matter=matter, done_on=done, note="已按会议要求办结", actor=clerk)
    directors_days = _spread(rng, [d for d in days if d not in set(committee_days)], plan["directors"])
    directors = []
    for day in directors_days:
        session = services.session_record(
            kind="directors_office", department=office, held_on=day, chair=head, chair_is_principal=True,
            title=rng.choice(DIRECTORS), location="局第一会议室", actor=clerk,
        )  # fmt: skip
        present(session, [*committee, *staff["legal"][2:4], *staff["enforcement"][:3]])
        directors.append(session)
    for meeting in [*rng.sample(directors, plan["pre"]), *rng.sample(committee_sessions, 2)]:
        law = rng.choice(LAWS)
        study = services.session_record(
            kind="pre_meeting", department=office, held_on=meeting.held_on, title=f"会前学法：{law}",
            laws_studied=[law], meeting=meeting, speaker="", actor=clerk,
        )  # fmt: skip
        present(study, committee, leave_rate=0.0)
    central_days = _spread(rng, days, plan["central_rule"] + plan["central_other"])
    rule_central = set(rng.sample(central_days, plan["central_rule"]))
    for day in central_days:
        rule = day in rule_central
        session = services.session_record(
            kind="central_group", department=office, held_on=day, chair=head, chair_is_principal=True, rule_of_law=rule,
            title=rng.choice(CENTRAL_TOPICS) if rule else rng.choice(OTHER_TOPICS),
            laws_studied=["习近平法治思想", "中华人民共和国宪法"] if rule else [], actor=clerk,
        )  # fmt: skip
        present(session, committee)
    for day in _spread(rng, days, plan["cadre"]):
        laws = rng.sample(LAWS, 2)
        session = services.session_record(
            kind="cadre_study", department=deps["legal"], held_on=day, title=f"干部学法：{laws[0]}", laws_studied=laws,
            summary="集中学习法律条文，结合典型案例讲解执法要点。", actor=clerk,
        )  # fmt: skip
        present(session, rng.sample(cadres, min(len(cadres), 40)))


def _lectures(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.activities import services

    users, deps = ctx.shared["users"], ctx.shared["departments"]
    clerk = users["legal_reviewer"]
    everyone = [o for officers in _staff(ctx).values() for o in officers if o.department.kind in ("section", "office")]
    title = "业务知识大讲堂" if year == ctx.year else "法治业务培训"
    series = services.series_create(title=title, year=year, department=deps["legal"],
                                    description="面向全局执法人员的业务知识系列讲座", actor=clerk)  # fmt: skip
    for day in _spread(rng, _working_days(year, dt.date(year, 2, 20), dt.date(year, 12, 20)), PLAN[year]["lectures"]):
        topic = rng.choice(LECTURES)
        session = services.session_record(
            kind=rng.choice(["lecture", "lecture", "training"]), department=deps["legal"], held_on=day, title=topic,
            speaker=rng.choice(["法制科", "综合执法支队", "区司法局", "天津市市场监管委"]) + "主讲",
            series=series, location="局三楼报告厅", other_attendees=rng.randint(0, 14), actor=clerk,
        )  # fmt: skip
        attendees = rng.sample(everyone, min(len(everyone), rng.randint(88, 98)))
        services.attendance_set(session=session, statuses={o.pk: "present" for o in attendees}, actor=clerk)


def _events(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.activities import services
    from fazhi.rulebook import education

    users, deps = ctx.shared["users"], ctx.shared["departments"]
    actor = users["legal_reviewer"]
    owners = {"consumer_rights_day": "consumer", "ip_day": "intellectual-property", "world_metrology_day": "metrology",
              "quality_month": "quality", "world_standards_day": "metrology", "food_safety_week": "food-business",
              "safe_drug_month": "drugs"}  # fmt: skip
    for theme in education.calendar():
        period = theme.period(year)
        if period is None:
            start, end = (dt.date(year, 6, 10), dt.date(year, 6, 20)) if theme.id == "food_safety_week" else (
                dt.date(year, 9, 1), dt.date(year, 9, 28))  # fmt: skip
        else:
            start, end = period
        dept = deps.get(owners.get(theme.id, "legal")) or deps["legal"]
        for _ in range(rng.randint(1, 3)):
            day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            services.event_record(
                theme=theme.id, title=EVENT_TITLES[theme.id], department=dept, held_on=day,
                location=rng.choice(["万达广场", "张贵庄街道社区服务中心", "东丽湖商业街", "局政务服务大厅"]),
                audience="群众、经营者", audience_count=rng.randint(80, 1500), materials_count=rng.randint(100, 2000),
                actor=actor,
            )  # fmt: skip


def _publicity(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.activities import services

    plan, users, deps = PLAN[year], ctx.shared["users"], ctx.shared["departments"]
    actor, office = users["legal_reviewer"], deps["general-office"]
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(365 if year % 4 else 366)]
    subjects = ("市场监管", "食品安全", "知识产权", "消费维权", "营商环境", "质量强区", "信用监管", "普法")
    for n, day in enumerate(_spread(rng, days, plan["wechat"]), start=1):
        services.publicity_record(channel="wechat", published_on=day, title=f"东丽市场监管 第{n}期：{rng.choice(subjects)}",
                                  url=f"https://mp.weixin.qq.com/s/demo-{year}-{n}", article_count=rng.choice([1, 2, 2, 3]),
                                  department=office, actor=actor)  # fmt: skip
    for channel, count, host in (
        ("weibo", plan["weibo"], "weibo.com"),
        ("website", plan["website"], "www.tjdl.gov.cn"),
    ):
        for n, day in enumerate(_spread(rng, days, count), start=1):
            services.publicity_record(channel=channel, published_on=day, title=f"{rng.choice(subjects)}工作动态",
                                      url=f"https://{host}/demo/{year}/{n}", department=office, actor=actor)  # fmt: skip
    media = [*(rng.choice(OUTLETS) for _ in range(plan["media"])), *[("东丽时讯", "district")] * plan["media_district"]]
    for (outlet, level), day in zip(media, rng.choices(days, k=len(media)), strict=True):
        services.publicity_record(channel="media", published_on=day, title=f"东丽区{rng.choice(subjects)}工作取得新成效",
                                  outlet=outlet, outlet_level=level, department=office, actor=actor)  # fmt: skip


def _typical_cases(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.activities import services
    from fazhi.cases import selectors as case_selectors

    users = ctx.shared["users"]
    writer, reviewer = users["legal_reviewer"], users["leader"]
    candidates = [
        c for c in case_selectors.closed_penalty_cases(user=writer, limit=5000)
        if c["closed_on"] and c["closed_on"].year == year and c["closed_on"] <= dt.date(year, 11, 30)
    ]  # fmt: skip
    candidates.sort(key=lambda c: c["id"])
    wanted = ctx.scaled(PLAN[year]["typical"], minimum=1)  # a district figure (seed_figures.yaml): scales with size
    for i, row in enumerate(rng.sample(candidates, min(len(candidates), wanted + 1))):
        case = services.typical_draft(case_id=row["id"], actor=writer)
        services.typical_update(
            case=case, expected_revision=case.revision, actor=writer, title=case.title, facts=case.facts,
            legal_basis=case.legal_basis,
            analysis=("本案提示经营者：应当严格落实法定义务，建立并执行进货查验、自查等制度。市场监管部门依法查处，"
                      "并在处罚的同时开展以案释法，督促当事人整改、引导同类经营者守法经营。"),
        )  # fmt: skip
        submitted = row["closed_on"] + dt.timedelta(days=rng.randint(3, 20))
        services.typical_submit(case=case, expected_revision=case.revision, actor=writer, on=submitted)
        if i == wanted:
            continue  # one left waiting for review
        if i == 0:
            services.typical_return(case=case, opinion="请补充执法依据的具体条款", expected_revision=case.revision,
                                    actor=reviewer, on=submitted + dt.timedelta(days=2))  # fmt: skip
            submitted += dt.timedelta(days=5)
            services.typical_submit(case=case, expected_revision=case.revision, actor=writer, on=submitted)
        services.typical_approve(case=case, opinion="同意发布", expected_revision=case.revision, actor=reviewer,
                                 on=min(submitted + dt.timedelta(days=rng.randint(1, 7)), dt.date(year, 12, 31)))  # fmt: skip
