"""Content in another language than the page says so (issue 8, item 5, for the directory)."""

import pytest

from tests.directory.factories import make_service, translation

pytestmark = pytest.mark.django_db

NOTICE_AR = "لم تُترجم إلى لغتك بعد: تظهر كما كتبتها الخدمة."


def test_a_service_without_an_arabic_translation_says_so_on_arabic_pages(client):
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    page = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert NOTICE_AR in page
    assert '<h1 lang="en" dir="auto">Northside Refuge</h1>' in page  # read in its own language's voice
    results = client.post("/ar/services/", {"q": ""}, follow=True).content.decode()
    assert NOTICE_AR in results


def test_a_translated_service_and_an_english_page_carry_no_notice(client):
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    translation(service, "ar", "ملجأ نورثسايد", "سكن آمن للنساء.", state="reviewed")
    assert NOTICE_AR not in client.get(f"/ar/services/{service.pk}/").content.decode()
    assert "Not translated into your language yet" not in client.get(f"/en/services/{service.pk}/").content.decode()


FIELDS = {"alert": "Closed on Friday 3 May.", "interpretation_services": "Interpreters on request.",
          "eligibility_description": "Women over 18.", "fees_description": "Free of charge."}


def _service_with_every_field():
    from harbour.directory.models import Service

    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    Service.objects.filter(pk=service.pk).update(**FIELDS)
    return service


def test_fields_kept_only_as_published_say_so_on_a_page_in_another_language(client):
    """Even with the name and description translated, the alert, interpreting, eligibility and
    fees exist only as the service wrote them: each says so, in the page's language, marked
    with the language it is in (issue 8, item 5's kind)."""
    service = _service_with_every_field()
    translation(service, "ar", "ملجأ نورثسايد", "سكن آمن للنساء.", state="reviewed")
    page = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert page.count("data-content-as-written") == len(FIELDS)
    assert NOTICE_AR not in page                   # name and description are translated
    for text in FIELDS.values():
        assert text in page
    assert '<bdi lang="en">Interpreters on request.</bdi>' in page
    assert '<bdi lang="en">Free of charge.</bdi>' in page


def test_an_english_page_shows_the_fields_with_no_notice(client):
    service = _service_with_every_field()
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "data-content-as-written" not in page
    assert "Interpreters on request." in page


def test_a_portuguese_page_shows_a_brazilian_portuguese_translation_as_a_draft_in_its_language(client):
    # A walk-through found /pt/ showing the service as published beside a pt-BR translation.
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    translation(service, "pt-BR", "Refúgio Northside", "Abrigo seguro para mulheres.", state="draft")
    for page in (client.get(f"/pt/services/{service.pk}/").content.decode(),
                 client.post("/pt/services/", {"q": ""}, follow=True).content.decode()):
        assert ">Refúgio Northside</" in page and ">Northside Refuge</" not in page
        assert 'lang="pt-BR"' in page and "data-content-draft" in page
        assert "data-content-untranslated" not in page


@pytest.mark.parametrize(("available", "shown"), [
    (["fa-AF", "prs", "fa"], "fa-AF"),
    (["prs", "fa"], "prs"),
    (["fa"], "fa"),
])
def test_a_dari_page_shows_dari_then_persian(client, available, shown):
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    for tag in available:
        translation(service, tag, f"پناهگاه {tag}", "", state="reviewed")
    page = client.get(f"/fa-af/services/{service.pk}/").content.decode()
    assert f"پناهگاه {shown}" in page and f'<h1 lang="{shown}">' in page
    assert "data-content-untranslated" not in page and "data-content-draft" not in page


def test_a_portuguese_search_shows_the_brazilian_translation_that_holds_her_words(client):
    """Her words are in the published name and in the pt-BR translation: on a /pt/ page the
    result shows the translation (found by lookup), not the published text, and says where
    her words are."""
    service = make_service(name="Kowloon Refuge", description="Safe housing for women.")
    translation(service, "pt-BR", "Refúgio Kowloon", "Abrigo seguro para mulheres.", state="reviewed")
    page = client.post("/pt/services/", {"q": "kowloon"}, follow=True).content.decode()
    assert ">Refúgio Kowloon</" in page and ">Kowloon Refuge</" not in page
