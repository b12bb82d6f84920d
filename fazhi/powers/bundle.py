"""Power-list record types for ``fazhi export`` / ``fazhi import-bundle`` (referenced models first)."""

from fazhi.core.bundle import register_record_type
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine, PowerItem, PowerItemVersion

register_record_type("powers.power_item", PowerItem)
register_record_type("powers.adjustment_batch", AdjustmentBatch)
register_record_type("powers.adjustment_line", AdjustmentLine)
register_record_type("powers.power_item_version", PowerItemVersion)
