"""One register of address per language (issue 18, "Languages"): a woman reading her rights in
Ukrainian was addressed as "ти" by the interface and as "ви" by the rights catalogue on the same
page. For each language with a T–V distinction, the interface catalogues (every app's, and the
overrides of Django's messages) and the rights catalogue's translation file must not mix the
familiar and the polite second person.

Registers chosen: Ukrainian polite "ви" (the register of most of the Ukrainian text she reads,
the rights catalogue, and of Ukrainian public services; it also needs no gendered verb forms);
French "vous"; Romanian polite "dumneavoastră" with second-person plural verbs (what its interface
catalogues use; the rights catalogue's drafts were rewritten from "tu" to match); Spanish "tú" and
Polish "ty" (what their catalogues use throughout); European Portuguese avoids the pronoun
(third-person polite forms), and neither list finds anything.
"""

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from django.conf import settings

from harbour.core.languages import catalogue_dirs

# language: (familiar words, polite words). Reasoned exceptions are left out of the lists:
# Polish "państwo" is also "the state" (the rights catalogue's duty bearer), so only "pani/pana/panią"
# mark polite address; Romanian "ta"/"te" are only ever pronouns in these catalogues.
REGISTERS = {
    "uk": ("ти тебе тобі тобою твій твоя твоє твої твого твоєї твоїх твоїм твоїми твоїй твоєму твою твоєю",
           "ви вас вам вами ваш ваша ваше ваші вашого вашої ваших вашим вашими вашій вашому вашу вашою"),
    "fr": ("tu te t' toi ton ta tes", "vous votre vos"),
    "es": ("tú te ti contigo tu tus", "usted ustedes"),
    "pt": ("tu te ti contigo teu tua teus tuas", "você vocês"),
    "pl": ("ty ciebie cię tobie ci tobą twój twoja twoje twoi twojego twojej twoich twoim twoimi twoją twojemu",
           "pani pana panią"),
    "ro": ("tu te ție îți tău ta tale tăi", "dumneavoastră dvs vă vi voastră vostru voștri voastre"),
}
# The register each language must keep (None: either, as long as it is one).
CHOSEN = {"uk": "polite", "fr": "polite", "es": "familiar", "pl": "familiar", "pt": None, "ro": "polite"}
# Ukrainian familiar verbs in the second person singular ("можеш", "отримаєш"), beyond the pronouns.
UK_FAMILIAR_VERB = re.compile(r"(?<![\w'’])\w{2,}(?:еш|єш|иш|їш)(?:ся)?(?![\w'’])")


def _words(words: str) -> re.Pattern:
    return re.compile(r"(?<![\w'’])(" + "|".join(re.escape(w) for w in words.split()) + r")(?![\w])", re.I)


def _strings(language: str):
    """(file, text) of every translation in `language`: interface catalogues and rights file."""
    for directory in catalogue_dirs():
        path = directory / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                for text in message.string if isinstance(message.string, tuple) else (message.string,):
                    if text:
                        yield str(path.relative_to(settings.BASE_DIR)), text
    rights = Path(settings.BASE_DIR) / "harbour/rights/catalogue/translations" / f"{language}.yaml"

    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    if rights.exists():
        for text in walk(yaml.safe_load(rights.read_text(encoding="utf-8"))):
            yield str(rights.relative_to(settings.BASE_DIR)), text


def _found(language: str) -> tuple[list, list]:
    familiar_words, polite_words = (_words(w) for w in REGISTERS[language])
    familiar, polite = [], []
    for where, text in _strings(language):
        hits = familiar_words.findall(text) + (UK_FAMILIAR_VERB.findall(text) if language == "uk" else [])
        familiar += [(where, hit, text[:80]) for hit in hits]
        polite += [(where, hit, text[:80]) for hit in polite_words.findall(text)]
    return familiar, polite


@pytest.mark.parametrize("language", ["uk", "fr", "es", "pt", "pl", "ro"])
def test_one_language_addresses_her_in_one_register(language):
    familiar, polite = _found(language)
    assert not (familiar and polite), (
        f"{language} mixes registers: {len(familiar)} familiar, e.g. {familiar[:3]}; "
        f"{len(polite)} polite, e.g. {polite[:3]}")
    if CHOSEN[language] == "polite":
        assert not familiar, familiar[:5]
    elif CHOSEN[language] == "familiar":
        assert not polite, polite[:5]


def test_the_word_lists_find_what_they_look_for():
    familiar, polite = (_words(w) for w in REGISTERS["uk"])
    assert familiar.findall("Твій код і тобі") == ["Твій", "тобі"] and polite.findall("Ваш код, вам") == ["Ваш", "вам"]
    assert not familiar.findall("титул, вартість, тиша")
    assert UK_FAMILIAR_VERB.findall("Ти можеш і отримаєш") == ["можеш", "отримаєш"]
