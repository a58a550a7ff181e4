"""Writing a file so that a crash never leaves half of it: write beside it, then rename into place.

Kept in services, not with the demo documents that first needed it: any
service that keeps files on disk (generated documents, drafts a reviewer
must not lose) relies on the same rule.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, payload: bytes) -> None:
    """Write ``payload`` beside ``path`` and rename it into place: a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_bytes(payload)
    os.replace(temporary, path)
