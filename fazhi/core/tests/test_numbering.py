"""One numbering service: gap-free, no duplicates, nothing consumed by a refused step; concurrent writers."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, transaction

from fazhi.core import numbering
from fazhi.core.models import NumberCounter
from fazhi.core.testing import skip_unless_file_backed


@pytest.mark.django_db
def test_numbers_count_per_scope_and_year():
    with transaction.atomic():
        assert [numbering.next_number("cases.decision", 2024) for _ in range(3)] == [1, 2, 3]
        assert numbering.next_number("cases.decision", 2025) == 1
        assert numbering.next_number("complaints", 2024) == 1
    assert numbering.peek_last("cases.decision", 2024) == 3


@pytest.mark.django_db
def test_a_refused_step_consumes_no_number():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        numbering.next_number("cases.register", 2024)
        raise Refused
    with transaction.atomic():
        assert numbering.next_number("cases.register", 2024) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError):
        numbering.next_number("x", 2024)


@pytest.mark.django_db
def test_set_floor_never_lowers():
    with transaction.atomic():
        numbering.set_floor("demo", 2023, 10)
        numbering.set_floor("demo", 2023, 5)
        assert numbering.next_number("demo", 2023) == 11


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_gap_free_numbers():
    """16 threads × 10 numbers: 160 distinct numbers 1…160 (file-backed SQLite under CI, and PostgreSQL)."""
    skip_unless_file_backed()
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work():
        try:
            for _ in range(10):
                with transaction.atomic():
                    n = numbering.next_number("race", 2024)
                with lock:
                    got.append(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == list(range(1, 161))
    assert NumberCounter.objects.get(scope="race", year=2024).last == 160
