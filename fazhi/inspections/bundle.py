"""Inspection record types for ``fazhi export`` / ``fazhi import-bundle`` (referenced models first).

A draw still being written (``staging``: its rows go in chunks before one final write makes it the task's draw)
is not a record yet: it, its assignments and their team rows stay out of the export (issue 12)."""

from django.db.models import Q

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
register_record_type("inspections.draw", Draw, exclude=Q(staging=True))
register_record_type("inspections.conflict", OfficerConflict)
register_record_type("inspections.assignment", InspectionAssignment, exclude=Q(draw__staging=True))
register_record_type("inspections.result", InspectionResult)
register_record_type("inspections.evidence", EvidenceAttachment)
