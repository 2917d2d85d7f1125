from django import forms
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.forms import HerDigitsMixin
from harbour.core.languages import validate_language_tag
from harbour.core.once import OnceFormMixin
from harbour.firewall import policy
from harbour.firewall.models import Consent, Recipient
from harbour.help.models import BarrierTally, HelpRequest
from harbour.web.forms import PublicErrorsMixin, fold_digits

MESSAGE_MAX = 4000
NAME_MAX = 100
CONTACT_MAX = 200
OFF = {"autocomplete": "off"}


def accepting_organisations():
    """Organisations that take requests online and can seal them (their key is set up)."""
    return Organisation.objects.filter(accepts_help_requests=True, firewall_key__isnull=False).order_by("name")


def barriers_field() -> forms.MultipleChoiceField:
    """The optional, anonymous barriers question (issue 16), shared by the help form and case
    intake. Ticking nothing is "prefer not to say"; the answer is counted apart from the request."""
    return forms.MultipleChoiceField(
        label=_("Did anything make it harder to ask for help? (optional, anonymous: counted apart from your "
                "request, never linked to it)"),
        choices=BarrierTally.Category.choices, widget=forms.CheckboxSelectMultiple, required=False,
        error_messages={"invalid_choice": _("Choose from the reasons listed.")})


class HelpRequestForm(PublicErrorsMixin, OnceFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation should receive your request?"), queryset=Organisation.objects.none(),
        to_field_name="public_id", widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Choose an organisation."),
                        "invalid_choice": _("Choose one of the organisations listed.")},
    )
    needs = forms.MultipleChoiceField(label=_("What help would you like?"), choices=HelpRequest.Need.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False,
                                      error_messages={"invalid_choice": _("Choose from the kinds of help listed.")})
    contact_channel = forms.ChoiceField(
        label=_("How may they contact you safely?"), choices=HelpRequest.Channel.choices, required=False,
        error_messages={"invalid_choice": _("Choose one of the ways listed.")},
    )
    contact_value = forms.CharField(label=_("Number, address or username to use"), max_length=CONTACT_MAX,
                                    required=False, widget=forms.TextInput(attrs=OFF))
    safe_times = forms.CharField(label=_("When is it safe to contact you?"), max_length=CONTACT_MAX,
                                 required=False, widget=forms.TextInput(attrs=OFF))
    message_ok = forms.TypedChoiceField(
        label=_("May they leave a message?"), required=False, coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None, choices=[("", _("Not said")), ("yes", _("Yes")), ("no", _("No, never leave a message"))],
    )
    name = forms.CharField(label=_("A name they can call you (optional, need not be your real name)"),
                           max_length=NAME_MAX, required=False, widget=forms.TextInput(attrs=OFF))
    message = forms.CharField(
        label=_("Your message (optional)"), max_length=MESSAGE_MAX, required=False,
        # Over the limit, the public message says the limit and her message's length
        # (PUBLIC_ERRORS), and the page gives her message back whole to shorten.
        widget=forms.Textarea(attrs={"rows": 6, **OFF}),
    )
    barriers = barriers_field()
    # A honeypot: people never see it (hidden), simple robots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", **OFF}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = accepting_organisations()

    def clean(self):
        data = super().clean()
        if not data.get("needs") and not (data.get("message") or "").strip() and not self.has_error("message"):
            raise forms.ValidationError(_("Tick at least one kind of help, or write a message."), code="empty")
        if (data.get("contact_value") or "").strip() and not data.get("contact_channel"):
            self.add_error("contact_channel", _("Say which way to use the contact details you gave."))
        if data.get("contact_channel") == HelpRequest.Channel.CHECK_BACK:
            data["contact_value"] = ""
        if data.get("contact_channel") in (HelpRequest.Channel.PHONE, HelpRequest.Channel.TEXT):
            # A number typed in Arabic-Indic or Persian digits reaches a caseworker's phone as digits it dials.
            data["contact_value"] = fold_digits(data.get("contact_value") or "")
        return data

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class StatusCodeForm(PublicErrorsMixin, OnceFormMixin, forms.Form):
    code = forms.CharField(label=_("Your status code"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none",
                                                         "spellcheck": "false", "dir": "ltr"}),
                           error_messages={"required": _("Type your status code.")})

    def clean_code(self):
        from harbour.help import codes

        code = self.cleaned_data["code"]
        if not codes.looks_like_any_code(code):
            raise forms.ValidationError(_("This is not a status code: it is a row of words or of groups of digits, as it was shown to you."))
        return code


class StatusForm(forms.Form):
    """Re-sending the code with the request's actions (the code never goes in a URL)."""

    code = forms.CharField(max_length=200)
    action = forms.ChoiceField(choices=[("show", "show"), ("revoke", "revoke"), ("delete", "delete")], required=False)
    consent = forms.UUIDField(required=False)
    confirm = forms.BooleanField(required=False)
    seen = forms.BooleanField(required=False)  # sent by the page's own forms: she is still in this visit


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4}))


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HelpRequest.Status.choices)


class ConsentForm(HerDigitsMixin, forms.Form):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Recipient.objects.none(),
                                       to_field_name="public_id",
                                       error_messages={"required": _("Choose a recipient your organisation has registered.")})
    categories = forms.MultipleChoiceField(label=_("What she agrees to share"),
                                           choices=[(c, policy.CATEGORY_LABELS[c]) for c in policy.CATEGORIES],
                                           widget=forms.CheckboxSelectMultiple)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    expires_on = forms.DateField(label=_("Consent ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How she gave consent"), choices=Consent.Method.choices)
    # A valid language tag (core.languages.is_language_tag: RFC 5646, registered subtags), as
    # directory translations are held to: "zh-Hant-TW" was refused here, "xx" accepted.
    language = forms.CharField(label=_("Language she gave it in (code, e.g. fa)"), max_length=16,
                               validators=[validate_language_tag])
    interpreter = forms.CharField(label=_("Interpreter (name or ID), if any"), max_length=100, required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["recipient"].queryset = Recipient.objects.filter(registered_by=organisation, is_active=True)
