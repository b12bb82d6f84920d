"""Complaints' phones and ID numbers are ciphertext in the database and plain text to the application; keys rotate
(issue 14 §10)."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core import crypto


@pytest.fixture
def keys(settings):
    settings.FAZHI_DATA_KEYS = "k1:" + base64.b64encode(b"1" * 32).decode()
    crypto.reset_keys()
    yield {"k1": settings.FAZHI_DATA_KEYS, "k2": "k2:" + base64.b64encode(b"2" * 32).decode()}
    crypto.reset_keys()


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (test, fixed names)
        return [r[0] for r in cur.fetchall()]


@pytest.mark.django_db
def test_数据库里只有密文_页面与服务读到明文(keys, register):
    result = register(kind="both", consumer_id_number="120110199001011234", consumer_phone="13812345678")
    complaint = result[0] if isinstance(result, (tuple, list)) else result
    stored = _raw("complaints_complaint", "consumer_phone") + _raw("complaints_complaint", "consumer_id_number")
    assert all(v.startswith("enc:v1:") for v in stored if v)
    assert not any("13812345678" in v or "120110199001011234" in v for v in stored)
    complaint.refresh_from_db()
    assert complaint.consumer_phone == "13812345678"


@pytest.mark.django_db
def test_轮换密钥_全部重新加密_旧密钥移除后仍可读(keys, register, settings):
    result = register(consumer_phone="13812345678")
    complaint = result[0] if isinstance(result, (tuple, list)) else result
    settings.FAZHI_DATA_KEYS = f"{keys['k2']},{keys['k1']}"
    crypto.reset_keys()
    out = io.StringIO()
    call_command("data-key", "rotate", "--json", stdout=out)
    assert json.loads(out.getvalue())["re_encrypted"] >= 1
    assert all(v.startswith("enc:v1:k2:") for v in _raw("complaints_complaint", "consumer_phone") if v)
    settings.FAZHI_DATA_KEYS = keys["k2"]  # the old key is gone
    crypto.reset_keys()
    complaint.refresh_from_db()
    assert complaint.consumer_phone == "13812345678"
    out = io.StringIO()
    call_command("data-key", "status", "--json", stdout=out)
    assert set(json.loads(out.getvalue())) <= {"k2"}


@pytest.mark.django_db
def test_导出数据包_个人号码为密文_导入后仍可读(keys, register, tmp_path):
    from fazhi.complaints.models import Complaint
    from fazhi.core.bundle import BundleError, export_bundle

    result = register(consumer_phone="13812345678", consumer_id_number="120110199001011234")
    complaint = result[0] if isinstance(result, (tuple, list)) else result
    export_bundle(tmp_path / "bundle")
    text = (tmp_path / "bundle" / "complaints.complaint.jsonl").read_text("utf-8")
    assert "13812345678" not in text and "120110199001011234" not in text and "enc:v1:k1:" in text
    assert Complaint.objects.get(pk=complaint.pk).consumer_phone == "13812345678"
    # names and texts are in clear: only the owner may read the bundle, and no open folder is written into
    assert (tmp_path / "bundle").stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in (tmp_path / "bundle").iterdir())
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    with pytest.raises(BundleError) as exc:
        export_bundle(shared)
    assert exc.value.code == "bundle.open_directory" and not list(shared.iterdir())


@pytest.mark.django_db
def test_诉求描述对工作人员遮蔽_经审计的查看后才显示原文(client, register):
    from django.urls import reverse

    from fazhi.core.models import AuditEvent

    text = "我叫张三，电话13812345678，住东丽区先锋路18号3单元502室，身份证120110199001011234"
    result = register(description=text, consumer_id_number="120110199001011234")
    complaint = result[0] if isinstance(result, (tuple, list)) else result
    client.force_login(register.officer)
    html = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    for secret in ("张三", "13812345678", "18号3单元502室", "120110199001011234"):
        assert secret not in html
    assert "先锋路****" in html
    html = client.post(reverse("complaints:reveal", args=[complaint.pk])).content.decode()
    assert "13812345678" in html and "18号3单元502室" in html
    event = AuditEvent.objects.get(action="complaints.reveal_contact")
    assert "description" in event.changes["fields"]


@pytest.mark.django_db(transaction=True)
def test_迁移加密已有明文并改用带密钥的识别码_回退还原(register):
    import hashlib

    from django.db.migrations.executor import MigrationExecutor

    from fazhi.complaints.models import Complaint
    from fazhi.complaints.services import consumer_key

    result = register(consumer_phone="+86 138-1234-5678", consumer_id_number="")
    complaint = result[0] if isinstance(result, (tuple, list)) else result
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("complaints", "0003_tip_handover_and_legal_review")])
    try:
        assert _raw("complaints_complaint", "consumer_phone") == ["+86 138-1234-5678"]
        # the key before issue 14: an unkeyed SHA-256 of the phone's digits
        assert _raw("complaints_complaint", "consumer_key") == [hashlib.sha256(b"ph:13812345678").hexdigest()[:32]]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert _raw("complaints_complaint", "consumer_phone")[0].startswith("enc:v1:")
    assert _raw("complaints_complaint", "consumer_key") == [consumer_key(phone="13812345678")]
    assert Complaint.objects.get(pk=complaint.pk).consumer_phone == "+86 138-1234-5678"


@pytest.mark.django_db
def test_按完整电话或身份证号检索_经带密钥的识别码(register):
    from fazhi.complaints import selectors

    by_phone = register(consumer_phone="13812345678")
    by_id = register(consumer_phone="13900000000", consumer_id_number="12011019900101123X")
    other = register(consumer_phone="13700000000")
    officer = register.officer

    def found(q):
        return {c.pk for c in selectors.search(officer, q)}

    first = by_phone[0] if isinstance(by_phone, (tuple, list)) else by_phone
    second = by_id[0] if isinstance(by_id, (tuple, list)) else by_id
    third = other[0] if isinstance(other, (tuple, list)) else other
    assert found("138 1234 5678") == {first.pk}
    assert found("12011019900101123x") == {second.pk}
    assert third.pk not in found("13812345678")
    assert found("1381234") == set()  # a fragment cannot be searched: the index holds whole numbers only
