"""The ``fazhi`` console script: a thin wrapper over Django's management commands.

``fazhi migrate``, ``fazhi createsuperuser``, ``fazhi import entities FILE`` … all work.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "fazhi"
    if len(argv) > 1 and argv[1] == "deadline":
        # Computing a deadline needs no Django: skip its ~0.6 s start-up (issue 3 §4, "well under a second").
        from fazhi.deadlines.commandline import main as deadline_main

        sys.exit(deadline_main(argv[2:]))
    if len(argv) > 1 and argv[1] == "draw":
        # Running or verifying a draw needs no database (issue 5 §2, "well under a second"): skip Django too.
        from fazhi.inspections.commandline import main as draw_main

        sys.exit(draw_main(argv[2:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
