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
        super().__init__(*args, **kwargs)
        queryset = Organisation.objects.all()
        if organisation is not None:
            queryset = queryset.exclude(pk=organisation.pk)
        self.fields["partner"].queryset = queryset


class RecoveryForm(forms.Form):
    recovery_key = forms.CharField(label=_("Recovery key"), max_length=120,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
