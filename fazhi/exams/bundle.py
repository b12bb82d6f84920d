"""Exam record types for ``fazhi export`` / ``fazhi import-bundle`` (registry ones are registered first)."""

from fazhi.core.bundle import register_record_type
from fazhi.exams.models import Answer, Candidate, Exam, Law, PaperRule, Question, Sitting

register_record_type("exams.law", Law)
register_record_type("exams.question", Question)
register_record_type("exams.exam", Exam)
register_record_type("exams.paperrule", PaperRule)
register_record_type("exams.candidate", Candidate)
register_record_type("exams.sitting", Sitting)
register_record_type("exams.answer", Answer)
