"""``fazhi deadline``: see fazhi/deadlines/commandline.py (the console script runs it before Django starts)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "计算法定期限的届满日并说明依据（fazhi deadline RULE_ID --from YYYY-MM-DD …）"

    def run_from_argv(self, argv: list[str]) -> None:
        # argparse lives in commandline.main (shared with the fast path in fazhi.cli); pass the raw arguments.
        from fazhi.deadlines import commandline
        from fazhi.deadlines.selectors import database_year_tables_tolerant

        code = commandline.main(argv[2:], year_loader=database_year_tables_tolerant)
        sys.exit(code)

    def handle(self, *args, **options):  # pragma: no cover — run_from_argv is the entry point
        raise NotImplementedError
