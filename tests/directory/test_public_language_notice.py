"""Content in another language than the page says so (issue 8, item 5, for the directory)."""

import pytest

from tests.directory.factories import make_service, translation

pytestmark = pytest.mark.django_db

NOTICE_AR = "لم تُترجم إلى لغتك بعد: تظهر كما كتبتها الخدمة."


def test_a_service_without_an_arabic_translation_says_so_on_arabic_pages(client):
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    page = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert NOTICE_AR in page
    assert '<h1 dir="auto">Northside Refuge</h1>' in page
    results = client.post("/ar/services/", {"q": ""}).content.decode()
    assert NOTICE_AR in results


def test_a_translated_service_and_an_english_page_carry_no_notice(client):
    service = make_service(name="Northside Refuge", description="Safe housing for women.")
    translation(service, "ar", "ملجأ نورثسايد", "سكن آمن للنساء.", state="reviewed")
    assert NOTICE_AR not in client.get(f"/ar/services/{service.pk}/").content.decode()
    assert "Not translated into your language yet" not in client.get(f"/en/services/{service.pk}/").content.decode()
