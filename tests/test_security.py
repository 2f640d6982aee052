"""Production settings pass Django's deployment checks; every response carries the headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=salford_sv.settings.production",
        DJANGO_SECRET_KEY="x" * 10 + "a-long-random-looking-key-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        "--settings=salford_sv.settings.production",
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_carry_no_inline_script(client):
    for url in ["/", "/accounts/signup/", "/accounts/login/", "/organisations/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {url}"
        assert " onclick=" not in html and " onload=" not in html


def test_passwords_are_hashed_with_argon2_outside_tests():
    from salford_sv.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
