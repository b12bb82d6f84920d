"""reconsiderations.* / litigation.* 指标：1月1日、12月31日两侧；出庭率只计有出庭义务的开庭；纠错率按结案年度（期望值手算）。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.metrics import METRICS, compute_all
from fazhi.remedies.models import Hearing, Lawsuit, Reconsideration

pytestmark = pytest.mark.django_db
D = dt.date
DUTY = "《中华人民共和国行政诉讼法》第三条第三款"


@pytest.fixture
def fixture(department, role_users):
    user = role_users["legal_reviewer"]
    n = iter(range(1000))

    def rec(received, *, decided=None, corrects=False):
        return Reconsideration.objects.create(
            number=f"R{next(n)}", department=department, act_kind="complaint", act_description="x",
            applicant_name="a", applicant_kind="natural_person", reviewing_body="b", applied_on=received,
            copy_received_on=received, answer_rule="reconsideration.response", created_by=user,
            status="concluded" if decided else "received", decided_on=decided, corrects=corrects,
        )  # fmt: skip

    def suit(received, *, decided=None, corrects=False):
        return Lawsuit.objects.create(
            number=f"L{next(n)}", department=department, act_kind="complaint", act_description="x",
            plaintiff_name="a", plaintiff_kind="natural_person", court="c", complaint_received_on=received,
            answer_rule="litigation.defence", created_by=user,
            status="concluded" if decided else "received", decided_on=decided, corrects=corrects,
        )  # fmt: skip

    def hearing(lawsuit, held, *, appeared, duty=DUTY):
        return Hearing.objects.create(
            lawsuit=lawsuit, kind="court", held_on=held, head_duty=duty, head_appeared=appeared,
            head_name="局长" if appeared else "", delegate_name="" if appeared else "王某", recorded_by=user,
        )  # fmt: skip

    rec(D(2022, 12, 31), decided=D(2023, 1, 1), corrects=True)  # handled 2022, concluded 2023 (corrected)
    rec(D(2023, 1, 1), decided=D(2023, 12, 31))  # handled 2023, concluded 2023 (maintained)
    rec(D(2023, 12, 31))  # handled 2023, pending
    rec(D(2024, 1, 1), decided=D(2024, 3, 1), corrects=True)  # 2024
    rec(D(2022, 6, 1), decided=D(2022, 12, 31))  # 2022 concluded, not corrected
    s1 = suit(D(2022, 12, 31), decided=D(2023, 5, 1))
    s2 = suit(D(2023, 1, 1), decided=D(2023, 8, 1), corrects=True)
    suit(D(2023, 12, 31))
    suit(D(2024, 1, 1))
    hearing(s1, D(2022, 12, 31), appeared=False)  # 2022: required, missed
    hearing(s1, D(2023, 1, 1), appeared=True)  # 2023
    hearing(s2, D(2023, 12, 31), appeared=True)  # 2023
    hearing(s2, D(2023, 6, 1), appeared=False, duty="")  # 2023, no duty recorded: not in the rate's base
    hearing(s2, D(2024, 1, 1), appeared=True)  # 2024


def test_2023年(fixture):
    assert compute_all(2023, only="reconsiderations.") == {
        "reconsiderations.handled": 2,
        "reconsiderations.correction_rate": Decimal("50.00"),  # 2 concluded in 2023, 1 corrected
    }
    assert compute_all(2023, only="litigation.") == {
        "litigation.handled": 2,
        "litigation.head_appearances": 2,
        "litigation.head_appearance_rate": Decimal("100.00"),  # 2 of the 2 sessions with a duty
        "litigation.correction_rate": Decimal("50.00"),
    }


def test_2022年(fixture):
    values = compute_all(2022)
    assert values["reconsiderations.handled"] == 2
    assert values["reconsiderations.correction_rate"] == Decimal("0.00")
    assert values["litigation.handled"] == 1
    assert values["litigation.head_appearances"] == 0
    assert values["litigation.head_appearance_rate"] == Decimal("0.00")
    assert values["litigation.correction_rate"] is None  # nothing concluded in 2022


def test_没有开庭时出庭率无数据(db):
    assert compute_all(2023, only="litigation.head_appearance_rate") == {"litigation.head_appearance_rate": None}


def test_登记的指标():
    assert METRICS["litigation.head_appearance_rate"].unit == "percent"
    assert METRICS["reconsiderations.handled"].label == "办理行政复议案件"
