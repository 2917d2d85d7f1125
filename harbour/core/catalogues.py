"""Harbour's gettext catalogues, read, checked and compiled with Babel (no GNU gettext).

`make run` must work on a fresh machine with only Python, and Django's compilemessages needs
the msgfmt program, so `compile_catalogues` uses Babel's reader and .mo writer instead.

Review state (issue 18, item 3). The .po files are the only source of truth, in a form
Weblate and Pontoon read and write:

- the catalogue header `X-Harbour-Review: draft|reviewed` gives the state of the whole file;
- a translated entry is *reviewed* when the header says `reviewed`, or when it carries the
  translator comment `# reviewed` (a reviewer adds it, line by line, in Weblate's or
  Pontoon's comment field; msgmerge and `make messages` keep translator comments, whereas
  extracted `#.` comments are rewritten from the code);
- every other translated entry is a *draft*; a fuzzy or empty entry is not translated at all
  (msgfmt and Babel leave it out of the .mo, and she sees English).
"""

import gettext
import re
from email.parser import HeaderParser
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import python_format
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, PoFileParser

REVIEW_HEADER = "X-Harbour-Review"
REVIEW_STATES = ("draft", "reviewed")
REVIEWED_COMMENT = "reviewed"
# CLDR's plural categories in the order gettext indices follow them.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
# The counts Harbour shows (services found, places left, days): plural rules are compared on these.
PLURAL_SAMPLE = range(0, 1001)
# Django's "pt" catalogues are European Portuguese; CLDR's "pt" is Brazilian (where 0 is "one").
CLDR_LOCALE = {"pt": "pt_PT"}


class CatalogueError(ValueError):
    """A catalogue that cannot be read: the message names the file and the line."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")


class _HarbourCatalog(Catalog):
    """Babel's Catalog keeps only the headers it knows; this one also keeps the raw header
    fields, so Harbour's own `X-Harbour-Review` can be read."""

    header_fields: dict[str, str]

    def __setitem__(self, id, message):
        if not id:
            parsed = HeaderParser().parsestr(message.string if isinstance(message.string, str) else "")
            self.header_fields = {name: value.strip() for name, value in parsed.items()}
        super().__setitem__(id, message)


def read_catalogue(path: Path) -> Catalog:
    """The catalogue at `path` (a .po file), obsolete entries left out.

    Returns a Babel `Catalog` with one more attribute, `header_fields` ({name: value} of the
    header entry, {} without one). Raises CatalogueError naming file and line when the file
    does not parse.
    """
    catalog = _HarbourCatalog()
    catalog.header_fields = {}
    parser = PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True)
    try:
        with Path(path).open("rb") as handle:
            parser.parse(handle)
    except PoFileError as error:
        raise CatalogueError(path, error.lineno + 1, str(error).rsplit(" on ", 1)[0]) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise CatalogueError(path, 0, str(error)) from None
    return catalog


def header_fields(po_path: Path) -> dict[str, str]:
    """The header of the catalogue at `po_path` as {field name: value}."""
    return read_catalogue(po_path).header_fields


def is_translated(message: Message) -> bool:
    """True when every form of the entry has a translation and it is not fuzzy (what the .mo keeps)."""
    if not message.id or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return bool(strings) and all(strings)


