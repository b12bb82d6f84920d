"""Registration numbers with concurrent writers (issue 14 §12: max+1 gave 144 errors in 160 PostgreSQL intakes).

Runs on a file-backed SQLite (``make test`` runs the ``concurrency`` mark again with FAZHI_TEST_SQLITE) and on
PostgreSQL (``.ci/run``); skipped on the in-memory test database, where threads cannot share one database."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from fazhi.core.testing import skip_unless_file_backed

THREADS, EACH = 16, 10


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_16个线程各登记10件_全部成功_编号不重复不跳号(make_user, settings):
    from fazhi.complaints import services
    from fazhi.complaints.models import Complaint

    skip_unless_file_backed()
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    officers = [make_user("officer", username=f"racer-{i}") for i in range(THREADS)]
    errors: list[BaseException] = []
    numbers: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def work(officer):
        try:
            start.wait()
            for i in range(EACH):
                created = services.submission_register(
                    kind="complaint",
                    channel="12315",
                    received_on=dt.date(2023, 6, 1),
                    respondent_name=f"某店{i}",
                    category="food",
                    consumer_phone=f"139{officer.pk:04d}{i:04d}",
                    actor=officer,
                )
                with lock:
                    numbers.extend(c.number for c in created)
        except BaseException as exc:  # collected and asserted below: the test shows every failure
            errors.append(exc)
        finally:
            connection.close()  # each thread's own connection, so the test database can be dropped

    threads = [threading.Thread(target=work, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert sorted(numbers) == [f"TS2023-{n:06d}" for n in range(1, THREADS * EACH + 1)]
    assert Complaint.objects.count() == THREADS * EACH
