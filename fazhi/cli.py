"""The ``fazhi`` console script: a thin wrapper over Django's management commands.

``fazhi migrate``, ``fazhi createsuperuser``, ``fazhi import entities FILE`` … all work.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "fazhi"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
