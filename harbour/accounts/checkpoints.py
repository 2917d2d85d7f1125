"""Sending signed audit checkpoints to every organisation's admins (issue 11, item 8).

The checkpoint itself (core/checkpoints.py) holds no personal data: a sequence number, a
hash, a time, a public key and a signature. Each admin gets it by e-mail through the one
outbound module, so copies live outside the server, where whoever controls the database
cannot reach them. Run on a schedule (README, "Audit checkpoints"). It lives in accounts
because, like invitations, it is staff mail that carries no survivor data (F2: survivor data
leaves only through the firewall's gate).
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from harbour.accounts.models import Membership
from harbour.core.audit import audit_append
from harbour.core.checkpoints import checkpoint_make
from harbour.core.outbound import deliver_mail


def checkpoint_publish(*, acting_user=None) -> tuple[str, int]:
    """Make a checkpoint and mail it to each active admin of every organisation (once per
    address); return (checkpoint line, messages sent). Raises CheckpointError without a key.
    Audited (action "audit.checkpoint", detail: seq and head only)."""
    line = checkpoint_make()
    admins = (Membership.objects.filter(role=Membership.Role.ADMIN, user__is_active=True)
              .select_related("user").order_by("user__email"))
    sent = set()
    for membership in admins:
        user = membership.user
        if user.email in sent:
            continue
        with translation.override(getattr(user, "language", None) or "en"):
            body = "\n\n".join([
                _("This is a signed checkpoint of Harbour's audit log. Keep this message: it lets "
                  "anyone check later that the log was not rewritten up to this point."),
                line,
                _("To check: manage.py audit_verify --checkpoint FILE, with this line in FILE."),
            ])
            subject = _("Harbour audit checkpoint")
        transaction.on_commit(lambda to=user.email, s=subject, b=body: deliver_mail(
            to=to, subject=s, body=b, purpose="staff-audit-checkpoint"))
        sent.add(user.email)
    import json

    head = json.loads(line)
    audit_append(action="audit.checkpoint", actor=acting_user or "schedule",
                 detail={"seq": head["seq"], "head": head["head"], "recipients": len(sent)})
    return line, len(sent)
