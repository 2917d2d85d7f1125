import gzip
import logging
import re

import pytest
from django.urls import reverse

from harbour.core.models import AuditEntry
from harbour.directory.models import Claim, Service
from tests.directory.factories import LEGAL, add_claim, make_service, translation
from tests.web.test_shell import BUDGET, NEUTRAL_FORBIDDEN, parse, static_bytes

SEARCH = "/en/services/"


def gz_size(client, response) -> int:
    html = response.content
    assets = parse(html.decode())
    total = html + b"".join(static_bytes(u) for u in assets.stylesheets + assets.scripts)
    return len(gzip.compress(total, compresslevel=9))


@pytest.mark.django_db
def test_the_search_page_is_named_for_other_apps_and_neutral(client):
    assert reverse("directory:search") == SEARCH
    response = client.get(SEARCH)
    assert response.status_code == 200
    title = parse(response.content.decode()).title
    assert not NEUTRAL_FORBIDDEN.search(title)
    assert '<form method="post"' in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_links_to_the_search(client):
    assert f'href="{SEARCH}"' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_a_search_explains_why_each_result_matches_and_how_fresh_it_is(client):
    service = make_service(name="Legal advice", terms=[LEGAL], languages=["ar"], lat=51.52, lng=-0.10)
    add_claim(service, Claim.Kind.FIREWALL_PLEDGE, method="phone")
    Service.objects.filter(pk=service.pk).update(last_verified_at=service.last_modified, last_verified_method="visit")
    response = client.post(SEARCH, {"need": str(LEGAL), "language": "ar", "place": "London", "distance": "10",
                                    "firewall_pledge": "on"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 service found" in html
    assert "Offers: Legal advice." in html
    assert "About 2.4 km from London (United Kingdom)." in html
    assert "Confirmed: Does not share information with immigration enforcement and does not check status." in html
    assert "checked by phone" in html
    assert "Last checked by a visit" in html
    assert "Last edited" in html


@pytest.mark.django_db
def test_she_can_name_her_place_in_arabic(client):
    make_service(name="Near", lat=51.52, lng=-0.10)
    make_service(name="Far", lat=53.48, lng=-2.24)
    html = client.post("/ar/services/", {"place": "لندن", "distance": "10"}, follow=True).content.decode()
    assert "Near" in html and "Far" not in html


@pytest.mark.django_db
def test_an_unknown_place_is_said_plainly(client):
    html = client.post(SEARCH, {"place": "Atlantis"}, follow=True).content.decode()
    assert "We do not know that place" in html


@pytest.mark.django_db
def test_her_place_and_words_are_not_logged_stored_or_put_in_an_address(client, caplog):
    make_service(name="Somewhere")
    audit_before = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = client.post(SEARCH, {"q": "hiddenword", "place": "Leeds"}, follow=True)
    assert response.status_code == 200
    assert "hiddenword" not in caplog.text and "Leeds" not in caplog.text
    assert AuditEntry.objects.count() == audit_before
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies and "hb_session" not in response.cookies
    # Paging goes on by POST too: no result link carries her query.
    assert "hiddenword" not in "".join(re.findall(r'href="([^"]+)"', response.content.decode()))


@pytest.mark.django_db
def test_a_results_page_fits_the_budget(client):
    for n in range(12):
        service = make_service(name=f"Service number {n}", description="Advice and support " * 20,
                               languages=["ar", "fa", "en"])
        add_claim(service, Claim.Kind.WOMEN_ONLY)
        add_claim(service, Claim.Kind.FIREWALL_PLEDGE)
    response = client.post(SEARCH, {"q": "advice", "place": "London", "distance": "50"}, follow=True)
    assert "12 services found" in response.content.decode()
    assert gz_size(client, response) <= BUDGET


@pytest.mark.django_db
def test_a_confidential_address_never_reaches_a_page(client):
    service = make_service(name="Safe house", lat=51.6012, lng=-0.2034, confidential={
        "confidential": True, "coarse_area": "North London", "coarse_latitude": 51.57,
        "coarse_longitude": -0.1, "gatekeeper_phone": "+44 20 7946 0999"})
    pages = [client.post(SEARCH, {"q": "safe"}, follow=True).content.decode(),
             client.get(reverse("directory:service", args=[service.pk])).content.decode()]
    for html in pages:
        assert "North London" in html and "+44 20 7946 0999" in html
        assert "1 Safe house Street" not in html and "51.6012" not in html and "X1 1XX" not in html


@pytest.mark.django_db
def test_a_lapsed_claim_is_not_shown_as_true(client):
    service = make_service(name="Lapsing")
    add_claim(service, Claim.Kind.NRPF, days_left=-1)
    html = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert "no recourse to public funds" not in html


@pytest.mark.django_db
def test_a_draft_translation_is_shown_with_a_notice(client):
    service = make_service(name="Advice")
    translation(service, "ar", "مشورة", "مساعدة قانونية", state="draft")
    html = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert "مشورة" in html
    assert "data-content-draft" in html and '<h1 lang="ar">' in html


@pytest.mark.django_db
def test_a_reviewed_translation_has_no_content_notice(client):
    service = make_service(name="Advice")
    translation(service, "es", "Asesoría", "Ayuda legal", state="reviewed")
    html = client.get(f"/es/services/{service.pk}/").content.decode()
    assert "Asesoría" in html
    assert "data-content-draft" not in html


@pytest.mark.django_db
def test_a_defunct_service_is_not_public(client):
    service = make_service(name="Closed", status="defunct")
    assert client.get(reverse("directory:service", args=[service.pk])).status_code == 404
    assert "Closed" not in client.post(SEARCH, {"q": "closed"}, follow=True).content.decode()


@pytest.mark.django_db
def test_the_search_page_speaks_spanish_and_arabic_as_drafts(client):
    assert "Buscar un servicio" in client.get("/es/services/").content.decode()
    html = client.get("/ar/services/").content.decode()
    assert "ابحثي عن خدمة" in html and 'dir="rtl"' in html


def test_the_directory_catalogues_are_marked_draft():
    from pathlib import Path

    from harbour.core.catalogues import header_fields

    for code in ("ar", "es"):
        po = Path("harbour/directory/locale") / code / "LC_MESSAGES" / "django.po"
        assert header_fields(po)["X-Harbour-Review"] == "draft"


@pytest.mark.django_db
def test_a_confidential_result_gives_its_area_not_a_precise_looking_distance(client):
    make_service(name="Safe house", lat=51.6012, lng=-0.2034, confidential={
        "confidential": True, "coarse_area": "North London", "coarse_latitude": 51.5074,
        "coarse_longitude": -0.1278, "gatekeeper_phone": "+44 20 7946 0999"})
    html = client.post(SEARCH, {"place": "London", "distance": "10"}, follow=True).content.decode()
    assert "In the North London area (the address is not published)." in html
    assert "km from London" not in html


@pytest.mark.django_db
def test_a_self_declared_claim_says_so(client):
    service = make_service(name="Declared")
    add_claim(service, Claim.Kind.WOMEN_ONLY, method="self_declared")
    html = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert "stated by the service itself" in html and "checked self-declared" not in html


@pytest.mark.django_db
def test_a_result_found_by_its_farsi_text_is_shown_in_farsi(client):
    service = make_service(name="Counselling")
    translation(service, "fa", "مشاوره روانی", "کمک برای زنان")
    html = client.post(SEARCH, {"q": "مشاوره"}, follow=True).content.decode()
    assert '<a href="/en/services/' in html and 'lang="fa" dir="auto">مشاوره روانی</a>' in html
    assert "Your words appear in: " in html


@pytest.mark.django_db
def test_the_service_page_lists_its_weekly_hours(client):
    service = make_service(name="Clinic", hours=("09:30", "17:00", "MO,WE"))
    html = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert '<li>Monday: <bdi dir="ltr">09:30–17:00</bdi></li>' in html
    assert '<li>Wednesday: <bdi dir="ltr">09:30–17:00</bdi></li>' in html
    assert "Tuesday" not in html


@pytest.mark.django_db
def test_the_arabic_search_page_is_translated_and_marked_draft(client):
    html = client.get("/ar/services/").content.decode()
    assert "ابحثي عن دعم قريب منك" in html
    assert "Search for support near you" not in html
    assert 'class="draft"' in html


@pytest.mark.django_db
def test_a_title_shown_from_a_translation_takes_its_own_direction(client):
    """A walk-through: on an English page, a result whose Arabic translation matched carried
    lang="ar" but no direction, unlike untranslated titles (dir="auto")."""
    service = make_service(name="Riverside Women's Advice")
    translation(service, "ar", "نصائح للنساء", "وصف")
    page = client.post("/en/services/", {"q": "النساء"}, follow=True).content.decode()
    assert re.search(r'<a href="[^"]+" lang="ar" dir="auto">نصائح للنساء</a>', page), page[:3000]


@pytest.mark.django_db
def test_a_result_whose_own_name_matched_is_shown_in_the_page_language_not_a_translation(client):
    """A walk-through: "refuge" on an English page showed six results under the same Arabic
    heading ("سكن آمن للنساء"), because the vocabulary word also matched each Arabic
    translation; her English words had matched the English names too."""
    service = make_service(name="Riverside Refuge")
    translation(service, "ar", "سكن آمن للنساء", "وصف")
    page = client.post("/en/services/", {"q": "refuge"}, follow=True).content.decode()
    assert "Riverside Refuge" in page
    assert "سكن آمن للنساء" not in page
    # Her Arabic words, which only the translation holds, still bring the translation.
    page = client.post("/en/services/", {"q": "للنساء"}, follow=True).content.decode()
    assert re.search(r'lang="ar" dir="auto">سكن آمن للنساء</a>', page)


@pytest.mark.django_db
def test_the_text_shown_is_the_one_her_words_appear_in(client):
    """A walk-through: on the Arabic page, "women" (only in the English description) showed the
    Arabic translation, which does not hold it, beside "your words appear in: the description"."""
    service = make_service(name="Riverside Advice", description="Free legal advice for migrant women.")
    translation(service, "ar", "مشورة قانونية", "مشورة مجانية", state="reviewed")
    page = client.post("/ar/services/", {"q": "women"}, follow=True).content.decode()
    assert ">Riverside Advice</a>" in page and "مشورة قانونية" not in page
    # Words the Arabic translation holds show it, on the Arabic page and on the English one.
    for language in ("ar", "en"):
        page = client.post(f"/{language}/services/", {"q": "مجانية"}, follow=True).content.decode()
        assert "مشورة قانونية</a>" in page and ">Riverside Advice</a>" not in page
    # Words both hold: the page's own language.
    translation(service, "es", "Asesoría Riverside", "Asesoría legal gratuita para mujeres", state="reviewed")
    page = client.post("/es/services/", {"q": "riverside"}, follow=True).content.decode()
    assert "Asesoría Riverside</a>" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "joined"), [("en", "name and description"), ("ar", "الاسم والوصف")])
