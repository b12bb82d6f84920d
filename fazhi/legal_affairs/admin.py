"""Read-only admin: writes go through the services."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.legal_affairs.models import LegalMatter, Proposal

admin.site.register(LegalMatter, ReadOnlyAdmin)
admin.site.register(Proposal, ReadOnlyAdmin)
