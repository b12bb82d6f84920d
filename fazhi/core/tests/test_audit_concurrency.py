"""Many writers appending to the audit chain at once never fork it (issue 19 §3, issue 14 §5): file-backed SQLite
(IMMEDIATE transactions serialise writers) and PostgreSQL (an advisory transaction lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.models import AuditEvent
from fazhi.core.testing import skip_unless_file_backed

THREADS, EACH = 12, 10


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_并发写入审计链_不分叉_序号连续_校验通过():
    skip_unless_file_backed()
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(worker: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    audit_record(action="test.concurrent", target=("test", f"{worker}-{i}"), changes={"i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert AuditEvent.objects.count() == THREADS * EACH
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, THREADS * EACH + 1)
    )
    objects = set(AuditEvent.objects.values_list("object_id", flat=True))
    assert len(objects) == THREADS * EACH  # every append is there once
    report = audit_verify()
    assert report.ok and report.checked == THREADS * EACH
