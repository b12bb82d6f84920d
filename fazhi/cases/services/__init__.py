"""Case services: one per legal step, keyword-only, ``actor=`` for the acting user.

``clue_register`` is the hand-over entry point for other modules. Modules by phase: ``clues`` (register, tell the
reporter), ``filing`` (立案/不予立案 approvals), ``investigation``, ``discretion``, ``evidence``, ``review`` (法制审核,
集体讨论), ``notice`` (告知, 陈述申辩, 听证), ``decision``, ``execution``, ``closing``, ``summary`` (简易程序),
``corrections``, ``publicity``, ``documents``, ``handover`` (to credit), ``progress`` (who acts next).
"""

from fazhi.cases.services.closing import case_archive, case_decide_close, case_request_close
from fazhi.cases.services.clues import clue_notify_reporter, clue_register
from fazhi.cases.services.corrections import case_correct_date
from fazhi.cases.services.decision import case_decide, case_serve, case_transfer
from fazhi.cases.services.discretion import case_assess_discretion, case_propose_penalty, case_set_facts
from fazhi.cases.services.documents import document_issue, render_docx, render_html, render_pdf
from fazhi.cases.services.evidence import MAX_BYTES as EVIDENCE_MAX_BYTES
from fazhi.cases.services.evidence import evidence_add, evidence_verify
from fazhi.cases.services.execution import (
    case_apply_exemption,
    case_arrange_payment,
    case_record_ip_mediation,
    case_record_payment,
    case_waive_coercion,
)
from fazhi.cases.services.filing import clue_extend, filing_decide, filing_propose
from fazhi.cases.services.investigation import (
    case_assign_officers,
    case_extend_handling,
    case_resume,
    case_return_investigation,
    case_review_pass,
    case_submit_review,
    case_suspend,
    case_terminate,
)
from fazhi.cases.services.notice import MAX_SCAN_BYTES as WAIVER_MAX_BYTES
from fazhi.cases.services.notice import (
    case_approve_proposal,
    case_close_statement,
    case_conclude_hearing,
    case_notify,
    case_record_statement,
    case_record_waiver,
    case_refuse_proposal,
    case_request_hearing,
    case_schedule_hearing,
)
from fazhi.cases.services.publicity import publication_publish, publication_withdraw
from fazhi.cases.services.remedy import case_record_remedy_outcome
from fazhi.cases.services.review import (
    case_request_legal_review,
    collective_discussion_record,
    legal_review_record,
)
from fazhi.cases.services.summary import summary_decide, summary_record_filing

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "WAIVER_MAX_BYTES",
    "case_apply_exemption",
    "case_archive",
    "case_arrange_payment",
    "case_assess_discretion",
    "case_assign_officers",
    "case_close_statement",
    "case_conclude_hearing",
    "case_correct_date",
    "case_decide",
    "case_decide_close",
    "case_extend_handling",
    "case_approve_proposal",
    "case_refuse_proposal",
    "case_notify",
    "case_propose_penalty",
    "case_record_ip_mediation",
    "case_record_remedy_outcome",
    "case_record_payment",
    "case_record_statement",
    "case_record_waiver",
    "case_request_close",
    "case_request_hearing",
    "case_request_legal_review",
    "case_resume",
    "case_return_investigation",
    "case_review_pass",
    "case_schedule_hearing",
    "case_serve",
    "case_set_facts",
    "case_submit_review",
    "case_suspend",
    "case_terminate",
    "case_transfer",
    "case_waive_coercion",
    "clue_extend",
    "clue_notify_reporter",
    "clue_register",
    "collective_discussion_record",
    "document_issue",
    "evidence_add",
    "evidence_verify",
    "filing_decide",
    "filing_propose",
    "legal_review_record",
    "publication_publish",
    "publication_withdraw",
    "render_docx",
    "render_html",
    "render_pdf",
    "summary_decide",
    "summary_record_filing",
]
