"""The quick form renderer writes the same characters as Django's widget templates (issue 11:
the directory search spent a third of its CPU rendering one <select> through them)."""

import datetime
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from harbour.core.form_renderer import QuickRenderer
from harbour.directory.forms import ConfidentialLocationForm, SearchForm

TRICKY = 'a "quoted" <b>&amp; \'x\''


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="help", widget=forms.TextInput(attrs={
        "autocomplete": "off", "data-x": TRICKY, "readonly": True, "hidden": False, "size": 7, "tabindex": 0, "data-empty": ""}))
    optional = forms.CharField(required=False)
    number = forms.IntegerField(min_value=1, max_value=9)
    decimal = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    box = forms.BooleanField(required=False)
    must = forms.BooleanField(label=mark_safe("<i>safe</i> label"))  # noqa: S308 (test data)
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    tel = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    colour = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "color"}))
    upload = forms.FileField(required=False, widget=forms.FileInput)
    choice = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("<x>", TRICKY), (3, 1000),
                                        ("s", mark_safe("<b>safe</b>")), ("l", gettext_lazy("Search"))])  # noqa: S308
    optional_choice = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Anything")), ("x", "X")])
    typed = forms.TypedChoiceField(coerce=int, choices=[(5, "five"), (10, "ten")], initial=10, required=False)
    grouped = forms.ChoiceField(required=False, choices=[
        ("", "none"), ("Fruit", [("apple", "Apple"), ("pear", "Pear <ripe>")]), ("veg", "Vegetable")])
    several = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B"), ("c", "C")])
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.ChoiceField(required=False, disabled=True, choices=[("x", "X")],
                                 widget=forms.Select(attrs={"class": "wide", "aria-label": TRICKY}))
    # Widgets the quick renderer leaves to the templates: they must be unchanged too.
    area = forms.CharField(required=False, widget=forms.Textarea)
    radio = forms.ChoiceField(required=False, choices=[("a", "A")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(required=False, choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    split = forms.SplitDateTimeField(required=False)


STATES = [
    None,
    {},
    {"text": TRICKY, "number": "12", "decimal": "1.5", "email": "x@", "url": "no", "password": "p<w>",
     "hidden": TRICKY, "date": "2026-11-30", "when": "nonsense", "time": "12:00", "box": "on", "must": "",
     "search": "s", "tel": "+44", "colour": "#fff", "choice": "<x>", "optional_choice": "x", "typed": "5",
     "grouped": "pear", "several": ["a", "c"], "maybe": "true", "disabled": "x", "area": TRICKY,
     "radio": "a", "boxes": ["a"]},
    {"choice": "3", "grouped": "veg", "several": ["zzz"], "maybe": "false", "number": "nine", "must": "on"},
    {"choice": "nope", "typed": "7", "grouped": "Fruit", "maybe": "unknown"},
]


def _both(form_class, data, *, initial=None, **kwargs):
    """Each field of the form as the quick renderer and as Django's templates render it."""
    pairs = []
    for renderer in (QuickRenderer(), DjangoTemplates()):
        form = form_class(data, initial=initial, renderer=renderer, **kwargs)
        if data is not None:
            form.is_valid()
        pairs.append([(name, str(form[name]), str(form[name].errors)) for name in form.fields])
    return pairs


@pytest.mark.parametrize("state", range(len(STATES)))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_widget_renders_as_djangos_templates_do(state, language):
    with translation.override(language):
        quick, templates = _both(EveryWidget, STATES[state],
                                 initial={"text": "first", "when": datetime.datetime(2026, 1, 2, 3, 4), "box": True})
    assert quick == templates


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fa", "uk"])
@pytest.mark.parametrize("data", [None, {}, {"q": "women", "pick": "gb-london", "distance": "25", "open_now": "on"},
                                  {"place": "Nowhere at all", "pick": "nope", "distance": "3", "page": "x"}])
def test_search_form_renders_as_djangos_templates_do(language, data):
    with translation.override(language):
        # One one-time token for both (an unbound form otherwise draws a fresh one each time).
        quick, templates = _both(SearchForm, data, initial={"once": "same-token-for-both"})
    assert quick == templates
    assert any(name == "pick" and "<option" in html for name, html, _errors in quick)


@pytest.mark.django_db
def test_staff_place_list_renders_as_djangos_templates_do():
    quick, templates = _both(ConfidentialLocationForm, {"loc-place": "gb-leeds", "loc-confidential": "on"},
                             prefix="loc")
    assert quick == templates


def test_the_site_renders_inputs_and_selects_without_their_templates():
    """Installed in settings; the select and input templates, and those of an empty error
    list, are not rendered at all."""
    assert settings.FORM_RENDERER == "harbour.core.form_renderer.QuickRenderer"
    renderer = get_default_renderer()
    assert isinstance(renderer, QuickRenderer)
    renderer._is_djangos("django/forms/widgets/select.html")
    renderer._is_djangos("django/forms/widgets/text.html")
    with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError("rendered by a template")):
        form = EveryWidget({"choice": "a", "text": "x"})
        for name in ("text", "choice", "box", "number", "grouped", "several", "maybe"):
            assert str(form[name])
        assert str(EveryWidget()["text"].errors) == ""


def test_an_overridden_widget_template_goes_through_the_templates():
    renderer = QuickRenderer()
    renderer._own["django/forms/widgets/select.html"] = False  # as if an app overrode it
    with mock.patch.object(DjangoTemplates, "render", return_value="from the template") as render:
        form = EveryWidget(renderer=renderer)
        assert str(form["choice"]) == "from the template"
    render.assert_called_once()
