"""Concurrent sitters on one database (file-backed SQLite under `make test`, PostgreSQL under .ci/run): nothing
lost, nothing submitted twice, the audit chain intact."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import close_old_connections

from fazhi.core.audit import audit_verify
from fazhi.core.errors import DomainError
from fazhi.core.testing import skip_unless_file_backed
from fazhi.exams import services
from fazhi.exams.models import Answer, Sitting

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
N = 16


def _run(workers):
    errors: list[BaseException] = []

    def wrap(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                close_old_connections()

        return run

    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture
def many(make_exam, department, make_user):
    from fazhi.registry.models import Officer

    users = []
    for i in range(N):
        officer = Officer.objects.create(name=f"并发{i}", certificate_number=f"12011055{i:04d}",
                                         certificate_expires_on=dt.date(2030, 1, 1), department=department)  # fmt: skip
        users.append(make_user("officer", username=f"c-{i}", officer=officer))
    return make_exam(), users


def test_多名考生同时答题交卷_不丢答案_审计链完整(many):
    skip_unless_file_backed()
    exam, users = many

    def sit(user):
        def work():
            sitting = services.sitting_start(exam=exam, actor=user)
            for a in Answer.objects.filter(sitting=sitting).select_related("question"):
                services.answer_save(sitting=sitting, position=a.position, response=a.question.answer, actor=user)
            services.sitting_submit(sitting=sitting, actor=user)

        return work

    assert _run([sit(u) for u in users]) == []
    sittings = Sitting.objects.filter(officer__name__startswith="并发")
    assert sittings.count() == N
    assert all(s.status == "submitted" and s.score == s.max_score for s in sittings)
    assert not Answer.objects.filter(sitting__in=sittings, response="").exists()
    assert audit_verify().ok


def test_同一答卷同时交卷两次_只有一次成功(many):
    skip_unless_file_backed()
    exam, users = many
    sitting = services.sitting_start(exam=exam, actor=users[0])
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            services.sitting_submit(sitting=Sitting.objects.get(pk=sitting.pk), actor=users[0])
            result = "ok"
        except DomainError as exc:
            result = exc.code
        with lock:
            outcomes.append(result)

    assert _run([submit, submit, submit]) == []
    assert sorted(outcomes) == ["exams.submitted", "exams.submitted", "ok"]
    from fazhi.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="exams.sitting_submit", object_id=str(sitting.pk)).count() == 1
