"""Staff translating a service's name and description: the language stored in its canonical
case, one translation per language in any case, and none replaced without her seeing it and
saying so, with nothing she typed lost (without JavaScript)."""

import importlib
import re
from datetime import timedelta
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from harbour.core.models import AuditEntry
from harbour.directory import services
from harbour.directory.models import SearchToken, Translation
from tests.directory.factories import make_service, translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_a(org_a):
    return make_service(name="A's advice line", owner=org_a)


def translate_url(service):
    return reverse("directory_staff:translation", kwargs={"service_id": service.pk})


def typed(language="fa", name="خط مشاوره", description="کمک حقوقی", state="draft"):
    return {"tr-language": language, "tr-name": name, "tr-description": description, "tr-review_state": state}


def hidden_fields(html: str, button: str) -> dict:
    """The fields the form holding the button `button` posts."""
    form = next(f for f in re.findall(r"<form.*?</form>", html, re.S) if f">{button}</button>" in f)
    return {unescape(name): unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', form)}


def rows():
    return list(Translation.objects.values_list("language", "name", "description", "review_state"))


@pytest.mark.parametrize(("written", "stored"), [
    ("pt-br", "pt-BR"), ("PT-BR", "pt-BR"), ("zh-hant", "zh-Hant"), ("sr-latn-rs", "sr-Latn-RS"), ("FA", "fa")])
def test_a_language_code_is_saved_in_its_canonical_case(as_admin_a, service_a, written, stored):
    response = as_admin_a.post(translate_url(service_a), typed(language=written))
    assert response.status_code == 302
    assert Translation.objects.get().language == stored
    assert AuditEntry.objects.get(action="directory.translation.set").detail["language"] == stored


def test_a_code_differing_only_in_case_is_the_same_language(as_admin_a, service_a):
    translation(service_a, "pt-BR", "Linha de apoio", "Apoio jurídico", state="reviewed")
    response = as_admin_a.post(translate_url(service_a), typed(language="PT-br", name="Outra"))
    assert response.status_code == 200 and "Linha de apoio" in response.content.decode()
    assert rows() == [("pt-BR", "Linha de apoio", "Apoio jurídico", "reviewed")]


def test_saving_over_a_translation_shows_it_and_asks_first(as_admin_a, service_a):
    translation(service_a, "fa", "خط مشاوره بازبینی‌شده", "کمک بازبینی‌شده", state="reviewed")
    before = rows()
    response = as_admin_a.post(translate_url(service_a), typed(name="نام تازه", description="متن تازه"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Replace the translation into Persian of A&#x27;s advice line?" in html
    # What is saved, and what she typed, side by side.
    assert "خط مشاوره بازبینی‌شده" in html and "کمک بازبینی‌شده" in html
    assert "نام تازه" in html and "متن تازه" in html
    assert "<script" not in html.split('<main id="main">')[1]
    assert rows() == before and not AuditEntry.objects.filter(action="directory.translation.set").exists()
    # Her answer, as the page's own form posts it.
    fields = hidden_fields(html, "Yes, replace it")
    assert fields["confirm"] == "yes" and fields["tr-name"] == "نام تازه"
    done = as_admin_a.post(translate_url(service_a), fields)
    assert done.status_code == 302
    assert rows() == [("fa", "نام تازه", "متن تازه", "draft")]
    assert AuditEntry.objects.get(action="directory.translation.set").detail == {
        "language": "fa", "review_state": "draft", "created": False}


def test_going_back_from_the_question_keeps_what_she_typed(as_admin_a, service_a):
    translation(service_a, "fa", "خط مشاوره", "کمک", state="reviewed")
    before = rows()
    asked = as_admin_a.post(translate_url(service_a), typed(name="نام تازه", description="متن\r\nدو خط"))
    back = as_admin_a.post(translate_url(service_a), hidden_fields(asked.content.decode(), "No, go back"))
    html = back.content.decode()
    assert back.status_code == 200
    assert 'value="نام تازه"' in html and "متن\nدو خط</textarea>" in html
    assert "The translation was not saved. What you typed is in the form below." in html
    assert rows() == before


def test_a_translation_changed_while_she_decided_is_not_replaced(as_admin_a, service_a):
    translation(service_a, "fa", "نسخه اول", "", state="draft")
    asked = as_admin_a.post(translate_url(service_a), typed(name="نسخه من"))
    # A colleague saves the same language meanwhile.
    row = Translation.objects.get()
    services.translation_set(acting_user=None, service=service_a, language="fa", name="نسخه همکار",
                             description="", review_state="reviewed",
                             replacing=services.translation_version(row))
    again = as_admin_a.post(translate_url(service_a), hidden_fields(asked.content.decode(), "Yes, replace it"))
    html = again.content.decode()
    assert again.status_code == 200
    assert "نسخه همکار" in html and "نسخه من" in html  # asked again, with what is saved now
    assert rows() == [("fa", "نسخه همکار", "", "reviewed")]


def test_the_service_refuses_to_replace_unseen(service_a):
    translation(service_a, "fa", "نسخه اول", "", state="reviewed")
    with pytest.raises(services.TranslationExists):
        services.translation_set(acting_user=None, service=service_a, language="FA", name="x", description="")
    assert rows() == [("fa", "نسخه اول", "", "reviewed")]


def test_an_outsider_cannot_confirm_a_replacement(as_outsider, service_a):
    translation(service_a, "fa", "نسخه اول", "", state="reviewed")
    row = Translation.objects.get()
    data = {**typed(name="x"), "confirm": "yes", "replaces": services.translation_version(row)}
    assert as_outsider.post(translate_url(service_a), data).status_code == 404
    assert as_outsider.post(translate_url(service_a), {**typed(), "cancel": "yes"}).status_code == 404
    assert rows() == [("fa", "نسخه اول", "", "reviewed")]


def _migrate():
    migration = importlib.import_module("harbour.directory.migrations.0010_translation_language_canonical_case")
    migration.canonicalise(apps, None)


def test_the_migration_puts_stored_tags_in_their_canonical_case():
    service = make_service(name="Advice")
    translation(service, "pt-br", "Apoio", "", state="reviewed")
    translation(service, "zh-hant", "諮詢", "", state="draft")
    translation(service, "fa", "مشاوره", "", state="draft")
    updated = dict(Translation.objects.values_list("language", "updated_at"))
    _migrate()
    assert sorted(Translation.objects.values_list("language", flat=True)) == ["fa", "pt-BR", "zh-Hant"]
    # The case of a tag is not an edit.
    assert dict(Translation.objects.values_list("language", "updated_at")) == {
        "pt-BR": updated["pt-br"], "zh-Hant": updated["zh-hant"], "fa": updated["fa"]}
    token = SearchToken.objects.get(service_id=service.pk, token="apoio")
    assert token.fields == "pt-BR"


@pytest.mark.parametrize(("older", "newer", "kept"), [
    ("reviewed", "draft", "older"),    # a checked text over a newer draft
    ("draft", "reviewed", "newer"),
    ("draft", "draft", "newer"),       # the same review state: the last text someone meant
    ("reviewed", "reviewed", "newer"),
])
def test_the_migration_keeps_one_of_two_tags_differing_only_in_case(older, newer, kept):
    service = make_service(name="Advice")
    other = make_service(name="Other")
    translation(service, "pt-BR", "older", "", state=older)
    translation(service, "pt-br", "newer", "", state=newer)
    translation(other, "pt-br", "another record's", "", state="draft")
    Translation.objects.filter(name="older").update(updated_at=timezone.now() - timedelta(days=1))
    _migrate()
    assert list(Translation.objects.filter(object_id=service.pk).values_list("language", "name")) == [
        ("pt-BR", kept)]
    assert Translation.objects.get(object_id=other.pk).language == "pt-BR"
    # The record that lost a translation is explained from its texts until it is reindexed.
    assert set(SearchToken.objects.filter(service_id=service.pk).values_list("fields", flat=True)) == {None}
