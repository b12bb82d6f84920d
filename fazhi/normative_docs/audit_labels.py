"""Chinese names of the normative documents module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

from fazhi.normative_docs.workflow import Event

LABELS: dict[str, str] = {
    **{f"normative_docs.{e.value}": f"规范性文件：{e.label}" for e in Event},
    "normative_docs.draft": "规范性文件：登记起草",
    "normative_docs.fair_competition_review": "规范性文件：公平竞争审查",
    "normative_docs.file": "规范性文件：报送备案",
    "normative_docs.cleanup_open": "文件清理：启动",
    "normative_docs.cleanup_record": "文件清理：登记清理结果",
    "normative_docs.cleanup_publish": "文件清理：公布清理结果",
    "normative_docs.mechanism": "公平竞争审查：登记工作机制",
}
