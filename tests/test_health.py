import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_healthz_does_no_database_work(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readyz_reports_database_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_names_the_broker_when_it_is_down(client, settings):
    from salford_sv.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker"]
    assert body["checks"]["database"] == "ok"


def test_readyz_names_the_database_when_it_is_down(client, monkeypatch):
    from salford_sv import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
