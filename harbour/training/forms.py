import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.core.forms import NoSilentCutMixin
from harbour.core.once import OnceFormMixin
from harbour.rights.catalogue import get_catalogue
from harbour.training import codes
from harbour.training.models import (
    MAX_CHILDREN,
    MAX_PLACES_PER_BOOKING,
    Booking,
    Course,
    PathwayStep,
)
from harbour.training.questions import CONFIDENCE_ITEMS, CONFIDENCE_SCALE
from harbour.web.forms import HerDigitsMixin

OFF = {"autocomplete": "off"}
NAME_MAX = 60
CONTACT_MAX = 200

ACCESS_NEED_LABELS = {
    "step_free": _("Step-free access"),
    "hearing_loop": _("A hearing loop"),
    "sign_language": _("A sign-language interpreter"),
    "large_print": _("Large print"),
    "quiet_space": _("A quiet space"),
    "seat_near_door": _("A seat near the door"),
}


def language_choices():
    from harbour.rights.vocabulary import CONTENT_LANGUAGES

    return [("", _("No interpreter needed"))] + sorted(CONTENT_LANGUAGES.items(), key=lambda item: item[0])


class FilterForm(OnceFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    place = forms.ChoiceField(label=_("Place"), required=False)

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        from harbour.rights.vocabulary import CONTENT_LANGUAGES

        self.fields["language"].choices = [("", _("Any language"))] + sorted(CONTENT_LANGUAGES.items())
        self.fields["place"].choices = [("", _("Anywhere"))] + [(p, p) for p in places]


class BookingForm(NoSilentCutMixin, HerDigitsMixin, OnceFormMixin, forms.Form):
    places = forms.IntegerField(
        label=_("How many places (you and anyone coming with you)?"), initial=1, min_value=1,
        max_value=MAX_PLACES_PER_BOOKING,
        error_messages={"required": _("Say how many places you need."),
                        "invalid": _("Give the number of places as a number."),
                        "min_value": _("Book at least 1 place."),
                        "max_value": _("Book at most %(limit_value)s places. For a group, ask the organisation.")})
    name = forms.CharField(label=_("A name for the register (optional, any name you like)"), max_length=NAME_MAX,
                           required=False, widget=forms.TextInput(attrs=OFF))
    interpreter_language = forms.ChoiceField(label=_("Do you need an interpreter? In which language?"),
                                             required=False)
    children = forms.IntegerField(
        label=_("How many children need childcare?"), initial=0, min_value=0, max_value=MAX_CHILDREN, required=False,
        error_messages={"invalid": _("Give the number of children as a number."),
                        "min_value": _("The number of children cannot be below 0."),
                        "max_value": _("Give at most %(limit_value)s children. Ask the organisation about more.")})
    travel = forms.ChoiceField(label=_("Do you need your travel costs paid back?"), choices=Booking.Travel.choices,
                               required=False)
    access_needs = forms.MultipleChoiceField(label=_("Anything that would make it easier to take part?"),
                                             choices=list(ACCESS_NEED_LABELS.items()), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    wants_reminder = forms.BooleanField(label=_("Send me a reminder"), required=False)
    contact = forms.EmailField(label=_("E-mail for the reminder (only if you want one)"), max_length=CONTACT_MAX,
                               required=False, widget=forms.EmailInput(attrs=OFF),
                               error_messages={"invalid": _("This e-mail address does not look right.")})
    # A honeypot: people never see it, simple robots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", **OFF}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = language_choices()

    def clean(self):
        data = super().clean()
        if data.get("wants_reminder") and not data.get("contact") and not self.has_error("contact"):
            self.add_error("contact", _("Give an e-mail address for the reminder, or untick the reminder."))
        if data.get("children") is None:
            data["children"] = 0
        return data

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class CodeForm(NoSilentCutMixin, OnceFormMixin, forms.Form):
    code = forms.CharField(label=_("Your booking code"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none",
                                                         "spellcheck": "false", "dir": "ltr"}),
                           error_messages={"required": _("Type your booking code.")})
    action = forms.ChoiceField(choices=[(a, a) for a in ("show", "cancel", "confirm_cancel", "accept", "change",
                                                         "questions", "answers", "certificate")], required=False)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not codes.looks_like_a_code(code):
            raise forms.ValidationError(_("This is not a booking code: it is a row of words or of groups of digits, as it was shown to you."))
        return code


class ChangeForm(NoSilentCutMixin, HerDigitsMixin, forms.Form):
    interpreter_language = forms.ChoiceField(label=_("Do you need an interpreter? In which language?"),
                                             required=False)
    children = forms.IntegerField(
        label=_("How many children need childcare?"), min_value=0, max_value=MAX_CHILDREN, required=False,
        error_messages={"invalid": _("Give the number of children as a number."),
                        "min_value": _("The number of children cannot be below 0."),
                        "max_value": _("Give at most %(limit_value)s children. Ask the organisation about more.")})
    travel = forms.ChoiceField(label=_("Do you need your travel costs paid back?"), choices=Booking.Travel.choices,
                               required=False)
    access_needs = forms.MultipleChoiceField(label=_("Anything that would make it easier to take part?"),
                                             choices=list(ACCESS_NEED_LABELS.items()), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = language_choices()


class CertificateForm(NoSilentCutMixin, forms.Form):
    certificate_name = forms.CharField(label=_("The name to print on the certificate (it is not kept)"),
                                       max_length=NAME_MAX, widget=forms.TextInput(attrs=OFF),
                                       error_messages={"required": _("Type the name to print.")})


class QuestionnaireForm(NoSilentCutMixin, forms.Form):
    """Built from the shown questions (training/questions.py) plus the confidence items."""

    def __init__(self, *args, shown=(), phase="pre", **kwargs):
        super().__init__(*args, **kwargs)
        for question in shown:
            self.fields[f"q_{question.id}"] = forms.ChoiceField(
                label=question.text, choices=question.options, required=False, widget=forms.RadioSelect)
        scale = [(str(n), str(n)) for n in CONFIDENCE_SCALE]
        for key, label in CONFIDENCE_ITEMS.items():
            self.fields[f"c_{key}"] = forms.TypedChoiceField(label=label, choices=scale, coerce=int, required=False,
                                                             widget=forms.RadioSelect, empty_value=None)
        if phase == "post":
            self.fields["rating"] = forms.TypedChoiceField(label=_("How useful was the workshop (1 to 5)?"),
                                                           choices=scale, coerce=int, required=False,
                                                           widget=forms.RadioSelect, empty_value=None)
            self.fields["wants_more"] = forms.TypedChoiceField(
                label=_("Would you come to another session?"), required=False, empty_value=None,
                choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes", widget=forms.RadioSelect)

    def answers(self) -> dict:
        data = self.cleaned_data
        knowledge = {k[2:]: v for k, v in data.items() if k.startswith("q_") and v}
        confidence = {k[2:]: v for k, v in data.items() if k.startswith("c_") and v is not None}
        return {"knowledge": knowledge, "confidence": confidence, "rating": data.get("rating"),
                "wants_more": data.get("wants_more")}


class InvitationForm(HerDigitsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Which organisation should run it?"), queryset=None,
                                          to_field_name="public_id", empty_label=None,
                                          error_messages={"invalid_choice": _("Choose one of the organisations listed.")})
    asking_organisation = forms.CharField(label=_("Your organisation"), max_length=200)
    contact_email = forms.EmailField(label=_("Work e-mail for the reply"),
                                     error_messages={"invalid": _("This e-mail address does not look right.")})
    preferred_dates = forms.CharField(label=_("Dates that would suit you"), max_length=300)
    expected_people = forms.IntegerField(label=_("How many people do you expect?"), min_value=1, max_value=500,
                                         error_messages={"min_value": _("Give a number of people from 1 to 500."),
                                                         "max_value": _("Give a number of people from 1 to 500.")})
    languages = forms.CharField(label=_("Languages (codes, separated by commas, e.g. ar, fa)"), max_length=100)
    venue_offered = forms.CharField(label=_("A venue you can offer (optional)"), max_length=300, required=False)
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", **OFF}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from harbour.accounts.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(courses__isnull=False).distinct().order_by("name")

    def clean_languages(self):
        return split_languages(self.cleaned_data["languages"])


def split_languages(text: str) -> list[str]:
    import re

    parts = [p.strip().lower() for p in re.split(r"[,\s]+", text or "") if p.strip()]
    for part in parts:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", part):
            raise forms.ValidationError(_("Give language codes such as ar, fa or pt-br, separated by commas."))
    if not parts:
        raise forms.ValidationError(_("Give at least one language."))
    return parts


class CourseForm(HerDigitsMixin, forms.Form):
    title = forms.CharField(label=_("Title (shown publicly: keep it neutral)"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the title and outcomes"))
    audience = forms.ChoiceField(label=_("Audience"), choices=Course.Audience.choices)
    length_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=2880, initial=180)
    outcomes = forms.CharField(label=_("Learning outcomes, one per line"), widget=forms.Textarea(attrs={"rows": 4}),
                               required=False)
    rights_entries = forms.MultipleChoiceField(label=_("Rights the course covers"),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        from harbour.rights.vocabulary import CONTENT_LANGUAGES

        self.fields["language"].choices = sorted(CONTENT_LANGUAGES.items())
        self.fields["language"].initial = settings.LANGUAGE_CODE
        catalogue = get_catalogue()
        self.fields["rights_entries"].choices = [(e.id, f"{e.instrument.short_name} {e.article}: {e.texts['en'].title}")
                                                 for e in catalogue.entries.values()]


class SessionForm(HerDigitsMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts (local time, YYYY-MM-DD HH:MM)"))
    time_zone = forms.CharField(label=_("Time zone"), initial="Europe/London", max_length=64)
    booking_deadline = forms.DateTimeField(label=_("Bookings close (local time, YYYY-MM-DD HH:MM)"))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, initial=20)
    languages = forms.CharField(label=_("Languages spoken (codes, separated by commas)"), max_length=100)
    place = forms.CharField(label=_("Town or district"), max_length=100, required=False)
    venue = forms.CharField(label=_("Venue (a public address, safe to publish)"), max_length=300, required=False)
    is_online = forms.BooleanField(label=_("Online"), required=False)
    online_link = forms.URLField(label=_("Online link (shown only to women with a booking)"), required=False,
                                  assume_scheme="https")
    women_only = forms.BooleanField(label=_("Women only"), required=False, initial=True)
    interpreters_on_request = forms.BooleanField(label=_("Interpreters on request"), required=False, initial=True)
    childcare = forms.BooleanField(label=_("Childcare"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    travel_refunded = forms.BooleanField(label=_("Travel costs refunded"), required=False)
    is_published = forms.BooleanField(label=_("List it publicly"), required=False, initial=True)

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Give a time zone such as Europe/London."))
        return value

    def clean_languages(self):
        return split_languages(self.cleaned_data["languages"])

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            tz = zoneinfo.ZoneInfo(zone)
            for name in ("starts_at", "booking_deadline"):
                if data.get(name):
                    data[name] = data[name].replace(tzinfo=None).replace(tzinfo=tz)
        return data


class RegisterForm(HerDigitsMixin, forms.Form):
    walk_ins = forms.IntegerField(label=_("Walk-ins (people without a booking)"), min_value=0, max_value=1000,
                                  initial=0)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        for booking in rows:
            self.fields[f"seat_{booking.seat}"] = forms.ChoiceField(
                label=_("Seat %(seat)d") % {"seat": booking.seat}, choices=Booking.Attendance.choices,
                required=False, initial=booking.attendance, widget=forms.RadioSelect)

    def marks(self) -> dict[int, str]:
        return {int(k[5:]): v for k, v in self.cleaned_data.items() if k.startswith("seat_")}


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining (recorded with the request)"), max_length=500)


class PathwayForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), choices=PathwayStep.Step.choices, coerce=int)
    session = forms.ModelChoiceField(label=_("Session"), queryset=None, required=False, to_field_name="public_id")

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class PublicNameForm(forms.Form):
    public_name = forms.CharField(label=_("The name shown publicly (any name you choose; empty for none)"),
                                  max_length=100, required=False)


class PaperAnswersForm(forms.Form):
    token = forms.RegexField(label=_("Number printed on the paper form"), regex=r"^[0-9A-Fa-f]{8}$", max_length=8,
                             error_messages={"invalid": _("The number on the form is eight letters and digits.")})
    phase = forms.ChoiceField(label=_("Before or after the workshop"),
                              choices=[("pre", _("Before")), ("post", _("After"))])
