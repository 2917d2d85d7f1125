"""Security notices: every security-relevant change to a staff account is mailed to the
member and to the admins of her organisations, through the staff-mail path.

Why (issue 12, "cryptographic gaps" 4): a database dump plus the server's secret key lets an
attacker forge a password-reset token; a second factor after the reset, revoked sessions and
these notices make a takeover noticed by the member and her admins. The notices name the
change and the account, never any survivor data, so they are staff mail (F2 allows it).
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.accounts.models import Membership, Organisation, User
from harbour.core.outbound import deliver_mail

CHANGES = {
    "password": gettext_lazy("The password of this account was changed."),
    "password_reset": gettext_lazy("The password of this account was reset with a link sent by e-mail. "
                                   "Every session of the account was ended, and the second step is "
                                   "needed to log in again."),
    "second_factor": gettext_lazy("A new authenticator app was set up as the second step of this account."),
    "backup_codes": gettext_lazy("New backup codes were made for this account; the old ones no longer work."),
    "membership_added": gettext_lazy("This account became a member of the organisation."),
    "membership_ended": gettext_lazy("This account's membership of the organisation was ended."),
    "role": gettext_lazy("This account's role in the organisation was changed."),
    "key_grant": gettext_lazy("This account was given a copy of the organisation's key: it can now "
                              "open the organisation's sealed records."),
}


def _recipients(user: User, organisation: Organisation | None) -> list[User]:
    """The member, then the active admins of `organisation` (or of all her organisations)."""
    organisations = [organisation] if organisation is not None else list(
        Organisation.objects.filter(memberships__user=user, memberships__is_active=True))
    admins = User.objects.filter(
        is_active=True, memberships__organisation__in=organisations,
        memberships__role=Membership.Role.ADMIN, memberships__is_active=True,
    ).exclude(pk=user.pk).distinct().order_by("email")
    return [user, *admins] if user.is_active else list(admins)


def account_change_notify(*, user: User, change: str, organisation: Organisation | None = None) -> None:
    """After the current transaction commits, mail the notice of `change` (a key of CHANGES)
    about `user`, to her and to the admins of `organisation` (or of every organisation she
    belongs to), each in her own language. Raises KeyError for an unknown change."""
    what = CHANGES[change]
    when = timezone.now()
    recipients = _recipients(user, organisation)
    organisation_name = organisation.name if organisation is not None else ""

    def send():
        for recipient in recipients:
            with translation.override(recipient.language):
                body = render_to_string("accounts/mail/security_notice.txt", {
                    "what": what, "account": user.email, "when": when, "organisation": organisation_name,
                    "is_member": recipient.pk == user.pk,
                })
                deliver_mail(to=recipient.email, subject=_("Harbour account change"), body=body,
                             purpose="staff-security-notice")

    transaction.on_commit(send)


def key_grant_saved(sender, instance, created, **kwargs) -> None:
    """A member received a copy of an organisation's key (a re-sealing of an existing copy,
    e.g. when her password changes, is not a new grant)."""
    if not created:
        return
    account_change_notify(user=instance.user, change="key_grant",
                          organisation=instance.organisation_key.organisation)
