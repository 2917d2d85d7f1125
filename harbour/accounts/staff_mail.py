"""Staff mail for other apps: a short notice to named staff members, with no survivor data.

Only the accounts app may send staff mail (core.outbound, F2); apps below it that need to
tell a member something (the referrals app's overdue reminders) ask here. The purpose must
start with "staff-", and the caller is responsible for the body holding no personal data.
"""

from django.db import transaction
from django.utils import translation

from harbour.accounts.models import User
from harbour.core.outbound import STAFF_MAIL_PREFIX, deliver_mail


def staff_notice_send(*, users: list[User], subject, body, purpose: str, suffix: str = "") -> int:
    """After the current transaction commits, mail `subject` and `body` (lazy translatable
    strings, rendered in each member's language, then `suffix`, e.g. a reference) to each
    active member of `users`.
    Returns how many will be sent. Raises ValueError for a purpose not starting "staff-"."""
    if not purpose.startswith(STAFF_MAIL_PREFIX):
        raise ValueError("staff notices have a purpose starting with 'staff-'")
    messages = []
    for user in users:
        if user is None or not user.is_active or not user.email:
            continue
        with translation.override(user.language or "en"):
            messages.append((user.email, str(subject), f"{body}\n\n{suffix}".strip()))

    def send():
        for to, rendered_subject, rendered_body in messages:
            deliver_mail(to=to, subject=rendered_subject, body=rendered_body, purpose=purpose)

    transaction.on_commit(send)
    return len(messages)
