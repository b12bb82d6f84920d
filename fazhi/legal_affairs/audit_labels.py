"""Chinese names of the legal affairs module's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "legal_affairs.matter": "法律事务：登记",
    "legal_affairs.matter_complete": "法律事务：办结",
    "legal_affairs.proposal": "建议提案：登记交办",
    "legal_affairs.proposal_extend": "建议提案：延长答复期限",
    "legal_affairs.proposal_reply": "建议提案：登记答复",
}
