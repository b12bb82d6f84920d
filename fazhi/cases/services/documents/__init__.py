"""执法文书: issued by the step that produces them, numbered last, rendered from the records only.

A document exists from the step that produces it (``DOCUMENT_PRODUCED_BY``): ``document_issue`` is called by that
step's service, inside its transaction, after every check — so a refused step consumes no number. Rendering reads
only records: the approvals (who, when, with what opinion), the evidence list, the recorded statements and
waivers, the registry's 法定代表人, and the document's own snapshot (what the notice said when it was served).
A statement the records do not back is never printed; a document whose producing step has not happened does not
exist, and the case page says which step is missing. Both formats (PDF via WeasyPrint, Word via python-docx) render
from one structure (:func:`document_content`) so they say the same thing.

The package: ``issuing`` (document dates, the numbered issue, which documents a case has), ``content`` (what each
document says, from the records), ``rendering`` (HTML/PDF and Word).
"""

from fazhi.cases.services.documents.content import (
    MISSING_BASIS,
    Content,
    document_content,
    evidence_sentence,
    legal_basis,
    party_rows,
    penalty_text,
    remedies,
    review_body,
)
from fazhi.cases.services.documents.issuing import (
    CN_DIGITS,
    Availability,
    available_documents,
    chinese_date,
    cn,
    document_for,
    document_issue,
    recorded_approval,
    relevant_kinds,
    renderable,
)
from fazhi.cases.services.documents.rendering import render_docx, render_html, render_pdf

__all__ = [
    "CN_DIGITS",
    "MISSING_BASIS",
    "Availability",
    "Content",
    "available_documents",
    "chinese_date",
    "cn",
    "document_content",
    "document_for",
    "document_issue",
    "evidence_sentence",
    "legal_basis",
    "party_rows",
    "penalty_text",
    "recorded_approval",
    "relevant_kinds",
    "remedies",
    "render_docx",
    "render_html",
    "render_pdf",
    "renderable",
    "review_body",
]
