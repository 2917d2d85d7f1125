"""Forms of the partnership pages after a partnership is recorded: editing its terms (with
the agreement upload) and recording a meeting. The edit form is the creation form
(forms.PartnershipForm) without the choice of partner and direction, so the two keep the
same fields, limits and labels."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import User
from harbour.core.forms import HerDigitsMixin
from harbour.referrals.forms import PartnershipForm
from harbour.referrals.services_partnership import EDITABLE_FIELDS


def _members(organisation):
    return User.objects.filter(memberships__organisation=organisation,
                               memberships__is_active=True).distinct().order_by("full_name", "email")


class PartnershipEditForm(PartnershipForm):
    # Who the partners are and which way women are referred are fixed once recorded.
    partner = None
    direction = None
    contact = None

    referring_contact = forms.ModelChoiceField(label=_("Named contact of the referring organisation"),
                                               queryset=User.objects.none(), required=False)
    receiving_contact = forms.ModelChoiceField(label=_("Named contact of the receiving organisation"),
                                               queryset=User.objects.none(), required=False)
    agreement_review_on = forms.DateField(label=_("Information-sharing agreement: review date"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    agreement = forms.FileField(label=_("Information-sharing agreement (PDF)"), required=False,
                                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["needs", "data_categories", "referring_contact", "receiving_contact", "ack_working_hours",
                   "first_contact_working_hours", "agreement", "agreement_review_on", "meeting_rhythm",
                   "next_meeting_on"]

    def __init__(self, *args, partnership=None, **kwargs):
        if partnership is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(partnership, name) for name in EDITABLE_FIELDS} | {
                "version": partnership.version}
        # PartnershipForm.__init__ fills the partner and contact choices this form has not.
        super(PartnershipForm, self).__init__(*args, **kwargs)
        if partnership is not None:
            self.fields["referring_contact"].queryset = _members(partnership.referring_organisation)
            self.fields["receiving_contact"].queryset = _members(partnership.receiving_organisation)

    def changes(self) -> dict:
        """The cleaned values of the editable fields (for services_partnership.partnership_update)."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class MeetingForm(HerDigitsMixin, forms.Form):
    held_on = forms.DateField(label=_("Date of the meeting"), initial=timezone.localdate,
                              widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.CharField(label=_("Short minutes"), max_length=2000,
                              help_text=_("Sealed: only the two organisations' members with the key can read them. "
                                          "Write no woman's name or details."),
                              widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}))
    next_meeting_on = forms.DateField(label=_("Next meeting"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("This meeting has not been held yet: record it once it has."))
        return held_on

    def clean(self):
        data = super().clean()
        held_on, next_on = data.get("held_on"), data.get("next_meeting_on")
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_meeting_on", _("The next meeting comes after this one."))
        return data
