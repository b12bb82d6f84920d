"""One validation per field, shared by forms, the API, imports and URLs.

Each field kind has a plain function that returns the clean value or raises a ``DomainError`` with a stable code,
a Chinese message and the field name — never a 500, never a silent substitution. The codes are the ones the
import contract documents (docs/formats/README.md: ``cell.*``, ``date.*``, ``number.*``, ``uscc.*``), so a form,
an API call and an import row refuse the same value with the same code:

- ``uscc(value)``            统一社会信用代码 with its GB 32100 check character (the rulebook's validator)
- ``amount(value)``          money in yuan as ``Decimal``: finite, ≥ 0, at most 2 decimals, within the column
- ``bounded_int(value)``     an integer within bounds (page numbers, counts, ids in URLs)
- ``text(value, max_chars)`` stripped text within a length (``required=True`` refuses empty)
- ``step_date(value, today=…, not_before=…)``  the one date rule of a legal step: not after the legal today and
                             not before the previous step's date
- ``parse_date(value)``      ISO ``YYYY-MM-DD`` (and the forms Chinese users type: 2024/1/5, 2024年1月5日 …)

Django form fields (``UsccField``, ``AmountField``, ``StepDateField``, ``BoundedTextField``) and the importer's
cell parsers (``fazhi.core.importing``) call these functions, so the three input paths agree by construction.
For django-ninja bodies call ``validate_fields(schema_dict, {field: validator})`` or the functions directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, ValidationFailed, from_rulebook
from fazhi.rulebook.identifiers import IdentifierError, validate_uscc

# Column bounds (DecimalField(max_digits=14, decimal_places=2) everywhere money is stored).
AMOUNT_MAX_DIGITS = 14
AMOUNT_DECIMAL_PLACES = 2
AMOUNT_MAX = Decimal(10 ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES)) - Decimal("0.01")
INT_MAX = 2**31 - 1
DEFAULT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000


def _text_in(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


# ---------------------------------------------------------------- identifiers


def uscc(value: Any, *, field: str = "uscc", required: bool = True) -> str:
    """The normalised 18-character USCC, or a field error naming what is wrong (length, alphabet, check char)."""
    raw = _text_in(value)
    if not raw and not required:
        return ""
    try:
        return validate_uscc(raw, field=field)
    except IdentifierError as exc:
        raise from_rulebook(exc, field=field) from exc


# ---------------------------------------------------------------- numbers


def amount(
    value: Any,
    *,
    field: str = "amount",
    required: bool = True,
    minimum: Decimal = Decimal(0),
    maximum: Decimal = AMOUNT_MAX,
) -> Decimal | None:
    """Money in yuan: accepts ``1234.5``, ``1,234.50``, ``1234.50元``; refuses NaN, infinities, ``1e400``, more than
    two decimals, negatives and values beyond the database column."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raw = _text_in(value).replace(",", "").replace("，", "").removesuffix("元").strip()
        if not raw:
            if required:
                raise DomainError("cell.required", "此项必填", field=field)
            return None
        if len(raw) > 40 or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
            raise DomainError("number.format", "金额应为数字，如 12500 或 12500.50（单位：元）", field=field)
        try:
            number = Decimal(raw)
        except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid decimals
            raise DomainError("number.format", "金额应为数字（单位：元）", field=field) from exc
    if not number.is_finite():
        raise DomainError("number.format", "金额应为有限的数字（单位：元）", field=field)
    if number.as_tuple().exponent < -AMOUNT_DECIMAL_PLACES and number != number.quantize(Decimal("0.01")):  # type: ignore[operator]
        raise DomainError("number.precision", "金额最多保留两位小数（角、分）", field=field)
    if number < minimum:
        raise DomainError(
            "number.negative" if minimum == 0 else "number.range", f"金额不能小于 {minimum:,} 元", field=field
        )
    if number > maximum:
        raise DomainError("number.too_large", f"金额不能大于 {maximum:,} 元，请核对是否多填了位数", field=field)
    return number.quantize(Decimal("0.01"))


