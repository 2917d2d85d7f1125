"""Error messages for the public forms, addressed to her.

Django's own Arabic messages address the reader in the masculine ("تأكد", "انتق"); the public
site addresses women (DESIGN.md: who uses it). Public forms take these instead, unless a field
says something more specific itself.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.core.numbers import fold_digits

__all__ = ["NUMERIC_FIELDS", "PUBLIC_ERRORS", "HerDigitsMixin", "PublicErrorsMixin", "fold_digits"]

PUBLIC_ERRORS = {
    "required": _("Please fill this in."),
    "max_length": _("Please keep this under %(limit_value)d characters (it has %(show_value)d). "
                    "What you typed is still here."),
    "invalid_choice": _("Choose one of the options listed."),
    "invalid": _("Check what you typed here."),
    "invalid_list": _("Choose one of the options listed."),
}


class PublicErrorsMixin:
    """Put before `forms.Form`: every field's Django default message for the keys above is
    replaced by the public one; messages a field sets itself are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            defaults = {}
            for klass in reversed(type(form_field).__mro__):
                defaults.update(getattr(klass, "default_error_messages", {}))
            for key, message in PUBLIC_ERRORS.items():
                current = form_field.error_messages.get(key)
                if current is None or current is defaults.get(key) or current == defaults.get(key):
                    form_field.error_messages[key] = message


NUMERIC_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField, forms.DateField, forms.TimeField,
                  forms.DateTimeField)


class HerDigitsMixin:
    """Put before `forms.Form` on a public form: numbers, dates and times may be typed in any
    script's digits (issue 18, item 6). Each such field reads what she typed with its digits
    folded to ASCII, and is shown as a text box with a numeric keyboard: a browser's
    <input type="number"> throws away digits it does not know, and she would see "required"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if not isinstance(form_field, NUMERIC_FIELDS):
                continue
            form_field.to_python = _folding(form_field.to_python)
            if isinstance(form_field.widget, forms.NumberInput):
                attrs = {key: value for key, value in form_field.widget.attrs.items()
                         if key not in {"min", "max", "step"}}
                form_field.widget = forms.TextInput(attrs={**attrs, "inputmode": "numeric", "autocomplete": "off"})


def _folding(to_python):
    def folded(value):
        return to_python(fold_digits(value))

    return folded
