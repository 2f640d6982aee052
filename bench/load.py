"""wrk, from Debian, loading one page at a time: requests per second, latency, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

LUA = Path(__file__).with_name("report.lua")


@dataclass
class Result:
    name: str
    path: str
    signed_in_as: str | None
    status: int  # of one request made before the load, so a redirect is not mistaken for a page
    first_ms: float  # that request's time: the page rendered with a cold cache
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    requests: int = 0
    errors: int = 0  # failed connections, reads, writes and time-outs, and non-2xx/3xx answers
    timeouts: int = 0
    ratio_to_healthz: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    return found


def first_request(url: str, cookie: str | None) -> tuple[int, float]:
    """The status and milliseconds of one plain request, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def run(
    *,
    base: str,
    name: str,
    path: str,
    cookie: str | None,
    signed_in_as: str | None,
    connections: int,
    duration: float,
    threads: int = 2,
) -> Result:
    url = base + path
    status, first_ms = first_request(url, cookie)
    result = Result(
        name=name, path=path, signed_in_as=signed_in_as, status=status, first_ms=first_ms
    )
    if result.status != 200:
        return result  # not loaded: the figure would measure a redirect or an error page
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    completed = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=False
    )
    line = next((line for line in completed.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {url}: {completed.stderr or completed.stdout}")
    figures = json.loads(line.removeprefix("BENCH "))
    seconds = figures["duration_us"] / 1e6
    result.requests = figures["requests"]
    result.requests_per_second = figures["requests"] / seconds if seconds else 0.0
    result.p50_ms = figures["p50"] / 1000
    result.p95_ms = figures["p95"] / 1000
    result.p99_ms = figures["p99"] / 1000
    result.max_ms = figures["max"] / 1000
    result.timeouts = figures["timeout"]
    result.errors = sum(figures[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    return result
