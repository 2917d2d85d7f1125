"""Form helpers shared by the pages of several apps."""

from django import forms
from django.core.exceptions import ValidationError

from harbour.core.numbers import fold_digits


def errors_into(form, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`: each field's messages on that field when the
    form has it, every other message on the form as a whole. Returns None; raises nothing."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


NUMERIC_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField, forms.DateField, forms.TimeField,
                  forms.DateTimeField)


# The notation shown in a date or time box that replaces the browser's own (ISO 8601; not words,
# so not translated).
ISO_NOTATION = {"date": ("YYYY-MM-DD", "%Y-%m-%d"), "time": ("HH:MM", "%H:%M"),
                "datetime-local": ("YYYY-MM-DD HH:MM", "%Y-%m-%d %H:%M")}


class HerDigitsMixin:
    """Put before `forms.Form` on every form, public or staff, that has a number, date or time
    field (tests/core/test_her_digits_forms.py finds any that lacks it): they may be typed in
    any script's digits (issue 18, item 6: Arabic-Indic, Extended Arabic-Indic, Devanagari,
    any Unicode decimal digit; harbour.core.numbers.fold_digits). Each such field reads what
    was typed with its digits folded to ASCII, and a number box is shown as a text box with a
    numeric keyboard: a browser's <input type="number"> throws away digits it does not know,
    and she would see "required". Chromium's <input type="date">, "time" and "datetime-local"
    refuse them too (typing ٠٥٠١٢٠٢٦ leaves the box empty), so those become left-to-right text
    boxes with a numeric keyboard and the ISO 8601 notation as a hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if not isinstance(form_field, NUMERIC_FIELDS):
                continue
            form_field.to_python = _folding(form_field.to_python)
            widget = form_field.widget
            attrs = {key: value for key, value in widget.attrs.items() if key not in {"min", "max", "step"}}
            if isinstance(widget, forms.NumberInput):
                form_field.widget = forms.TextInput(attrs={**attrs, "inputmode": "numeric", "autocomplete": "off"})
            elif (isinstance(widget, (forms.DateInput, forms.DateTimeInput, forms.TimeInput))
                  and widget.input_type in ISO_NOTATION):
                notation, written = ISO_NOTATION[widget.input_type]
                # The same class without its `type`: a text box that writes the value in ISO 8601,
                # as the hint says, whatever the language's own date format.
                form_field.widget = type(widget)(format=written, attrs={
                    "placeholder": notation, **attrs, "inputmode": "numeric", "autocomplete": "off", "dir": "ltr"})


def _folding(to_python):
    def folded(value):
        return to_python(fold_digits(value))

    return folded
