import gettext
from pathlib import Path

import pytest
from django.conf import settings

from harbour.core.catalogues import CatalogueError, compile_catalogue, header_fields

PO = '''# comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Harbour-Review: draft\\n"

msgid "Quick exit"
msgstr "Salida rápida"

msgctxt "button"
msgid "Send"
msgstr "Enviar"

msgid "one day"
msgid_plural "%(n)s days"
msgstr[0] "un día"
msgstr[1] "%(n)s días"

#, fuzzy
msgid "Unsure"
msgstr "Inseguro"

msgid "Untranslated"
msgstr ""

msgid ""
"A long "
"line with a \\"quote\\""
msgstr "Una línea "
"larga con \\"comillas\\""
'''


def compiled(tmp_path: Path) -> gettext.GNUTranslations:
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    with compile_catalogue(po).open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_compiled_catalogue_reads_back_with_the_standard_library(tmp_path):
    t = compiled(tmp_path)
    assert t.gettext("Quick exit") == "Salida rápida"
    assert t.pgettext("button", "Send") == "Enviar"
    assert t.ngettext("one day", "%(n)s days", 1) == "un día"
    assert t.ngettext("one day", "%(n)s days", 3) == "%(n)s días"
    assert t.gettext('A long line with a "quote"') == 'Una línea larga con "comillas"'


def test_fuzzy_and_empty_translations_are_left_out(tmp_path):
    t = compiled(tmp_path)
    assert t.gettext("Unsure") == "Unsure"
    assert t.gettext("Untranslated") == "Untranslated"


def test_header_fields_are_read(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    assert header_fields(po)["X-Harbour-Review"] == "draft"


def test_a_broken_catalogue_names_file_and_line(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"django.po:2"):
        compile_catalogue(po)


@pytest.mark.parametrize("code", settings.UI_TRANSLATION_DRAFTS)
def test_every_draft_ui_catalogue_is_marked_draft_in_its_header(code):
    po = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
    assert header_fields(po)["X-Harbour-Review"] == "draft"


def test_every_catalogue_in_harbour_declares_its_review_state():
    from harbour.core.management.commands.compile_catalogues import catalogue_dirs

    states = {}
    for directory in catalogue_dirs():
        for po in directory.glob("*/LC_MESSAGES/django.po"):
            states[str(po.relative_to(settings.BASE_DIR))] = header_fields(po).get("X-Harbour-Review")
    assert len(states) >= 10
    assert {path: state for path, state in states.items() if state not in {"draft", "reviewed"}} == {}
