"""Every number, date and time field of every form, public or staff, reads digits of any
script (issue 18: Arabic-Indic digits were refused in staff date fields). The one place is
harbour.core.forms.HerDigitsMixin; this sweep finds a form that has such a field without it."""

import datetime
import decimal
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import harbour
from harbour.core.forms import NUMERIC_FIELDS, HerDigitsMixin

SCRIPTS = {
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "arabext": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "deva": "\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f",
}


def in_script(text: str, script: str) -> str:
    return text.translate(str.maketrans("0123456789", SCRIPTS[script]))


def forms_with_numbers() -> dict[str, type]:
    """{dotted name: form class} of every harbour form with a number, date or time field."""
    found = {}
    for module_info in pkgutil.walk_packages(harbour.__path__, "harbour."):
        if ".migrations" in module_info.name or ".management" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for obj in vars(module).values():
            if (inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
                    and any(isinstance(f, NUMERIC_FIELDS) for f in obj.base_fields.values())):
                found[f"{obj.__module__}.{obj.__name__}"] = obj
    return found


def test_the_sweep_finds_the_staff_forms_with_dates_and_numbers(db):
    found = forms_with_numbers()
    assert {"harbour.cases.forms.TaskForm", "harbour.impact.forms.OutreachForm", "harbour.help.forms.ConsentForm",
            "harbour.training.forms.SessionForm", "harbour.referrals.forms_partnership.MeetingForm"} <= set(found)
    assert len(found) >= 25


def test_every_form_with_a_number_date_or_time_field_reads_any_scripts_digits(db):
    lacking = sorted(name for name, form_class in forms_with_numbers().items()
                     if not issubclass(form_class, HerDigitsMixin))
    assert lacking == []


class Every(HerDigitsMixin, forms.Form):
    count = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0}))
    amount = forms.DecimalField()
    share = forms.FloatField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField()
    starts = forms.DateTimeField()


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_each_kind_of_field_reads_the_digits_of_each_script(script):
    typed = {"count": "12", "amount": "3.50", "share": "0.25", "day": "2026-05-01", "at": "14:30",
             "starts": "2026-05-01 14:30"}
    form = Every({name: in_script(value, script) for name, value in typed.items()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 12
    assert form.cleaned_data["amount"] == decimal.Decimal("3.50")
    assert form.cleaned_data["share"] == 0.25
    assert form.cleaned_data["day"] == datetime.date(2026, 5, 1)
    assert form.cleaned_data["at"] == datetime.time(14, 30)
    assert form.cleaned_data["starts"].replace(tzinfo=None) == datetime.datetime(2026, 5, 1, 14, 30)


def test_a_number_box_takes_any_digits_and_a_date_box_keeps_its_picker():
    """Chromium's number box throws away Arabic-Indic digits typed into it, so numbers are text
    boxes; a date box keeps the browser's calendar (HerDigitsMixin says why)."""
    count, day = str(Every()["count"]), str(Every({"day": "2026-05-01"})["day"])
    assert 'type="text"' in count and 'inputmode="numeric"' in count and 'min=' not in count
    assert 'inputmode="decimal"' in str(Every()["amount"]) and 'inputmode="decimal"' in str(Every()["share"])
    assert 'type="date"' in day and 'value="2026-05-01"' in day
