"""The locks in requirements/ agree with pyproject.toml.

``make install`` installs only what the locks pin. A range changed in pyproject.toml
without ``make lock`` would silently be ignored: these tests catch it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*;.*?)?\s*\\?$")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(lock: str) -> dict[str, str]:
    """Package name -> pinned version, read from one lock file."""
    pins = {}
    lines = (REQUIREMENTS / lock).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if not line or line[0] in " #":
            continue
        match = PIN.match(line)
        assert match, f"{lock}: {line!r} is not an exact pin"
        assert lines[number + 1].strip().startswith("--hash=sha256:"), (
            f"{lock}: {line!r} has no hash"
        )
        pins[canonicalize_name(match[1])] = match[2]
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("app.txt", []), ("test.txt", ["test"])],
)
def test_lock_satisfies_every_range_in_pyproject(lock, extras):
    project = _project()
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    pins = _pins(lock)
    stale = []
    for line in wanted:
        requirement = Requirement(line)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            stale.append(f"{requirement} (locked: {version})")
    assert not stale, f"requirements/{lock} is stale, run `make lock`: " + ", ".join(stale)


def test_the_app_lock_pins_what_the_test_lock_pins():
    """Tests run on exactly the versions production installs."""
    app, test = _pins("app.txt"), _pins("test.txt")
    differ = {
        name: (version, test.get(name))
        for name, version in app.items()
        if test.get(name) != version
    }
    assert not differ, f"app.txt and test.txt disagree, run `make lock`: {differ}"


def test_the_installed_packages_are_the_locked_ones():
    """The virtualenv running the suite was installed from the lock."""
    from importlib.metadata import version

    for name in ("django", "django-allauth", "celery", "whitenoise"):
        assert version(name) == _pins("test.txt")[name], f"{name} is not the locked version"
