"""The house in order: no app uses an app above it (DESIGN.md, "Layout").

Python: every import in every module of an app (templatetags and management commands
included; migrations are history and skipped), read with ``ast``, so imports inside
functions and under ``TYPE_CHECKING`` count too. Templates: ``{% load %}`` of another
app's templatetag library, and ``{% include %}``/``{% extends %}`` of another app's
templates (``"pledges/..."``). The project's own ``templates/`` directory (the base
layout every app's pages extend) is held to core's rule. ``salford_sv`` (settings, root
URLs, the Celery app) sits above every app: none may import it.

Each failure names the file and line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Each app and the apps it may use. Apps not written yet (charter, api, demo) may be absent.
MAY_USE = {
    "core": set(),
    "accounts": {"core"},
    "measures": {"core", "accounts"},
    "pledges": {"core", "accounts", "measures"},
    "toolkit": {"core", "accounts", "measures"},
    "charter": {"core", "accounts", "measures"},
    "moderation": {"core", "accounts", "measures", "pledges", "toolkit", "charter"},
    "reporting": {"core", "accounts", "measures", "pledges", "toolkit", "charter", "moderation"},
    "api": {
        *("core", "accounts", "measures", "pledges", "toolkit", "charter"),
        *("moderation", "reporting"),
    },
    "demo": {
        *("core", "accounts", "measures", "pledges", "toolkit", "charter"),
        *("moderation", "reporting", "api"),
    },
}
SITE = "salford_sv"
PROJECT = set(MAY_USE) | {SITE}
APPS = [app for app in MAY_USE if (BASE_DIR / app).is_dir()]

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
INCLUDE_OR_EXTENDS = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w-]+)/""")


def python_modules(app: str) -> Iterator[Path]:
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "migrations" not in path.relative_to(BASE_DIR).parts:
            yield path


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """(line, project package) for each absolute import of one in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] in PROJECT:
                yield node.lineno, name.split(".")[0]


def tag_libraries() -> dict[str, str]:
    """Each app's templatetag library by the name ``{% load %}`` uses."""
    return {
        path.stem: app
        for app in APPS
        for path in (BASE_DIR / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def templates(app: str) -> Iterator[Path]:
    folders = [BASE_DIR / app / "templates"]
    if app == "core":
        folders += [BASE_DIR / "templates"]
    for folder in folders:
        yield from sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".txt"))


def template_uses(path: Path, libraries: dict[str, str]) -> Iterator[tuple[int, str]]:
    """(line, app) for each library of an app a template loads or app template it uses."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for names in LOAD.findall(line):
            # "{% load a b %}" loads libraries a and b; "{% load x y from lib %}" loads lib.
            words = names.split()
            for name in words[-1:] if "from" in words else words:
                if name in libraries:
                    yield number, libraries[name]
        for folder in INCLUDE_OR_EXTENDS.findall(line):
            if folder in PROJECT:
                yield number, folder


def uses() -> Iterator[tuple[str, Path, int, str]]:
    """(app, file, line, app or package it uses) across the project, itself left out."""
    libraries = tag_libraries()
    for app in APPS:
        for path in python_modules(app):
            for line, other in imported(path):
                if other != app:
                    yield app, path, line, other
        for path in templates(app):
            for line, other in template_uses(path, libraries):
                if other != app:
                    yield app, path, line, other


def test_every_app_of_the_project_has_its_place_in_the_table():
    ours = {c.name for c in apps.get_app_configs() if Path(c.path).parent == BASE_DIR}
    assert ours <= set(MAY_USE), f"add {ours - set(MAY_USE)} to MAY_USE in {__file__}"


def test_no_app_uses_an_app_above_it():
    wrong = [
        f"{path.relative_to(BASE_DIR)}:{line}: {app} uses {other}"
        f" (it may use {', '.join(sorted(MAY_USE[app])) or 'no other app'})"
        for app, path, line, other in uses()
        if other not in MAY_USE[app]
    ]
    assert not wrong, "Uses against the layering of DESIGN.md:\n" + "\n".join(wrong)


def test_no_two_apps_use_each_other():
    where: dict[tuple[str, str], str] = {}
    for app, path, line, other in uses():
        where.setdefault((app, other), f"{path.relative_to(BASE_DIR)}:{line}")
    pairs = [
        f"{a} and {b}: {where[a, b]} and {where[b, a]}"
        for a, b in where
        if a < b and (b, a) in where
    ]
    assert not pairs, "Apps that use each other:\n" + "\n".join(pairs)


def test_the_reader_sees_what_it_must(tmp_path):
    """The readers themselves: an import in a function, a from-import, a load, an include."""
    module = tmp_path / "module.py"
    module.write_text(
        "import os\nfrom pledges.models import Pledge\n\ndef f():\n    import reporting.views\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    assert list(imported(module)) == [(2, "pledges"), (5, "reporting")]
    template = tmp_path / "page.html"
    template.write_text(
        "{% load i18n pledges_tags %}\n{% load figure from numbers %}\n"
        '{% include "toolkit/includes/card.html" %}\n{% include "includes/pagination.html" %}\n',
        encoding="utf-8",
    )
    libraries = {"pledges_tags": "pledges", "numbers": "core"}
    assert list(template_uses(template, libraries)) == [(1, "pledges"), (2, "core"), (3, "toolkit")]
