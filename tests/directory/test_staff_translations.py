"""Staff translating a service's name and description: the language stored in its canonical
case, one translation per language in any case."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from harbour.core.models import AuditEntry
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
    assert response.status_code == 302
    assert [row[:2] for row in rows()] == [("pt-BR", "Outra")]


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
