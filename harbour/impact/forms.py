from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.impact.models import OutreachActivity


class OutreachForm(forms.Form):
    """An outreach or advocacy activity: counts only, no names or notes."""

    kind = forms.ChoiceField(label=_("Kind of activity"), choices=OutreachActivity.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0, max_value=1_000_000, initial=0)
    organisations_reached = forms.IntegerField(label=_("Organisations reached"), min_value=0, max_value=100_000,
                                               initial=0)
    decision_makers_met = forms.IntegerField(label=_("Decision-makers met"), min_value=0, max_value=100_000,
                                             initial=0)

    def clean_held_on(self):
        from django.utils import timezone

        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Log an activity once it has happened."))
        return held_on
