"""Inspection record types for ``fazhi export`` / ``fazhi import-bundle`` (referenced models first)."""

from fazhi.core.bundle import register_record_type
from fazhi.inspections.models import (
    Draw,
    DrawSeed,
    EvidenceAttachment,
    FrozenPool,
    InspectionAssignment,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
    SeedReplacement,
)

register_record_type("inspections.item", InspectionItem)
register_record_type("inspections.plan", InspectionPlan)
register_record_type("inspections.task", InspectionTask)
register_record_type("inspections.frozen_pool", FrozenPool)
register_record_type("inspections.seed", DrawSeed)
register_record_type("inspections.seed_replacement", SeedReplacement)
register_record_type("inspections.draw", Draw)
register_record_type("inspections.conflict", OfficerConflict)
register_record_type("inspections.assignment", InspectionAssignment)
register_record_type("inspections.result", InspectionResult)
register_record_type("inspections.evidence", EvidenceAttachment)
