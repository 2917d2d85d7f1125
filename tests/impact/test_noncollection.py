"""F1 holds for impact and the barrier question: the scan sees the new forms and models, in
every language, and the barrier answer names fears and obstacles, never a fact about status."""

import pytest
from django import forms
from django.utils import translation

from harbour.firewall import noncollection
from harbour.help.forms import HelpRequestForm
from harbour.help.models import BarrierTally
from harbour.impact.forms import OutreachForm
from harbour.impact.models import FigureCache, NoisyRelease, OutreachActivity, Publication
from tests.firewall.test_noncollection import harbour_form_classes, instantiate


def test_the_form_scan_sees_the_outreach_form_and_the_help_form_with_its_barrier_question():
    classes = harbour_form_classes()
    assert OutreachForm in classes and HelpRequestForm in classes
    assert "barriers" in HelpRequestForm.base_fields


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_new_forms_and_models_name_no_forbidden_datum_in_any_language(language):
    with translation.override(language):
        texts = list(noncollection.form_texts([instantiate(HelpRequestForm), instantiate(OutreachForm)]))
        texts += list(noncollection.model_texts([BarrierTally, OutreachActivity, Publication, FigureCache,
                                                 NoisyRelease]))
        assert any("barriers" in where for where, _text in texts)
        assert noncollection.violations(texts) == []


def test_the_scan_would_catch_a_barrier_choice_that_records_her_status():
    class StatusBarrierForm(forms.Form):
        barriers = forms.MultipleChoiceField(choices=[("visa", "My visa type"), ("no_papers", "No residence permit")])

    assert noncollection.violations(noncollection.form_texts([StatusBarrierForm])) != []
