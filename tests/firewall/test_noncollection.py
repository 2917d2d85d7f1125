"""F1: no model, form, JSON column or API schema has a field for immigration or residence
status, nationality, visa, passport, Home Office reference, NI number or country of birth.

Each scan is shown to fail on a realistic violation of its kind (the `test_mutation_*`
tests): a field added in a form's `__init__`, a form defined outside a forms module, a
choice list of statuses, a forbidden key in a sealed or a plain JSON payload, a property
in an OpenAPI document, and each language's words.
"""

import importlib
import inspect
import pkgutil
import uuid

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation

import harbour
from harbour.core.audit import audit_append
from harbour.core.models import AuditEntry
from harbour.firewall import crypto, noncollection
from harbour.firewall.noncollection import NonCollectionError


def import_every_harbour_module() -> None:
    for info in pkgutil.walk_packages(harbour.__path__, "harbour."):
        if ".migrations." not in info.name:
            importlib.import_module(info.name)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def harbour_form_classes() -> list[type]:
    """Every Form class Harbour defines, wherever it is defined (a forms module, a view, a
    function): every loaded subclass of BaseForm whose module is Harbour's."""
    import_every_harbour_module()
    return sorted((cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith("harbour.")),
                  key=lambda cls: (cls.__module__, cls.__qualname__))


def instantiate(form_class) -> forms.BaseForm:
    """A form as a view would make it, so fields added in `__init__` are there: required
    arguments other than the form's own (data, files, …) get None."""
    own = set(inspect.signature(forms.BaseForm.__init__).parameters)
    required = [p for name, p in inspect.signature(form_class.__init__).parameters.items()
                if name != "self" and name not in own and p.default is inspect.Parameter.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return form_class(*[None] * len(required))


def stored_forms(form_classes):
    return [cls for cls in form_classes
            if f"{cls.__module__}.{cls.__qualname__}" not in noncollection.ASKED_NOT_STORED]


def test_the_forms_scan_sees_forms_in_every_module_not_only_forms_py():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in harbour_form_classes()}
    assert {"harbour.help.forms.HelpRequestForm", "harbour.help.forms.ConsentForm",
            "harbour.firewall.forms.RecipientForm", "harbour.rights.interview.AnswersForm"} <= names


def test_no_model_field_names_a_forbidden_datum():
    assert noncollection.violations(noncollection.model_texts(apps.get_models())) == []


def test_no_declared_form_field_names_a_forbidden_datum():
    classes = stored_forms(harbour_form_classes())
    assert noncollection.violations(noncollection.form_texts(classes)) == []


