"""Translation coverage per language and catalogue, its floors and docs/translations.md (issue 18, item 3)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from harbour.core.languages import interface_coverage
from harbour.core.management.commands.translation_coverage import (
    DOCS_FILE,
    FLOORS_FILE,
    gather,
    read_floors,
    render_docs,
)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Harbour-Review: {state}\\n"\n\n'


def write(root: Path, locale: str, state: str, body: str) -> None:
    po = root / locale / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER.format(state=state) + body, encoding="utf-8")


def test_docs_translations_md_is_in_step_with_the_catalogues():
    expected = render_docs(gather(), read_floors(Path(settings.BASE_DIR) / FLOORS_FILE))
    written = (Path(settings.BASE_DIR) / DOCS_FILE).read_text(encoding="utf-8")
    assert written == expected, "run: python manage.py translation_coverage --write-docs"


def test_every_language_is_at_or_above_its_declared_floor(capsys):
    call_command("translation_coverage")
    assert "every language at or above its floor" in capsys.readouterr().out


def test_a_language_below_its_floor_fails_the_command_naming_it(tmp_path):
    floors = tmp_path / "coverage.toml"
    # Somali's staff pages are left in English (public pages only), so it stays below 100%.
    floors.write_text("[interface]\nes = 100\nso = 100\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"interface: so is at \d+% \(\d+/\d+\), below its declared 100%"):
        call_command("translation_coverage", floors=floors)


@pytest.mark.parametrize("content", ["[interface]\nxx = 10\n", "[interface]\nes = 101\n", "[interface]\nes = '9'\n"])
def test_a_floors_file_with_an_unknown_language_or_a_bad_share_is_refused(tmp_path, content):
    floors = tmp_path / "coverage.toml"
    floors.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        read_floors(floors)


def test_coverage_counts_drafts_reviewed_entries_and_dari_falls_back_to_farsi(tmp_path):
    write(tmp_path, "fa", "draft", '# reviewed\nmsgid "One"\nmsgstr "یک"\n\nmsgid "Two"\nmsgstr "دو"\n\n'
                                   'msgid "Three"\nmsgstr ""\n\n#, fuzzy\nmsgid "Four"\nmsgstr "چهار"\n')
    write(tmp_path, "fa_AF", "draft", 'msgid "Three"\nmsgstr "سه"\n')
    with override_settings(LOCALE_PATHS=[tmp_path]):
        rows = {row.language: row for row in interface_coverage(["fa", "fa-af", "pl"]) if row.catalogue == str(tmp_path)}
    assert (rows["fa"].total, rows["fa"].reviewed, rows["fa"].draft) == (4, 1, 1)
    assert (rows["fa-af"].total, rows["fa-af"].reviewed, rows["fa-af"].draft) == (4, 1, 2)
    assert rows["pl"].missing_file and rows["pl"].translated == 0


def test_rights_coverage_counts_entries_by_their_review_field():
    rows = {row.language: row for row in gather()["rights"]}
    assert set(rows) == {code for code, _ in settings.LANGUAGES} - {"en"}
    assert rows["fr"].draft >= 14 and rows["fr"].total >= rows["fr"].translated
    # Dari has no rights entries of its own (its readers get Farsi's).
    assert rows["fa-af"].translated == 0
