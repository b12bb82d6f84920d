"""Writes of 双随机、一公开, one service per legal step (issue 5, issue 12; docs/domain/inspections.md).

- ``plans``: item_create · item_new_version · plan_create · plan_publish
- ``tasks``: task_create · conflict_declare
- ``pools``: task_freeze_pools (pools and the seed's commitment, published together)
- ``seeds``: seed_enter_value (two people) · seed_replacement_request · seed_replacement_decide (局领导) ·
  seed_commit
- ``draws``: task_draw · record_chunks / pool_chunks (the record files)
- ``results``: result_record · result_recheck · task_finish · task_publish_results

Every service takes ``actor=``, checks the role's permission and the department (object-level), runs in
``transaction.atomic`` and writes an audit event. The draw itself is the pure engine ``fazhi.rulebook.draws``.
"""

from fazhi.inspections.services.draws import draw_head, pool_chunks, record_chunks, task_draw
from fazhi.inspections.services.plans import item_create, item_new_version, plan_create, plan_publish
from fazhi.inspections.services.pools import load_pool, task_freeze_pools, task_parameters
from fazhi.inspections.services.results import (
    EVIDENCE_MAX_BYTES,
    result_recheck,
    result_record,
    task_finish,
    task_publish_results,
)
from fazhi.inspections.services.seeds import (
    SeedEntry,
    live_seed,
    normalise_lottery_value,
    seed_commit,
    seed_enter_value,
    seed_replacement_decide,
    seed_replacement_request,
)
from fazhi.inspections.services.tasks import conflict_declare, task_create

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "SeedEntry",
    "conflict_declare",
    "draw_head",
    "item_create",
    "item_new_version",
    "live_seed",
    "load_pool",
    "normalise_lottery_value",
    "plan_create",
    "plan_publish",
    "pool_chunks",
    "record_chunks",
    "result_recheck",
    "result_record",
    "seed_commit",
    "seed_enter_value",
    "seed_replacement_decide",
    "seed_replacement_request",
    "task_create",
    "task_draw",
    "task_finish",
    "task_freeze_pools",
    "task_parameters",
    "task_publish_results",
]
