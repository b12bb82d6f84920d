"""Record types of 重大行政决策 for ``fazhi export`` / ``fazhi import-bundle``."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.major_decisions.models import DecisionEvaluation, DecisionHearing, DecisionStep, MajorDecision

register_record_type("major_decisions.decision", MajorDecision)
register_record_type("major_decisions.step", DecisionStep)
register_record_type("major_decisions.hearing", DecisionHearing)
register_record_type("major_decisions.evaluation", DecisionEvaluation)
