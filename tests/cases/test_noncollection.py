"""F1 reaches casework: the firewall's scan sees the cases forms and models, and none of
them names immigration or residence status (the one immigration datum is a need)."""

from django.apps import apps

from harbour.firewall import noncollection
from tests.firewall.test_noncollection import harbour_form_classes


def test_the_scan_sees_the_casework_forms_and_they_pass():
    forms = [cls for cls in harbour_form_classes() if cls.__module__ == "harbour.cases.forms"]
    assert {"MaracForm", "DashForm", "OutcomeForm", "SafeContactForm", "SafetyPlanForm"} <= {c.__name__ for c in forms}
    assert noncollection.violations(noncollection.form_texts(forms)) == []


def test_the_casework_models_pass():
    models = list(apps.get_app_config("cases").get_models())
    assert len(models) >= 10
    assert noncollection.violations(noncollection.model_texts(models)) == []


def test_the_scan_would_catch_a_status_field_on_the_marac_form():
    from django import forms

    from harbour.cases.forms import MaracForm

    class Leaky(MaracForm):
        residence_permit = forms.CharField()

    assert noncollection.violations(noncollection.form_texts([Leaky])) != []


def test_the_dash_form_s_per_question_fields_pass_too():
    # The class-level scan sees only base_fields; the 24 questions are added per instance.
    from harbour.cases.forms import DashForm

    form = DashForm()
    texts = [(name, str(text)) for name, field in form.fields.items()
             for text in (name, field.label or "", field.help_text or "")]
    assert len(form.fields) > 48
    assert noncollection.violations(texts) == []
