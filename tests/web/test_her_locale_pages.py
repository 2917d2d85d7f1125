# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Numbers, dates and times on the pages she reads, in her language's digits (CLDR's default
numbering system, through Babel), lists joined as her language joins them; codes, phone numbers
and postcodes exactly as she must type or dial them (issue 18, item 6 of "Languages")."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from harbour.core.formats import her_date, her_datetime
from harbour.core.numbers import DIGITS, her_digits, her_list, her_number, numbering_system
from harbour.firewall.models import Consent
from tests.directory.factories import LEGAL, add_claim, make_service
from tests.firewall.fixtures import admin_b, partner_b, sealed_a, sealed_b  # noqa: F401
from tests.firewall.helpers import login, today
from tests.help.test_journey import code_in
from tests.training.conftest import course, make_session  # noqa: F401

# CLDR 47 (Babel 2.18), checked by hand against common/main/*.xml <defaultNumberingSystem>: a new
# CLDR that changes one of these fails here, so the change is read before it ships.
CLDR_DEFAULT = {"en": "latn", "ar": "latn", "es": "latn", "fr": "latn", "pt": "latn", "fa": "arabext",
                "fa-af": "arabext", "ps": "arabext", "ur": "latn", "ckb": "arab", "ti": "latn", "so": "latn",
                "sq": "latn", "uk": "latn", "pl": "latn", "ro": "latn"}
PAGE_LANGUAGES = ["en", "ar", "fa", "ps", "ur"]
LATIN = set("0123456789")
NOT_LATIN = set(DIGITS["arab"] + DIGITS["arabext"])


def digits_of(text: str) -> set[str]:
    return {ch for ch in text if ch.isdecimal()}


def test_every_language_has_cldr_s_default_digits():
    assert {code: numbering_system(code) for code, _ in settings.LANGUAGES} == CLDR_DEFAULT


@pytest.mark.parametrize(("language", "number", "written"), [
    ("en", 1234.5, "1,234.5"), ("fa", 1234.5, "۱٬۲۳۴٫۵"), ("ps", 120, "۱۲۰"), ("ckb", 120, "١٢٠"),
    ("ar", 120, "120"), ("ur", 120, "120"), ("uk", 1234, "1\xa0234"),
])
def test_numbers_are_written_in_her_digits_and_symbols(language, number, written):
    assert her_number(number, language) == written


@pytest.mark.parametrize(("language", "joined"), [
    ("en", "Contact, Needs and Story"), ("fa", "Contact،\u200f Needs، و Story"), ("ps", "Contact، Needs، او Story"),
])
def test_lists_take_her_language_s_pattern(language, joined):
    assert her_list(["Contact", "Needs", "Story"], language) == joined


def test_markup_keeps_its_ascii_digits_and_unsafe_items_are_escaped():
    assert her_digits(mark_safe('<b class="h1">3</b> &#x27;4&#39;'), "fa") == '<b class="h1">۳</b> &#x27;۴&#39;'
    assert her_list(["<b>", "a"], "en") == "&lt;b&gt; and a"


