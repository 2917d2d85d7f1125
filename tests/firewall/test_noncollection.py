"""F1: no model, form or API schema has a field for immigration or residence status,
nationality, visa, passport, Home Office reference, NI number or country of birth."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

import harbour
from harbour.firewall import noncollection


def harbour_form_classes() -> list[type]:
    """Every Form class defined in a `forms` module anywhere in harbour/."""
    classes = []
    for module_info in pkgutil.walk_packages(harbour.__path__, "harbour."):
        if module_info.name.rsplit(".", 1)[-1] != "forms" and ".forms." not in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        classes += [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                    if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__]
    return classes


def test_the_forms_scan_sees_the_help_form():
    names = {cls.__name__ for cls in harbour_form_classes()}
    assert {"HelpRequestForm", "ConsentForm", "RecipientForm"} <= names


def test_no_model_field_names_a_forbidden_datum():
    assert noncollection.violations(noncollection.model_texts(apps.get_models())) == []


def test_no_form_field_names_a_forbidden_datum():
    assert noncollection.violations(noncollection.form_texts(harbour_form_classes())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/hsds/openapi.json"])
def test_the_openapi_schemas_name_no_forbidden_datum(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert noncollection.violations(noncollection.schema_texts(response.json())) == []


def test_the_one_immigration_datum_is_a_need_and_it_is_allowed():
    assert noncollection.hits(["immigration_advice", "Immigration advice"]) == []


@pytest.mark.parametrize("text", [
    "immigration_status", "Immigration status", "residence permit", "nationality", "visa_type",
    "passportNumber", "Home Office reference", "ni_number", "National Insurance number", "country_of_birth",
    "situación migratoria", "nacionalidad", "pasaporte", "permiso de residencia", "país de nacimiento",
    "statut migratoire", "nationalité", "titre de séjour", "passeport", "pays de naissance",
    "الجنسية", "جواز السفر", "تأشيرة", "بلد الميلاد",
    "ملیت", "گذرنامه", "ویزا", "کشور تولد", "وضعیت اقامت",
])
def test_the_denylist_catches_each_language(text):
    assert noncollection.hits([text]) == [text]


@pytest.mark.parametrize("text", ["advisable", "Visage", "languages", "safe_times", "needs", "Somewhere to stay"])
def test_the_denylist_leaves_ordinary_words_alone(text):
    assert noncollection.hits([text]) == []


@isolate_apps("harbour.help")
def test_the_model_scan_fails_on_a_forbidden_field():
    class Intake(models.Model):
        nacionalidad = models.CharField(max_length=10)
        notes = models.TextField(help_text="Her passport number if she has one")

        class Meta:
            app_label = "help"

        def __str__(self) -> str:
            return "intake"

    found = noncollection.violations(noncollection.model_texts([Intake]))
    assert found == ["help.Intake.nacionalidad: 'nacionalidad'",
                     "help.Intake.notes: 'Her passport number if she has one'"]


def test_the_form_scan_fails_on_a_forbidden_field():
    class SneakyForm(forms.Form):
        status = forms.ChoiceField(label="Estatus migratorio", choices=[("a", "A")])

    assert noncollection.violations(noncollection.form_texts([SneakyForm])) == [
        f"{__name__}.SneakyForm.status: 'Estatus migratorio'"]


def test_the_schema_scan_fails_on_a_forbidden_property():
    schema = {"components": {"schemas": {"In": {"properties": {"country_of_birth": {"type": "string"}}}}}}
    assert noncollection.violations(noncollection.schema_texts(schema)) == [
        "$.components.schemas.In.properties.country_of_birth: 'country_of_birth'"]


def test_a_service_promise_is_not_a_datum_but_the_datum_itself_still_is():
    from harbour.firewall.noncollection import hits

    promises = ["Serves women regardless of immigration status", "Does not check immigration status",
                "Helps women whatever their immigration status",
                "serves_regardless_of_immigration_status"]
    data = ["immigration_status", "Immigration status", "Her immigration status (regardless of what she says)",
            "regardless of immigration status; immigration status"]
    assert hits(promises) == []
    assert hits(data) == sorted(data)
