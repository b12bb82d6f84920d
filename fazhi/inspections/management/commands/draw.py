"""``fazhi draw``: see fazhi/inspections/commandline.py (the console script runs it before Django starts)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "双随机抽取：fazhi draw run --candidates … --size N --seed … / fazhi draw verify RECORD.json"

    def run_from_argv(self, argv: list[str]) -> None:
        from fazhi.inspections import commandline

        sys.exit(commandline.main(argv[2:]))

    def handle(self, *args, **options):  # pragma: no cover — run_from_argv is the entry point
        raise NotImplementedError