def _status_page(client, caseworker_a, partner_b, org_a, language):
    response = client.post(f"/{language}/help/", {"organisation": str(org_a.public_id), "needs": ["safety"],
                                                  "message_ok": "no", "contact_channel": "check_back"})
    code = code_in(response)
    caseworker = login(caseworker_a)
    from harbour.help.models import HelpRequest

    help_request = HelpRequest.objects.get()
    assert help_request.language == language
    caseworker.post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "recipient": str(partner_b.public_id), "categories": ["identity", "contact", "needs"],
        "purpose": "support", "expires_on": (today() + datetime.timedelta(days=30)).isoformat(),
        "method": "phone", "language": language, "interpreter": ""})
    caseworker.post(reverse("help_staff:share", args=[Consent.objects.get().public_id]))
    return unescape(client.post(f"/{language}/help/status/", {"code": code}).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_status_page_gives_dates_in_her_digits_and_lists_in_her_pattern(
        client, sealed_a, caseworker_a, partner_b, org_a, language):
    html = _status_page(client, caseworker_a, partner_b, org_a, language)
    with translation.override(language):
        shared_on = her_date(today())
        until = her_date(today() + datetime.timedelta(days=30))
        # The disclosure's categories in their stored order: contact, identity, needs.
        labels = [gettext(label) for label in ("Contact details", "Name", "Kinds of help asked for")]
    assert shared_on in html and until in html
    expected_digits = LATIN if CLDR_DEFAULT[language] == "latn" else set(DIGITS[CLDR_DEFAULT[language]])
    assert digits_of(shared_on) <= expected_digits
    # The categories shared, joined as her language joins a list: no Latin comma in Arabic script.
    shared = re.search(r"<li>[^<]*· " + re.escape(shared_on) + r" · ([^<]*)</li>", html)
    assert shared, "the disclosure line is missing"
    assert shared.group(1).strip() == unescape(her_list(labels, language))
    if language != "en":
        assert ", " not in shared.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_booking_confirmation_gives_the_seat_and_the_start_in_her_digits(admin_a, course, sealed_a, language):
    session = make_session(admin=admin_a, course=course, capacity=30)
    from harbour.training import services

    for _ in range(11):  # she takes seat 12: two digits, so a reversed number would show
        services.booking_create(session=session, places=1, language="en")
    client = Client()
    with translation.override(language):
        path = reverse("training:session", args=[session.public_id])
    page = client.get(path).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    html = unescape(client.post(path, {"places": "1", "children": "0", "once": once}).content.decode())
    with translation.override(language):
        seat = gettext("Your seat number is %(seat)s.") % {"seat": her_number(12)}
        start = her_datetime(session.local_start())
        left = ngettext("%(n)s place left", "%(n)s places left", 18) % {"n": her_number(18)}
    assert seat in html, seat
    assert start in html and left in html
    if CLDR_DEFAULT[language] != "latn":
        assert "12" not in seat and "18" not in left and not digits_of(start) & LATIN
    else:
        assert "12" in seat


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_figures_page_gives_counts_in_her_digits(client, admin_a, org_a, language):
    from tests.impact.test_public_page import publish_a_quarter

    publish_a_quarter(admin_a, org_a)
    html = client.get(f"/{language}/figures/?period=2025-Q1").content.decode()
    cells = re.findall(r'<td><bdi dir="ltr">([^<]+)</bdi></td>', html)
    assert cells, "no figures"
    with translation.override(language):
        assert her_number(120) in cells
    digits = set().union(*(digits_of(c) for c in cells))
    if CLDR_DEFAULT[language] == "latn":
        assert digits <= LATIN
    else:
        assert digits and digits <= set(DIGITS[CLDR_DEFAULT[language]])
    # The period in the address is a code, not a figure: it stays as typed.
    assert "period=2025-Q1" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_service_page_gives_dates_and_hours_in_her_digits_and_the_phone_as_dialled(client, language):
    service = make_service(name="Shelter", terms=[LEGAL], phones=["+44 20 7946 0000"],
                           hours=("09:00", "17:30", "MO,TU,WE,TH,FR,SA,SU"))
    claim = add_claim(service, "women_only", verified_days_ago=12)
    html = unescape(client.get(f"/{language}/services/{service.pk}/").content.decode())
    assert "+44 20 7946 0000" in html
    with translation.override(language):
        checked = her_date(claim.verified_at, "medium")
        hours = her_digits("09:00")
    assert checked in html, checked
    assert hours in html
    if CLDR_DEFAULT[language] != "latn":
        assert "09:00" not in html and not digits_of(checked) & LATIN


@pytest.mark.django_db
@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_rights_questions_count_in_her_digits(client, language):
    html = unescape(client.get(f"/{language}/rights/").content.decode())
    step = re.search(r'<p class="step">([^<]+)</p>', html).group(1)
    with translation.override(language):
        one = her_number(1)
    assert one in step
    if CLDR_DEFAULT[language] != "latn":
        assert not digits_of(step) & LATIN
