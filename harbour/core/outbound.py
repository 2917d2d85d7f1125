"""The one module in Harbour that sends anything out of the service (mail today).

F2: personal data about a survivor leaves only through the firewall's gate, which calls
this module. Account mail to staff (invitations, password resets) carries no survivor
data and calls it directly. A test fails if any other module in harbour/ imports a mail,
HTTP or socket library.
"""

from django.core.mail import EmailMessage


def deliver_mail(*, to: str, subject: str, body: str, purpose: str) -> None:
    """Send one plain-text message. `purpose` names why (for the caller's audit entry)."""
    if not purpose:
        raise ValueError("Every outbound message states its purpose.")
    # Subject lines are seen on lock screens: callers keep them neutral.
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
