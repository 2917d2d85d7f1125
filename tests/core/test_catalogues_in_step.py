"""Every string the code marks for translation is in its catalogue.

A walk-through found eight messages shown in English in every language: they had been added to
the code after the catalogues were last extracted (`make messages`), so no catalogue held them
and the coverage count (read from the catalogues) did not see them missing. This test extracts
the code's messages with Babel (templates through Django's own `templatize`, as makemessages
does) and compares them with the Spanish catalogues, which must hold every string (locale/
coverage.toml: es = 100).
"""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None,
            "ngettext": (1, 2), "ngettext_lazy": (1, 2), "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "npgettext_lazy": ((1, "c"), 2, 3)}
APPS_WITH_CATALOGUES = sorted(path.parent for path in (ROOT / "harbour").glob("*/locale"))


def _sources(root: Path, leave_out: list[Path]):
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or any(path.is_relative_to(p) for p in leave_out):
            continue
        if "migrations" in path.parts or "locale" in path.parts:
            continue
        yield path


def _messages(path: Path) -> set:
    """(context or None, msgid) of every message marked in `path`."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        if "{%" not in text:
            return set()
        text = templatize(text, origin=str(path))
    found = set()
    for _line, message, _comments, context in extract("python", io.BytesIO(text.encode()), keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.add((context, msgid))
    return found


def _catalogue(directory: Path) -> set:
    """(context or None, msgid) of every entry of the Spanish catalogue in `directory` that
    gettext will use: translated and not marked fuzzy (a fuzzy entry is shown in English)."""
    with (directory / "es" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in read_po(handle)
                if m.id and m.string and not m.fuzzy}


@pytest.mark.parametrize("app", [None, *APPS_WITH_CATALOGUES], ids=lambda a: "locale" if a is None else a.name)
def test_every_marked_string_is_in_its_catalogue(app):
    if app is None:
        sources = list(_sources(ROOT / "harbour", APPS_WITH_CATALOGUES)) + list(_sources(ROOT / "config", []))
        directory = ROOT / "locale"
    else:
        sources = list(_sources(app, []))
        directory = app / "locale"
    marked = set().union(*(_messages(path) for path in sources))
    missing = sorted(msgid for _context, msgid in marked - _catalogue(directory))
    assert not missing, f"not in {directory.relative_to(ROOT)} (run `make messages`): {missing[:10]}"
