"""The OpenAPI 3 description is valid, and every operation's real answers match it:
schemathesis generates requests from the schema (a bounded number per operation) and
checks each response: no server error, a documented status, content type and body."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from openapi_spec_validator import validate

from api.catalogue import LISTS

from .factories import populate

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/?format=json"


def test_the_schema_is_valid_openapi_3_and_lists_every_list(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    for view in LISTS:
        operation = spec["paths"][f"/api/v1/{view.resource.name}/"]
        assert set(operation) == {"get"}, "read-only: GET and nothing else"
        assert {"200", "400", "429"} <= set(operation["get"]["responses"])
        assert "text/csv" in operation["get"]["responses"]["200"]["content"]


# What each parameter is tried with: every allowed value and some that are not.
STRINGS = ["", "people", "x" * 101, "'; DROP TABLE pledges; --", "\U0001f600", "%", "-1", "2024/25"]
INTEGERS = [-1, 0, 1, 2, 500, 501, 10**12]
DATES = ["2024-04-01", "2024-02-01", "2024-13-45", "soon"]
MAX_CASES_PER_OPERATION = 60


def tried_values(parameter: dict) -> list:
    schema = parameter.get("schema", {})
    if "enum" in schema:
        return [*schema["enum"], "not-a-choice"]
    if schema.get("type") == "integer":
        return INTEGERS
    if schema.get("format") == "date":
        return DATES
    return STRINGS


def queries(operation) -> list[dict]:
    """No parameters; each parameter alone with each tried value; all of them at once
    with their first values. Bounded by ``MAX_CASES_PER_OPERATION``."""
    parameters = [p for p in operation.definition.raw.get("parameters", []) if p["in"] == "query"]
    found: list[dict] = [{}]
    found += [{p["name"]: value} for p in parameters for value in tried_values(p)]
    if parameters:
        found.append({p["name"]: tried_values(p)[0] for p in parameters})
    return found[:MAX_CASES_PER_OPERATION]


@contextmanager
def connection_kept_open():
    """Django's WSGI handler closes the database connection around each request, which
    would end the test's transaction: stop it, as Django's test client does (and a
    test client's request puts it back, so make none inside this block)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def test_every_answer_matches_the_schema(client, settings):
    """schemathesis checks every operation's responses against the schema (no server
    error, a documented status, content type, headers and body) over a bounded, fixed
    set of requests. Its own random generation is not used: the locked
    hypothesis-jsonschema cannot draw query objects with the locked hypothesis."""
    settings.OPEN_DATA_ANON_RATE = "100000/minute"
    populate(1)
    schema = schemathesis.from_dict(client.get(SCHEMA_URL).json(), app=WSGIHandler())
    failures, tried = [], 0
    with connection_kept_open():
        for result in schema.get_all_operations():
            operation = result.ok()
            for query in queries(operation):
                case = operation.make_case(query=query)
                response = case.call_wsgi()
                tried += 1
                try:
                    case.validate_response(response)
                except AssertionError as error:
                    failures.append(f"{operation.verbose_name} {query}: {error}")
    assert tried > 200
    assert not failures, "\n\n".join(failures[:5])
