"""The portal under gunicorn, as production runs it, on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THREADS = 2  # per gunicorn worker


def production_env(*, database_url: str, redis_url: str, static_root: Path) -> dict[str, str]:
    """The environment production reads (DESIGN.md, "Configuration"), for this machine:
    no TLS in front of it, so no redirect to HTTPS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="salford_sv.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        # As behind the proxy the README describes: it names the client in X-Real-IP,
        # and the load gives each request a visitor of its own (bench/report.lua), so
        # the API's per-address limit (its production rate) counts as for real visitors.
        DJANGO_TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )
    return env


def workers() -> int:
    """Two per core and one more, as gunicorn's documentation suggests: while one waits
    for PostgreSQL, another uses the core."""
    return 2 * (os.cpu_count() or 1) + 1


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(BIN / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")
        time.sleep(0.3)


@contextmanager
def gunicorn(env: dict[str, str], *, port: int, worker_count: int, threads: int = 2, log: Path):
    """gunicorn serving the portal until the block ends."""
    command = [
        str(BIN / "gunicorn"),
        "salford_sv.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(worker_count),
        # gthread keeps wrk's connections alive, as a proxy in front would.
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "5",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            command, cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
