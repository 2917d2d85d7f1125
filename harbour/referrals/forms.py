"""Forms of the referrals staff pages. The intake is short and works without JavaScript;
what she says is typed here once and leaves, sealed to the receiver, in the same request."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.forms import HerDigitsMixin
from harbour.firewall import policy
from harbour.firewall.models import Consent, Recipient
from harbour.help.models import HelpRequest
from harbour.referrals.models import Partnership, Referral

NEED_CHOICES = HelpRequest.Need.choices
CHANNEL_CHOICES = [c for c in HelpRequest.Channel.choices if c[0]]


def _default_expiry():
    return timezone.localdate() + datetime.timedelta(days=90)


class IntakeForm(HerDigitsMixin, forms.Form):
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=Partnership.objects.none(), required=False,
                                         empty_label=_("None: a one-off referral"))
    recipient = forms.ModelChoiceField(label=_("Recipient of a one-off referral"), queryset=Recipient.objects.none(),
                                       required=False)
    one_off_reason = forms.ChoiceField(label=_("Why a one-off referral"), required=False,
                                       choices=[("", "—"), *Referral.OneOffReason.choices])
    needs = forms.MultipleChoiceField(label=_("What she needs"), choices=NEED_CHOICES,
                                      widget=forms.CheckboxSelectMultiple)
    name = forms.CharField(label=_("Her name, as she wants to be called"), max_length=200, required=False)
    message = forms.CharField(label=_("What she wants the organisation to know"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    contact_channel = forms.ChoiceField(label=_("How they may contact her"), choices=CHANNEL_CHOICES, required=False)
    contact_value = forms.CharField(label=_("Number or address"), max_length=200, required=False)
    safe_times = forms.CharField(label=_("When it is safe"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Her language"), choices=settings.LANGUAGES)
    categories = forms.MultipleChoiceField(label=_("What she agreed to share"),
                                           choices=[(c, policy.CATEGORY_LABELS[c]) for c in policy.CATEGORIES
                                                    if c != policy.NOTES],
                                           widget=forms.CheckboxSelectMultiple,
                                           initial=[policy.IDENTITY, policy.CONTACT, policy.NEEDS, policy.NARRATIVE])
    method = forms.ChoiceField(label=_("How she gave her consent"), choices=Consent.Method.choices)
    expires_on = forms.DateField(label=_("Her consent ends on"), initial=_default_expiry,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    interpreter = forms.CharField(label=_("Interpreter, if any"), max_length=200, required=False)
    agreed = forms.BooleanField(label=_("She agreed to this referral, to this organisation, for support"),
                                error_messages={"required": _("Her consent is needed for a referral.")})

    def __init__(self, *args, partnerships=None, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnerships is not None:
            self.fields["partnership"].queryset = partnerships.select_related("receiving_organisation")
        # She is referred to an organisation: the choice names it, not the partnership's id.
        self.fields["partnership"].label_from_instance = lambda partnership: partnership.receiving_organisation.name
        if recipients is not None:
            self.fields["recipient"].queryset = recipients
        for name in ("name", "message", "contact_value", "safe_times", "interpreter"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class TransitionForm(HerDigitsMixin, forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Referral.Status.choices)
    reason = forms.CharField(label=_("Reason or outcome"), max_length=24, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevocationForm(HerDigitsMixin, forms.Form):
    choice = forms.ChoiceField(label=_("Your answer"), choices=Referral.RevocationChoice.choices,
                               widget=forms.RadioSelect)
    kept_reason = forms.ChoiceField(label=_("Lawful reason to keep it"), required=False,
                                    choices=[("", "—"), *Referral.KeptReason.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartnershipStatusForm(HerDigitsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Partnership.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name (the partner system it is for)"), max_length=100)
    scopes = forms.MultipleChoiceField(label=_("What it may do"), widget=forms.CheckboxSelectMultiple,
                                       choices=[("referrals:read", _("Read referral states")),
                                                ("referrals:write", _("Change referral states"))])


class PartnershipForm(HerDigitsMixin, forms.Form):
    DIRECTIONS = [("we_refer", _("We refer women to them")), ("they_refer", _("They refer women to us"))]

    partner = forms.ModelChoiceField(label=_("Partner organisation"), queryset=None)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTIONS, widget=forms.RadioSelect,
                                  initial="we_refer")
    needs = forms.MultipleChoiceField(label=_("Kinds of help it covers"), choices=NEED_CHOICES,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    data_categories = forms.MultipleChoiceField(
        label=_("Kinds of information it covers"), widget=forms.CheckboxSelectMultiple,
        choices=[(c, policy.CATEGORY_LABELS[c]) for c in policy.CATEGORIES if c != policy.NOTES])
    ack_working_hours = forms.IntegerField(label=_("Acknowledge within (working hours)"), min_value=1,
                                           max_value=400, initial=16)
    first_contact_working_hours = forms.IntegerField(label=_("First contact within (working hours)"), min_value=1,
                                                     max_value=800, initial=40)
    contact = forms.ModelChoiceField(label=_("Our named contact"), queryset=None, required=False)
    meeting_rhythm = forms.ChoiceField(label=_("Meetings"), choices=Partnership.Rhythm.choices,
                                       initial=Partnership.Rhythm.QUARTERLY)
    next_meeting_on = forms.DateField(label=_("Next meeting"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    time_and_resources_agreed = forms.BooleanField(label=_("Time and resources agreed"), required=False)
    leads_named = forms.BooleanField(label=_("A named lead on each side"), required=False)
    gbv_language_agreed = forms.BooleanField(
        label=_("How each side speaks of gender-based violence in the community"), required=False)
    training_offered = forms.BooleanField(label=_("Training offered to community staff"), required=False)
    disagreements_process_agreed = forms.BooleanField(label=_("How disagreements are handled"), required=False)
    review_on = forms.DateField(label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisation=None, **kwargs):
        from harbour.accounts.models import Organisation, User

        super().__init__(*args, **kwargs)
        if organisation is None:
            self.fields["partner"].queryset = Organisation.objects.none()
            self.fields["contact"].queryset = User.objects.none()
        else:
            self.fields["partner"].queryset = Organisation.objects.filter(
                registered_as_recipient__registered_by=organisation).exclude(pk=organisation.pk).distinct()
            self.fields["contact"].queryset = User.objects.filter(
                memberships__organisation=organisation, memberships__is_active=True).distinct().order_by("full_name")
