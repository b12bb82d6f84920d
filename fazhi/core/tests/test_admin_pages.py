import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_系统管理员可打开每个管理后台列表页(client, make_user):
    superuser = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_只读的业务记录在管理后台不能新增():
    from fazhi.cases.models import Case
    from fazhi.core.models import AuditEvent

    for model in (Case, AuditEvent):
        assert not admin.site._registry[model].has_add_permission(request=None)
