"""What may go to whom (F2, F3): the rules the gate applies, kept in one small module.

Data categories are the kinds of content a holding organisation may share:
- identity: her name, as she gave it;
- contact: how and when to reach her safely;
- needs: which kinds of help she asked for;
- narrative: her own words;
- notes: the organisation's case notes.
"""

import re

from django.utils.translation import gettext_lazy as _

IDENTITY, CONTACT, NEEDS, NARRATIVE, NOTES = "identity", "contact", "needs", "narrative", "notes"
CATEGORIES = (IDENTITY, CONTACT, NEEDS, NARRATIVE, NOTES)
CATEGORY_LABELS = {
    IDENTITY: _("Name"),
    CONTACT: _("Contact details"),
    NEEDS: _("Kinds of help asked for"),
    NARRATIVE: _("Her message"),
    NOTES: _("Case notes"),
}

# Which categories each recipient category may ever receive, whatever the consent says.
# Police and other statutory bodies never receive `needs`: a need such as "immigration
# advice" would tell them something about her status. Police may receive her narrative
# alone (intelligence without her identity) or with identity and contact if she consents.
ALLOWED = {
    "specialist_support": frozenset({IDENTITY, CONTACT, NEEDS, NARRATIVE, NOTES}),
    "community_group": frozenset({IDENTITY, CONTACT, NEEDS}),
    "legal_adviser": frozenset({IDENTITY, CONTACT, NEEDS, NARRATIVE}),
    "health": frozenset({IDENTITY, CONTACT, NEEDS, NARRATIVE}),
    "housing": frozenset({IDENTITY, CONTACT, NEEDS}),
    "police": frozenset({IDENTITY, CONTACT, NARRATIVE}),
    "other_statutory": frozenset({IDENTITY, CONTACT}),
}


def allowed_for(recipient_category: str) -> frozenset:
    """Unknown categories (there should be none) may receive nothing."""
    return ALLOWED.get(recipient_category, frozenset())


# Immigration enforcement is not a recipient category, and these bodies cannot be
# registered under another one. Matched against names (case and accents ignored).
ENFORCEMENT_NAMES = [
    r"immigration\s+enforcement", r"home\s+office", r"\bukvi\b", r"uk\s+visas", r"border\s+force",
    r"\bice\b", r"immigration\s+and\s+customs", r"customs\s+and\s+border", r"homeland\s+security",
    r"\bcbp\b", r"\buscis\b", r"frontex", r"extranjeria", r"fronteras", r"police\s+aux\s+frontieres",
    r"immigration\s+removal", r"removal\s+cent(re|er)", r"detention\s+cent(re|er)",
    r"immigration\s+compliance", r"immigration\s+(office|service|department|bureau)",
    r"deportation",
]
ENFORCEMENT_DOMAINS = [
    "homeoffice.gov.uk", "ukvi.gov.uk", "ice.gov", "dhs.gov", "cbp.gov", "uscis.gov",
    "frontex.europa.eu", "extranjeros.inclusion.gob.es",
]
_NAME_RE = re.compile("|".join(ENFORCEMENT_NAMES), re.IGNORECASE)


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def refusal_reason(*, name: str, email: str = "", organisation_name: str = "") -> str:
    """Why this recipient may not be registered, or "" if it may."""
    message = _("Harbour never shares with immigration enforcement. This recipient cannot be registered.")
    for text in (name, organisation_name):
        if text and _NAME_RE.search(_plain(text)):
            return str(message)
    domain = email.rsplit("@", 1)[-1].strip().lower() if email else ""
    if domain and any(domain == d or domain.endswith("." + d) for d in ENFORCEMENT_DOMAINS):
        return str(message)
    return ""
