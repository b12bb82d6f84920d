"""The one numbering service: every kind of record or document number comes from here.

``next_number(scope, year)`` locks the counter row of ``(scope, year)`` inside the caller's transaction and
returns the next integer. Because the counter is updated in the same transaction as the record that uses the
number, a refused or rolled-back step consumes nothing: numbers are gap-free and never duplicated. Concurrency:

- PostgreSQL: the row is created with ``INSERT … ON CONFLICT DO NOTHING`` (so two first writers of a year do not
  collide) and then locked ``FOR UPDATE``; concurrent writers queue on the row lock.
- SQLite: transactions are IMMEDIATE (see settings), so writers are already serialised by the database lock.

Callers must not hand out a number for a step that is not (yet) lawful: validate first, number last.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from fazhi.core.models import NumberCounter


def next_number(scope: str, year: int) -> int:
    """The next number of ``scope`` in ``year`` (1, 2, 3 …); must run inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic")
    NumberCounter.objects.bulk_create([NumberCounter(scope=scope, year=year, last=0)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def peek_last(scope: str, year: int) -> int:
    """The last number issued (0 when none) — for screens and checks, never for numbering."""
    return NumberCounter.objects.filter(scope=scope, year=year).values_list("last", flat=True).first() or 0


def bureau_number(word: str, year: int, sequence: int) -> str:
    """A document number of this bureau: ``津东丽市监处罚〔2023〕12号`` (word = 处罚)."""
    return f"{settings.FAZHI_BUREAU_SHORT}{word}〔{year}〕{sequence}号"


def set_floor(scope: str, year: int, last: int) -> None:
    """Raise the counter to at least ``last`` (bulk imports and demo generators that wrote numbers themselves)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("set_floor must run inside transaction.atomic")
    NumberCounter.objects.bulk_create([NumberCounter(scope=scope, year=year, last=0)], ignore_conflicts=True)
    NumberCounter.objects.filter(scope=scope, year=year, last__lt=last).update(last=last)
