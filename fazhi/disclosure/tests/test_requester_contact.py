"""The requester's contact is personal data (issue 14 §10, PIPL): ciphertext in the database, masked on the request
page, shown in full only through an audited reveal to the staff who handle requests; migration 0002 encrypts the
contacts already stored and its reverse restores them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.disclosure.models import DisclosureRequest

PHONE = "13812345678"
CONTACT = f"电话{PHONE}，天津市东丽区先锋路18号3单元502室，zhangsan@example.com"


def _raw() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT contact FROM disclosure_disclosurerequest")
        return [r[0] for r in cur.fetchall()]


@pytest.mark.django_db
def test_联系方式库中为密文_服务读出明文(register):
    r = register(contact=CONTACT)
    assert len(_raw()) == 1 and _raw()[0].startswith("enc:v1:") and PHONE not in _raw()[0]
    assert DisclosureRequest.objects.get(pk=r.pk).contact == CONTACT


@pytest.mark.django_db
def test_页面遮蔽联系方式_查看完整联系方式留痕(client, register, role_users):
    r = register(contact=CONTACT)
    officer = role_users["officer"]
    client.force_login(officer)
    page = client.get(reverse("disclosure:request_detail", args=[r.pk])).content.decode()
    assert "138****5678" in page and "先锋路****" in page and "z***@example.com" in page
    assert PHONE not in page and "18号3单元502室" not in page and "zhangsan@" not in page
    assert reverse("disclosure:request_contact", args=[r.pk]) in page

    assert client.get(reverse("disclosure:request_contact", args=[r.pk])).status_code == 302  # GET reveals nothing
    assert not AuditEvent.objects.filter(action="disclosure.reveal_contact").exists()
    shown = client.post(reverse("disclosure:request_contact", args=[r.pk]))
    assert shown.status_code == 200 and CONTACT in shown.content.decode()
    event = AuditEvent.objects.get(action="disclosure.reveal_contact")
    assert event.actor_id == officer.pk and event.object_id == str(r.pk) and event.changes == {"fields": ["contact"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_只查看的角色不能查看完整联系方式(client, register, role_users, role):
    r = register(contact=CONTACT)
    client.force_login(role_users[role])
    page = client.get(reverse("disclosure:request_detail", args=[r.pk])).content.decode()
    assert "138****5678" in page and reverse("disclosure:request_contact", args=[r.pk]) not in page
    assert client.post(reverse("disclosure:request_contact", args=[r.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="disclosure.reveal_contact").exists()


@pytest.mark.django_db
def test_其他部门的申请_查看联系方式为404(client, register, role_users, other_department):
    r = register(contact=CONTACT, department=other_department)
    client.force_login(role_users["officer"])
    assert client.post(reverse("disclosure:request_contact", args=[r.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="disclosure.reveal_contact").exists()


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_迁移加密已有明文_回退还原明文(register):
    r = register(contact=CONTACT)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([("disclosure", "0001_initial")])
    try:
        assert _raw() == [CONTACT]  # the reverse wrote the plain text back
    finally:
        _migrate(leaves)
    assert _raw()[0].startswith("enc:v1:") and PHONE not in _raw()[0]
    assert DisclosureRequest.objects.get(pk=r.pk).contact == CONTACT
