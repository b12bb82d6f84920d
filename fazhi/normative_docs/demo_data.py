"""Demo: normative documents through the services — older documents in force, the documents of 2022 and 2023 each
through legality review, fair-competition review (one 2023 draft first found restrictive, revised, re-reviewed),
collective discussion, issue and filing; a clean-up round each year (2023: 7 documents, as in the seed report) with
repeals; the five fair-competition mechanisms' records."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 92
D = dt.date

TITLES = (
    "东丽区市场监督管理局行政处罚裁量基准适用规则",
    "东丽区食品小作坊登记管理办法",
    "东丽区市场主体住所（经营场所）登记管理办法",
    "东丽区特种设备安全监督检查工作规则",
    "东丽区价格监督检查工作规范",
    "东丽区网络交易监督管理实施办法",
    "东丽区计量监督管理办法",
    "东丽区广告监督管理工作规则",
    "东丽区知识产权纠纷调解工作办法",
    "东丽区食品安全抽样检验工作规则",
    "东丽区个体工商户扶持发展若干措施",
    "东丽区市场监管领域轻微违法行为不予处罚清单实施办法",
    "东丽区“双随机、一公开”监管实施细则",
    "东丽区企业信用风险分类管理办法",
)
# year → (documents issued, clean-up size, repealed in the clean-up)
PLAN = {2022: (2, 5, 1), 2023: (3, 7, 1)}
MECHANISMS = (
    ("joint_meeting", "召开公平竞争审查联席会议", "通报年度审查情况，部署存量政策措施清理"),
    ("joint_review", "对拟出台的政策措施会商会审", "与起草部门会商，提出修改意见并书面反馈"),
    ("complaints", "办理妨碍公平竞争的举报", "核实后转起草单位整改，答复举报人"),
    ("spot_checks", "抽查已出台政策措施", "抽查政策措施，未发现违反审查标准的情形"),
    ("third_party", "委托第三方评估", "第三方机构对已出台政策措施开展评估，出具评估报告"),
)


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("normative_docs")
    with ctx.step("规范性文件：起草、合法性审核、公平竞争审查、集体讨论、公布备案、清理与五项机制"):
        titles = list(TITLES)
        rng.shuffle(titles)
        pool = [_issue(ctx, rng, titles.pop(), D(2020, 3, 2) + dt.timedelta(days=70 * i)) for i in range(9)]
        for year in (ctx.year - 1, ctx.year):
            _year(ctx, rng, year, pool, titles)


def _users(ctx: DemoContext) -> tuple[Any, Any, Any]:
    users = ctx.shared["users"]
    return users["legal_reviewer"], users["leader"], ctx.shared["departments"]["legal"]


def _issue(ctx: DemoContext, rng: random.Random, title: str, drafted: dt.date, *, restrictive: bool = False) -> Any:
    from fazhi.normative_docs import services

    reviewer, leader, legal = _users(ctx)
    document = services.document_draft(department=legal, title=title, drafted_on=drafted, actor=reviewer)
    day = drafted + dt.timedelta(days=rng.randint(3, 8))
    if rng.random() < 0.3:
        services.legality_review(
            document=document, on=day, passed=False, opinion="罚则部分超出上位法规定，请修改", actor=reviewer
        )
        day += dt.timedelta(days=rng.randint(3, 7))
    services.legality_review(
        document=document, on=day, passed=True, opinion="制定主体、权限、程序合法，内容不违反上位法", actor=reviewer
    )
    on_date = day + dt.timedelta(days=1)
    from fazhi.rulebook import oversight as rules

    group = rules.items("normative_docs.fair_competition_checklist", on_date)
    if restrictive:
        finding = [i.id for i in group if i.group == "flow"][:1]
        services.fair_competition_review(
            document=document, on=on_date, findings=finding, conclusion="violates",
            conclusion_text="第六条要求参与评选的企业须在本区注册纳税，属于限制外地经营者参与的情形，应删除后重新审查",
            stakeholders_heard="区工商联、个体劳动者协会", actor=reviewer,
        )  # fmt: skip
        on_date += dt.timedelta(days=rng.randint(5, 9))
    services.fair_competition_review(
        document=document, on=on_date, findings=[], conclusion="compliant",
        conclusion_text="经对照审查标准逐项审查，未发现排除、限制竞争的内容，可以出台",
        stakeholders_heard="区工商联、相关行业协会", actor=reviewer,
    )  # fmt: skip
    discussed = on_date + dt.timedelta(days=rng.randint(3, 10))
    services.collective_discussion(
        document=document, on=discussed, meeting="局长办公会",
        minutes="与会人员一致同意" if rng.random() < 0.7 else "多数同意；一名副局长建议缩短有效期，未采纳，记录在案",
        actor=leader,
    )  # fmt: skip
    issued = discussed + dt.timedelta(days=rng.randint(2, 7))
    services.document_issue(
        document=document, on=issued, document_number=f"东市监规〔{issued.year}〕{rng.randint(1, 9)}号", actor=leader
    )
    services.document_file(
        document=document,
        on=issued + dt.timedelta(days=rng.randint(5, 15)),
        body="天津市东丽区人民政府",
        actor=reviewer,
    )
    return document


def _year(ctx: DemoContext, rng: random.Random, year: int, pool: list[Any], titles: list[str]) -> None:
    from fazhi.normative_docs import services

    if year not in PLAN:
        return
    reviewer, _, legal = _users(ctx)
    n_issued, n_cleaned, n_repealed = PLAN[year]
    for i in range(n_issued):
        drafted = D(year, 2, 1) + dt.timedelta(days=rng.randint(0, 200))
        pool.append(_issue(ctx, rng, titles.pop() if titles else f"东丽区市场监管规范性文件（{year}-{i + 1}）", drafted,
                           restrictive=year == ctx.year and i == 0))  # fmt: skip
    in_force = [d for d in pool if d.status == "issued" and d.issued_on < D(year, 10, 1)]
    chosen = rng.sample(in_force, min(n_cleaned, len(in_force)))
    cleanup = services.cleanup_open(title=f"{year}年度规范性文件清理", started_on=D(year, 10, 9), actor=reviewer)
    for j, document in enumerate(chosen):
        outcome = "repeal" if j < n_repealed else ("amend" if j == n_repealed and year == ctx.year else "keep")
        reason = (
            "上位法已修订，文件依据失效"
            if outcome == "repeal"
            else ("部分条款与新修订的上位法不一致" if outcome == "amend" else "")
        )
        services.cleanup_record(cleanup=cleanup, document=document, outcome=outcome, reason=reason, actor=reviewer)
    services.cleanup_publish(
        cleanup=cleanup, on=D(year, 11, 20) + dt.timedelta(days=rng.randint(0, 10)), actor=reviewer
    )
    for kind, title, summary in MECHANISMS:
        for _ in range(1 if year < ctx.year else rng.randint(1, 2)):
            services.mechanism_record(
                kind=kind, department=legal, held_on=D(year, 3, 1) + dt.timedelta(days=rng.randint(0, 270)),
                title=f"{year}年{title}", summary=summary, actor=reviewer,
            )  # fmt: skip
