"""Numbers, dates and times in her locale, and digits of any script accepted wherever she types a
number or a code (issue 18, items 5 and 6 of "Languages")."""

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.utils import translation

from harbour.core.templatetags.harbour import herdate, herdatetime
from harbour.directory.forms import SearchForm
from harbour.help.forms import HelpRequestForm, StatusCodeForm, StatusForm
from harbour.rights.interview import AnswersForm
from harbour.training.forms import BookingForm, ChangeForm, CodeForm, FilterForm, InvitationForm
from harbour.web.forms import NUMERIC_FIELDS, fold_digits
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests

# Every form she fills in on the public site.
PUBLIC_FORMS = [HelpRequestForm, StatusCodeForm, StatusForm, SearchForm, AnswersForm, BookingForm, ChangeForm,
                CodeForm, FilterForm, InvitationForm]
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
DEVANAGARI = "०१२३४५६७८९"


@pytest.mark.parametrize("digits", [ARABIC_INDIC, EXTENDED_ARABIC_INDIC, DEVANAGARI])
def test_every_script_s_digits_fold_to_ascii_and_nothing_else_changes(digits):
    assert fold_digits(f"+{digits} ب") == "+0123456789 ب"
    assert fold_digits(None) is None


def _sample(field) -> str:
    """A value of the field's kind, typed in ASCII digits."""
    if isinstance(field, forms.DateTimeField):
        return "2026-12-01 18:30"
    if isinstance(field, forms.DateField):
        return "2026-12-01"
    if isinstance(field, forms.TimeField):
        return "18:30"
    return "2"


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", PUBLIC_FORMS, ids=lambda c: c.__name__)
def test_every_number_date_or_time_she_types_takes_any_script_s_digits(form_class):
    form = form_class()
    numeric = {name: field for name, field in form.fields.items() if isinstance(field, NUMERIC_FIELDS)}
    for name, field in numeric.items():
        ascii_value = _sample(field)
        for digits in (ARABIC_INDIC, EXTENDED_ARABIC_INDIC):
            typed = ascii_value.translate(str.maketrans("0123456789", digits))
            assert field.clean(typed) == field.clean(ascii_value), (form_class.__name__, name, typed)
        # A browser's number box drops digits it does not know: a text box with a numeric keyboard.
        assert getattr(field.widget, "input_type", "") != "number", (form_class.__name__, name)
        assert field.widget.attrs.get("inputmode") == "numeric", (form_class.__name__, name)


def test_the_booking_form_has_numbers_to_check():
    assert {"places", "children"} <= {n for n, f in BookingForm().fields.items() if isinstance(f, NUMERIC_FIELDS)}


@pytest.mark.django_db
def test_the_workshop_invitation_form_has_a_number_to_check():
    assert "expected_people" in {n for n, f in InvitationForm().fields.items() if isinstance(f, NUMERIC_FIELDS)}


@pytest.mark.django_db
def test_a_phone_number_in_arabic_indic_digits_reaches_the_caseworker_as_digits_she_dials(sealed_a, org_a):  # noqa: F811
    organisation = org_a
    form = HelpRequestForm(data={"organisation": str(organisation.public_id), "needs": ["housing"],
                                 "contact_channel": "phone", "contact_value": "+٤٤ ٢٠ ۷۹۴۶ ٠٠٠٠"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_value"] == "+44 20 7946 0000"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "1 December 2026"), ("ar", "1 ديسمبر 2026"), ("pl", "1 grudnia 2026"), ("ti", "ታሕሳስ 1, 2026"),
    ("so", "Diseembar 1, 2026"), ("pt", "1 de dezembro de 2026"),
])
def test_dates_are_written_as_her_language_writes_them(language, expected):
    with translation.override(language):
        assert herdate(dt.date(2026, 12, 1)) == expected


def test_a_workshop_start_keeps_its_own_time_zone_and_a_utc_time_is_shown_in_the_site_s():
    utc = dt.datetime(2026, 7, 1, 16, 30, tzinfo=dt.UTC)
    madrid = utc.astimezone(zoneinfo.ZoneInfo("Europe/Madrid"))
    with translation.override("es"):
        assert herdatetime(madrid).endswith("18:30")
        assert herdatetime(utc).endswith("17:30")  # Europe/London in summer
    assert herdate(None) == "" and herdatetime(None) == ""
