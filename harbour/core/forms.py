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


class HerDigitsMixin:
    """Put before `forms.Form` on every form, public or staff, that has a number, date or time
    field (tests/core/test_her_digits_forms.py finds any that lacks it): they may be typed in
    any script's digits (issue 18, item 6: Arabic-Indic, Extended Arabic-Indic, Devanagari,
    any Unicode decimal digit; harbour.core.numbers.fold_digits). Each such field reads what
    was typed with its digits folded to ASCII, and a number box is shown as a text box with a
    numeric keyboard: a browser's <input type="number"> throws away digits it does not know,
    and she would see "required" (a box for a decimal gets the decimal keyboard, which has the
    separator). Date and time boxes keep the browser's own control: Chromium's refuses
    Arabic-Indic digits typed into its segments, but its calendar and wheel send ASCII, and a
    plain text box in their place would lose the calendar for everyone and, with a numeric
    keyboard, leave an iPhone without the "-" an ISO date needs. What reaches the server in
    any script's digits (a browser without the control, a pasted value) is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if not isinstance(form_field, NUMERIC_FIELDS):
                continue
            form_field.to_python = _folding(form_field.to_python)
            widget = form_field.widget
            if isinstance(widget, forms.NumberInput):
                attrs = {key: value for key, value in widget.attrs.items() if key not in {"min", "max", "step"}}
                keyboard = "decimal" if isinstance(form_field, forms.DecimalField | forms.FloatField) else "numeric"
                form_field.widget = forms.TextInput(attrs={**attrs, "inputmode": keyboard, "autocomplete": "off"})


def _folding(to_python):
    def folded(value):
        return to_python(fold_digits(value))

    return folded


TYPED_INPUTS = ("text", "search", "email", "tel", "url")  # boxes for typed text (NoSilentCutMixin)


class NoSilentCutMixin:
    """Put before `forms.Form` on a form she fills in: no text box carries `maxlength`.

    A browser given `maxlength` cuts a longer paste without a word: a 5,000-character message
    arrived as its first 4,000 (a walk-through found it). Without it, the server's own limit
    answers instead, with a message that says how long the text may be and how long hers is,
    and the form comes back holding all she wrote (web.forms.PUBLIC_ERRORS "max_length").

    And every box she types free text into takes the direction of what she types
    (dir="auto"): "07700 900123" or "9-17 10:30" typed on an Arabic page reads as she typed it,
    not reordered by the page's right-to-left direction (a walk-through found both), and Arabic
    typed on an English page reads right to left. A box with a direction of its own (a status
    code: dir="ltr") keeps it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            widget = form_field.widget
            widget.attrs.pop("maxlength", None)
            if getattr(widget, "input_type", None) in TYPED_INPUTS or isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("dir", "auto")
