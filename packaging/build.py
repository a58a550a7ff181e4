"""Build the desktop bundle into ``dist/ruling-desk`` with PyInstaller.

PyInstaller is not a project dependency (only release builds need it), so
this asks ``uv`` for it for the duration of the build:

    uv run --with pyinstaller python packaging/build.py

On Linux it also installs the ``.desktop`` entry and icon beside the bundle.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    spec = ROOT / "packaging" / "ruling-desk.spec"
    result = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", str(spec)], cwd=ROOT, check=False)
    if result.returncode != 0:
        return result.returncode
    bundle = ROOT / "dist" / "ruling-desk"
    if sys.platform.startswith("linux"):
        shutil.copy(ROOT / "packaging" / "ruling-desk.desktop", bundle / "ruling-desk.desktop")
        shutil.copy(ROOT / "packaging" / "icons" / "ruling-desk.svg", bundle / "ruling-desk.svg")
    print(f"bundle: {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
