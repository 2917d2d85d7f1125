from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.firewall.models import Recipient


class RecipientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Recipient.Category.choices)
    partner = forms.ModelChoiceField(label=_("Partner organisation on Harbour"), required=False,
                                     queryset=Organisation.objects.none(), to_field_name="public_id")
    email = forms.EmailField(label=_("Or an e-mail address outside Harbour"), required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        """`organisation` is the one registering; without it (scans of every form) no
        partner is offered."""
        if organisation is not None:
            # Ids carry the organisation: an admin of several sees one form per organisation.
            kwargs.setdefault("auto_id", f"id_recipient_{organisation.pk}_%s")
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # Only valid choices: neither her own organisation nor a partner already registered.
            self.fields["partner"].queryset = Organisation.objects.exclude(pk=organisation.pk).exclude(
                pk__in=Recipient.objects.filter(registered_by=organisation, organisation__isnull=False)
                .values("organisation_id")).order_by("name")

    def clean(self):
        cleaned = super().clean()
        partner, email = cleaned.get("partner"), cleaned.get("email")
        if partner and email:
            raise forms.ValidationError(
                _("Choose a partner organisation on Harbour or give an e-mail address, not both."))
        if not partner and not email and not self.errors:
            raise forms.ValidationError(_("Choose a partner organisation on Harbour or give an e-mail address."))
        return cleaned


class RecoveryForm(forms.Form):
    def __init__(self, *args, organisation=None, **kwargs):
        if organisation is not None:
            kwargs.setdefault("auto_id", f"id_recovery_{organisation.pk}_%s")
        super().__init__(*args, **kwargs)

    recovery_key = forms.CharField(label=_("Recovery key"), max_length=120,
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}))
