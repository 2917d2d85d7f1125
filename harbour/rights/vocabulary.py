"""The fixed words of the catalogue: jurisdictions, stages, circumstances, statuses, languages.

Codes are stable (they are in the data files, the API and the interview); labels are for people.
"""

from django.utils.translation import gettext_lazy as _

EU_MEMBER_STATES = {
    "AT": _("Austria"), "BE": _("Belgium"), "BG": _("Bulgaria"), "HR": _("Croatia"),
    "CY": _("Cyprus"), "CZ": _("Czechia"), "DK": _("Denmark"), "EE": _("Estonia"),
    "FI": _("Finland"), "FR": _("France"), "DE": _("Germany"), "GR": _("Greece"),
    "HU": _("Hungary"), "IE": _("Ireland"), "IT": _("Italy"), "LV": _("Latvia"),
    "LT": _("Lithuania"), "LU": _("Luxembourg"), "MT": _("Malta"), "NL": _("Netherlands"),
    "PL": _("Poland"), "PT": _("Portugal"), "RO": _("Romania"), "SK": _("Slovakia"),
    "SI": _("Slovenia"), "ES": _("Spain"), "SE": _("Sweden"),
}
UK_JURISDICTIONS = {
    "gb-eaw": _("England and Wales"),
    "gb-sct": _("Scotland"),
    "gb-nir": _("Northern Ireland"),
}
JURISDICTIONS = {**UK_JURISDICTIONS, **EU_MEMBER_STATES}
# Shorthand the data files may use for "every EU member state"; explicit codes override it.
EU_GROUP = "EU"

STAGES = {
    "without_reporting": _("Without reporting to the police"),
    "first_contact": _("First contact with the police or another authority"),
    "reporting": _("Reporting the crime"),
    "investigation": _("While the crime is investigated"),
    "trial": _("At court"),
    "after_trial": _("After the trial"),
}

CIRCUMSTANCES = {
    "interpreter": _("Needs an interpreter"),
    "immigration": _("Stay in the country depends on a partner, or is insecure"),
    "gbv": _("Violence by a partner, ex-partner or family member, or sexual violence"),
    "child": _("Under 18"),
    "disability": _("Has a disability"),
    "repeat_harm": _("Afraid of being harmed again"),
    "abroad": _("Lives in another country"),
}

STATUSES = {
    "in_force": _("In force"),
    "agreed_not_in_force": _("Agreed, but not yet in force"),
    "transposition_pending": _("In force in EU law; your country may not have made it national law yet"),
    "not_binding": _("Does not bind here"),
    "reserved": _("The country has made a reservation: this does not bind it"),
    "pilot_only": _("Only in some areas, as a pilot"),
}
# Statuses under which an entry is shown as a right (with its status); "not_binding" gives a note only.
SHOWN_STATUSES = ("in_force", "transposition_pending", "pilot_only", "agreed_not_in_force", "reserved")

# What she can do: the result is grouped by these, in this order.
GROUPS = {
    "support": _("Get help and support"),
    "understand": _("Understand and be understood"),
    "protection": _("Be protected"),
    "report": _("Report and be kept informed"),
    "take_part": _("Take part in the case"),
    "stay": _("Your stay in the country"),
    "money_complaints": _("Money, property and complaints"),
    "state_duties": _("What the state must do in general"),
}

DUTY_HOLDERS = {
    "police": _("Police"),
    "prosecutor": _("Prosecutor"),
    "court": _("Court"),
    "support_services": _("Support services"),
    "state": _("The state (government)"),
    "all_authorities": _("Every authority"),
    "local_authority": _("Local council"),
    "home_office": _("Home Office"),
    "prison_probation": _("Prison and probation services"),
    "multi_agency": _("Local agencies working together"),
    "health_services": _("NHS hospitals and health services"),
}

# The kind of obligation an entry's source creates. A power or a discretion must never be told to
# her as something they "must" do (tests/rights/test_catalogue.py checks every summary).
OBLIGATIONS = {
    "duty": _("A duty: the law says they must do this."),
    "power": _("A power: the law lets them do this, but does not make them."),
    "entitlement": _("Your entitlement: you can ask for this, on the conditions described."),
    "discretion": _("A decision for them: they decide case by case whether to do this."),
}

# Content languages (the rights text); the interface itself is in settings.LANGUAGES.
CONTENT_LANGUAGES = {
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "es": "Español",
    "fr": "Français",
    "uk": "Українська",
    # Endonyms from CLDR (Babel's locale display names).
    "pt": "Português",
    "ro": "Română",
    "sq": "Shqip",
    "pl": "Polski",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "ps": "پښتو",
    "ur": "اردو",
    "ckb": "کوردیی ناوەندی",
}
RTL_LANGUAGES = ("ar", "fa", "ps", "ur", "ckb")
REVIEW_STATES = ("draft", "reviewed")


def canonical_jurisdiction(value: str) -> str:
    """EU codes are upper case (ISO 3166-1), the UK's three systems lower case; accept either."""
    value = (value or "").strip()
    return value.lower() if value.lower().startswith("gb-") else value.upper()