def bounded_int(
    value: Any, *, field: str = "value", minimum: int = 0, maximum: int = INT_MAX, required: bool = True
) -> int | None:
    """An integer within ``[minimum, maximum]``; text that is not a plain integer is a field error."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = _text_in(value)
        if not raw:
            if required:
                raise DomainError("cell.required", "此项必填", field=field)
            return None
        if len(raw) > 12 or not re.fullmatch(r"[+-]?\d+", raw):
            raise DomainError("number.format", "应填写整数", field=field)
        number = int(raw)
    if number < minimum or number > maximum:
        raise DomainError("number.range", f"应在 {minimum} 至 {maximum} 之间", field=field)
    return number


# ---------------------------------------------------------------- text


def text(
    value: Any, *, field: str = "text", max_chars: int = DEFAULT_TEXT_MAX, required: bool = False, what: str = ""
) -> str:
    """Stripped text of at most ``max_chars`` characters; ``required`` refuses empty text."""
    cleaned = _text_in(value)
    if required and not cleaned:
        raise DomainError("cell.required", f"请填写{what}" if what else "此项必填", field=field)
    if len(cleaned) > max_chars:
        raise DomainError(
            "cell.too_long", f"{what or '内容'}过长（{len(cleaned)} 字），最多 {max_chars} 字", field=field
        )
    if "\x00" in cleaned:
        raise DomainError("cell.control_char", f"{what or '内容'}含有不可见的控制字符，请重新输入", field=field)
    return cleaned


# ---------------------------------------------------------------- dates

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
MIN_DATE = dt.date(1949, 10, 1)
MAX_DATE = dt.date(2199, 12, 31)


def parse_date(value: Any, *, field: str = "date", required: bool = True) -> dt.date | None:
    """A calendar date from ``YYYY-MM-DD`` (or 2024/1/5, 2024.1.5, 2024年1月5日, 20240105); a time part is ignored."""
    if isinstance(value, dt.datetime):
        value = value.date()
    parsed: dt.date | None = None
    if isinstance(value, dt.date):
        parsed = value
    else:
        raw = _text_in(value).split(" ")[0].split("T")[0]
        if not raw:
            if required:
                raise DomainError("cell.required", "请填写日期", field=field)
            return None
        for pattern in _DATE_PATTERNS:
            m = pattern.match(raw)
            if m:
                try:
                    parsed = dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise DomainError("date.impossible", f"日期不存在：{raw[:20]}", field=field) from None
                break
        if parsed is None:
            raise DomainError("date.format", "日期格式应为 年-月-日，如 2024-01-15", field=field)
    if parsed is None or not MIN_DATE <= parsed <= MAX_DATE:
        raise DomainError("date.out_of_range", "日期超出可受理的范围，请核对年份", field=field)
    return parsed


def step_date(
    value: Any,
    *,
    today: dt.date,
    not_before: dt.date | None = None,
    field: str = "on",
    what: str = "日期",
    previous: str = "上一步骤",
) -> dt.date:
    """The one date rule of a legal step: not after the legal today, not before the previous step's date."""
    on = parse_date(value, field=field)
    assert on is not None
    if on > today:
        raise DomainError(
            "date.future",
            f"{what}（{on:%Y-%m-%d}）晚于今天（{today:%Y-%m-%d}），不能预填将来的日期；请在该事项实际发生后办理",
            field=field,
        )
    if not_before is not None and on < not_before:
        raise DomainError(
            "date.too_early",
            f"{what}（{on:%Y-%m-%d}）早于{previous}的日期（{not_before:%Y-%m-%d}），请核对",
            field=field,
        )
    return on


# ---------------------------------------------------------------- several fields at once


def validate_fields(data: Mapping[str, Any], validators: Mapping[str, Callable[..., Any]]) -> dict[str, Any]:
    """Run ``validators[name](data.get(name), field=name)`` for each field; collect every error (API bodies)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, check in validators.items():
        try:
            clean[name] = check(data.get(name), field=name)
        except DomainError as exc:
            errors[name] = exc.message
    if errors:
        raise ValidationFailed(errors)
    return clean


# ---------------------------------------------------------------- Django form fields


def _as_form_error(exc: DomainError) -> forms.ValidationError:
    return forms.ValidationError(exc.message, code=exc.code)


class DateInput(forms.DateInput):
    """``<input type=date>`` that keeps its value: the browser needs ISO ``YYYY-MM-DD`` in ``value``."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UsccField(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("label", "统一社会信用代码")
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return uscc(value, field=str(self.label or "uscc"))
        except DomainError as exc:
            raise _as_form_error(exc) from exc


class AmountField(forms.CharField):
    """Money in yuan as Decimal, validated by :func:`amount` (``1e400`` and 15-digit amounts are field errors)."""

    def __init__(self, *args: Any, minimum: Decimal = Decimal(0), maximum: Decimal = AMOUNT_MAX, **kwargs: Any) -> None:
        self.minimum, self.maximum = minimum, maximum
        # No max_length: its validator would run len() on the Decimal that to_python returns (a 500 for every valid
        # amount); amount() already refuses text longer than 40 characters.
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("maxlength", "40")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        raw = super().to_python(value)
        if not raw:
            return None
        try:
            return amount(raw, minimum=self.minimum, maximum=self.maximum)
        except DomainError as exc:
            raise _as_form_error(exc) from exc

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else str(value)


class BoundedTextField(forms.CharField):
    """Text with a length bound that the database also has (overlong input is a field error, never a 500)."""

    def __init__(self, *args: Any, max_length: int = DEFAULT_TEXT_MAX, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.error_messages["max_length"] = f"最多 {max_length} 字（当前 %(show_value)d 字）"


class StepDateField(forms.DateField):
    """A step date: ISO date input, not after the legal today; ``not_before`` is checked by the service."""

    widget = DateInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"])
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = "日期格式应为 年-月-日，如 2024-01-15"

    def clean(self, value: Any) -> dt.date | None:
        result = super().clean(value)
        if result is None:
            return None
        try:
            return step_date(result, today=legal_today(), field=str(self.label or "on"), what=str(self.label or "日期"))
        except DomainError as exc:
            raise _as_form_error(exc) from exc
