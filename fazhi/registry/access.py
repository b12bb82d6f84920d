"""Registry gates: fetch and check in one step (NotFound for missing and forbidden alike).

Scoping decision (docs/domain/registry.md): registry data is largely public (国家企业信用信息公示系统),
and internal sections (执法稽查科, 信用监管科 …) must find entities in every office's area, so entity
*reads* are bureau-wide for all staff. *Edits* are scoped: an officer or section chief may change only
entities whose 管辖单位 is their own department. Officers (natural-person data) stay department-scoped.
"""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.registry.models import MarketEntity


def access_entity(*, user: Any, entity_id: Any) -> MarketEntity:
    """An entity to read (any staff member holding ``registry.view``)."""
    return access_object(
        user,
        MarketEntity.objects.select_related("office"),
        permission="registry.view",
        department_field=None,
        what="市场主体",
        pk=entity_id,
    )


def access_entity_for_edit(*, user: Any, entity_id: Any) -> MarketEntity:
    """An entity to change: ``registry.edit`` and, for department-scoped roles, their own 管辖单位."""
    return access_object(
        user,
        MarketEntity.objects.select_related("office"),
        permission="registry.edit",
        department_field="office",
        what="市场主体",
        pk=entity_id,
    )