def test_the_fields_her_words_appear_in_are_listed_as_her_language_lists(client, language, joined):
    """A walk-through: the Arabic page listed them with Latin commas ("الاسم, الوصف")."""
    make_service(name="Riverside legal advice", description="Legal advice for women.")
    page = client.post(f"/{language}/services/", {"q": "legal"}, follow=True).content.decode()
    assert joined in page
    assert "الاسم, " not in page


@pytest.mark.django_db
def test_words_typed_before_searching_survive_a_change_of_language(client):
    """A walk-through: "legal" typed, then العربية pressed, gave an empty Arabic form."""
    make_service(name="Riverside legal advice")
    page = client.get("/en/services/").content.decode()
    assert 'id="search-form"' in page and 'form="search-form"' in page and 'name="language_switch"' in page
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)

    page = client.post("/ar/services/", {"q": "legal", "place": "Leeds", "open_now": "on", "once": once,
                                         "language_switch": "1"}, follow=True).content.decode()

    assert '<html lang="ar"' in page
    assert 'value="legal"' in page and 'value="Leeds"' in page
    assert re.search(r'name="open_now"[^>]*checked', page)
    assert f'value="{once}"' in page  # the same page still, for Quick exit to close
    assert "Riverside legal advice" not in page  # not searched: she has not pressed Search
    assert 'class="errorlist' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "comma"), [("en", ", "), ("ar", "،")])
