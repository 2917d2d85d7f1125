"""How much of the rights catalogue each language has, and in what review state (issue 18,
item 3): one line per language for `manage.py translation_coverage`."""

from django.conf import settings

from harbour.core.languages import Coverage
from harbour.rights.catalogue import CATALOGUE_DIR, get_catalogue


def rights_coverage() -> list[Coverage]:
    """One Coverage per language other than English: `total` is the number of rights entries,
    `reviewed`/`draft` count the entries with a text in that language by their `review` field.
    Entries with no text in the language are missing (she sees English with a notice)."""
    catalogue = get_catalogue()
    where = str(CATALOGUE_DIR.relative_to(settings.BASE_DIR))
    result = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        coverage = Coverage(language=code, catalogue=where, total=len(catalogue.entries))
        for entry_id, entry in sorted(catalogue.entries.items()):
            text = entry.texts.get(code)
            if text is None:
                continue
            if text.review == "reviewed":
                coverage.reviewed += 1
            else:
                coverage.draft += 1
                coverage.draft_ids.append(entry_id)
        result.append(coverage)
    return result
