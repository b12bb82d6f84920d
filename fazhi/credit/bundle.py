"""Credit record types for ``fazhi export`` / ``fazhi import-bundle`` (registry ones are registered first)."""

from fazhi.core.bundle import register_record_type
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    CreditRepair,
    IdentityMisuseRevocation,
    ListingApplication,
    SeriousListing,
)

register_record_type("credit.abnormallisting", AbnormalListing)
register_record_type("credit.listingapplication", ListingApplication)
register_record_type("credit.seriouslisting", SeriousListing)
register_record_type("credit.identitymisuserevocation", IdentityMisuseRevocation)
register_record_type("credit.creditrepair", CreditRepair)
register_record_type("credit.creditchange", CreditChange)
