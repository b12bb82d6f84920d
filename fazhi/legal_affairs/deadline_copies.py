"""Due dates the legal-affairs module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy

# Proposal.reply_due_on copies the proposal's open reply clock (rulebook ``proposals.*_reply``).
register_tracked_copy(
    label="建议提案答复期限",
    model="legal_affairs.Proposal",
    field="reply_due_on",
    owner_type="legal_affairs.proposal",
)
