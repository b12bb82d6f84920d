"""Read-only admin: writes go through the services (audit, state table)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.file_reviews.models import HigherReview, ItemScore, LiveScore, Rectification, ReviewFile, ReviewRound


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "status", "started_on")
    list_filter = ("status", "year")
    # The secret is revealed by the draw (as seed_value); the first person's lottery entry is never shown (the
    # second person must not be able to copy it; once both agree the value is seed_value).
    exclude = ("seed_secret", "seed_first_entry")


@admin.register(ReviewFile)
class ReviewFileAdmin(ReadOnlyAdmin):
    list_display = ("round", "case", "status", "total", "grade", "distinction")
    list_filter = ("status", "grade")


admin.site.register(ItemScore, ReadOnlyAdmin)
admin.site.register(Rectification, ReadOnlyAdmin)
admin.site.register(HigherReview, ReadOnlyAdmin)
admin.site.register(LiveScore, ReadOnlyAdmin)
