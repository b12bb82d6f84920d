"""The Django admin: only the emergency superuser may enter it (三员分立), and everything done there is audited —
each request (``SuperuserAuditMiddleware``), each save and delete (``AuditedAdmin``) and each password set.
Day-to-day account work is the 安全管理员's, on fazhi's own screens (``/accounts/``)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.models import ApiToken, AuditEvent, User


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits of reference data leave an audit event like any service write."""

    audited_fields: tuple[str, ...] = ()

    def _fields(self, obj) -> list[str]:
        return list(self.audited_fields) or [f.attname for f in obj._meta.concrete_fields if f.name != "password"]

    def save_model(self, request, obj, form, change):
        fields = self._fields(obj)
        before = snapshot(type(obj).objects.get(pk=obj.pk), fields) if change and obj.pk else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = snapshot(obj, fields)
            action = f"{obj._meta.label_lower}.{'admin_change' if change else 'admin_add'}"
            audit_record(action=action, target=obj, changes=diff(before, after), actor=request.user)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                action=f"{obj._meta.label_lower}.admin_delete",
                target=obj,
                changes=snapshot(obj, self._fields(obj)),
                actor=request.user,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def _superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    audited_fields = (
        "username",
        "display_name",
        "role",
        "department_id",
        "officer_id",
        "is_active",
        "is_staff",
        "is_superuser",
    )
    list_display = ("username", "display_name", "role", "department", "is_active", "last_login")
    list_filter = ("role", "department", "is_active")
    search_fields = ("username", "display_name")
    list_select_related = ("department",)
    autocomplete_fields = ("department", "officer")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("岗位", {"fields": ("display_name", "role", "department", "officer")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "display_name", "role", "department"),
            },
        ),
    )

    def user_change_password(self, request, id, form_url=""):
        """Setting another user's password here (emergency superuser only) is an audit event of its own."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            target = User.objects.get(pk=id)
            audit_record(
                action="core.password_set",
                target=target,
                changes={"by": "django_admin", "username": target.username},
                actor=request.user,
            )
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "occurred_at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label", "request_id")
    show_full_result_count = False
    actions = None


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    audited_fields = ("user_id", "name", "revoked")
    list_display = ("name", "user", "created_at", "last_used_at", "revoked")
    list_select_related = ("user",)
    fields = ("user", "name", "revoked", "created_at", "last_used_at")
    readonly_fields = ("user", "name", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are created with ``fazhi token create`` so that the raw value is shown once
