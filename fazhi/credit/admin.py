"""Read-only admin for credit records: every change goes through the services (and leaves an audit event)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.credit.models import (
    AbnormalListing,
    CreditRepair,
    IdentityMisuseRevocation,
    ListingApplication,
    SeriousListing,
)


@admin.register(AbnormalListing)
class AbnormalListingAdmin(ReadOnlyAdmin):
    list_display = ("number", "entity", "consequence", "ground", "decided_on", "status", "removed_on")
    list_filter = ("consequence", "ground", "status")
    search_fields = ("number", "entity__name", "entity__uscc")
    list_select_related = ("entity",)


@admin.register(ListingApplication)
class ListingApplicationAdmin(ReadOnlyAdmin):
    list_display = ("listing", "kind", "status", "received_on", "due_on", "decided_on")
    list_filter = ("kind", "status")
    list_select_related = ("listing",)


@admin.register(SeriousListing)
class SeriousListingAdmin(ReadOnlyAdmin):
    list_display = ("entity", "ground", "status", "proposed_on", "decided_on", "ends_on")
    list_filter = ("ground", "status")


@admin.register(IdentityMisuseRevocation)
class IdentityMisuseRevocationAdmin(ReadOnlyAdmin):
    list_display = ("number", "entity", "decided_on")


@admin.register(CreditRepair)
class CreditRepairAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "entity", "status", "applied_on", "decided_on", "publicity_ended_on")
    list_filter = ("status",)
