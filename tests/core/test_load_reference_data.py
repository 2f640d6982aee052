"""``load_reference_data``: core's command that loads what every app ships."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command, get_commands

pytestmark = pytest.mark.django_db


def test_the_command_belongs_to_core():
    assert get_commands()["load_reference_data"] == "core"


def test_each_app_that_ships_reference_data_loads_in_installed_apps_order():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    lines = out.getvalue().splitlines()
    # The autouse fixture has loaded everything already: nothing more is created.
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "accounts",
        "measures",
        "pledges",
        "toolkit",
        "charter",
        "api",
    ]
    assert lines[-1] == "Reference data is loaded."


def test_it_is_silent_at_verbosity_zero():
    out = StringIO()
    call_command("load_reference_data", stdout=out, verbosity=0)
    assert out.getvalue() == ""
