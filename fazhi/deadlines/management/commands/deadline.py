"""``fazhi deadline``: see fazhi/deadlines/commandline.py (the console script runs it before Django starts)."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError


def _run(argv: list[str], stdout=None, stderr=None) -> int:
    from fazhi.deadlines import commandline
    from fazhi.deadlines.selectors import database_year_tables_tolerant

    return commandline.main(argv, year_loader=database_year_tables_tolerant, stdout=stdout, stderr=stderr)


class Command(BaseCommand):
    help = "计算法定期限的届满日并说明依据（fazhi deadline RULE_ID --from YYYY-MM-DD …）"

    def run_from_argv(self, argv: list[str]) -> None:
        # argparse lives in commandline.main (shared with the fast path in fazhi.cli); keep its exit codes.
        sys.exit(_run(argv[2:]))

    def add_arguments(self, parser):
        parser.add_argument("arguments", nargs=argparse.REMAINDER)

    def handle(self, *args, **options):
        code = _run(list(options["arguments"]), stdout=self.stdout, stderr=self.stderr)
        if code:
            raise CommandError(f"fazhi deadline 退出码 {code}", returncode=code)
