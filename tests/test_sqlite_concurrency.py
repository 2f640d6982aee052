"""Two writers at once on `make run`'s SQLite database: never a 500, nothing lost.

The suite runs on PostgreSQL, so ``tests/sqlite_writers.py`` runs in a process of its own
on a throwaway SQLite file, with the settings `make run` uses for one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def test_concurrent_posts_on_sqlite_all_succeed_and_all_are_saved(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    finished = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers", "--rounds", str(ROUNDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout.strip().splitlines()[-1])

    assert result["journal_mode"] == "wal"
    # Both writers are served: each POST redirects to what it saved.
    assert result["statuses"] == {
        "progress": [302] * 2 * ROUNDS,
        "new_pledge": [302] * 2 * ROUNDS,
        "once": [302, 302],
    }, finished.stderr[-3000:]
    assert result["progress_updates"] == 2 * ROUNDS
    assert result["pledges_made"] == 2 * ROUNDS
    # The same form sent twice at once, with its one-time token: saved once.
    assert result["saved_once"] == 1
