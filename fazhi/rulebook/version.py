"""The rulebook version: a content hash over every table file.

Stored with every computed legal outcome so that anyone can tell, years later, which tables
produced it.
"""

from __future__ import annotations

import functools
import hashlib

from fazhi.rulebook.sources import TABLES_DIR


@functools.cache
def rulebook_version() -> str:
    """``rb-`` + the first 12 hex digits of SHA-256 over all table paths and contents, in order."""
    digest = hashlib.sha256()
    for path in sorted(TABLES_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".json", ".csv"}:
            digest.update(path.relative_to(TABLES_DIR).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return "rb-" + digest.hexdigest()[:12]