def test_the_service_page_lists_languages_as_her_language_lists_them(client, language, comma):
    """The final walk-through: the Arabic page listed the languages staff speak with a Latin
    comma, which the right-to-left line then stuck to the wrong word."""
    service = make_service(name="Clinic", languages=["ar", "en", "so"])
    page = client.get(f"/{language}/services/{service.pk}/").content.decode()
    staff_speak = re.search(r"</h2><p>(.*?)</p>", page.split("Staff speak" if language == "en" else "يتحدث الموظفون")[1]).group(1)
    # Each name isolated once; a name in two scripts holds its own name in a nested bdi.
    assert re.sub(r"<bdi><bdi>([^<]*)</bdi>", r"<bdi>\1", staff_speak).count("<bdi") == 3
    if language == "ar":
        assert ", " not in re.sub(r"<[^>]+>", "", staff_speak)
        assert " و" in staff_speak  # CLDR's Arabic list: "أ وب وج"
    else:
        assert re.sub(r"<[^>]+>", "", staff_speak).count(comma) == 1 and " and " in staff_speak


@pytest.mark.django_db
def test_text_shown_untranslated_on_an_arabic_page_is_marked_as_english(client):
    """The final walk-through: an untranslated English name and description on an Arabic page
    carried no lang, so a screen reader read them in an Arabic voice."""
    service = make_service(name="Women's rights clinic", description="Advice on Tuesdays.")
    page = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert '<h1 lang="en" dir="auto">Women&#x27;s rights clinic</h1>' in page
    assert '<div lang="en" dir="auto">Advice on Tuesdays.</div>' in page
    results = client.post("/ar/services/", {"q": "clinic"}, follow=True).content.decode()
    assert re.search(r'<a href="[^"]+" lang="en" dir="auto">Women&#x27;s rights clinic</a>', results)
    # On an English page the record is in the page's own language: no lang of its own.
    assert '<h1 dir="auto">' in client.get(f"/en/services/{service.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("tag", "english", "arabic"), [
    ("zh-Hant-TW", "Traditional Chinese (Taiwan)", "الصينية التقليدية (تايوان)"),
    ("pt-br", "Brazilian Portuguese", "البرتغالية البرازيلية"),
    ("ar-EG", "Arabic (Egypt)", "العربية (مصر)"),
])
def test_a_translation_tagged_with_a_script_or_region_is_named_not_shown_as_its_code(client, tag, english, arabic):
    """A walk-through: "Your words appear in: zh-hant-tw" (the raw tag of a translation) on the
    public results line, where a language CLDR names by its parts needs a name."""
    service = make_service(name="Riverside Advice", description="Advice.")
    translation(service, tag, "Kowloon helpline", "Kowloon helpline", state="reviewed")
    for language, name in (("en", english), ("ar", arabic)):
        page = client.post(f"/{language}/services/", {"q": "kowloon"}, follow=True).content.decode()
        line = re.search(r"(?:Your words appear in|[^<>]*:)[^<]*" + re.escape(name), page)
        assert line, (language, name)
        assert tag not in page.replace(f'lang="{tag}"', "").replace(f"lang=\"{tag.lower()}\"", ""), language


