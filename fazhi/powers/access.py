"""The power list's record gates (``core.access``): an adjustment batch (调整函) is bureau-wide, so holding the
permission is all it takes; the gate is named by its pages so that ``may_open`` decides links as the page does."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.powers.models import AdjustmentBatch


def access_batch(*, user: Any, pk: Any, permission: str = "powers.view") -> AdjustmentBatch:
    """An adjustment batch to read (``powers.view``) or, with ``permission``, to work on."""
    return access_object(user, AdjustmentBatch.objects.all(), permission=permission, what="调整函", pk=pk)
