import pytest

from harbour.rights.catalogue import get_catalogue


@pytest.fixture
def untranslate(monkeypatch):
    """untranslate(*ids): the entries (or "<instrument>/<note>" keys) lose every translation for
    this test, as in a catalogue part-way through translation. The fifteen content languages
    are complete today, so the handling of English-only content is tested against this."""
    catalogue = get_catalogue()

    def drop(*ids: str) -> None:
        for key in ids:
            texts = (catalogue.entries[key].texts if key in catalogue.entries
                     else catalogue.instrument_note_texts[key])
            for language in [code for code in texts if code != "en"]:
                monkeypatch.delitem(texts, language)

    return drop


@pytest.fixture
def half_untranslated(untranslate):
    """Every other entry, and every instrument's notes, lose their translations."""
    catalogue = get_catalogue()
    untranslate(*[entry.id for entry in sorted(catalogue.entries.values(), key=lambda e: e.id)[::2]])
    untranslate(*catalogue.instrument_note_texts)