@pytest.mark.django_db
def test_no_form_as_instantiated_names_a_forbidden_datum():
    instances = [instantiate(cls) for cls in stored_forms(harbour_form_classes())]
    assert len(instances) > 20
    assert noncollection.violations(noncollection.form_texts(instances)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/hsds/openapi.json"])
def test_the_openapi_schemas_name_no_forbidden_datum(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert noncollection.violations(noncollection.schema_texts(response.json())) == []


def test_the_committed_openapi_documents_name_no_forbidden_datum():
    import json
    from pathlib import Path

    documents = sorted((Path(harbour.__file__).parent.parent / "docs" / "api").glob("*.json"))
    assert len(documents) >= 2
    for document in documents:
        assert noncollection.violations(noncollection.schema_texts(json.loads(document.read_text()))) == []


# -- the rights interview: asked, never stored ------------------------------------------------

@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_rights_interview_is_scanned_and_only_its_stay_question_touches_her_situation(language):
    from harbour.rights import interview, views

    with translation.override(language):
        texts = [(f"question.{step}", str(text)) for step, text in views._questions().items()]
        texts += list(noncollection.form_texts([interview.AnswersForm, interview.AnswersForm()]))
        found = noncollection.violations(texts)
    # English is certain; the draft translations may phrase it so no term matches.
    if language == "en":
        assert found == ["question.stay: 'Does your right to stay in the country depend on your husband or "
                         "partner, or is your stay not secure?'"]
    assert all(where.startswith("question.stay") for where in [f.split(":")[0] for f in found])


def test_the_interview_form_is_declared_asked_not_stored_and_the_rights_app_has_no_model():
    from harbour.rights.interview import AnswersForm

    assert {"harbour.rights.interview.AnswersForm"} == noncollection.ASKED_NOT_STORED
    assert not issubclass(AnswersForm, forms.ModelForm)
    assert list(apps.get_app_config("rights").get_models()) == []


# -- the denylist -----------------------------------------------------------------------------

def test_the_one_immigration_datum_is_a_need_and_it_is_allowed():
    assert noncollection.hits(["immigration_advice", "Immigration advice"]) == []


@pytest.mark.parametrize("text", [
    "immigration_status", "Immigration status", "residence permit", "nationality", "visa_type",
    "passportNumber", "Home Office reference", "ni_number", "National Insurance number", "country_of_birth",
    "refugee", "Refugee", "asylum_seeker", "Asylum seeker", "undocumented", "EU settled status",
    "pre-settled status", "legal_status", "right to stay", "Right to remain", "Overstayed", "sans-papiers",
    "situación migratoria", "nacionalidad", "pasaporte", "permiso de residencia", "país de nacimiento",
    "refugiada", "solicitante de asilo", "indocumentada", "sin papeles", "papeles", "situación irregular",
    "statut migratoire", "nationalité", "titre de séjour", "passeport", "pays de naissance", "réfugiée",
    "demandeuse d'asile", "sans papiers",
    "الجنسية", "جواز السفر", "تأشيرة", "بلد الميلاد", "لجوء", "طالبة لجوء", "لاجئة", "اللاجئين",
    "بدون أوراق", "الوضع القانوني",
    "ملیت", "گذرنامه", "ویزا", "کشور تولد", "وضعیت اقامت", "پناهندگی", "پناهنده", "پناهجو",
    "громадянство", "національність", "паспорт", "віза", "біженка", "посвідка на проживання",
    "міграційний статус", "шукачка притулку", "країна народження",
])
def test_the_denylist_catches_each_language(text):
    assert noncollection.hits([text]) == [text]


@pytest.mark.parametrize("text", ["advisable", "Visage", "languages", "safe_times", "needs", "Somewhere to stay",
                                  "refuge", "Refuge", "women's refuge", "refugio", "Regulated legal adviser",
                                  "legal advice", "papel", "stay safe", "Ask for help", "asistencia legal",
                                  "мова", "притулок для жінок", "مأوى", "پناهگاه"])
def test_the_denylist_leaves_ordinary_words_alone(text):
    assert noncollection.hits([text]) == []


def test_an_organisations_legal_form_is_the_one_located_exception():
    assert noncollection.violations([("directory.Organization.legal_status", "legal_status")]) == []
    assert noncollection.violations([("help.HelpRequest.legal_status", "legal_status")]) == [
        "help.HelpRequest.legal_status: 'legal_status'"]


def test_a_service_promise_is_not_a_datum_but_the_datum_itself_still_is():
    promises = ["Serves women regardless of immigration status", "Does not check immigration status",
                "Helps women whatever their immigration status",
                "serves_regardless_of_immigration_status"]
    data = ["immigration_status", "Immigration status", "Her immigration status (regardless of what she says)",
            "regardless of immigration status; immigration status"]
    assert noncollection.hits(promises) == []
    assert noncollection.hits(data) == sorted(data)


# -- mutation fixtures: a realistic violation of each kind makes its scan fail ---------------

@isolate_apps("harbour.help")
def test_mutation_the_model_scan_fails_on_a_forbidden_field():
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


def test_mutation_the_form_scan_fails_on_a_forbidden_declared_field():
    class SneakyForm(forms.Form):
        status = forms.ChoiceField(label="Estatus migratorio", choices=[("a", "A")])

    assert noncollection.violations(noncollection.form_texts([SneakyForm])) == [
        f"{__name__}.SneakyForm.status: 'Estatus migratorio'"]


def test_mutation_a_field_added_in_init_is_seen_on_the_instance():
    class InitForm(forms.Form):
        message = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["nationality"] = forms.CharField(required=False)

    assert noncollection.violations(noncollection.form_texts([InitForm])) == []
    assert noncollection.violations(noncollection.form_texts([instantiate(InitForm)])) == [
        f"{__name__}.InitForm.nationality: 'nationality'"]


def test_mutation_a_form_defined_in_a_view_is_found_and_scanned():
    # A form class made inside a Harbour view module, not in a forms module.
    form_class = type("QuickIntakeForm", (forms.Form,), {
        "__module__": "harbour.help.views", "country_of_birth": forms.CharField()})
    assert form_class in harbour_form_classes()
    assert noncollection.violations(noncollection.form_texts([form_class])) == [
        "harbour.help.views.QuickIntakeForm.country_of_birth: 'country_of_birth'"]


def test_mutation_status_choices_under_a_neutral_field_name_are_caught():
    class SituationForm(forms.Form):
        situation = forms.ChoiceField(label="Your situation", choices=[
            ("a", "Asylum seeker"), ("r", "Refugee"), ("u", "Undocumented"), ("s", "EU settled status"),
            ("o", "Overstayed")])

    assert noncollection.violations(noncollection.form_texts([SituationForm])) == [
        f"{__name__}.SituationForm.situation: '{label}'" for label in sorted(
            ["Asylum seeker", "EU settled status", "Overstayed", "Refugee", "Undocumented"])]


def test_mutation_a_forbidden_key_in_a_sealed_payload_is_refused_before_sealing():
    public_key = bytes(crypto.new_key_pair().public_key)
    with pytest.raises(NonCollectionError, match=r"\$\.contact\.immigration_status"):
        crypto.seal_record(public_key, {"name": "N", "contact": {"value": "x", "immigration_status": "y"}})
    with pytest.raises(NonCollectionError, match=r"\$\.answers\[0\]\.nacionalidad"):
        crypto.seal_record(public_key, {"answers": [{"nacionalidad": "y"}]})
    content, sealed_key = crypto.seal_record(public_key, {"name": "N", "needs": ["immigration_advice"]})
    assert content and sealed_key


@pytest.mark.django_db
def test_mutation_a_forbidden_key_in_a_plain_json_column_is_refused_and_nothing_is_saved():
    with pytest.raises(NonCollectionError, match="core.AuditEntry.detail"):
        audit_append(action="test.event", detail={"visa_type": "x"})
    assert AuditEntry.objects.count() == 0
    from harbour.firewall.models import Consent

    consent = Consent(organisation_id=1, subject_ref=uuid.uuid4(), recipient_id=1,
                      categories=[{"passport": "x"}], purpose="support", expires_on="2030-01-01",
                      method="phone", language="en")
    with pytest.raises(NonCollectionError):
        consent.save()
    assert Consent.objects.count() == 0


def test_mutation_the_schema_scan_fails_on_a_forbidden_property():
    schema = {"components": {"schemas": {"In": {"properties": {"country_of_birth": {"type": "string"},
                                                               "asylumSeeker": {"type": "boolean"}}}}}}
    assert noncollection.violations(noncollection.schema_texts(schema)) == [
        "$.components.schemas.In.properties.asylumSeeker: 'asylumSeeker'",
        "$.components.schemas.In.properties.country_of_birth: 'country_of_birth'"]


def test_the_polish_word_for_no_is_not_the_spanish_nie_but_the_nie_is_still_caught():
    with translation.override("pl"):
        assert noncollection.hits(["Nie", "Tak"]) == []
    for language in ("en", "es"):
        with translation.override(language):
            assert noncollection.hits(["NIE", "Número NIE"]) == ["NIE", "Número NIE"]
