"""The permission matrix: every URL pattern of the project, and what each role gets.

Each app keeps its rows in ``tests/<app>/matrix.py`` (the site-wide ones, allauth and
the admin in ``tests/site_matrix.py``) as ``ROWS``, beside ``BUILDERS``: one small
function per object its paths name. ``_row_modules()`` below lists those modules by
hand; ``rows()`` and ``builders()`` gather from them.

A path names the objects it needs as format fields, ``/pledges/{pledge_approved.pk}/``;
``Objects`` builds just those, on first use, with the builders (``org_a``, ``org_b`` and
the users come from the fixtures). ``tests/test_permission_matrix.py`` fails when a URL
pattern has no row, so a new page cannot ship without saying who may use it; the
browser sweep (``tests/browser/test_axe_sweep.py``) visits every row marked ``page`` as
every role that gets a 200.

Django's admin is one unit: ``is_staff`` plus model permissions decide it. Its patterns
are covered by ``ADMIN_PREFIX`` and checked on the representative rows in the site module.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "resident", "member_a", "admin_a", "member_b", "staff", "commissioner"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]

OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

ADMIN_PREFIX = "admin/"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, anonymous: int = FOUND) -> dict[str, int]:
    """``status`` for every signed-in role; anonymous is sent to log in."""
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed: dict[str, int], others: int = FORBIDDEN, anonymous: int = FOUND):
    """``allowed`` roles get their status; other signed-in roles ``others``."""
    expect = signed_in(others, anonymous)
    expect.update(allowed)
    return expect


@dataclass(frozen=True)
class Row:
    name: str
    path: str
    expect: dict[str, int]
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # An HTML page a person reads: the browser sweep checks it with axe-core.
    page: bool = True
    # Where a 302 for an anonymous visitor must lead (None: anywhere).
    anonymous_to: str | None = "login"

    def url(self, objects: Objects) -> str:
        return self.path.format_map(objects)

    def form_data(self, objects: Objects) -> dict[str, str]:
        return {key: str(value).format_map(objects) for key, value in self.data.items()}

    def needs(self) -> set[str]:
        """The objects this row's path and data name (``{pledge_approved.pk}``: pledge_approved)."""
        texts = [self.path, *map(str, self.data.values())]
        return {
            re.split(r"[.\[]", name, maxsplit=1)[0]
            for text in texts
            for _, name, _, _ in string.Formatter().parse(text)
            if name
        }


Builder = Callable[["Objects"], object]


class Objects(dict):
    """The objects rows name, each built on first use and then kept for the test.

    A builder takes this mapping, so it can ask for what it stands on
    (``objects["pledge_approved"]``) and for the users (``objects.users["member_a"]``).
    """

    def __init__(self, users: dict, org_a, org_b):
        super().__init__(org_a=org_a, org_b=org_b)
        self.users = users
        self.builders = builders()

    def __missing__(self, name: str):
        if name not in self.builders:
            raise KeyError(f"no matrix module builds {name!r}")
        self[name] = self.builders[name](self)
        return self[name]

    def build_all(self) -> Objects:
        for name in self.builders:
            self[name]  # built on first use, see __missing__
        return self


def _row_modules():
    # Imported here, not at the top: each of them imports Row and the helpers above.
    from . import site_matrix
    from .accounts import matrix as accounts
    from .api import matrix as api
    from .charter import matrix as charter
    from .measures import matrix as measures
    from .moderation import matrix as moderation
    from .pledges import matrix as pledges
    from .reporting import matrix as reporting
    from .toolkit import matrix as toolkit

    return [
        *(site_matrix, accounts, measures, pledges, toolkit, charter, moderation, reporting),
        api,
    ]


def rows() -> list[Row]:
    """Every row of every app, in the order of the modules above."""
    return [row for module in _row_modules() for row in module.ROWS]


def builders() -> dict[str, Builder]:
    """Every app's builders by the name rows use; a name is built by one app only."""
    found: dict[str, Builder] = {}
    for module in _row_modules():
        for name, build in getattr(module, "BUILDERS", {}).items():
            assert name not in found, f"{name} is built by two matrix modules"
            found[name] = build
    return found
