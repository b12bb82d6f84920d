"""One validation per field: the same value is refused with the same code by forms, the API helper and imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from fazhi.core import validation
from fazhi.core.errors import DomainError, ValidationFailed
from fazhi.core.importing import CellError, parse_date, parse_decimal


def _valid_uscc() -> str:
    from fazhi.rulebook.identifiers import make_uscc

    return make_uscc("120110", "91", "MA05JX1K")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "cell.required"),
        ("abc", "number.format"),
        ("1e400", "number.format"),
        ("NaN", "number.format"),
        ("Infinity", "number.format"),
        ("99999999999999", "number.too_large"),
        ("-1", "number.negative"),
        ("12.345", "number.precision"),
        ("1" * 50, "number.format"),
    ],
)
def test_amount_refusals(raw, code):
    with pytest.raises(DomainError) as err:
        validation.amount(raw, field="fine")
    assert err.value.code == code and err.value.field == "fine"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12500", "12500.00"), ("12,500.5", "12500.50"), ("12500元", "12500.00"), (" 0 ", "0.00"), ("12.300", "12.30")],
)
def test_amount_accepts_what_people_type(raw, value):
    assert validation.amount(raw) == Decimal(value)


def test_uscc_check_character_is_checked():
    good = _valid_uscc()
    assert validation.uscc(good.lower()) == good
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(DomainError) as err:
        validation.uscc(bad, field="respondent_uscc")
    assert err.value.code == "uscc.checksum" and err.value.field == "respondent_uscc"


def test_step_date_one_rule():
    today = dt.date(2024, 1, 15)
    assert validation.step_date("2024-01-15", today=today, not_before=dt.date(2024, 1, 2)) == today
    with pytest.raises(DomainError) as err:
        validation.step_date("2025-01-01", today=today)
    assert err.value.code == "date.future"
    with pytest.raises(DomainError) as err:
        validation.step_date("2024-01-01", today=today, not_before=dt.date(2024, 1, 2))
    assert err.value.code == "date.too_early"
    with pytest.raises(DomainError) as err:
        validation.step_date("2024-02-30", today=today)
    assert err.value.code == "date.impossible"


def test_text_and_int_bounds():
    assert validation.text("  名称 ", max_chars=2) == "名称"
    with pytest.raises(DomainError) as err:
        validation.text("x" * 201)
    assert err.value.code == "cell.too_long"
    with pytest.raises(DomainError) as err:
        validation.bounded_int("-5", field="offset")
    assert err.value.code == "number.range"
    with pytest.raises(DomainError) as err:
        validation.bounded_int("abc", field="offset")
    assert err.value.code == "number.format"


def test_validate_fields_collects_every_error():
    with pytest.raises(ValidationFailed) as err:
        validation.validate_fields(
            {"fine": "1e400", "name": "x" * 300}, {"fine": validation.amount, "name": validation.text}
        )
    assert set(err.value.errors) == {"fine", "name"}


@pytest.mark.parametrize(("raw", "code"), [("1e400", "number.format"), ("-3", "number.negative"), ("2024-02-30", None)])
def test_importer_uses_the_same_rules(raw, code):
    if code is None:
        with pytest.raises(CellError) as err:
            parse_date(raw)
        assert err.value.code == "date.impossible"
    else:
        with pytest.raises(CellError) as err:
            parse_decimal(raw)
        assert err.value.code == code


class _Form(forms.Form):
    fine = validation.AmountField(label="罚款")
    uscc = validation.UsccField(required=False)
    on = validation.StepDateField(label="立案日期")
    name = validation.BoundedTextField(max_length=10)


def test_form_fields_refuse_with_field_errors(settings):
    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    form = _Form(data={"fine": "1e400", "uscc": "91120110MA05JX1K00", "on": "2024-02-01", "name": "x" * 11})
    assert not form.is_valid()
    assert form.has_error("fine", "number.format")
    assert form.has_error("uscc")
    assert form.has_error("on", "date.future")
    assert form.has_error("name")


def test_date_input_keeps_iso_value():
    html = _Form(initial={"on": dt.date(2024, 1, 15)})["on"].as_widget()
    assert 'value="2024-01-15"' in html and 'type="date"' in html


def test_amount_field_accepts_a_valid_amount_through_the_whole_form():
    from django import forms as django_forms

    from fazhi.core.validation import AmountField

    class F(django_forms.Form):
        amount = AmountField(required=False)

    form = F({"amount": "200"})
    assert form.is_valid() and form.cleaned_data["amount"] == Decimal("200.00")
    assert not F({"amount": "1" * 41}).is_valid()
