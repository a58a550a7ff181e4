"""Writing files only this user can read, atomically: secrets, and drafts of rulings about people."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private_file(path: Path, content: str) -> None:
    """Replace ``path`` atomically with ``content``, readable only by this user (0600 from birth).

    The temporary file is created with mode 0600 by ``mkstemp`` and renamed
    over the old one, so the secret is never briefly world-readable and a
    crash never leaves half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
