"""`make run` serves on any port, and the links its mail carries follow that port."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("environment", "site_url"),
    [
        ({"PORT": "8801"}, "http://127.0.0.1:8801"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8801", "SITE_URL": "https://socialvalue.example.org"}, None),
    ],
)
def test_make_run_sends_mail_links_to_the_port_it_serves_on(environment, site_url):
    """`PORT=8801 make run` must not mail links to port 8000; a SITE_URL that is set wins."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORT", "SITE_URL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    env.update(environment)
    planned = subprocess.run(
        [shutil.which("make") or "make", "--dry-run", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert planned.returncode == 0, planned.stderr
    command = next(line for line in planned.stdout.splitlines() if "honcho start" in line)
    expected = site_url or environment["SITE_URL"]
    assert f"PORT={environment.get('PORT', '8000')} SITE_URL={expected} " in command
