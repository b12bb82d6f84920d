"""Chinese names of the major administrative decisions module's audit actions (the audit screen;
``fazhi.core.audit_labels``)."""

from fazhi.major_decisions.workflow import Event

LABELS: dict[str, str] = {
    **{f"major_decisions.{e.value}": f"重大行政决策：{e.label}" for e in Event},
    "major_decisions.catalogue": "重大行政决策：列入年度目录",
    "major_decisions.step": "重大行政决策：登记法定程序",
}
