"""Read-only admin: the list changes only through approved batches (services.batch_approve)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine, PowerItemVersion


class LineInline(admin.TabularInline):
    model = AdjustmentLine
    extra = 0
    fields = ("position", "action", "code", "name", "category", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AdjustmentBatch)
class AdjustmentBatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "effective_from", "status")
    list_filter = ("status",)
    search_fields = ("number", "title")
    inlines = [LineInline]


@admin.register(PowerItemVersion)
class PowerItemVersionAdmin(ReadOnlyAdmin):
    list_display = ("item", "name", "category", "effective_from", "effective_to")
    list_filter = ("category",)
    search_fields = ("item__code", "name")
