"""Forms for casework. Kept here so the F1 scan (tests/firewall/test_noncollection.py)
checks every field: none names immigration or residence status."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Membership, User
from harbour.cases import dash
from harbour.cases.models import Case, Channel, ContactAttempt, Outcome
from harbour.cases.services import MARAC_RECIPIENT_CATEGORIES, SAFETY_PLAN_SECTIONS
from harbour.core.forms import HerDigitsMixin
from harbour.core.languages import language_choices
from harbour.firewall.models import Consent, Recipient
from harbour.help.forms import barriers_field

OFF = {"autocomplete": "off"}
TEXT_MAX = 4000
SAFETY_PLAN_ROWS = 3
SECTION_LABELS = {
    "at_home": _("At home"),
    "if_she_leaves": _("If she decides to leave"),
    "after_leaving": _("After leaving"),
    "children": _("Children"),
    "online_and_phone": _("Online and phone safety"),
    "work_or_college": _("At work or college"),
    "documents_and_money": _("Keeping documents and money safe"),
    "emergency_contacts": _("Emergency contacts"),
}
YES_NO_UNKNOWN = [("", _("Not said")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class VersionedForm(HerDigitsMixin, forms.Form):
    """Carries the case version it was shown with, so a stale post is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class DirectCaseForm(forms.Form):
    name = forms.CharField(label=_("A name to call her (sealed)"), max_length=100, required=False,
                           widget=forms.TextInput(attrs=OFF))
    summary = forms.CharField(label=_("What she said (sealed)"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4, **OFF}))
    language = forms.ChoiceField(label=_("Her language"), choices=language_choices)
    barriers = barriers_field()


class SafeContactForm(VersionedForm):
    safe_channels = forms.MultipleChoiceField(label=_("Ways of contacting her that she says are safe"),
                                              choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
                                              required=False)
    do_not_contact = forms.BooleanField(label=_("She asked not to be contacted"), required=False)
    message_ok = forms.TypedChoiceField(label=_("May a message be left?"), choices=YES_NO_UNKNOWN, coerce=_yes_no,
                                        empty_value=None, required=False)
    value = forms.CharField(label=_("Number, address or username to use"), max_length=200, required=False,
                            widget=forms.TextInput(attrs=OFF))
    safe_times = forms.CharField(label=_("Safe times"), max_length=200, required=False,
                                 widget=forms.TextInput(attrs=OFF))
    code_word = forms.CharField(label=_("Code word"), max_length=100, required=False,
                                widget=forms.TextInput(attrs=OFF))
    must_not_answer = forms.CharField(label=_("Who must not answer"), max_length=200, required=False,
                                      widget=forms.TextInput(attrs=OFF))


