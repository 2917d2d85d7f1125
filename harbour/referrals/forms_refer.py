"""The form of the "refer her" pages (from a help request, from a case). Her consent is asked
with the very fields of the gate's share page (help.forms.ConsentForm: recipient,
categories, purpose, expiry, how, language, interpreter); this form adds where the referral
goes and for which kinds of help."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.firewall.gate_referral import ConsentTerms
from harbour.help.forms import ConsentForm
from harbour.referrals.forms import NEED_CHOICES
from harbour.referrals.models import Partnership, Referral


class ReferForm(ConsentForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), required=False,
        empty_label=_("None: a one-off referral"),
        error_messages={"invalid_choice": _("This partnership is paused or has ended: no referral can go under it.")})
    one_off_reason = forms.ChoiceField(label=_("Why a one-off referral"), required=False,
                                       choices=[("", "—"), *Referral.OneOffReason.choices])
    needs = forms.MultipleChoiceField(label=_("What she needs"), choices=NEED_CHOICES,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Choose at least one kind of help from the list.")})

    field_order = ["partnership", "recipient", "one_off_reason", "needs", "categories", "purpose", "expires_on",
                   "method", "language", "interpreter"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        # With a partnership the recipient is the partner's registration; asked for one-offs only.
        self.fields["recipient"].required = False
        self.fields["recipient"].label = _("Recipient of a one-off referral")
        self.fields["purpose"].initial = "support"
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
        self.fields["partnership"].label_from_instance = lambda partnership: partnership.receiving_organisation.name
        if organisation is not None:
            # Only active partnerships are offered (a paused one posted from an old page is refused).
            self.fields["partnership"].queryset = Partnership.objects.filter(
                referring_organisation=organisation, status=Partnership.Status.ACTIVE,
            ).select_related("receiving_organisation").order_by("receiving_organisation__name", "pk")
        for name in ("language", "interpreter"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def terms(self) -> ConsentTerms:
        """Her consent as the gate records it (call after is_valid())."""
        data = self.cleaned_data
        return ConsentTerms(categories=tuple(data["categories"]), purpose=data["purpose"],
                            expires_on=data["expires_on"], method=data["method"], language=data["language"],
                            interpreter=data["interpreter"])

    def route(self) -> dict:
        """The partnership or one-off recipient and reason, as the services take them."""
        data = self.cleaned_data
        return {"partnership": data["partnership"], "recipient": None if data["partnership"] else data["recipient"],
                "one_off_reason": data["one_off_reason"], "needs": data["needs"]}
