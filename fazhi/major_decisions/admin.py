"""Read-only admin: writes go through the services (the step gate)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.major_decisions.models import DecisionEvaluation, DecisionHearing, DecisionStep, MajorDecision

admin.site.register(MajorDecision, ReadOnlyAdmin)
admin.site.register(DecisionStep, ReadOnlyAdmin)
admin.site.register(DecisionHearing, ReadOnlyAdmin)
admin.site.register(DecisionEvaluation, ReadOnlyAdmin)