@pytest.mark.django_db
def test_words_split_between_the_name_and_the_description_are_said_to_appear_in_both(client):
    """A walk-through: "legal women" found a service with "legal" in its name and "women" in its
    description, and said nothing of where her words appear."""
    make_service(name="Riverside legal advice", description="Advice for women and girls.")
    for language, joined in (("en", "name and description"), ("ar", "الاسم والوصف")):
        page = client.post(f"/{language}/services/", {"q": "legal women"}, follow=True).content.decode()
        assert ">Riverside legal advice</a>" in page
        assert joined in page, language
    found = client.get("/api/hsds/services", {"search": "legal women"}).json()["contents"]
    assert [item["match"]["text_in"] for item in found] == [["name", "description"]]
    # Every word in one field: that field alone, as before.
    found = client.get("/api/hsds/services", {"search": "legal riverside"}).json()["contents"]
    assert [item["match"]["text_in"] for item in found] == [["name"]]


@pytest.mark.django_db
def test_language_names_in_the_reasons_are_isolated_from_the_sentence_around_them(client):
    """A walk-through: on the Arabic page "Your words appear in" joined a Latin name to "و"
    ("وBritish English"), and names in two scripts reordered."""
    service = make_service(name="Riverside Advice", description="Advice.")
    translation(service, "en-GB", "Kowloon helpline", "Kowloon helpline", state="reviewed")
    translation(service, "pt-BR", "Kowloon linha", "Kowloon linha", state="reviewed")
    page = client.post("/ar/services/", {"q": "kowloon"}, follow=True).content.decode()
    assert "و\u2068" in page and "\u2068British English\u2069 (" in page
    assert "وBritish" not in page


@pytest.mark.django_db
def test_after_a_search_the_language_switch_sends_the_form_as_it_is_now(client):
    """A walk-through: after a search she changed the words and the town, then chose العربية; the
    Arabic page came back with the earlier search's words (the switch posted a hidden copy of
    the last search, not the form on her screen)."""
    make_service(name="Riverside legal advice")
    page = client.post("/en/services/", {"q": "legal"}, follow=True).content.decode()
    assert ">Riverside legal advice</a>" in page
    switch = re.search(r'<button form="search-form" formaction="/ar/services/"[^>]*>', page)
    assert switch, "the language switch does not submit the search form on the screen"
    assert "language_switch" not in switch.group(0)  # it searches again, in the other language
    assert 'name="q" value="legal"' not in page.split('id="search-form"')[0]  # no hidden copy before it
    assert 'type="hidden" name="q"' not in page.split("</nav>")[0]


@pytest.mark.django_db
def test_the_second_page_of_results_goes_on_numbering_from_the_first(client):
    for index in range(25):
        make_service(name=f"Legal advice {index:02d}")
    page = client.post("/en/services/", {"q": "legal", "page": "2"}, follow=True).content.decode()
    assert '<ol start="11">' in page
    page = client.post("/en/services/", {"q": "legal"}, follow=True).content.decode()
    assert '<ol start="1">' in page
