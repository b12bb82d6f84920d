"""Due dates the normative-documents module copies from its tracked deadlines, moved by a calendar change
(``fazhi.deadlines.copies``)."""

from fazhi.deadlines.copies import register_tracked_copy
from fazhi.normative_docs.services import FILING_RULE

# NormativeDocument.filing_due_on copies the document's open filing clock.
register_tracked_copy(
    label="规范性文件报送备案期限",
    model="normative_docs.NormativeDocument",
    field="filing_due_on",
    owner_type="normative_docs.normativedocument",
    rule_ids=(FILING_RULE,),
)
