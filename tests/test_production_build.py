"""The README's deploy steps work: static files collect and ``check --deploy`` is clean.

They run as a deployer runs them, in a separate process under
``salford_sv.settings.production``, with a throwaway secret and static folder.
``make test`` builds static/vendor first (``make static``).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"


@pytest.fixture
def vendor() -> Path:
    if not (VENDOR / ".built").is_file():
        pytest.fail("static/vendor is not built: run `make static`")
    return VENDOR


@pytest.fixture
def production_env(vendor, tmp_path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="salford_sv.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")  # required; never reached here
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_collectstatic_and_check_deploy_pass_under_production_settings(production_env):
    collected = _manage("collectstatic", "--no-input", env=production_env)
    assert collected.returncode == 0, collected.stderr

    static_root = Path(production_env["DJANGO_STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/chartjs/chart.umd.js",
        "vendor/chartjs/chart.umd.js.map",
        "css/site.css",
    ):
        assert (static_root / manifest[name]).is_file(), f"{name} was not collected"

    checked = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_every_source_map_a_vendored_file_names_is_there(vendor):
    """WhiteNoise's manifest storage follows ``sourceMappingURL``: a missing map stops it."""
    missing = []
    for path in vendor.rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        tail = path.read_text(encoding="utf-8", errors="replace")[-500:]
        for line in tail.splitlines():
            if "sourceMappingURL=" in line:
                target = line.split("sourceMappingURL=", 1)[1].strip(" */")
                if not (path.parent / target).is_file():
                    missing.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not missing, "Vendored files name source maps `make static` did not copy: " + ", ".join(
        missing
    )
