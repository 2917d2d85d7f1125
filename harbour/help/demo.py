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
    stdout.write("")
    stdout.write(f"Demo help request sent to {organisation.name}; its status code (try /en/help/status/):")
    stdout.write(f"  {code}")
