"""Forms of the intelligence-only police report. Kept here so the F1 scan
(tests/firewall/test_noncollection.py) checks every field: none is about her identity,
immigration or residence."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.forms import HerDigitsMixin
from harbour.firewall.models import Consent
from harbour.referrals.models_intelligence import IntelligenceReport, IntelligenceShare
from harbour.referrals.selectors_intelligence import advocates, police_recipients, reportable_cases
from harbour.referrals.services_intelligence import MAX_TEXT

OFF = {"autocomplete": "off"}
MONTHS = [("", _("Not known"))] + [(str(n), str(n)) for n in range(1, 13)]


def _month(value):
    return int(value) if value else None


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, case):
        return case.reference


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class IntelligenceReportForm(HerDigitsMixin, forms.Form):
    abuse_kinds = forms.MultipleChoiceField(label=_("Kinds of abuse"), choices=IntelligenceReport.Abuse.choices,
                                            widget=forms.CheckboxSelectMultiple)
    incident_year = forms.IntegerField(label=_("Year of the incident"), min_value=1950, max_value=2200)
    incident_month = forms.TypedChoiceField(label=_("Month of the incident (1 to 12)"), choices=MONTHS,
                                            coerce=_month, empty_value=None, required=False)
    police_area = forms.CharField(label=_("Police force or area where it happened"), max_length=100,
                                  required=False, widget=forms.TextInput(attrs=OFF))
    ongoing = forms.ChoiceField(label=_("Is it still going on?"), choices=IntelligenceReport.Answer.choices,
                                widget=forms.RadioSelect, initial=IntelligenceReport.Answer.UNKNOWN)
    weapons = forms.ChoiceField(label=_("Were weapons used or threatened?"),
                                choices=IntelligenceReport.Answer.choices, widget=forms.RadioSelect,
                                initial=IntelligenceReport.Answer.UNKNOWN)
    strangulation = forms.ChoiceField(label=_("Was there strangulation or choking?"),
                                      choices=IntelligenceReport.Answer.choices, widget=forms.RadioSelect,
                                      initial=IntelligenceReport.Answer.UNKNOWN)
    injuries = forms.ChoiceField(label=_("Were there injuries?"), choices=IntelligenceReport.Answer.choices,
                                 widget=forms.RadioSelect, initial=IntelligenceReport.Answer.UNKNOWN)
    children_present = forms.ChoiceField(label=_("Were children present?"),
                                         choices=IntelligenceReport.Answer.choices, widget=forms.RadioSelect,
                                         initial=IntelligenceReport.Answer.UNKNOWN)
    relationship = forms.ChoiceField(label=_("Who is the person who caused harm to her?"),
                                     choices=IntelligenceReport.Relationship.choices,
                                     initial=IntelligenceReport.Relationship.UNKNOWN)
    perpetrator_count = forms.IntegerField(label=_("How many people caused harm?"), min_value=1, max_value=20,
                                           initial=1)
    incident = forms.CharField(label=_("What happened (sealed)"), max_length=MAX_TEXT, required=False,
                               help_text=_("Do not write her name, where she lives or anything that would "
                                           "identify her."),
                               widget=forms.Textarea(attrs={"rows": 5, **OFF}))
    perpetrator = forms.CharField(label=_("The person who caused harm: name, description, vehicle, where he "
                                          "can be found (sealed)"), max_length=MAX_TEXT, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5, **OFF}))
    place = forms.CharField(label=_("Where it happened (sealed)"), max_length=200, required=False,
                            help_text=_("A street or an area, never her address."),
                            widget=forms.TextInput(attrs=OFF))
    case = CaseChoiceField(label=_("Her case, for your reference (nothing of it is sent)"),
                           queryset=IntelligenceReport.objects.none(), required=False)
    contact_member = MemberChoiceField(label=_("Advocate the police should contact to reach her"),
                                       queryset=IntelligenceReport.objects.none(), required=False,
                                       empty_label=_("Me"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, organisation=None, keep_case_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_year"].initial = timezone.localdate().year
        if user is not None and organisation is not None:
            self.fields["case"].queryset = reportable_cases(user, organisation, keep_case_id=keep_case_id)
            self.fields["contact_member"].queryset = advocates(organisation)

    @staticmethod
    def initial_from(report: IntelligenceReport, opened: dict) -> dict:
        """The form's initial values for an existing report and its opened sealed part."""
        initial = {name: getattr(report, name) for name in (
            "abuse_kinds", "incident_year", "police_area", "ongoing", "weapons", "strangulation", "injuries",
            "children_present", "relationship", "perpetrator_count")}
        initial.update(opened, incident_month=str(report.incident_month or ""), case=report.case_id,
                       contact_member=report.contact_member_id, version=report.version)
        return initial


class IntelligenceSendForm(HerDigitsMixin, forms.Form):
    recipient = forms.ModelChoiceField(label=_("Police recipient"), queryset=IntelligenceReport.objects.none(),
                                       empty_label=None)
    channel = forms.ChoiceField(label=_("How it goes"), choices=IntelligenceShare.Channel.choices,
                                widget=forms.RadioSelect, initial=IntelligenceShare.Channel.EMAIL)
    agreed_method = forms.ChoiceField(label=_("How she agreed to the police receiving this without her name"),
                                      choices=Consent.Method.choices)
    agreed = forms.BooleanField(label=_("She agreed that the police receive this report, without her name"))
    # The form's token: the report's version when the page was made (a second post of the
    # same form is refused, so a double click delivers once).
    version = forms.IntegerField(widget=forms.HiddenInput)
    resend = forms.BooleanField(label=_("Send it again: I know it was sent before"), required=False)

    def __init__(self, *args, organisation=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["recipient"].queryset = police_recipients(organisation)
        if report is not None:
            self.initial.setdefault("version", report.version)
        if report is None or report.status == IntelligenceReport.Status.DRAFT:
            # Asked only once the report has been sent.
            del self.fields["resend"]
