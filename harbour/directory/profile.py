"""Harbour's HSDS profile: its own taxonomy of claims, with fixed ids (docs/directory.md).

The ids are UUID5s in a Harbour namespace, so every Harbour installation publishes the same
term ids and a consumer can recognise them.
"""

import uuid

PROFILE_URI = "https://harbour.example.org/hsds-profile/1.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROFILE_URI)
HARBOUR_TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")

# code -> (name, description). Order is the order they are shown.
CLAIM_TERMS = {
    "firewall_pledge": (
        "Firewall pledge",
        "The service does not share information about the people it helps with immigration "
        "enforcement, and does not ask about or check immigration status.",
    ),
    "regardless_of_status": (
        "Serves women regardless of immigration status",
        "The service helps women whatever their immigration status.",
    ),
    "nrpf": (
        "Accepts women with no recourse to public funds",
        "The service can take women whose immigration conditions exclude public funds.",
    ),
    "women_only": ("Women-only", "The service, or the space it offers, is for women only."),
    "interpreters": (
        "Interpreters on request",
        "The service arranges an interpreter when asked, at no cost to the woman.",
    ),
    "immigration_advice": (
        "Regulated immigration advice",
        "The service gives immigration advice through a regulated adviser.",
    ),
}
CONFIDENTIAL_CODE = "confidential_location"
CONFIDENTIAL_TERM = (
    "Confidential location",
    "The location's address and coordinates are withheld for safety; contact goes through "
    "the gatekeeper phone number.",
)


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")


def claim_term_id(kind: str) -> uuid.UUID:
    return term_id(kind)


CLAIM_TERM_IDS = {term_id(code) for code in CLAIM_TERMS}
TERM_KIND = {term_id(code): code for code in CLAIM_TERMS}
CONFIDENTIAL_TERM_ID = term_id(CONFIDENTIAL_CODE)


def install(taxonomy_model, term_model) -> None:
    """Create or refresh the profile taxonomy (used by a data migration and by tests)."""
    taxonomy_model.objects.update_or_create(
        id=HARBOUR_TAXONOMY_ID,
        defaults={"name": "Harbour claims", "uri": PROFILE_URI, "version": "1.0",
                  "description": "Facts a migrant woman needs to know about a service, each "
                                 "verified with a method and a lapse date."},
    )
    for code, (name, description) in [*CLAIM_TERMS.items(), (CONFIDENTIAL_CODE, CONFIDENTIAL_TERM)]:
        term_model.objects.update_or_create(
            id=term_id(code),
            defaults={"code": code, "name": name, "description": description,
                      "taxonomy": "Harbour claims", "taxonomy_detail_id": HARBOUR_TAXONOMY_ID,
                      "language": "en", "term_uri": f"{PROFILE_URI}#{code}"},
        )
