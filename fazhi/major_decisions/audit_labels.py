"""Chinese names of the major administrative decisions module's audit actions (the audit screen;
``fazhi.core.audit_labels``)."""

from fazhi.major_decisions.workflow import Event

LABELS: dict[str, str] = {
    **{f"major_decisions.{e.value}": f"重大行政决策：{e.label}" for e in Event},
    "major_decisions.catalogue": "重大行政决策：列入年度目录",
    "major_decisions.step": "重大行政决策：登记法定程序（或依法不适用的理由）",
    "major_decisions.hearing": "重大行政决策：登记听证会",
    "major_decisions.evaluation_start": "重大行政决策：组织决策后评估",
    "major_decisions.evaluation_conclude": "重大行政决策：登记决策后评估结论",
}
