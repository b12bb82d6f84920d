"""Read-only admin: writes go through the services (audit, state table)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.file_reviews.models import HigherReview, ItemScore, LiveScore, Rectification, ReviewFile, ReviewRound


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "status", "started_on")
    list_filter = ("status", "year")
    exclude = ("seed_secret",)  # revealed by the draw (as seed_value), hidden until then


@admin.register(ReviewFile)
class ReviewFileAdmin(ReadOnlyAdmin):
    list_display = ("round", "case", "status", "total", "grade", "distinction")
    list_filter = ("status", "grade")


admin.site.register(ItemScore, ReadOnlyAdmin)
admin.site.register(Rectification, ReadOnlyAdmin)
admin.site.register(HigherReview, ReadOnlyAdmin)
admin.site.register(LiveScore, ReadOnlyAdmin)
