"""Error messages for the public forms, addressed to her.

Django's own Arabic messages address the reader in the masculine ("تأكد", "انتق"); the public
site addresses women (DESIGN.md: who uses it). Public forms take these instead, unless a field
says something more specific itself.
"""

from django.utils.translation import gettext_lazy as _

from harbour.core.forms import NUMERIC_FIELDS, HerDigitsMixin, NoSilentCutMixin
from harbour.core.numbers import fold_digits

__all__ = ["NUMERIC_FIELDS", "PUBLIC_ERRORS", "HerDigitsMixin", "PublicErrorsMixin", "fold_digits"]

PUBLIC_ERRORS = {
    "required": _("Please fill this in."),
    "max_length": _("Please keep this to at most %(limit_value)d characters (it has %(show_value)d). "
                    "What you typed is still here."),
    "invalid_choice": _("Choose one of the options listed."),
    "invalid": _("Check what you typed here."),
    "invalid_list": _("Choose one of the options listed."),
}


class PublicErrorsMixin(NoSilentCutMixin):
    """Put before `forms.Form`: every field's Django default message for the keys above is
    replaced by the public one; messages a field sets itself are kept. No text box carries
    `maxlength` (NoSilentCutMixin): the "max_length" message says the limit instead, and every
    text box takes the direction of what she types."""

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


def typed_initial(post, form_class, *, leave_out=()) -> dict:
    """What she typed into `form_class` in `post` (a QueryDict), as the form's `initial`:
    {field name: value, or a list for a field that takes several}; empty values and the
    fields in `leave_out` left out. A language switch shows her form again with it (nothing
    she typed is lost)."""
    typed = {}
    for name, form_field in form_class.base_fields.items():
        if name in leave_out:
            continue
        values = [v for v in post.getlist(name) if v]
        if values:
            typed[name] = values if getattr(form_field.widget, "allow_multiple_selected", False) else values[0]
    return typed
