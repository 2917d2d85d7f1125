"""One fictional help request, so the inbox and the status page have something to show."""

from harbour.accounts.models import Organisation
from harbour.help import services
from harbour.help.models import HelpRequest


def load(stdout) -> None:
    organisation = Organisation.objects.filter(name="Northside Women's Centre").first()
    if organisation is None or HelpRequest.objects.filter(organisation=organisation).exists():
        return
    _help_request, code = services.help_request_create(
        organisation=organisation, needs=["safety", "legal", "interpreter"], name="Demo Person",
        message="This is a fictional demo request.", contact_channel="text", contact_value="07700 900000",
        safe_times="Weekday mornings", message_ok=False, language="en",
    )
    _demo_consent(organisation, _help_request)
    stdout.write("")
    stdout.write(f"Demo help request sent to {organisation.name}; its status code (try /en/help/status/):")
    stdout.write(f"  {code}")


def _demo_consent(organisation, help_request) -> None:
    """Her consent to one partner, so staff see how consent and sharing look (and how to
    withdraw it). Skipped if the firewall demo registered no recipient."""
    import datetime

    from django.utils import timezone

    from harbour.accounts.models import Membership
    from harbour.firewall.models import Consent, Recipient
    from harbour.firewall.services import consent_record

    recipient = Recipient.objects.filter(registered_by=organisation, is_active=True).order_by("name").first()
    caseworker = Membership.objects.filter(organisation=organisation, role=Membership.Role.CASEWORKER,
                                           is_active=True).select_related("user").first()
    if recipient is None or caseworker is None:
        return
    consent_record(acting_user=caseworker.user, organisation=organisation, subject_ref=help_request.public_id,
                   recipient=recipient, categories=["needs"], purpose=Consent.Purpose.SUPPORT,
                   expires_on=timezone.localdate() + datetime.timedelta(days=90),
                   method=Consent.Method.PHONE, language="en")
