import io

import pytest

from harbour.directory import demo, schemas
from harbour.directory.exporter import iter_services
from harbour.directory.models import Location, Service, Translation
from harbour.directory.selectors import SearchParams, search_services


def snapshot():
    from django.apps import apps

    rows = {}
    for model in apps.get_app_config("directory").get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model.__name__] = sorted(map(repr, model.objects.values_list(*fields)))
    return rows


@pytest.mark.django_db
def test_demo_data_loads_validates_and_a_second_run_changes_nothing():
    demo.load(io.StringIO())
    first = snapshot()
    demo.load(io.StringIO())
    assert snapshot() == first
    assert Service.objects.count() == len(demo.SERVICES) >= 24
    assert Location.objects.filter(confidential=True).count() >= 5
    assert Translation.objects.filter(language__in=["ar", "fa"], review_state="draft").count() >= 8
    for record in iter_services():
        assert schemas.errors("service", record) == []


@pytest.mark.django_db
def test_demo_services_are_found_in_arabic_and_farsi():
    demo.load(io.StringIO())
    assert search_services(SearchParams(text="مشورة قانونية")).total >= 1
    assert search_services(SearchParams(text="مشاوره حقوقی")).total >= 1
