"""Security review, finding 3: lock-outs and limits per address.

- Five wrong passwords locked the owner out, right password or not, so anyone who
  knew an address could keep its owner out. Failures now count per account and
  address together; a wider limit per account alone is cleared by a password reset.
- Behind the proxy every request had the proxy's address, so each per-address limit
  was one limit for the whole site. The client's address now comes from a trusted
  ``X-Forwarded-For`` (or a named header), set by environment, for every limit.
- Production without ``REDIS_URL`` refuses to start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from core.http import client_ip, client_key

from .factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"


def _login(client: Client, email: str, password: str, ip: str, **headers):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip, **headers)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------------------
# The client's address
# ---------------------------------------------------------------------------


def _request(remote="10.0.0.2", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_CLIENT_IP_HEADER = None
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.2"


def test_one_trusted_proxy_vouches_for_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote the first entry itself; our proxy appended the second.
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    # Nothing forwarded (a request straight to the app server): its own address.
    assert client_ip(_request()) == "10.0.0.2"


def test_a_trusted_header_names_the_client(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(_request(HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(HTTP_X_REAL_IP="not an address")) == "10.0.0.2"


def test_ipv6_clients_are_counted_per_64(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    one = _request(HTTP_X_REAL_IP="2001:db8:1:2:aaaa::1")
    two = _request(HTTP_X_REAL_IP="2001:db8:1:2:bbbb::9")
    assert client_key(one) == client_key(two) == "2001:db8:1:2::"


def test_proxy_count_and_header_are_set_by_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='salford_sv.settings.test';"
            "django.setup();from django.conf import settings as s;"
            "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT,"
            " s.TRUSTED_CLIENT_IP_HEADER, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_TRUSTED_PROXY_COUNT": "2",
            "DJANGO_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["2", "2", "X-Real-IP", "X-Real-IP"], result.stderr


# ---------------------------------------------------------------------------
# Lock-outs
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_owner_out():
    """The finding: five wrong passwords from anyone locked the owner out."""
    owner = UserFactory(email="owner@example.org")
    attacker = Client()
    for _ in range(12):
        _login(attacker, owner.email, "wrong-guess", ip="198.51.100.66")
    # The stranger is refused even with the right password, from their address...
    _login(attacker, owner.email, PASSWORD, ip="198.51.100.66")
    assert not _signed_in(attacker)
    # ...and the owner, elsewhere, gets in.
    client = Client()
    response = _login(client, owner.email, PASSWORD, ip="203.0.113.5")
    assert response.status_code == 302 and _signed_in(client)


@pytest.mark.django_db
def test_a_guesser_spread_over_many_addresses_is_stopped_per_account():
    owner = UserFactory(email="owner@example.org")
    for n in range(30):
        _login(Client(), owner.email, "wrong-guess", ip=f"198.51.100.{n + 1}")
    client = Client()
    _login(client, owner.email, PASSWORD, ip="198.51.100.200")
    assert not _signed_in(client)


@pytest.mark.django_db
def test_after_a_password_reset_the_owner_gets_in(django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.org")
    for n in range(30):
        _login(Client(), owner.email, "wrong-guess", ip=f"198.51.100.{n + 1}")
    client = Client(REMOTE_ADDR="203.0.113.5")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": owner.email})
    body = mail.outbox[-1].body
    path = body[body.index("/accounts/password/reset/key/") :].split()[0]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    new_password = "Irwell-bridge-2031"
    response = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    fresh = Client()
    response = _login(fresh, owner.email, new_password, ip="203.0.113.5")
    assert response.status_code == 302 and _signed_in(fresh)


@pytest.mark.django_db
def test_behind_the_proxy_one_client_failing_does_not_limit_another(settings):
    """Every request came from the proxy's address, so one client's failures used up
    the per-address budget of everyone."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    owner = UserFactory(email="owner@example.org")
    noisy = Client()
    for n in range(12):
        _login(noisy, f"guess{n}@example.org", "x", ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    client = Client()
    response = _login(client, owner.email, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == 302 and _signed_in(client)
    # The noisy client is still limited by its own address.
    _login(noisy, owner.email, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert not _signed_in(noisy)


# ---------------------------------------------------------------------------
# Production and Redis
# ---------------------------------------------------------------------------


def test_production_refuses_to_start_without_redis():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="socialvalue.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=salford_sv.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
