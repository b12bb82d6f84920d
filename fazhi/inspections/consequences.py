"""Where each result category of a random inspection must lead (issue 12 "Results as the law wants them").

Data, with its basis: for each national result category, the follow-ups the officer may choose (the first is the
default) and, for a listing, the credit module's ground. Every category but 未发现问题 needs written findings.
Statuses follow the legal digest (§4b, §7): the abnormal-list grounds are [SECONDARY]; the sector categories'
routing is the bureau's practice [UNCONFIRMED].
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.inspections.choices import FollowUp, ResultCategory


@dataclass(frozen=True)
class ResultRule:
    follow_ups: tuple[str, ...]  # allowed, the first is the default
    findings_required: bool
    credit_ground: str | None  # the ground of fazhi.credit.services.abnormal_list_propose for ABNORMAL_LIST
    basis: str


_NONE = (FollowUp.NONE,)
_ABNORMAL = "企业经营异常名录管理暂行办法（原国家工商总局令第68号）"

RESULT_RULES: dict[str, ResultRule] = {
    ResultCategory.NO_PROBLEM: ResultRule(_NONE, False, None, "未发现问题，无需后续处理"),
    ResultCategory.NOT_DISCLOSED: ResultRule(
        (FollowUp.RECTIFY,),
        True,
        None,
        f"{_ABNORMAL} 第七条：书面责令限期履行公示义务；逾期仍未公示的列入经营异常名录 [SECONDARY]",
    ),
    ResultCategory.FALSE_DISCLOSURE: ResultRule(
        (FollowUp.ABNORMAL_LIST,),
        True,
        "false_information",
        f"{_ABNORMAL} 第四条第三项、第八条：抽查核实公示信息弄虚作假的，列入经营异常名录 [SECONDARY]",
    ),
    ResultCategory.UNREACHABLE: ResultRule(
        (FollowUp.ABNORMAL_LIST,),
        True,
        "unreachable",
        f"{_ABNORMAL} 第四条第四项、第九条：通过登记的住所或经营场所无法联系的，列入经营异常名录 [SECONDARY]",
    ),
    ResultCategory.CORRECTED: ResultRule(_NONE, True, None, "当场责令改正且已改正：记录发现的问题和改正情况"),
    ResultCategory.PENDING_FOLLOW_UP: ResultRule(
        (FollowUp.RECTIFY, FollowUp.CASE_CLUE, FollowUp.TRANSFER),
        True,
        None,
        "发现问题待后续处理：责令整改并复查，或涉嫌违法的移交立案审查，或移送有权机关 [UNCONFIRMED]",
    ),
    ResultCategory.NO_RELEVANT_ACTIVITY: ResultRule(_NONE, True, None, "未开展抽查涉及的经营活动：记录核实情况"),
    ResultCategory.OBSTRUCTED: ResultRule(
        (FollowUp.CASE_CLUE,), True, None, "不配合检查情节严重：移交立案审查 [UNCONFIRMED]"
    ),
    ResultCategory.CLOSED_OR_LIQUIDATING: ResultRule(_NONE, True, None, "已关闭停业或正在清算：记录核实情况"),
    ResultCategory.DEREGISTERED: ResultRule(_NONE, True, None, "已注销：记录核实情况"),
    ResultCategory.REVOKED: ResultRule(_NONE, True, None, "被吊销：记录核实情况"),
    ResultCategory.WITHDRAWN: ResultRule(_NONE, True, None, "被撤销：记录核实情况"),
    ResultCategory.MOVED_OUT: ResultRule(_NONE, True, None, "已迁出：记录核实情况"),
    ResultCategory.FOOD_DRUG_VIOLATION: ResultRule(
        (FollowUp.CASE_CLUE, FollowUp.RECTIFY), True, None, "违反食品药品管理规定：移交立案审查或责令整改 [UNCONFIRMED]"
    ),
    ResultCategory.QUALITY_VIOLATION: ResultRule(
        (FollowUp.CASE_CLUE, FollowUp.RECTIFY), True, None, "违反质量技术监督规定：移交立案审查或责令整改 [UNCONFIRMED]"
    ),
    ResultCategory.PUBLIC_SECURITY_VIOLATION: ResultRule(
        (FollowUp.TRANSFER,), True, None, "违反公安部门相关规定：移送公安机关 [UNCONFIRMED]"
    ),
    ResultCategory.OTHER_DEPARTMENT_VIOLATION: ResultRule(
        (FollowUp.TRANSFER,), True, None, "违反其他部门相关规定：移送有关主管部门 [UNCONFIRMED]"
    ),
}

# After a 责令整改 re-check finds the order not complied with: where it leads, by the original category.
RECHECK_FAILURE: dict[str, tuple[str, str | None]] = {
    ResultCategory.NOT_DISCLOSED: (FollowUp.ABNORMAL_LIST, "not_disclosed"),  # 暂行办法 第四条第二项、第七条
}
RECHECK_FAILURE_DEFAULT: tuple[str, str | None] = (FollowUp.CASE_CLUE, None)
