from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from harbour.core.forms import HerDigitsMixin
from harbour.core.once import OnceFormMixin
from harbour.directory import gazetteer
from harbour.directory.labels import language_label, need_choice_label, place_choices
from harbour.directory.models import (
    CLAIM_MAX_VALID_DAYS,
    Claim,
    ReviewState,
    Service,
    VerificationMethod,
)
from harbour.directory.selectors import need_terms, spoken_languages
from harbour.web.forms import PublicErrorsMixin

DISTANCES_KM = (5, 10, 25, 50)


def _within(km: int) -> str:
    return gettext("within %(km)s km") % {"km": km}


# Choices are made at import: lazy, so each page shows them in its own language.
within_lazy = lazy(_within, str)


class SearchForm(PublicErrorsMixin, OnceFormMixin, forms.Form):
    """The public search. It is sent by POST: what she needs and where she is are her business,
    and must not sit in an address, a browser history or a server log."""

    # Autofill off: the browser would otherwise keep her searches on the device (F8).
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    need = forms.ChoiceField(label=_("What do you need?"), required=False)
    language = forms.ChoiceField(label=_("Staff speak"), required=False)
    place = forms.CharField(label=_("Near a town or city"), required=False, max_length=100,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}),
                            help_text=_("Type a town, or pick one below. It is not saved."))
    pick = forms.ChoiceField(label=_("Or pick a place"), required=False)
    distance = forms.TypedChoiceField(
        label=_("Distance"), required=False, coerce=int, empty_value=10,
        choices=[(km, within_lazy(km)) for km in DISTANCES_KM], initial=10)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    firewall_pledge = forms.BooleanField(
        label=_("Promises not to share my details with immigration enforcement"), required=False)
    regardless_of_status = forms.BooleanField(
        label=_("Helps women whatever their immigration status"), required=False)
    nrpf = forms.BooleanField(label=_("Accepts women with no recourse to public funds"), required=False)
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    # Hidden, sent by the page's own buttons: a value she did not choose (0, "abc") is page 1,
    # never an error on a field she cannot see.
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("Anything"))] + [
            (str(t.pk), need_choice_label(t)) for t in need_terms().only("pk", "name", "code")]
        self.fields["language"].choices = [("", _("Any language"))] + [
            (code, language_label(code)) for code in spoken_languages()]
        self.fields["pick"].choices = [("", "—"), *place_choices()]

    def clean_page(self) -> int:
        """1 to 1000: past the last page, the view shows the last one and says so; a value that
        is not a number is page 1 (a walk-through: a 14-digit page gave no results and no
        error, as the field's own length check failed on a field she cannot see)."""
        value = (self.cleaned_data.get("page") or "").strip()
        if not value.isascii() or not value.isdigit():
            return 1
        return 1000 if len(value) > 4 else min(max(int(value), 1), 1000)

    def clean(self):
        data = super().clean()
        place = None
        if data.get("place"):
            place = gazetteer.find(data["place"])
            if place is None:
                self.add_error("place", _("We do not know that place. Try another spelling, or "
                                          "pick a place from the list."))
        elif data.get("pick"):
            place = gazetteer.by_key(data["pick"])
        data["where"] = place
        return data


class ServiceEditForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "alternate_name", "description", "status", "url", "email",
                  "interpretation_services", "eligibility_description", "application_process",
                  "fees_description", "alert"]
        # In the staff member's language: the model's field names were shown, in English, on
        # every staff page (a walk-through found "Alternate name:" on the Arabic page).
        labels = {"name": _("Name"), "alternate_name": _("Alternate name"), "description": _("Description"),
                  "status": _("Status"), "url": _("Website"), "email": _("Email"),
                  "interpretation_services": _("Interpretation services"),
                  "eligibility_description": _("Who can use it"), "application_process": _("How to apply"),
                  "fees_description": _("Fees"), "alert": _("Alert")}


class ClaimVerifyForm(HerDigitsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Claim"), choices=Claim.Kind.choices)
    method = forms.ChoiceField(label=_("How it was checked"), choices=VerificationMethod.choices)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=CLAIM_MAX_VALID_DAYS,
                                    initial=180)


class ServiceVerifyForm(forms.Form):
    method = forms.ChoiceField(label=_("How the record was checked"), choices=VerificationMethod.choices)


class TranslationForm(forms.Form):
    language = forms.CharField(label=_("Language code"), max_length=16)

    def clean_language(self) -> str:
        """A well-formed language tag (core.languages.is_language_tag): a code with a space
        was stored whole and read back as two languages (a walk-through found "pt br" explained
        as Breton and Portuguese). In the canonical case of RFC 5646 section 2.1.1, "pt-BR"
        however it was typed (core.languages.canonical_case)."""
        from harbour.core.languages import canonical_case, is_language_tag

        code = self.cleaned_data["language"].strip()
        if not is_language_tag(code):
            raise forms.ValidationError(_("Give a language code such as fa, ar or pt-BR."))
        return canonical_case(code)
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    review_state = forms.ChoiceField(label=_("Review"), choices=ReviewState.choices)


class ConfidentialLocationForm(forms.Form):
    confidential = forms.BooleanField(label=_("Keep this address confidential"), required=False)
    coarse_area = forms.CharField(label=_("Area shown instead"), max_length=120, required=False)
    place = forms.ChoiceField(label=_("Nearest town (used for distance)"), required=False)
    gatekeeper_phone = forms.CharField(label=_("Gatekeeper phone number"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", "—"), *place_choices()]

    def clean(self):
        data = super().clean()
        if data.get("confidential"):
            for name in ("coarse_area", "place", "gatekeeper_phone"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a confidential address."))
        return data


class ExactDetailsForm(HerDigitsMixin, forms.Form):
    """A confidential location's exact details: shown and saved only sealed (F5)."""

    name = forms.CharField(label=_("Name of the place"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    address_1 = forms.CharField(label=_("Address line 1"), max_length=300, required=False)
    address_2 = forms.CharField(label=_("Address line 2"), max_length=300, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=40, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    @classmethod
    def initial_from(cls, details: dict, address_id) -> dict:
        location = details.get("location", {})
        first = details.get("addresses", {}).get(str(address_id), {}) if address_id else {}
        initial = {name: location.get(name) for name in ("name", "description", "latitude", "longitude")}
        initial.update({name: first.get(name, "") for name in ("address_1", "address_2", "city", "postal_code")})
        return initial
