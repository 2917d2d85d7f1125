"""Django's own form messages in the register Harbour speaks to her (issue 18, item 5 of
"Languages"): Harbour's overrides (locale_overrides/, first in LOCALE_PATHS) win over Django's."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import to_locale

from harbour.core.catalogues import is_translated, read_catalogue

OVERRIDES = Path(settings.BASE_DIR) / "locale_overrides"
# Dari reads Farsi's overrides (gettext falls back from fa_AF to fa).
LANGUAGES = [code for code, _name in settings.LANGUAGES if code not in (settings.LANGUAGE_CODE, "fa-af")]


def test_the_overrides_come_first():
    assert Path(settings.LOCALE_PATHS[0]) == OVERRIDES


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_override_is_what_the_site_says_in_that_language(code):
    catalog = read_catalogue(OVERRIDES / to_locale(code) / "LC_MESSAGES" / "django.po")
    entries = [m for m in catalog if m.id]
    assert len(entries) >= 12
    with translation.override(code):
        for message in entries:
            assert is_translated(message), (code, message.id)
            if message.pluralizable:
                # Harbour's overrides say it the same way for every count ("Largest: 4000. You wrote: 4012").
                assert len(set(message.string)) == 1
                assert translation.ngettext(message.id[0], message.id[1], 7) == message.string[0], (code, message.id)
            else:
                assert translation.gettext(message.id) == message.string, (code, message.id)


@pytest.mark.parametrize(("code", "expected"), [
    ("ar", "اكتبي عنوان بريد إلكتروني صحيحًا."), ("es", "Escribe una dirección de correo electrónico válida."),
    ("ti", "ቅኑዕ ኣድራሻ ኢመይል ጽሓፊ።"), ("fa-af", "یک نشانی ایمیل درست بنویسید."),
])
def test_django_s_own_validator_speaks_to_her(code, expected):
    with translation.override(code):
        with pytest.raises(ValidationError) as raised:
            validate_email("not an address")
        assert raised.value.messages == [expected]


def test_arabic_addresses_her_in_the_feminine():
    with translation.override("ar"):
        assert translation.gettext("Enter a whole number.") == "اكتبي عددًا صحيحًا."
        # Django's own Arabic is in the masculine imperative ("أدخل").
        assert "أدخل" not in translation.gettext("Enter a valid email address.")
