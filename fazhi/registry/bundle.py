"""Record types of the registry and of the shared kernel for ``fazhi export`` / ``fazhi import-bundle``.

Registered here (not in ``fazhi.core.bundle``, the framework) because the kernel's users point at
registry departments and officers: departments and officers come first, then groups and users, then
everything that points at users. The audit chain (``core.auditevent``) travels as stored, hashes
included, so ``fazhi audit verify`` passes after an import. Not in a bundle: sessions, login-lockout
records (``core.LoginAttempt``), password history, second-factor devices, permissions and content types (recreated identically by ``migrate``).
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from fazhi.core.bundle import register_record_type
from fazhi.core.models import ApiToken, AuditEvent, Notification, User
from fazhi.registry.models import AnnualReportFiling, Department, MarketEntity, MarketEntityChange, Officer

register_record_type("registry.department", Department)
register_record_type("registry.officer", Officer)
register_record_type("auth.group", Group)
register_record_type("core.user", User)
register_record_type("core.apitoken", ApiToken)
register_record_type("core.notification", Notification)
register_record_type("core.auditevent", AuditEvent)
register_record_type("registry.marketentity", MarketEntity)
register_record_type("registry.marketentitychange", MarketEntityChange)
register_record_type("registry.annualreportfiling", AnnualReportFiling)