def entry_review_state(message: Message, catalogue_state: str | None) -> str | None:
    """'reviewed', 'draft', or None for an entry that is not translated (module docstring)."""
    if not is_translated(message):
        return None
    marked = any(comment.strip().lower() == REVIEWED_COMMENT for comment in message.user_comments)
    return "reviewed" if marked or catalogue_state == "reviewed" else "draft"


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po at `po_path` and return its path. Fuzzy entries and entries
    missing any translation are left out, as msgfmt does. Raises CatalogueError."""
    catalog = read_catalogue(po_path)
    for message in list(catalog):
        if message.id and not is_translated(message):
            catalog.delete(message.id, context=message.context)
    mo_path = Path(po_path).with_suffix(".mo")
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog)
    return mo_path


def language_of(po_path: Path) -> str:
    """The locale name of a catalogue from its place, `<dir>/LC_MESSAGES/<domain>.po`: 'fa_AF'."""
    return Path(po_path).parent.parent.name


def _expected_plural(locale_name: str) -> tuple[int, list[int]]:
    """(number of forms, form index for each count in PLURAL_SAMPLE) as CLDR gives them.

    Babel's gettext table (get_plural) gives the number of forms; where it counts as many forms
    as CLDR has categories for whole numbers, the indices come from CLDR's rule itself (Babel's
    table has an Arabic expression that disagrees with CLDR for 11-99 and 100-102, and a
    Tigrinya one that disagrees for 0). Where the
    gettext convention keeps fewer forms (Farsi: one), the table's expression is the rule.
    """
    table = get_plural(locale_name)
    rule = Locale.parse(CLDR_LOCALE.get(locale_name, locale_name)).plural_form
    categories = [rule(n) for n in PLURAL_SAMPLE]
    present = [tag for tag in CLDR_ORDER if tag in set(categories)]
    if len(present) == table.num_plurals:
        return table.num_plurals, [present.index(tag) for tag in categories]
    evaluate = gettext.c2py(table.plural_expr)
    return table.num_plurals, [evaluate(n) for n in PLURAL_SAMPLE]


def plural_faults(po_path: Path) -> list[str]:
    """Sentences naming what is wrong with the catalogue's plurals, [] when nothing is:
    a Plural-Forms header that disagrees with CLDR's rule for the catalogue's language
    (number of forms, or the form chosen for any count 0-1000), or an entry that does not
    give exactly the declared forms."""
    catalog = read_catalogue(po_path)
    header = catalog.header_fields.get("Plural-Forms", "")
    faults = []
    try:
        declared = int(header.split("nplurals=")[1].split(";")[0])
        expression = header.split("plural=")[1].rsplit(";", 1)[0] if header.rstrip().endswith(";") else (
            header.split("plural=")[1])
        evaluate = gettext.c2py(expression.strip())
    except (IndexError, ValueError) as error:
        return [f"{po_path}: Plural-Forms header {header!r} cannot be read ({error})"]
    forms, indices = _expected_plural(language_of(po_path))
    if declared != forms:
        faults.append(f"{po_path}: declares {declared} plural forms; CLDR gives {forms}")
    else:
        wrong = [n for n, index in zip(PLURAL_SAMPLE, indices, strict=True) if evaluate(n) != index]
        if wrong:
            faults.append(f"{po_path}: the plural rule disagrees with CLDR for {len(wrong)} counts, first {wrong[0]}")
    for message in catalog:
        if message.pluralizable and is_translated(message) and len(message.string) != declared:
            faults.append(f"{po_path}: {message.id[0]!r} gives {len(message.string)} forms, the header declares {declared}")
    return faults


_NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _named(text: str) -> set[str]:
    return set(_NAMED_PLACEHOLDER.findall(text or ""))


def placeholder_faults(po_path: Path) -> list[str]:
    """Sentences naming each translated python-format entry whose placeholders differ from the
    English (Babel's python_format checker: same named placeholders, same types)."""
    catalog = read_catalogue(po_path)
    faults = []
    for message in catalog:
        if not is_translated(message) or "python-format" not in message.flags:
            continue
        if message.pluralizable:
            # A language's plural forms do not map one to one onto English's two (Ukrainian's
            # first form also serves 21, 31, ...), so each form may use any placeholder of the
            # English singular or plural, and no other.
            allowed = _named(message.id[0]) | _named(message.id[1])
            for index, form in enumerate(message.string):
                if extra := _named(form) - allowed:
                    faults.append(f"{po_path}:{message.lineno}: form {index} names {sorted(extra)}, "
                                  "which the English does not")
            continue
        try:
            python_format(catalog, message)
        except TranslationError as error:
            faults.append(f"{po_path}:{message.lineno}: {error}")
    return faults
