"""The second process of ``fazhi draw verify`` for a full record: ``python -m fazhi.inspections.poolhash PATH START``.

Reads the salt (64 hex digits) on stdin, computes ``full_pool_hash`` of the candidate lines of the record file at
``PATH`` from byte ``START`` on, and writes the 64 hex digits of the hash to stdout (exit 0). Anything else — a bad
salt, an unreadable file, a line that is not two cells — is one line on stderr and exit 2; the parent then stops
the verification with its own exit code (``drawcli.SpawnedPoolHash``). A separate interpreter (not a fork), so that
the parent may have threads. Pure Python, no Django.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from fazhi.rulebook.draws import full_pool_hash
from fazhi.rulebook.errors import RulebookError

BLOCK = 1 << 22


def _blocks(path: Path, start: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(start)
        while block := fh.read(BLOCK):
            yield block


def main(argv: list[str]) -> int:
    try:
        path, start = Path(argv[0]), int(argv[1])
        salt = sys.stdin.readline().strip()
        sys.stdout.write(full_pool_hash(salt, _blocks(path, start)))
    except (RulebookError, OSError, ValueError, IndexError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
