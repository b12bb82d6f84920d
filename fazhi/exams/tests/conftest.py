"""Exam fixtures: staff with linked accounts in two departments, the starter bank, a frozen clock, an exam."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import clock

SH = clock.SHANGHAI
T0 = dt.datetime(2023, 11, 20, 9, 0, tzinfo=SH)
BANK_IN_SERVICE = dt.datetime(2021, 8, 1, tzinfo=SH)


class FrozenClock:
    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta) -> dt.datetime:
        self.at += dt.timedelta(**delta)
        return self.at


@pytest.fixture
def frozen(monkeypatch, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-11-20"
    fake = FrozenClock(T0)
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def staff(db, department, other_department):
    """Two officers in ``department`` and one in ``other_department`` (staff list), plus an external unit's."""
    from fazhi.registry.models import Department, Officer

    external = Department.objects.create(code="EXT", name="区税务局", kind="external")
    rows = {}
    for key, dept, n in [("a", department, 1), ("b", department, 2), ("c", other_department, 3), ("x", external, 4)]:
        rows[key] = Officer.objects.create(
            name=f"测试人员{n}", certificate_number=f"1201109900{n:02d}", certificate_expires_on=dt.date(2026, 1, 1),
            department=dept,
        )  # fmt: skip
    Officer.objects.create(
        name="离岗人员", certificate_number="120110990099", certificate_expires_on=dt.date(2026, 1, 1),
        department=department, active=False,
    )  # fmt: skip
    return rows


@pytest.fixture
def sitters(make_user, staff, department, other_department):
    """Accounts linked to the staff records: officer a, section chief b (same department), officer c (other)."""
    return {
        "a": make_user("officer", username="sitter-a", officer=staff["a"]),
        "b": make_user("section_chief", username="chief-b", officer=staff["b"]),
        "c": make_user("officer", dept=other_department, username="sitter-c", officer=staff["c"]),
    }


@pytest.fixture
def organiser(make_user):
    return make_user("legal_reviewer", username="organiser")


@pytest.fixture
def bank(db, frozen):
    import yaml

    from fazhi.exams import services
    from fazhi.exams.bank import STARTER_BANK

    return services.bank_load(
        document=yaml.safe_load(STARTER_BANK.read_text(encoding="utf-8")), actor=None, as_of=BANK_IN_SERVICE
    )


@pytest.fixture
def make_exam(db, department, organiser, bank, frozen, staff):
    from fazhi.exams import services

    def make(
        *,
        rules=(
            ("中华人民共和国行政处罚法", "single", None, 5, 4),
            ("中华人民共和国行政处罚法", "true_false", None, 5, 4),
        ),
        pass_mark=24,
        publish=True,
        roster=True,
        opens=T0,
        hours=2,
        duration=30,
        title="2023年度学法用法考试",
        kind="annual",
    ):
        exam = services.exam_create(
            title=title,
            kind=kind,
            year=opens.year,
            department=department,
            opens_at=opens,
            closes_at=opens + dt.timedelta(hours=hours),
            duration_minutes=duration,
            pass_mark=pass_mark,
            actor=organiser,
        )
        for topic, kind_, level, count, points in rules:
            services.rule_add(
                exam=exam, topic=topic, kind=kind_, difficulty=level, count=count, points=points, actor=organiser
            )
        if roster:
            services.roster_fill(exam=exam, department_ids=None, actor=organiser)
        if publish:
            exam.refresh_from_db()
            services.exam_publish(exam=exam, expected_revision=exam.revision, actor=organiser)
        exam.refresh_from_db()
        return exam

    return make  # fmt: skip
