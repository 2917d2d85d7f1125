import gettext
from pathlib import Path

import pytest
from django.conf import settings

from harbour.core.catalogues import (
    CatalogueError,
    compile_catalogue,
    entry_review_state,
    header_fields,
    placeholder_faults,
    plural_faults,
    read_catalogue,
)
from harbour.core.languages import catalogue_dirs

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
    po.write_text('msgid "x"\nmsgstr "y"\nnonsense "z"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"django.po:3"):
        compile_catalogue(po)


def test_a_plural_entry_missing_a_form_is_left_out_not_half_english(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO + 'msgid "a place"\nmsgid_plural "%(n)s places"\nmsgstr[0] "un sitio"\nmsgstr[1] ""\n',
                  encoding="utf-8")
    with compile_catalogue(po).open("rb") as handle:
        t = gettext.GNUTranslations(handle)
    assert t.ngettext("a place", "%(n)s places", 1) == "a place"
    assert t.ngettext("a place", "%(n)s places", 4) == "%(n)s places"


def every_catalogue() -> list[Path]:
    return sorted(po for directory in catalogue_dirs() for po in directory.glob("*/LC_MESSAGES/django.po"))


def test_every_catalogue_in_harbour_declares_its_review_state():
    states = {str(po.relative_to(settings.BASE_DIR)): header_fields(po).get("X-Harbour-Review")
              for po in every_catalogue()}
    assert len(states) >= 10
    assert {path: state for path, state in states.items() if state not in {"draft", "reviewed"}} == {}


def test_every_catalogue_declares_the_cldr_plural_rule_of_its_language_and_gives_each_form():
    assert every_catalogue()
    assert [fault for po in every_catalogue() for fault in plural_faults(po)] == []


def test_every_catalogue_keeps_the_placeholders_of_the_english():
    assert [fault for po in every_catalogue() for fault in placeholder_faults(po)] == []


@pytest.mark.parametrize(("language", "header"), [
    ("es", "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"),  # Django's, not CLDR's
    ("ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
           "n%100>=0 && n%100<=2 ? 4 : 5);"),  # Babel's table: 11 comes out as "other"
    ("pl", "nplurals=2; plural=(n != 1);"),
    ("fr", "nplurals=2; plural=(n != 1);"),  # French says "0 service", singular
])
def test_a_plural_rule_that_disagrees_with_cldr_is_named(tmp_path, language, header):
    po = tmp_path / language / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {header}\\n"\n', encoding="utf-8")
    assert len(plural_faults(po)) == 1


def test_cldr_plural_rules_pass_for_each_language(tmp_path):
    rules = {"ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
             "fr": "nplurals=2; plural=(n > 1);", "fa": "nplurals=1; plural=0;", "pt": "nplurals=2; plural=(n != 1);",
             "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
    for language, header in rules.items():
        po = tmp_path / language / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_text(f'msgid ""\nmsgstr ""\n"Plural-Forms: {header}\\n"\n', encoding="utf-8")
        assert plural_faults(po) == [], language


def test_a_translation_that_changes_a_placeholder_is_named(tmp_path):
    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO + '#, python-format\nmsgid "%(count)s left"\nmsgstr "quedan %(cuenta)s"\n', encoding="utf-8")
    faults = placeholder_faults(po)
    assert len(faults) == 1 and "cuenta" in faults[0]


def test_review_state_comes_from_the_header_and_the_reviewed_comment(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO + '# reviewed\nmsgid "Checked"\nmsgstr "Revisado"\n', encoding="utf-8")
    catalog = read_catalogue(po)
    states = {m.id: entry_review_state(m, "draft") for m in catalog if m.id}
    assert states["Checked"] == "reviewed"
    assert states["Quick exit"] == "draft"
    assert states["Unsure"] is None and states["Untranslated"] is None
    assert entry_review_state(catalog["Quick exit"], "reviewed") == "reviewed"


def test_a_plural_form_may_use_the_english_plurals_placeholder_but_no_other(tmp_path):
    po = tmp_path / "uk" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);\\n"\n\n'
    entry = ('#, python-format\nmsgid "Checked yesterday."\nmsgid_plural "Checked %(days)s days ago."\n'
             'msgstr[0] "Перевірено %(days)s день тому."\nmsgstr[1] "Перевірено %(days)s дні тому."\n'
             'msgstr[2] "Перевірено %(name)s днів тому."\n')
    po.write_text(header + entry, encoding="utf-8")
    assert [fault.split(": ", 1)[1] for fault in placeholder_faults(po)] == [
        "form 2 names ['name'], which the English does not"]
