"""Shared by the reports tests: what the bureau writes itself before a leader may approve a report."""

from __future__ import annotations

from typing import Any

from fazhi.reports import services

OWN_PARTS = {
    "rule_of_law": {
        "shortcomings": "执法人员对新修订法律法规的学习还不够深入，原因是培训以集中授课为主、以案释法不足。",
        "plans": "2024年，继续深化“八五”普法，每季度组织一次以案释法专题培训。",
    },
    "disclosure": {"problems": "依申请公开答复仍有逾期，原因是登记流转环节较多；下一年度将压缩内部流转时限。"},
}


def write_own_parts(draft: Any, actor: Any) -> None:
    """Add one paragraph of the bureau's own to every part the template says must be written before approval."""
    for section, text in OWN_PARTS[draft.kind].items():
        services.paragraph_add(draft=draft, section=section, text=text, actor=actor)
