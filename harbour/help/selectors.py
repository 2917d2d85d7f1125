"""Reads for help requests."""

from django.utils import timezone

from harbour.firewall import policy
from harbour.firewall.models import Consent, Disclosure
from harbour.help.models import HelpRequest

PAGE_SIZE = 50
# Apps below help add what her status page shows of their records about a request (the
# referrals app: its referrals' status). Each function takes the request and returns a
# list of {"heading": str, "lines": [str]} in the active language.
_STATUS_SECTIONS: list = []


def register_status_section(provider) -> None:
    """Add `provider` (help_request -> list of sections) once; called from AppConfig.ready()."""
    if provider not in _STATUS_SECTIONS:
        _STATUS_SECTIONS.append(provider)


def inbox_page(organisation, *, status: str = "", page: int = 1) -> tuple[list[HelpRequest], bool]:
    """One page of the inbox, newest first; returns (requests, has_more)."""
    queryset = HelpRequest.objects.filter(organisation=organisation).select_related("referred_by")
    if status in HelpRequest.Status.values:
        queryset = queryset.filter(status=status)
    start = (max(page, 1) - 1) * PAGE_SIZE
    rows = list(queryset[start:start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def consents_for(help_request: HelpRequest, *, any_holder: bool = False):
    """The consents about this request held by its organisation; with `any_holder`, also
    those another organisation recorded about it (a referral-only intake's consent is the
    referring organisation's, about the request it created at the receiver: issue 15)."""
    found = Consent.objects.filter(subject_ref=help_request.public_id)
    if not any_holder:
        found = found.filter(organisation=help_request.organisation)
    return found.select_related("recipient")


def disclosures_for(help_request: HelpRequest, *, any_holder: bool = False):
    found = Disclosure.objects.filter(subject_ref=help_request.public_id)
    if not any_holder:
        found = found.filter(organisation=help_request.organisation)
    return found.select_related("recipient")


def status_for_survivor(help_request: HelpRequest) -> dict:
    """What her status page and the API show: status, disclosures, consents she may
    withdraw. Never the content of her request (R-C3)."""
    today = timezone.localdate()
    return {
        "status": help_request.status,
        "status_label": help_request.get_status_display(),
        "organisation": help_request.organisation.name,
        "disclosures": [
            {"recipient": d.recipient.name, "categories": list(d.categories), "date": d.disclosed_on,
             "labels": [str(policy.CATEGORY_LABELS.get(c, c)) for c in d.categories]}
            for d in disclosures_for(help_request, any_holder=True).filter(shown_to_her=True)
        ],
        "consents": [
            {"id": c.public_id, "recipient": c.recipient.name, "categories": list(c.categories),
             "labels": [str(policy.CATEGORY_LABELS.get(k, k)) for k in c.categories], "expires_on": c.expires_on, "active": c.revoked_on is None and c.expires_on >= today,
             "revoked_on": c.revoked_on}
            for c in consents_for(help_request, any_holder=True)
        ],
        "sections": [section for provider in _STATUS_SECTIONS for section in provider(help_request)],
    }
