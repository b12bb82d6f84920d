"""Display periods of published penalty decisions: both sides of the lower-amount boundary."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.penalty_publicity import default_display_rules, display_period, is_published

ON = dt.date(2023, 6, 1)


@pytest.mark.parametrize(
    ("kind", "amount", "rule"),
    [
        ("natural_person", "10000", "publicity.display_low"),
        ("natural_person", "10000.01", "publicity.display_other"),
        ("organisation", "100000", "publicity.display_low"),
        ("organisation", "100000.01", "publicity.display_other"),
    ],
)
def test_lower_amount_boundary(kind, amount, rule):
    assert display_period(party_kind=kind, amount=Decimal(amount), on=ON).rule_id == rule


def test_circulated_criticism_is_three_months_and_status_is_carried():
    p = display_period(party_kind="organisation", amount=Decimal("999999"), circulated_criticism=True, on=ON)
    assert p.low and p.rule_id == "publicity.display_low" and p.as_dict()["status"] == "UNCONFIRMED"


def test_no_rule_before_order_45():
    with pytest.raises(RulebookError) as err:
        display_period(party_kind="organisation", amount=Decimal(1), on=dt.date(2020, 1, 1))
    assert err.value.code == "publicity.no_rule_in_force"
    with pytest.raises(RulebookError):
        is_published(warning_only=False, procedure="ordinary", on=dt.date(2020, 1, 1))


def test_warnings_and_summary_decisions_are_not_published():
    assert is_published(warning_only=False, procedure="ordinary", on=ON)
    assert not is_published(warning_only=True, procedure="ordinary", on=ON)
    assert not is_published(warning_only=False, procedure="summary", on=ON)


def test_table_loads_with_note_on_2025_changes():
    assert "2025" in default_display_rules()[0].note


def test_check_tables_counts_rows():
    from fazhi.rulebook.penalty_publicity import check_tables

    assert check_tables()["publicity_display_periods"] >= 1