class ContactAttemptForm(HerDigitsMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactAttempt.Outcome.choices)
    next_slot_on = forms.DateField(label=_("Later day offered (if not safe now)"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(label=_("New status"), choices=Case.Status.choices)
    reason = forms.ChoiceField(label=_("Reason (to close or withdraw)"),
                               choices=[("", "—"), *Case.CloseReason.choices], required=False)


class DashForm(HerDigitsMixin, forms.Form):
    """One page, 24 questions, each a radio group: works with the keyboard and without
    JavaScript. The licensed wording, if the organisation loaded it, replaces the labels."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    incidents_last_12_months = forms.IntegerField(label=_("Incidents in the last 12 months"), min_value=0,
                                                  max_value=500, initial=0)
    new_incident_on = forms.DateField(label=_("Date of the latest incident, if new"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    judgement_high = forms.BooleanField(label=_("My professional judgement is that the risk is high"),
                                        required=False)
    judgement_reason = forms.CharField(label=_("Why (sealed)"), max_length=TEXT_MAX, required=False,
                                       widget=forms.Textarea(attrs={"rows": 3, **OFF}))
    perpetrator = forms.CharField(label=_("The person causing harm: name and details (sealed)"), max_length=TEXT_MAX,
                                  required=False, widget=forms.Textarea(attrs={"rows": 3, **OFF}))
    children_ages = forms.CharField(label=_("Children in the household: ages, separated by commas"), max_length=200,
                                    required=False, widget=forms.TextInput(attrs=OFF))

    def __init__(self, *args, wording: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4())
        for number in dash.QUESTIONS:
            label, help_text = dash.ITEMS[number]
            text = (wording or {}).get(str(number)) or label
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=f"{number}. {text}", help_text=help_text, choices=list(dash.ANSWER_LABELS.items()),
                widget=forms.RadioSelect, initial=dash.NOT_ASKED,
                error_messages={"required": _("Choose an answer."),
                                "invalid_choice": _("Choose yes, no, don't know or not asked.")})
            self.fields[f"n{number}"] = forms.CharField(label=_("Note (sealed)"), max_length=1000, required=False,
                                                        widget=forms.TextInput(attrs=OFF))

    def clean_children_ages(self):
        text = self.cleaned_data["children_ages"].strip()
        if not text:
            return []
        try:
            ages = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Write the ages as numbers separated by commas, e.g. 3, 7.")) from None
        if any(age < 0 or age > 17 for age in ages):
            raise forms.ValidationError(_("Ages of children are from 0 to 17."))
        return ages

    def clean(self):
        data = super().clean()
        if data.get("judgement_high") and not (data.get("judgement_reason") or "").strip():
            self.add_error("judgement_reason", _("Record why your professional judgement is that the risk is high."))
        return data

    def answers(self) -> dict[int, str]:
        return {n: self.cleaned_data[f"q{n}"] for n in dash.QUESTIONS}

    def notes(self) -> dict[int, str]:
        return {n: self.cleaned_data[f"n{n}"] for n in dash.QUESTIONS if self.cleaned_data.get(f"n{n}")}

    def question_rows(self):
        return [(self[f"q{n}"], self[f"n{n}"]) for n in dash.QUESTIONS]


class MaracForm(HerDigitsMixin, forms.Form):
    """The MARAC referral, pre-filled from the case and the latest assessment."""

    name = forms.CharField(label=_("Her name"), max_length=200, required=False, widget=forms.TextInput(attrs=OFF))
    safe_contact = forms.CharField(label=_("Safe contact details"), max_length=400, required=False,
                                   widget=forms.TextInput(attrs=OFF))
    risk_summary = forms.CharField(label=_("Risk (from the assessment)"), max_length=TEXT_MAX, required=False,
                                   widget=forms.Textarea(attrs={"rows": 8, **OFF}))
    perpetrator = forms.CharField(label=_("The person causing harm"), max_length=TEXT_MAX, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3, **OFF}))
    children_count = forms.IntegerField(label=_("Children in the household"), min_value=0, max_value=30,
                                        required=False)
    children_ages = forms.CharField(label=_("Their ages"), max_length=200, required=False,
                                    widget=forms.TextInput(attrs=OFF))
    additional_information = forms.CharField(label=_("Additional information"), max_length=TEXT_MAX, required=False,
                                             widget=forms.Textarea(attrs={"rows": 4, **OFF}))


class MaracSendForm(forms.Form):
    consent = forms.ModelChoiceField(label=_("Her consent"), queryset=Consent.objects.none(), to_field_name="public_id")
    as_pdf = forms.BooleanField(label=_("Download as PDF instead of sending by e-mail"), required=False)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:  # unbound to a case (the non-collection scan): no choices
            return
        self.fields["consent"].queryset = Consent.objects.filter(
            organisation=case.organisation, subject_ref=case.subject_ref, revoked_on__isnull=True,
            recipient__category__in=MARAC_RECIPIENT_CATEGORIES).select_related("recipient")


class SafeguardingRequestForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("MARAC recipient"), queryset=Recipient.objects.none(),
                                       to_field_name="public_id")
    reason = forms.CharField(label=_("Why the risk of serious harm justifies sharing without her consent (sealed)"),
                             max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3, **OFF}))
    tell_her = forms.BooleanField(label=_("She will see this share on her status page"), required=False, initial=True)
    withhold_reason = forms.CharField(label=_("If not: why telling her would raise the risk (sealed)"),
                                      max_length=TEXT_MAX, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2, **OFF}))

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:  # unbound to a case (the non-collection scan): no choices
            return
        self.fields["recipient"].queryset = Recipient.objects.filter(
            registered_by=case.organisation, is_active=True, category__in=MARAC_RECIPIENT_CATEGORIES)


class ApproveForm(forms.Form):
    as_pdf = forms.BooleanField(label=_("Download as PDF instead of sending by e-mail"), required=False)


class SafetyPlanForm(HerDigitsMixin, forms.Form):
    heading = forms.CharField(label=_("Heading she chose for the printed plan"), max_length=80,
                              initial=_("My plan"), widget=forms.TextInput(attrs=OFF))
    review_on = forms.DateField(label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("Print in"), choices=language_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SAFETY_PLAN_SECTIONS:
            for row in range(SAFETY_PLAN_ROWS):
                for part, label, size in (("action", _("Action"), 400), ("who", _("Who"), 100), ("when", _("When"), 100)):
                    self.fields[f"{section}-{row}-{part}"] = forms.CharField(
                        label=label, max_length=size, required=False, widget=forms.TextInput(attrs=OFF))

    def sections(self) -> dict:
        return {section: [{part: self.cleaned_data.get(f"{section}-{row}-{part}", "") for part in ("action", "who", "when")}
                          for row in range(SAFETY_PLAN_ROWS)] for section in SAFETY_PLAN_SECTIONS}

    def section_rows(self):
        return [(SECTION_LABELS[section], [[self[f"{section}-{row}-{part}"] for part in ("action", "who", "when")]
                                           for row in range(SAFETY_PLAN_ROWS)]) for section in SAFETY_PLAN_SECTIONS]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note (sealed)"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3, **OFF}),
                           error_messages={"required": _("Write the note.")})


class TaskForm(HerDigitsMixin, forms.Form):
    title = forms.CharField(label=_("Task (sealed)"), max_length=300, widget=forms.TextInput(attrs=OFF))
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Contacts her by"), choices=[("", _("Does not contact her")), *Channel.choices],
                                required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, up to 10 MB)"))


class OutcomeForm(HerDigitsMixin, forms.Form):
    stage = forms.ChoiceField(label=_("When"), choices=Outcome.Stage.choices)
    safety = forms.ChoiceField(label=_("Her feeling of safety"), choices=[("", "—"), *Outcome.Safety.choices],
                               required=False)
    abuse = forms.ChoiceField(label=_("The abuse"), choices=[("", "—"), *Outcome.Abuse.choices], required=False)
    housing_secure = forms.TypedChoiceField(label=_("Housing secure"), choices=YES_NO_UNKNOWN, coerce=_yes_no,
                                            empty_value=None, required=False)
    legal_advice_accessed = forms.TypedChoiceField(label=_("Access to legal advice"), choices=YES_NO_UNKNOWN,
                                                   coerce=_yes_no, empty_value=None, required=False)
    immigration_advice_need_met = forms.TypedChoiceField(label=_("Need for immigration advice met"),
                                                         choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None,
                                                         required=False)
    health_support_accessed = forms.TypedChoiceField(label=_("Health support"), choices=YES_NO_UNKNOWN,
                                                     coerce=_yes_no, empty_value=None, required=False)
    daily_life_freedom = forms.TypedChoiceField(label=_("Free to go about daily life"), choices=YES_NO_UNKNOWN,
                                                coerce=_yes_no, empty_value=None, required=False)
    children_wellbeing_improved = forms.TypedChoiceField(label=_("Children's wellbeing improved"),
                                                         choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None,
                                                         required=False)
    wellbeing = forms.IntegerField(label=_("Her wellbeing, 0 to 10"), min_value=0, max_value=10, required=False)


class RestrictForm(VersionedForm):
    members = forms.ModelMultipleChoiceField(label=_("Only these members may see the case"),
                                             queryset=User.objects.none(), to_field_name="public_id",
                                             widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:  # unbound to a case (the non-collection scan): no choices
            return
        self.fields["members"].queryset = User.objects.filter(
            memberships__organisation=case.organisation, memberships__is_active=True,
            memberships__role__in=[Membership.Role.ADMIN, Membership.Role.CASEWORKER]).distinct()
        self.fields["members"].label_from_instance = lambda user: user.full_name or user.email


class TransferForm(forms.Form):
    consent = forms.ModelChoiceField(label=_("Her consent to the transfer"), queryset=Consent.objects.none(),
                                     to_field_name="public_id")

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:  # unbound to a case (the non-collection scan): no choices
            return
        self.fields["consent"].queryset = Consent.objects.filter(
            organisation=case.organisation, subject_ref=case.subject_ref, revoked_on__isnull=True,
            recipient__organisation__isnull=False).select_related("recipient")


class InstrumentForm(forms.Form):
    text = forms.CharField(label=_("Instrument file (YAML)"), max_length=100_000,
                           widget=forms.Textarea(attrs={"rows": 16, **OFF}))
