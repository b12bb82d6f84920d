"""``python -m fazhi.rulebook.check_tables``: load every rule table strictly (run by ``make test``)."""

from __future__ import annotations

import sys

from fazhi.rulebook.loader import check_all_tables


def main() -> int:
    problems = check_all_tables()
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("规则表检查通过")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
